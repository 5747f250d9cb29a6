// `kubectl create -f FILE` and `kubectl create <generator> NAME …`
// (kubectl pkg/cmd/create). Generators build an object client-side; with
// --dry-run=client it is only printed, otherwise the apiserver creates it.
import { isStatusError } from '../../runtime/api/errors';
import type { KubeObject } from '../../runtime/api/types';
import { LAST_APPLIED } from '../../runtime/api/apply';
import { errorText, KubectlError, OutputCollector } from '../errors';
import type { FlagSpec } from '../flags';
import { CREATE_FAILURE_PREFIX, GENERATORS, type Generator, type GeneratorGroup } from '../generators/index';
import { checkRequired } from '../generators/generator';
import { FILENAME_FLAGS, hasFileArgs, KUSTOMIZE_UNAVAILABLE, manifestObjects, mapManifestObjects, readManifests } from '../manifests';
import type { Command, CommandContext, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode, objectPrinter, PRINT_FLAGS } from './output';

/** Flags every create subcommand has (AddApplyAnnotationFlags, AddValidateFlags, field manager, dry run, printing). */
export const CREATE_COMMON_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { name: 'save-config', type: 'bool' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
  { name: 'field-manager', type: 'string', default: 'kubectl-create' },
];

export const createCommand: Command = {
  name: 'create',
  short: 'Create a resource from a file or from stdin',
  flags: [
    ...FILENAME_FLAGS,
    ...CREATE_COMMON_FLAGS,
    { name: 'edit', type: 'bool' },
    { name: 'raw', type: 'string' },
    { name: 'windows-line-endings', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
  ],
  subcommands: GENERATORS.map((g) => ('generators' in g ? groupCommand(g) : generatorCommand(g))),
  run: createFromFiles,
};

function groupCommand(g: GeneratorGroup): Command {
  return { name: g.name, aliases: g.aliases, short: g.short, subcommands: g.generators.map(generatorCommand) };
}

function generatorCommand(g: Generator): Command {
  return { name: g.name, aliases: g.aliases, short: g.short, flags: [...g.flags, ...CREATE_COMMON_FLAGS], run: (ctx) => runGenerator(g, ctx) };
}

function runGenerator(g: Generator, ctx: CommandContext): KubectlResult {
  checkRequired(ctx, g.required);
  const { mode, warning } = dryRunMode(ctx);
  const printer = objectPrinter(ctx, mode, { typed: true });
  let warnings = warning;
  let obj = g.build(ctx, (text) => (warnings += `Warning: ${text}\n`));
  if (ctx.flags.bool('save-config')) obj = withLastApplied(obj);
  if (mode !== 'client') {
    try {
      obj = ctx.env.cluster.api.create(stripUndefined(obj), { namespace: ctx.namespace, dryRun: mode === 'server', fieldValidation: 'Strict' });
    } catch (e) {
      const prefix = CREATE_FAILURE_PREFIX[g.name];
      if (prefix && isStatusError(e)) throw new KubectlError(prefix + e.message);
      throw e;
    }
  }
  return { stdout: printer.print(obj, 'created'), stderr: warnings, exitCode: 0 };
}

/** --save-config: the object's own JSON (typed field order, compact) in the last-applied annotation. */
function withLastApplied(obj: KubeObject): KubeObject {
  const metadata = { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: compactJSON(obj) } };
  return { ...obj, metadata: reorderMeta(metadata) };
}

function compactJSON(obj: KubeObject): string {
  return JSON.stringify(stripUndefined(obj)).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`) + '\n';
}

/** ObjectMeta's field order puts annotations after labels. */
function reorderMeta(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const { annotations, ...rest } = meta;
  const out: KubeObject['metadata'] = {};
  for (const [k, v] of Object.entries(rest)) {
    out[k] = v;
    if (k === 'labels') out.annotations = annotations;
  }
  if (!('annotations' in out)) out.annotations = annotations;
  return out;
}

export function stripUndefined<T>(obj: T): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}

/** `kubectl create -f`: each object is created; AlreadyExists and the rest are reported per object. */
function createFromFiles(ctx: CommandContext): KubectlResult {
  if (ctx.flags.has('kustomize') && !ctx.flags.strings('filename').length) throw new KubectlError(KUSTOMIZE_UNAVAILABLE);
  if (!hasFileArgs(ctx)) throw new KubectlError('must specify one of -f and -k');
  if (ctx.flags.bool('edit')) throw new KubectlError('--edit needs an editor; in PodSphere open the manifest in the editor pane and apply it');
  const { mode, warning } = dryRunMode(ctx);
  const printer = objectPrinter(ctx, mode);
  const out = new OutputCollector();
  out.stderr += warning;
  const objects = manifestObjects(readManifests(ctx));
  if (objects.length === 0) throw new KubectlError('no objects passed to create');
  for (const mapped of mapManifestObjects(ctx, objects, out)) {
    let obj = mapped.object as KubeObject;
    if (ctx.flags.bool('save-config')) obj = withLastApplied(obj);
    try {
      const created = mode === 'client' ? obj : ctx.env.cluster.api.create(obj, { namespace: mapped.namespace, dryRun: mode === 'server', fieldValidation: 'Strict' });
      out.stdout += printer.print(created, 'created');
    } catch (e) {
      out.failedAny = true;
      out.stderr += errorText(e, ctx.path, `error when creating ${JSON.stringify(mapped.source)}: `);
    }
    ctx.env.cluster.clock.drain();
  }
  return out.result();
}

// `kubectl apply -f FILE|DIR|-` (kubectl pkg/cmd/apply): client-side apply
// through the runtime's three-way merge with the last-applied annotation.
// Each object prints `created`, `configured` or `unchanged`; a broken
// document is reported and the rest still apply, as kubectl does.
import { isApplyError, type ApplyOk } from '../../runtime/api/apply';
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError, OutputCollector } from '../errors';
import { FILENAME_FLAGS, hasFileArgs, KUSTOMIZE_UNAVAILABLE, readManifests } from '../manifests';
import { nameLine, operationSuffix } from '../printers/name';
import type { Command, CommandContext, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode, objectPrinter, PRINT_FLAGS } from './output';

export const applyCommand: Command = {
  name: 'apply',
  short: 'Apply a configuration to a resource by file name or stdin',
  flags: [
    ...FILENAME_FLAGS,
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply' },
    { name: 'prune', type: 'bool' },
    { name: 'prune-allowlist', type: 'stringArray' },
    { name: 'all', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'server-side', type: 'bool' },
    { name: 'force-conflicts', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'overwrite', type: 'bool', default: true },
    { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'timeout', type: 'duration', default: '0s' },
    { name: 'wait', type: 'bool' },
    { name: 'openapi-patch', type: 'bool', default: true },
  ],
  subcommands: [
    { name: 'view-last-applied', short: 'View the latest last-applied-configuration annotations of a resource/object', run: notSimulated('view-last-applied') },
    { name: 'set-last-applied', short: 'Set the last-applied-configuration annotation on a live object to match the contents of a file', run: notSimulated('set-last-applied') },
    { name: 'edit-last-applied', short: 'Edit latest last-applied-configuration annotations of a resource/object', run: notSimulated('edit-last-applied') },
  ],
  run: apply,
};

function notSimulated(sub: string): () => KubectlResult {
  return () => {
    throw new KubectlError(`kubectl apply ${sub} is not simulated in PodSphere: read the kubectl.kubernetes.io/last-applied-configuration annotation with kubectl get -o yaml`);
  };
}

function apply(ctx: CommandContext): KubectlResult {
  if (ctx.flags.has('kustomize') && !ctx.flags.strings('filename').length) throw new KubectlError(KUSTOMIZE_UNAVAILABLE);
  if (!hasFileArgs(ctx)) throw new KubectlError('must specify one of -f and -k');
  if (ctx.flags.bool('prune')) throw new KubectlError('--prune is not supported in PodSphere: delete objects you removed from the manifests with kubectl delete');
  if (ctx.flags.bool('server-side')) throw new KubectlError('--server-side is not supported in PodSphere: it applies client-side, with the last-applied-configuration annotation');
  const { mode, warning } = dryRunMode(ctx);
  const printer = objectPrinter(ctx, mode);
  const out = new OutputCollector();
  out.stderr += warning;
  const validate = ctx.flags.string('validate');
  const fieldValidation = validate === 'false' || validate === 'ignore' ? 'Ignore' : validate === 'warn' ? 'Warn' : 'Strict';
  let applied = 0;
  for (const m of readManifests(ctx)) {
    const results = ctx.env.cluster.apply(m.text, {
      filename: m.source,
      namespace: ctx.namespace,
      enforceNamespace: ctx.namespaceExplicit,
      dryRun: mode !== 'none',
      fieldValidation,
    });
    for (const r of results) {
      if (isApplyError(r)) {
        if (r.error === 'error: no objects passed to apply') continue;
        out.failedAny = true;
        out.err(r.error);
        continue;
      }
      applied++;
      for (const w of r.warnings) out.err(`Warning: ${w}`);
      out.stdout += printApplied(ctx, r, mode, printer);
    }
  }
  if (applied === 0 && !out.failedAny) throw new KubectlError('no objects passed to apply');
  return out.result();
}

function printApplied(ctx: CommandContext, r: ApplyOk, mode: 'none' | 'client' | 'server', printer: ReturnType<typeof objectPrinter>): string {
  const format = ctx.flags.string('output');
  if (format === '') return `${r.resource}/${r.name}${operationSuffix(r.action, mode)}\n`;
  if (format === 'name') return nameLine(r.resource, r.name);
  const live = mode === 'none' ? ctx.env.cluster.api.tryGet(pluralOf(ctx, r), r.name, r.namespace) : undefined;
  const obj: KubeObject = live ?? { apiVersion: r.apiVersion, kind: r.kind, metadata: { name: r.name, namespace: r.namespace } };
  return printer.print(obj, r.action);
}

function pluralOf(ctx: CommandContext, r: ApplyOk): string {
  const t = ctx.env.cluster.api.registry.byGVK(r.apiVersion, r.kind);
  return t ? (t.group ? `${t.resource}.${t.group}` : t.resource) : r.kind;
}

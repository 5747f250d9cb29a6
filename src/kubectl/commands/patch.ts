// `kubectl patch TYPE NAME -p '{…}' [--type strategic|merge|json]` (kubectl
// pkg/cmd/patch): the patch is JSON or YAML; `patched (no change)` when the
// result equals what was stored.
import { load } from 'js-yaml';
import { deepEqual } from '../../runtime/api/patch';
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError, OutputCollector } from '../errors';
import { typeName } from '../objects';
import type { Command, CommandContext, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode, objectPrinter, PRINT_FLAGS } from './output';
import { findTargets } from './targets';
import { FILENAME_FLAGS } from '../manifests';

export const patchCommand: Command = {
  name: 'patch',
  short: 'Update fields of a resource',
  flags: [
    ...FILENAME_FLAGS,
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    { name: 'patch', short: 'p', type: 'string' },
    { name: 'patch-file', type: 'string' },
    { name: 'type', type: 'string', default: 'strategic' },
    { name: 'local', type: 'bool' },
    { name: 'subresource', type: 'string' },
    { name: 'field-manager', type: 'string', default: 'kubectl-patch' },
  ],
  run: patch,
};

const TYPES = { json: 'json', merge: 'merge', strategic: 'strategic' } as const;

function patch(ctx: CommandContext): KubectlResult {
  const typeFlag = ctx.flags.string('type').toLowerCase();
  if (!(typeFlag in TYPES)) throw new KubectlError(`--type must be one of [json merge strategic], not ${JSON.stringify(ctx.flags.string('type'))}`);
  const patchType = TYPES[typeFlag as keyof typeof TYPES];
  const text = patchText(ctx);
  if (ctx.flags.bool('local')) throw new KubectlError('--local is not supported in PodSphere: edit the manifest file instead');
  const subresource = ctx.flags.string('subresource');
  if (subresource && subresource !== 'status' && subresource !== 'scale') throw new KubectlError(`invalid subresource value: ${JSON.stringify(subresource)}. Must be one of [status scale]`);
  let body: unknown;
  try {
    body = load(text);
  } catch (e) {
    throw new KubectlError(`unable to parse ${JSON.stringify(text)}: yaml: ${(e as Error).message.split('\n')[0]}`);
  }
  if (patchType === 'json' ? !Array.isArray(body) : body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new KubectlError(patchType === 'json' ? `unable to parse ${JSON.stringify(text)}: json: cannot unmarshal ${typeof body} into Go value of type jsonpatch.Patch` : `unable to parse ${JSON.stringify(text)}: json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type map[string]interface {}`);
  }
  const { mode, warning } = dryRunMode(ctx);
  const printer = objectPrinter(ctx, mode, { separateDocuments: false });
  const out = new OutputCollector();
  out.stderr += warning;
  const { found, errors } = findTargets(ctx, ctx.args, out, 'You must provide one or more resources by argument or filename.');
  for (const f of found) {
    try {
      let result: KubeObject;
      if (subresource === 'scale') {
        result = ctx.env.cluster.api.patch(typeName(f.type), f.object.metadata.name ?? '', { spec: { replicas: (body as { spec?: { replicas?: number } }).spec?.replicas } }, { namespace: f.object.metadata.namespace, patchType: 'merge', dryRun: mode !== 'none' });
      } else {
        result = ctx.env.cluster.api.patch(typeName(f.type), f.object.metadata.name ?? '', body, {
          namespace: f.object.metadata.namespace,
          patchType,
          status: subresource === 'status',
          dryRun: mode !== 'none',
          fieldValidation: 'Strict',
        });
      }
      const unchanged = deepEqual(withoutVersion(result), withoutVersion(f.object));
      out.stdout += printer.print(result, unchanged ? 'patched (no change)' : 'patched');
    } catch (e) {
      out.fail(e, ctx.path);
    }
  }
  for (const e of errors) out.fail(e, ctx.path);
  ctx.env.cluster.clock.drain();
  return out.result();
}

function patchText(ctx: CommandContext): string {
  const inline = ctx.flags.string('patch');
  const file = ctx.flags.string('patch-file');
  if (inline && file) throw new KubectlError('--patch and --patch-file are mutually exclusive');
  if (file) {
    const r = ctx.env.readFile?.(file) ?? { error: `open ${file}: no such file or directory` };
    if ('error' in r) throw new KubectlError(`unable to read patch file: ${r.error}`);
    return r.text;
  }
  if (!inline) throw new KubectlError('must specify -p to patch');
  return inline;
}

function withoutVersion(o: KubeObject): KubeObject {
  const { resourceVersion: _rv, generation: _g, ...metadata } = o.metadata;
  return { ...o, metadata };
}

// `kubectl label TYPE NAME key=value … key-` (kubectl pkg/cmd/label): labels
// are the tags of Kubernetes — and unlike vSphere tags, selectors act on them.
// Also the shared machinery for `kubectl annotate`.
import { isStatusError } from '../../runtime/api/errors';
import { isValidLabelValue } from '../../runtime/api/validation/names';
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError, OutputCollector } from '../errors';
import { typeName } from '../objects';
import type { Command, CommandContext, KubectlResult } from '../types';
import type { FlagSpec } from '../flags';
import { DRY_RUN_FLAG, dryRunMode, objectPrinter, PRINT_FLAGS } from './output';
import { findTargets, SELECTION_FLAGS } from './targets';

export type MetaField = 'labels' | 'annotations';

/** The flags `label` and `annotate` share; only the field manager's name differs. */
export function metaUpdateFlags(fieldManager: string): FlagSpec[] {
  return [
    ...SELECTION_FLAGS,
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    { name: 'overwrite', type: 'bool' },
    { name: 'list', type: 'bool' },
    { name: 'local', type: 'bool' },
    { name: 'resource-version', type: 'string' },
    { name: 'field-manager', type: 'string', default: fieldManager },
  ];
}

export const labelCommand: Command = {
  name: 'label',
  short: 'Update the labels on a resource',
  flags: metaUpdateFlags('kubectl-label'),
  run: (ctx) => runMetaUpdate(ctx, 'labels'),
};

/** GetResourcesAndPairs: resources first, then `k=v` / `k-` pairs. */
export function splitPairs(args: readonly string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let first = true;
  for (const s of args) {
    const isPair = s.includes('=') || s.endsWith('-');
    if (isPair) {
      first = false;
      pairs.push(s);
    } else if (first) resources.push(s);
    else throw new KubectlError(`all resources must be specified before ${pairType} changes: ${s}`);
  }
  return { resources, pairs };
}

interface Changes {
  set: Map<string, string>;
  remove: string[];
}

function parseChanges(pairs: string[], field: MetaField): Changes {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of pairs) {
    if (spec.includes('=')) {
      const parts = field === 'labels' ? spec.split('=') : [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
      if (parts.length !== 2 || parts[0] === '') throw new KubectlError(field === 'labels' ? `invalid label spec: ${spec}` : `invalid annotation format: ${spec}`);
      const errs = field === 'labels' ? isValidLabelValue(parts[1]) : [];
      if (errs.length) throw new KubectlError(`invalid label value: ${JSON.stringify(spec)}: ${errs.join(';')}`);
      set.set(parts[0], parts[1]);
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
    else throw new KubectlError(field === 'labels' ? `unknown label spec: ${spec}` : `invalid annotation format: ${spec}`);
  }
  for (const r of remove) {
    if (set.has(r)) throw new KubectlError(field === 'labels' ? 'can not both modify and remove a label in the same command' : 'can not both modify and remove an annotation in the same command');
  }
  return { set, remove };
}

export function runMetaUpdate(ctx: CommandContext, field: MetaField): KubectlResult {
  const { resources, pairs } = splitPairs(ctx.args, field === 'labels' ? 'label' : 'annotation');
  const changes = parseChanges(pairs, field);
  const list = field === 'labels' && ctx.flags.bool('list');
  if (list && ctx.flags.string('output')) throw new KubectlError('--list and --output may not be specified together');
  if (ctx.flags.bool('all') && ctx.flags.string('selector')) throw new KubectlError('cannot set --all and --selector at the same time');
  if (ctx.flags.bool('local')) throw new KubectlError('--local is not supported in PodSphere: edit the manifest file instead');
  if (changes.set.size === 0 && changes.remove.length === 0 && !list) {
    throw new KubectlError(field === 'labels' ? 'at least one label update is required' : 'at least one annotation update is required');
  }
  const { mode, warning } = dryRunMode(ctx);
  const out = new OutputCollector();
  out.stderr += warning;
  const { found, errors } = findTargets(ctx, resources, out, `one or more resources must be specified as <resource> <name> or <resource>/<name>`);
  const one = found.length + errors.length === 1;
  const rv = ctx.flags.string('resource-version');
  if (!one && rv) throw new KubectlError('--resource-version may only be used with a single resource');
  for (const f of found) {
    try {
      const current = f.object.metadata[field] ?? {};
      if (!ctx.flags.bool('overwrite')) checkOverwrite(current, changes, field);
      const next: Record<string, string> = { ...current };
      for (const [k, v] of changes.set) next[k] = v;
      if (mode === 'none' && !list) for (const r of changes.remove) if (!(r in current)) out.out(`${field === 'labels' ? 'label' : 'annotation'} ${JSON.stringify(r)} not found.`);
      for (const r of changes.remove) delete next[r];
      let result: KubeObject = { ...f.object, metadata: { ...f.object.metadata, [field]: next } };
      if (mode !== 'client' && !list) {
        const patch: Record<string, unknown> = { metadata: { [field]: mergePatchOf(current, next), ...(rv ? { resourceVersion: rv } : {}) } };
        result = ctx.env.cluster.api.patch(typeName(f.type), f.object.metadata.name ?? '', patch, {
          namespace: f.object.metadata.namespace,
          patchType: 'merge',
          dryRun: mode === 'server',
        });
      }
      if (list) {
        out.stdout += listLabels(f, result, one);
        continue;
      }
      const msg = field === 'labels' ? labelMessage(current, next) : 'annotated';
      out.stdout += objectPrinter(ctx, mode, { separateDocuments: false }).print(result, msg);
    } catch (e) {
      if (e instanceof KubectlError || isStatusError(e)) out.fail(e, ctx.path);
      else throw e;
    }
  }
  for (const e of errors) out.fail(e, ctx.path);
  ctx.env.cluster.clock.drain();
  return out.result();
}

function checkOverwrite(current: Record<string, string>, changes: Changes, field: MetaField): void {
  // The change-cause annotation may always be overwritten.
  const clashes = [...changes.set].filter(([k, v]) => k in current && current[k] !== v && !(field === 'annotations' && k === 'kubernetes.io/change-cause'));
  if (clashes.length === 0) return;
  if (field === 'annotations') {
    throw new KubectlError(`--overwrite is false but found the following declared annotation(s): ${clashes.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`);
  }
  const msgs = clashes.map(([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`);
  throw new KubectlError(msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`);
}

/** A JSON merge patch from the old map to the new one (removed keys become null). */
function mergePatchOf(before: Record<string, string>, after: Record<string, string>): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const k of Object.keys(before)) if (!(k in after)) patch[k] = null;
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) patch[k] = v;
  return patch;
}

function labelMessage(before: Record<string, string>, after: Record<string, string>): string {
  const removed = Object.keys(before).some((k) => !(k in after));
  const changed = Object.entries(after).some(([k, v]) => before[k] !== v);
  if (removed && changed) return 'label(s) changed';
  if (changed) return 'labeled';
  if (removed) return 'unlabeled';
  return 'not labeled';
}

/** --list: `key=value` lines; with several objects each gets a heading and the lines are indented. */
function listLabels(f: { type: { kind: string; group: string } }, obj: KubeObject, one: boolean): string {
  const labels = Object.entries(obj.metadata.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const head = one ? '' : `Listing labels for ${f.type.kind}.${f.type.group}/${obj.metadata.name ?? ''}:\n`;
  return head + labels.map(([k, v]) => `${one ? '' : ' '}${k}=${v}\n`).join('');
}

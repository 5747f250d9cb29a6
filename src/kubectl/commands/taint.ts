// `kubectl taint nodes NAME key=value:Effect … key[:Effect]-` (kubectl
// pkg/cmd/taint): a taint repels pods that do not tolerate it — the way an
// ESXi host can be kept for special VMs, but enforced per pod by the scheduler.
import { isQualifiedName, isValidLabelValue } from '../../runtime/api/validation/names';
import { asArray, isObject, type KubeObject } from '../../runtime/api/types';
import { KubectlError, OutputCollector } from '../errors';
import type { Command, CommandContext, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode, objectPrinter, PRINT_FLAGS } from './output';
import { findTargets } from './targets';

export const taintCommand: Command = {
  name: 'taint',
  short: 'Update the taints on one or more nodes',
  flags: [
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'overwrite', type: 'bool' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'field-manager', type: 'string', default: 'kubectl-taint' },
  ],
  run: taint,
};

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function taintString(t: { key: string; value?: string; effect?: string }): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

function validateEffect(effect: string): void {
  if (!EFFECTS.includes(effect)) throw new KubectlError(`invalid taint effect: ${effect}, unsupported taint effect`);
}

function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  let key = parts[0];
  let value: string | undefined;
  let effect = '';
  if (parts.length === 2) {
    effect = parts[1];
    validateEffect(effect);
    const kv = parts[0].split('=');
    if (kv.length > 2) throw new KubectlError(`invalid taint spec: ${spec}`);
    key = kv[0];
    if (kv.length === 2) {
      value = kv[1];
      const errs = isValidLabelValue(value);
      if (errs.length) throw new KubectlError(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
    }
  } else if (parts.length > 2) throw new KubectlError(`invalid taint spec: ${spec}`);
  const errs = isQualifiedName(key);
  if (errs.length) throw new KubectlError(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
  if (!effect) throw new KubectlError(`invalid taint spec: ${spec}`);
  return value === undefined || value === '' ? { key, effect } : { key, value, effect };
}

/** ParseTaints: `k=v:E` to add, `k-` / `k:E-` to remove. */
function parseTaints(specs: string[]): { add: Taint[]; remove: { key: string; effect?: string }[] } {
  const add: Taint[] = [];
  const remove: { key: string; effect?: string }[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const [key, effect] = spec.slice(0, -1).split(':');
      if (effect) validateEffect(effect);
      remove.push(effect ? { key, effect } : { key });
    } else {
      const t = parseTaint(spec);
      if (add.some((a) => a.key === t.key && a.effect === t.effect)) throw new KubectlError(`duplicated taints with the same key and effect: ${JSON.stringify(t)}`);
      add.push(t);
    }
  }
  return { add, remove };
}

function splitArgs(args: string[]): { resources: string[]; specs: string[] } {
  const resources: string[] = [];
  const specs: string[] = [];
  for (const s of args) {
    const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
    if (isTaint) specs.push(s);
    else if (specs.length === 0) resources.push(s);
    else throw new KubectlError(`all resources must be specified before taint changes: ${s}`);
  }
  return { resources, specs };
}

function taint(ctx: CommandContext): KubectlResult {
  const { resources, specs } = splitArgs(ctx.args);
  const { add, remove } = parseTaints(specs);
  if (resources.length < 1) throw new KubectlError('one or more resources must be specified as <resource> <name>');
  const typeWord = resources[0].split('/')[0].toLowerCase();
  if (!['node', 'nodes', 'no'].includes(typeWord)) throw new KubectlError(`invalid resource type ${resources[0]}, only ["node" "nodes"] are supported`);
  if (add.length === 0 && remove.length === 0) throw new KubectlError('at least one taint update is required');
  const conflicts = remove.filter((r) => add.some((a) => a.key === r.key && (!r.effect || a.effect === r.effect)));
  if (conflicts.length) throw new KubectlError(`can not both modify and remove the following taint(s) in the same command: ${conflicts.map(taintString).join(', ')}`);
  if (!ctx.flags.string('selector') && resources.length < 2 && !resources[0].includes('/') && !ctx.flags.bool('all')) {
    throw new KubectlError("at least one resource name must be specified since 'all' parameter is not set");
  }
  const { mode, warning } = dryRunMode(ctx);
  const printer = objectPrinter(ctx, mode, { separateDocuments: false });
  const out = new OutputCollector();
  out.stderr += warning;
  const args = resources.length === 1 && !resources[0].includes('/') && ctx.flags.bool('all') ? [resources[0]] : resources;
  const { found, errors } = findTargets(ctx, args, out, 'one or more resources must be specified as <resource> <name>');
  for (const f of found) {
    try {
      const node = f.object;
      const { operation, taints } = reorganize(node, ctx.flags.bool('overwrite'), add, remove);
      const spec = isObject(node.spec) ? node.spec : {};
      const next: KubeObject = { ...node, spec: { ...spec, taints } };
      const result =
        mode === 'client'
          ? next
          : ctx.env.cluster.api.patch('nodes', node.metadata.name ?? '', { spec: { taints: taints.length ? taints : null } }, { patchType: 'merge', dryRun: mode === 'server' });
      out.stdout += printer.print(result, operation);
    } catch (e) {
      out.fail(e, ctx.path);
    }
  }
  for (const e of errors) out.fail(e, ctx.path);
  ctx.env.cluster.clock.drain();
  return out.result();
}

/** taints.ReorganizeTaints: new taints first, then the old ones they do not replace, minus removals. */
function reorganize(node: KubeObject, overwrite: boolean, add: Taint[], remove: { key: string; effect?: string }[]): { operation: string; taints: Taint[] } {
  const old = (isObject(node.spec) ? asArray(node.spec.taints) : []).filter(isObject) as unknown as Taint[];
  if (!overwrite) {
    const exists = add.filter((a) => old.some((o) => o.key === a.key && o.effect === a.effect)).map((a) => a.key);
    if (exists.length) throw new KubectlError(`node ${node.metadata.name ?? ''} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`);
  }
  let taints: Taint[] = [...add];
  for (const o of old) if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  const added = old.length !== taints.length;
  const errs: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    deleted = taints.length !== before;
    if (!deleted) errs.push(`taint ${JSON.stringify(taintString(r))} not found`);
  }
  if (errs.length) throw new KubectlError(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints };
}

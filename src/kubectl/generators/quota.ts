// `kubectl create quota NAME [--hard=cpu=1,memory=1Gi,pods=10] [--scopes=BestEffort,…]`
// (kubectl pkg/cmd/create/create_quota.go) — a vSphere resource pool's limits, per namespace.
import { canonical } from '../../runtime/api/quantity';
import { QUANTITY_REGEX_TEXT } from '../../runtime/api/quantity';
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { CommandContext } from '../types';
import { goMap, nameArg, objectMeta, type Generator } from './generator';

export const quotaGenerator: Generator = {
  name: 'quota',
  aliases: ['resourcequota'],
  short: 'Create a quota with the specified name',
  flags: [
    { name: 'hard', type: 'string' },
    { name: 'scopes', type: 'string' },
  ],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    const spec: Record<string, unknown> = {};
    const hard = parseHard(ctx.flags.string('hard'));
    if (Object.keys(hard).length) spec.hard = goMap(Object.entries(hard));
    const scopes = ctx.flags.string('scopes').split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (scopes.length) spec.scopes = scopes;
    return { kind: 'ResourceQuota', apiVersion: 'v1', metadata: objectMeta(ctx, name), spec, status: {} };
  },
};

/** populateResourceListV2: `name=quantity` pairs separated by commas, quantities in canonical form. */
function parseHard(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    if (pair.trim() === '') continue;
    const parts = pair.split('=');
    if (parts.length !== 2) throw new KubectlError(`Invalid argument syntax ${pair}, expected <resource>=<value>`);
    const q = canonical(parts[1]);
    if (q === undefined) throw new KubectlError(`quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`);
    out[parts[0]] = q;
  }
  return out;
}

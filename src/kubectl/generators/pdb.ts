// `kubectl create poddisruptionbudget NAME --selector=… --min-available=N|N%`
// (kubectl pkg/cmd/create/create_pdb.go): how many replicas a voluntary
// disruption such as `kubectl drain` must leave running.
import { parseLabelSelector, type Selector } from '../../runtime/api/selectors';
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { CommandContext } from '../types';
import { atoi, goMap, nameArg, objectMeta, type Generator } from './generator';

export const pdbGenerator: Generator = {
  name: 'poddisruptionbudget',
  aliases: ['pdb'],
  short: 'Create a pod disruption budget with the specified name',
  flags: [
    { name: 'min-available', type: 'string' },
    { name: 'max-unavailable', type: 'string' },
    { name: 'selector', type: 'string' },
  ],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    const min = ctx.flags.string('min-available');
    const max = ctx.flags.string('max-unavailable');
    const selector = ctx.flags.string('selector');
    if (selector === '') throw new KubectlError('a selector must be specified');
    if (min === '' && max === '') throw new KubectlError('one of min-available or max-unavailable must be specified');
    if (min !== '' && max !== '') throw new KubectlError('min-available and max-unavailable cannot be both specified');
    for (const [flag, v] of [['min-available', min], ['max-unavailable', max]] as const) {
      if (v !== '' && atoi(v) === undefined && !/^[0-9]+%$/.test(v)) throw new KubectlError(`invalid format specified for ${flag}`);
    }
    const spec: Record<string, unknown> = {};
    if (min !== '') spec.minAvailable = intOrString(min);
    spec.selector = toLabelSelector(selector);
    if (max !== '') spec.maxUnavailable = intOrString(max);
    return {
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: objectMeta(ctx, name),
      spec,
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    };
  },
};

function intOrString(v: string): number | string {
  return atoi(v) ?? v;
}

/** metav1.ParseToLabelSelector: equality into matchLabels, set-based requirements into matchExpressions. */
export function toLabelSelector(text: string): Record<string, unknown> {
  let reqs: Selector;
  try {
    reqs = parseLabelSelector(text);
  } catch (e) {
    throw new KubectlError(`couldn't parse the selector string "${text}": ${(e as Error).message}`);
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Record<string, unknown>[] = [];
  for (const r of reqs) {
    if (r.op === '=') matchLabels[r.key] = r.values[0];
    else if (r.op === 'in') matchExpressions.push({ key: r.key, operator: 'In', values: r.values });
    else if (r.op === 'notin' || r.op === '!=') matchExpressions.push({ key: r.key, operator: 'NotIn', values: r.values });
    else if (r.op === 'exists') matchExpressions.push({ key: r.key, operator: 'Exists' });
    else if (r.op === '!') matchExpressions.push({ key: r.key, operator: 'DoesNotExist' });
    else throw new KubectlError(`"${r.op}" is not a valid label selector operator`);
  }
  const out: Record<string, unknown> = {};
  if (Object.keys(matchLabels).length) out.matchLabels = goMap(Object.entries(matchLabels));
  if (matchExpressions.length) out.matchExpressions = matchExpressions;
  return out;
}

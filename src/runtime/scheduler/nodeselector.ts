// component-helpers' nodeaffinity: how spec.nodeSelector and node affinity
// terms match a node. Terms are ORed; the expressions inside a term are ANDed.
import type { NodeInfo } from './nodeinfo';
import type { NodeSelectorRequirement, NodeSelectorTerm, PodInfo } from './podinfo';

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  switch (r.op) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || r.values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(r.values[0])) return false;
      return r.op === 'Gt' ? Number(value) > Number(r.values[0]) : Number(value) < Number(r.values[0]);
    }
    default:
      return false;
  }
}

/** A term with no requirements matches nothing (an empty term selects no objects). */
export function termMatches(term: NodeSelectorTerm, node: NodeInfo): boolean {
  if (term.exprs.length === 0 && term.fields.length === 0) return false;
  for (const r of term.exprs) {
    const v = Object.prototype.hasOwnProperty.call(node.labels, r.key) ? node.labels[r.key] : undefined;
    if (!matchRequirement(r, v)) return false;
  }
  for (const r of term.fields) {
    // metadata.name is the only field a node selector may use.
    if (r.key !== 'metadata.name' || !matchRequirement(r, node.name)) return false;
  }
  return true;
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution together (RequiredNodeAffinity.Match). */
export function matchesRequiredNodeAffinity(pod: PodInfo, node: NodeInfo): boolean {
  for (const [k, v] of pod.spec.nodeSelector) if (node.labels[k] !== v) return false;
  const terms = pod.spec.requiredNodeTerms;
  if (!terms) return true;
  for (const t of terms) if (termMatches(t, node)) return true;
  return false;
}

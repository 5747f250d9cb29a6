// component-helpers' nodeaffinity: how spec.nodeSelector and node affinity
// terms match a node. Terms are ORed; the expressions inside a term are ANDed.
import { nodeSelectorRequirementMatches } from '../api/taints';
import type { NodeInfo } from './nodeinfo';
import type { NodeSelectorRequirement, NodeSelectorTerm, PodInfo } from './podinfo';

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  return nodeSelectorRequirementMatches(r.op, r.values, value);
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

// framework.AffinityTerm.Matches: a pod affinity term selects a pod when the
// pod's namespace is listed (or matches the namespace selector) and its labels
// match the label selector.
import { matchesLabels } from '../api/selectors';
import type { AffinityTerm, PodInfo } from './podinfo';
import type { ClusterView } from './types';

export function termMatchesPod(term: AffinityTerm, pod: PodInfo, view: ClusterView): boolean {
  if (!term.namespaces.has(pod.namespace)) {
    if (!term.namespaceSelector) return false;
    if (!matchesLabels(term.namespaceSelector, view.namespaceLabels(pod.namespace))) return false;
  }
  return matchesLabels(term.selector, pod.labels);
}

/** Namespaces a term can match, or undefined for "look in every namespace". */
export function termNamespaces(term: AffinityTerm): readonly string[] | undefined {
  return term.namespaceSelector ? undefined : [...term.namespaces];
}

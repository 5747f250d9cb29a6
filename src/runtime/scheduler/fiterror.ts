// framework.FitError: the "0/N nodes are available: …" message. Each node's
// reasons are counted, formatted "<count> <reason>", sorted as strings and
// joined with ", "; a PreFilter rejection replaces the per-node part, and the
// PostFilter (preemption) message follows.
import type { Status } from './types';

export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface NodeFailure {
  plugin: string;
  status: Status;
}

export interface Diagnosis {
  /** Nodes that were filtered out, with the plugin and status that rejected them. */
  nodeToStatus: Map<string, NodeFailure>;
  /** Set when a PreFilter plugin rejected the pod for every node. */
  preFilter?: NodeFailure;
  /** Plugins that rejected the pod somewhere: only events that might help them requeue it. */
  unschedulablePlugins: Set<string>;
  postFilterMsg: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new Map(), unschedulablePlugins: new Set(), postFilterMsg: '' };
}

/**
 * numAllNodes may exceed the explicit statuses: nodes without one count with
 * `absent`'s reasons (a PreFilter rejection, or preemption's "not helpful").
 */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis, absent?: Status): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilter) {
    msg += ` ${d.preFilter.status.reasons.join(', ')}.`;
  } else {
    const counts = new Map<string, number>();
    for (const { status } of d.nodeToStatus.values()) for (const r of status.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const missing = numAllNodes - d.nodeToStatus.size;
    if (absent && missing > 0) for (const r of absent.reasons) counts.set(r, (counts.get(r) ?? 0) + missing);
    const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort(goStringLess);
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  // The PostFilter message is appended as is (preemption's own FitError already ends with a period).
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`;
  return msg;
}

/** sort.Strings compares bytes: "10 x" sorts before "3 x", uppercase before lowercase. */
function goStringLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

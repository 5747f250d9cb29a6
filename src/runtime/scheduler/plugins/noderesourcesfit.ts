// NodeResourcesFit: Filter checks the pod's effective requests against what
// the node has left (allocatable minus the requests of pods already on it)
// and the pod count; Score is LeastAllocated over cpu and memory (weight 1
// each), counting 100m / 200Mi for containers that request nothing.
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { MAX_NODE_SCORE, status, type FilterPlugin, type RejectCode, type ScorePlugin, type Status } from '../types';

const memo = new Map<string, Status>();

/** Statuses are immutable, so the few reason combinations are built once. */
function rejection(code: RejectCode, reasons: string[]): Status {
  const key = `${code}|${reasons.join('|')}`;
  let s = memo.get(key);
  if (!s) memo.set(key, (s = status(code, ...reasons)));
  return s;
}

export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeResourcesFit';
  readonly nodeLocal = true;
  readonly weight = 1;

  filter(_state: unknown, pod: PodInfo, node: NodeInfo): Status | null {
    const s = pod.spec;
    const tooMany = node.podCount + 1 > node.allocPods;
    if (s.cpu === 0 && s.memory === 0 && s.ephemeral === 0 && s.scalar.length === 0) return tooMany ? TOO_MANY_PODS : null;
    const cpu = s.cpu > 0 && s.cpu > node.allocCpu - node.reqCpu;
    const memory = s.memory > 0 && s.memory > node.allocMemory - node.reqMemory;
    const ephemeral = s.ephemeral > 0 && s.ephemeral > node.allocEphemeral - node.reqEphemeral;
    let scalarShort = false;
    // Indexed: a for-of over even an empty list allocated an iterator on every node of every cycle.
    for (let i = 0; i < s.scalar.length; i++) {
      const [name, q] = s.scalar[i];
      if (q > (node.allocScalar.get(name) ?? 0) - (node.reqScalar.get(name) ?? 0)) scalarShort = true;
    }
    if (!tooMany && !cpu && !memory && !ephemeral && !scalarShort) return null;
    return insufficient(pod, node, tooMany, cpu, memory, ephemeral);
  }

  score(_state: unknown, pod: PodInfo, node: NodeInfo): number {
    let sum = 0;
    let weights = 0;
    if (node.allocCpu > 0) {
      sum += leastRequested(node.nonZeroCpu + pod.spec.nonZeroCpu, node.allocCpu);
      weights++;
    }
    if (node.allocMemory > 0) {
      sum += leastRequested(node.nonZeroMemory + pod.spec.nonZeroMemory, node.allocMemory);
      weights++;
    }
    return weights === 0 ? 0 : Math.trunc(sum / weights);
  }

  scoreAll(_state: unknown, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, n: number): void {
    const cpu = pod.spec.nonZeroCpu;
    const memory = pod.spec.nonZeroMemory;
    for (let i = 0; i < n; i++) {
      const node = nodes[i];
      if (node.allocCpu > 0 && node.allocMemory > 0) {
        const sum = leastRequested(node.nonZeroCpu + cpu, node.allocCpu) + leastRequested(node.nonZeroMemory + memory, node.allocMemory);
        out[i] = Math.trunc(sum / 2);
      } else out[i] = this.score(_state, pod, node);
    }
  }
}

const TOO_MANY_PODS = status('Unschedulable', 'Too many pods');

/** The failure path: every reason, and whether even an empty node would be too small (preemption cannot help). */
function insufficient(pod: PodInfo, node: NodeInfo, tooMany: boolean, cpu: boolean, memory: boolean, ephemeral: boolean): Status {
  const s = pod.spec;
  const reasons: string[] = [];
  let unresolvable = false;
  if (tooMany) reasons.push('Too many pods');
  if (cpu) {
    reasons.push('Insufficient cpu');
    unresolvable ||= s.cpu > node.allocCpu;
  }
  if (memory) {
    reasons.push('Insufficient memory');
    unresolvable ||= s.memory > node.allocMemory;
  }
  if (ephemeral) {
    reasons.push('Insufficient ephemeral-storage');
    unresolvable ||= s.ephemeral > node.allocEphemeral;
  }
  for (const [name, q] of s.scalar) {
    const alloc = node.allocScalar.get(name) ?? 0;
    if (q <= alloc - (node.reqScalar.get(name) ?? 0)) continue;
    reasons.push(`Insufficient ${name}`);
    unresolvable ||= q > alloc;
  }
  return rejection(unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', reasons);
}

/** leastRequestedScore: the share of the node left free after placing the pod, 0..100. */
function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

// The HPA's replica calculator (pkg/controller/podautoscaler/replica_calculator.go
// and metrics/utilization.go): desired = ceil(current ready pods × usage / target),
// left alone inside the tolerance band. Pods still starting, not ready, or
// without a sample are counted conservatively, so the autoscaler neither
// over-reacts to a burst while new pods warm up nor scales down on missing data.
import { milliValue } from '../api/quantity';
import { asArray, isObject, type KubeObject } from '../api/types';
import { parseRFC3339 } from '../clock';
import { podCondition, podPhase } from './podutil';

/** --horizontal-pod-autoscaler-tolerance */
export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
/** --horizontal-pod-autoscaler-initial-readiness-delay */
export const DELAY_OF_INITIAL_READINESS_STATUS_MS = 30_000;

export interface PodMetric {
  /** Milli-units: millicores, or bytes × 1000 for memory. */
  value: number;
  timestamp: number;
  windowMs: number;
}

export type PodMetrics = Map<string, PodMetric>;

export class ReplicaCalcError extends Error {}

const within = (ratio: number): boolean => 1 - TOLERANCE <= ratio && ratio <= 1 + TOLERANCE;

export interface UtilizationResult {
  replicas: number;
  /** Whole percent of request, truncated. */
  utilization: number;
  /** Average usage per pod, milli-units. */
  rawUtilization: number;
}

/** GetResourceReplicas: target is a percentage of the pods' requests. */
export function resourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  pods: KubeObject[],
  input: PodMetrics,
  container: string,
  nowMs: number,
): UtilizationResult {
  if (pods.length === 0) throw new ReplicaCalcError('no pods returned by selector while calculating replica count');
  const metrics = new Map(input);
  const g = groupPods(pods, metrics, resource, nowMs);
  for (const name of [...g.ignored, ...g.unready]) metrics.delete(name);
  if (metrics.size === 0) throw new ReplicaCalcError('did not receive metrics for targeted pods (pods might be unready)');
  const requests = calculateRequests(pods, container, resource);
  const first = utilizationRatio(metrics, requests, targetUtilization);
  const result = (replicas: number): UtilizationResult => ({ replicas, utilization: first.utilization, rawUtilization: first.raw });
  const scaleUpWithUnready = g.unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    return result(within(first.ratio) ? currentReplicas : Math.ceil(first.ratio * g.readyCount));
  }
  if (g.missing.size > 0) {
    // Scaling down: a pod without a sample is assumed busy (100 %, or the target when that is higher); scaling up: idle.
    const fallback = Math.max(100, targetUtilization);
    for (const name of g.missing) metrics.set(name, sample(first.ratio < 1 ? Math.trunc(((requests.get(name) ?? 0) * fallback) / 100) : 0));
  }
  if (scaleUpWithUnready) for (const name of g.unready) metrics.set(name, sample(0));
  const next = utilizationRatio(metrics, requests, targetUtilization).ratio;
  return result(adjusted(currentReplicas, first.ratio, next, metrics.size));
}

/** GetRawResourceReplicas / calcPlainMetricReplicas: target is an average value per pod. */
export function rawResourceReplicas(currentReplicas: number, targetUsage: number, resource: string, pods: KubeObject[], input: PodMetrics, nowMs: number): { replicas: number; usage: number } {
  if (pods.length === 0) throw new ReplicaCalcError('no pods returned by selector while calculating replica count');
  const metrics = new Map(input);
  const g = groupPods(pods, metrics, resource, nowMs);
  for (const name of [...g.ignored, ...g.unready]) metrics.delete(name);
  if (metrics.size === 0) throw new ReplicaCalcError('did not receive metrics for targeted pods (pods might be unready)');
  const first = usageRatio(metrics, targetUsage);
  const scaleUpWithUnready = g.unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    return { replicas: within(first.ratio) ? currentReplicas : Math.ceil(first.ratio * g.readyCount), usage: first.usage };
  }
  for (const name of g.missing) metrics.set(name, sample(first.ratio < 1 ? targetUsage : 0));
  if (scaleUpWithUnready) for (const name of g.unready) metrics.set(name, sample(0));
  const next = usageRatio(metrics, targetUsage).ratio;
  return { replicas: adjusted(currentReplicas, first.ratio, next, metrics.size), usage: first.usage };
}

/** The second pass never reverses the direction of the first, and stays put inside the tolerance. */
function adjusted(currentReplicas: number, ratio: number, newRatio: number, counted: number): number {
  if (within(newRatio) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return currentReplicas;
  const replicas = Math.ceil(newRatio * counted);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) return currentReplicas;
  return replicas;
}

function sample(value: number): PodMetric {
  return { value, timestamp: 0, windowMs: 0 };
}

function utilizationRatio(metrics: PodMetrics, requests: Map<string, number>, target: number): { ratio: number; utilization: number; raw: number } {
  let used = 0;
  let requested = 0;
  let n = 0;
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    used += m.value;
    requested += r;
    n++;
  }
  if (requested === 0) throw new ReplicaCalcError('no metrics returned matched known pods');
  const utilization = Math.trunc((used * 100) / requested);
  return { ratio: utilization / target, utilization, raw: Math.trunc(used / n) };
}

function usageRatio(metrics: PodMetrics, target: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / target, usage };
}

interface Groups {
  readyCount: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

/** groupPods: which samples count, and which pods are still warming up. */
function groupPods(pods: KubeObject[], metrics: PodMetrics, resource: string, nowMs: number): Groups {
  const g: Groups = { readyCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata.name ?? '';
    const phase = podPhase(pod);
    if (pod.metadata.deletionTimestamp || phase === 'Failed') g.ignored.add(name);
    else if (phase === 'Pending') g.unready.add(name);
    else if (!metrics.has(name)) g.missing.add(name);
    else if (resource === 'cpu' && cpuSampleUnready(pod, metrics.get(name)!, nowMs)) g.unready.add(name);
    else g.readyCount++;
  }
  return g;
}

function cpuSampleUnready(pod: KubeObject, metric: PodMetric, nowMs: number): boolean {
  const ready = podCondition(pod, 'Ready');
  const status = isObject(pod.status) ? pod.status : {};
  const start = typeof status.startTime === 'string' ? parseRFC3339(status.startTime) : undefined;
  if (!ready || start === undefined) return true;
  const transition = typeof ready.lastTransitionTime === 'string' ? parseRFC3339(ready.lastTransitionTime) ?? 0 : 0;
  if (start + CPU_INITIALIZATION_PERIOD_MS > nowMs) {
    // Still initialising: skip unready pods, and samples that began before the pod turned ready.
    return ready.status === 'False' || metric.timestamp < transition + metric.windowMs;
  }
  // Past initialisation: only a pod that has never been ready is skipped.
  return ready.status === 'False' && start + DELAY_OF_INITIAL_READINESS_STATUS_MS > transition;
}

/** calculatePodRequestsFromContainers: containers plus sidecar (restartable init) containers. */
function calculateRequests(pods: KubeObject[], container: string, resource: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    const spec = isObject(pod.spec) ? pod.spec : {};
    const sidecars = asArray(spec.initContainers).filter((c) => isObject(c) && c.restartPolicy === 'Always');
    let total = 0;
    let found = false;
    for (const c of [...asArray(spec.containers), ...sidecars]) {
      if (!isObject(c)) continue;
      const name = typeof c.name === 'string' ? c.name : '';
      if (container && container !== name) continue;
      const requests = isObject(c.resources) && isObject(c.resources.requests) ? c.resources.requests : {};
      if (!(resource in requests)) throw new ReplicaCalcError(`missing request for ${resource} in container ${name} of Pod ${pod.metadata.name ?? ''}`);
      total += milliValue(requests[resource]);
      found = true;
    }
    if (container && !found) throw new ReplicaCalcError(`container ${container} not found in Pod ${pod.metadata.name ?? ''}`);
    out.set(pod.metadata.name ?? '', total);
  }
  return out;
}

// Pod-only defaults and the stateless part of the pod registry's PrepareForCreate.
// Upstream: pkg/apis/core/v1/defaults.go SetDefaults_Pod (requests from
// limits, pod-level resources, enableServiceLinks, host-network ports),
// pkg/apis/core/helper/qos (GetPodQOS) and pkg/registry/core/pod/strategy.go
// PrepareForCreate (phase Pending, qosClass, SchedulingGated condition,
// matchLabelKeys / mismatchLabelKeys merged into label selectors).
import type { KubeObject } from '../types';
import { defaultPodSpec } from './podspec';
import { formatExact, parseExact, type ExactQuantity } from './quantity';
import { asObj, child, ensureChild, isNil, nonEmptyMap, objects, setDefault, type Obj } from './util';

const QOS_RESOURCES = ['cpu', 'memory'];

/** Requests a container leaves unset are copied from its limits (Pods only, not templates). */
function requestsFromLimits(containers: unknown): void {
  for (const c of objects(containers)) {
    const resources = child(c, 'resources');
    const limits = child(resources, 'limits');
    if (!resources || !limits || Object.keys(limits).length === 0) continue;
    const requests = ensureChild(resources, 'requests');
    if (!requests) continue;
    for (const [name, value] of Object.entries(limits)) {
      if (!(name in requests)) requests[name] = value;
    }
  }
}

function isSidecar(c: Obj): boolean {
  return c.restartPolicy === 'Always';
}

function quantityOf(c: Obj, list: 'requests' | 'limits', name: string): ExactQuantity | undefined {
  return parseExact(child(child(c, 'resources'), list)?.[name]);
}

/**
 * The effective pod-wide amount of one resource from its containers, as
 * resourcehelper.AggregateContainer{Requests,Limits}: regular containers and
 * sidecars add up; a classic init container runs alone next to the sidecars
 * started before it, and the pod needs the larger of the two.
 */
function aggregate(spec: Obj, list: 'requests' | 'limits', name: string): ExactQuantity | undefined {
  let format: ExactQuantity['format'] | undefined;
  let sum = 0n;
  let sidecars = 0n;
  let initPeak = 0n;
  const take = (q: ExactQuantity | undefined): bigint => {
    if (!q) return 0n;
    format ??= q.format;
    return q.nanos;
  };
  for (const c of objects(spec.containers)) sum += take(quantityOf(c, list, name));
  for (const c of objects(spec.initContainers)) {
    const v = take(quantityOf(c, list, name));
    if (isSidecar(c)) {
      sum += v;
      sidecars += v;
    } else if (v + sidecars > initPeak) {
      initPeak = v + sidecars;
    }
  }
  if (format === undefined) return undefined;
  return { nanos: sum > initPeak ? sum : initPeak, format };
}

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const supportedPodLevel = (name: string): boolean => name === 'cpu' || name === 'memory' || isHugePages(name);

/** Pod-level resources (PodLevelResources, beta and on in v1.34): fill requests, then limits. */
function defaultPodLevelResources(spec: Obj): void {
  const resources = child(spec, 'resources');
  if (!resources) return;
  const limits = asObj(resources.limits);
  if (limits && Object.keys(limits).length > 0) {
    const requests = asObj(resources.requests) ?? {};
    for (const name of QOS_RESOURCES) {
      if (name in requests || !supportedPodLevel(name)) continue;
      const agg = aggregate(spec, 'requests', name);
      if (agg) requests[name] = formatExact(agg);
    }
    for (const [name, value] of Object.entries(limits)) {
      if (!(name in requests) && supportedPodLevel(name)) requests[name] = value;
    }
    if (Object.keys(requests).length > 0 && isNil(resources.requests)) resources.requests = requests;
    return;
  }
  // Requests set but no limits: a limit comes from the containers when every one of them sets it.
  const requests = asObj(resources.requests);
  if (!requests || Object.keys(requests).length === 0 || !isNil(resources.limits)) return;
  const filled: Obj = {};
  const all = [...objects(spec.containers), ...objects(spec.initContainers)];
  for (const name of QOS_RESOURCES) {
    if (all.length === 0 || !all.every((c) => quantityOf(c, 'limits', name))) continue;
    const agg = aggregate(spec, 'limits', name);
    if (agg) filled[name] = formatExact(agg);
  }
  if (Object.keys(filled).length > 0) resources.limits = filled;
}

/** With host networking, every container port is also a host port. */
function hostNetworkPorts(containers: unknown): void {
  for (const c of objects(containers)) {
    for (const port of objects(c.ports)) {
      if ((isNil(port.hostPort) || port.hostPort === 0) && !isNil(port.containerPort)) port.hostPort = port.containerPort;
    }
  }
}

/** qos.GetPodQOS: Guaranteed, Burstable or BestEffort from cpu and memory requests/limits. */
export function podQOSClass(spec: Obj): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  const add = (into: Map<string, bigint>, list: unknown): Set<string> => {
    const found = new Set<string>();
    for (const name of QOS_RESOURCES) {
      const q = parseExact(asObj(list)?.[name]);
      if (!q || q.nanos <= 0n) continue;
      found.add(name);
      into.set(name, (into.get(name) ?? 0n) + q.nanos);
    }
    return found;
  };
  const podLevel = child(spec, 'resources');
  if (podLevel) {
    add(requests, podLevel.requests);
    if (nonEmptyMap(podLevel.limits)) {
      const found = add(limits, podLevel.limits);
      if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
    }
  } else {
    for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) {
      const resources = child(c, 'resources');
      add(requests, resources?.requests);
      const found = add(limits, resources?.limits);
      if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

function hasRequirement(selector: Obj, req: { key: string; operator: string; values: string[] }): boolean {
  return objects(selector.matchExpressions).some(
    (e) =>
      e.key === req.key &&
      e.operator === req.operator &&
      Array.isArray(e.values) &&
      e.values.length === 1 &&
      e.values[0] === req.values[0],
  );
}

/** Turn matchLabelKeys / mismatchLabelKeys into label-selector requirements (idempotent). */
function applyLabelKeys(selector: Obj | undefined, keys: unknown, operator: 'In' | 'NotIn', podLabels: Obj | undefined): void {
  if (!selector || !Array.isArray(keys) || !podLabels) return;
  for (const key of keys) {
    const value = typeof key === 'string' ? podLabels[key] : undefined;
    if (typeof key !== 'string' || typeof value !== 'string') continue;
    const req = { key, operator, values: [value] };
    if (hasRequirement(selector, req)) continue;
    if (isNil(selector.matchExpressions)) selector.matchExpressions = [];
    if (Array.isArray(selector.matchExpressions)) selector.matchExpressions.push(req);
  }
}

function mutateAffinityTerms(spec: Obj, podLabels: Obj | undefined): void {
  const affinity = child(spec, 'affinity');
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = child(affinity, kind);
    const terms = [
      ...objects(a?.requiredDuringSchedulingIgnoredDuringExecution),
      ...objects(a?.preferredDuringSchedulingIgnoredDuringExecution)
        .map((w) => child(w, 'podAffinityTerm'))
        .filter((t): t is Obj => !!t),
    ];
    for (const term of terms) {
      const selector = child(term, 'labelSelector');
      applyLabelKeys(selector, term.matchLabelKeys, 'In', podLabels);
      applyLabelKeys(selector, term.mismatchLabelKeys, 'NotIn', podLabels);
    }
  }
  for (const c of objects(spec.topologySpreadConstraints)) {
    applyLabelKeys(child(c, 'labelSelector'), c.matchLabelKeys, 'In', podLabels);
  }
}

function applySchedulingGatedCondition(pod: KubeObject, spec: Obj, status: Obj): void {
  if (!Array.isArray(spec.schedulingGates) || spec.schedulingGates.length === 0) return;
  if (isNil(status.conditions)) status.conditions = [];
  if (!Array.isArray(status.conditions)) return;
  if (objects(status.conditions).some((c) => c.type === 'PodScheduled')) return;
  const condition: Obj = {
    type: 'PodScheduled',
    status: 'False',
    lastProbeTime: null,
    reason: 'SchedulingGated',
    message: 'Scheduling is blocked due to non-empty scheduling gates',
  };
  // The condition is stamped "now": on create that is the creation timestamp.
  if (typeof pod.metadata.creationTimestamp === 'string') condition.lastTransitionTime = pod.metadata.creationTimestamp;
  status.conditions.push(condition);
}

export function defaultPod(pod: KubeObject, create: boolean): void {
  const spec = asObj(pod.spec);
  if (spec) {
    requestsFromLimits(spec.containers);
    requestsFromLimits(spec.initContainers);
    defaultPodLevelResources(spec);
    setDefault(spec, 'enableServiceLinks', true);
    if (spec.hostNetwork === true) {
      hostNetworkPorts(spec.containers);
      hostNetworkPorts(spec.initContainers);
    }
    defaultPodSpec(spec);
  }
  if (!create) return;
  const status = ensureChild(pod, 'status');
  if (!status) return;
  setDefault(status, 'phase', 'Pending');
  if (spec) {
    setDefault(status, 'qosClass', podQOSClass(spec));
    applySchedulingGatedCondition(pod, spec, status);
    mutateAffinityTerms(spec, asObj(pod.metadata.labels));
  }
}

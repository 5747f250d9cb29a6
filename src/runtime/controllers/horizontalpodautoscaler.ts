// The horizontal pod autoscaler (pkg/controller/podautoscaler/horizontal.go).
// Every 15 s each HPA reads its target's scale subresource, compares the pods'
// resource usage (the metrics API, here MetricsRegistry) with its targets, and
// writes a new replica count — damped by min/max, the scale-up rate limit and
// a five-minute scale-down stabilization window. The vSphere analogue is DRS
// powering VMs on and off to follow load, except that here the "VMs" are
// interchangeable replicas of one template.
import { deepEqual } from '../api/patch';
import { formatQuantity, milliValue } from '../api/quantity';
import { formatSelector, fromLabelSelector, fromMap, matchesLabels, parseLabelSelector } from '../api/selectors';
import { asArray, isObject, type KubeObject } from '../api/types';
import type { Clock, TimerId } from '../clock';
import type { ApiServer } from '../api/apiserver';
import { EventRecorder } from '../events/recorder';
import type { MetricsRegistry } from '../metrics';
import { Controller, namespacedKey, splitKey } from './controller';
import { rawResourceReplicas, ReplicaCalcError, resourceReplicas, type PodMetrics } from './replicacalculator';

/** --horizontal-pod-autoscaler-sync-period */
export const HPA_SYNC_PERIOD_MS = 15_000;
/** --horizontal-pod-autoscaler-downscale-stabilization */
export const DOWNSCALE_STABILIZATION_MS = 5 * 60_000;
/** The metrics pipeline's sample window (the kubelet helper samples every 15 s). */
export const METRIC_WINDOW_MS = 15_000;

type Obj = Record<string, unknown>;

interface Condition {
  type: string;
  status: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

interface Rules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: string;
  policies?: { type: string; value: number; periodSeconds: number }[];
}

interface Scale {
  target: KubeObject;
  replicas: number;
  selector: string;
}

interface Sync {
  hpa: KubeObject;
  key: string;
  conditions: Condition[];
}

interface Timestamped {
  value: number;
  at: number;
}

/** One metric's verdict: a proposal, or the condition that explains why there is none. */
type MetricResult =
  | { replicas: number; name: string; status: Obj }
  | { error: string; condition: [string, string] };

const SCALE_TARGETS: Record<string, string> = {
  'apps/Deployment': 'deployments',
  'apps/ReplicaSet': 'replicasets',
  'apps/StatefulSet': 'statefulsets',
  '/ReplicationController': 'replicationcontrollers',
};

export class HorizontalPodAutoscalerController extends Controller {
  readonly name = 'horizontal-pod-autoscaler';
  private readonly recorder = new EventRecorder(this.api, { component: 'horizontal-pod-autoscaler' });
  private timers = new Map<string, TimerId>();
  private recommendations = new Map<string, Timestamped[]>();
  private scaleUpEvents = new Map<string, Timestamped[]>();
  private scaleDownEvents = new Map<string, Timestamped[]>();

  constructor(
    api: ApiServer,
    clock: Clock,
    private readonly metrics: MetricsRegistry,
  ) {
    super(api, clock);
  }

  start(): this {
    // HPAs are processed on a fixed period, not on every change (the workqueue's fixed-interval rate limiter).
    this.watch('horizontalpodautoscalers', (o) => {
      this.track(namespacedKey(o));
      return undefined;
    });
    return this;
  }

  override stop(): void {
    super.stop();
    for (const t of this.timers.values()) this.clock.cancelTimer(t);
    this.timers.clear();
  }

  private track(key: string): void {
    const { namespace, name } = splitKey(key);
    if (this.api.tryGet('horizontalpodautoscalers', name, namespace)) {
      if (!this.timers.has(key)) this.arm(key);
      return;
    }
    this.clock.cancelTimer(this.timers.get(key) ?? 0);
    for (const m of [this.timers, this.recommendations, this.scaleUpEvents, this.scaleDownEvents]) m.delete(key);
  }

  private arm(key: string): void {
    const id = this.clock.setTimer(
      HPA_SYNC_PERIOD_MS,
      () => {
        this.arm(key);
        this.enqueue(key);
      },
      true,
    );
    this.timers.set(key, id);
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const hpa = this.api.tryGet('horizontalpodautoscalers', name, namespace);
    if (!hpa) {
      this.track(key);
      return;
    }
    this.reconcileAutoscaler({ hpa, key, conditions: conditionsOf(hpa) });
  }

  private reconcileAutoscaler(s: Sync): void {
    const spec = isObject(s.hpa.spec) ? s.hpa.spec : {};
    const scale = this.getScale(s, spec);
    if (!scale) return;
    this.setCondition(s, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const current = scale.replicas;
    if (!this.recommendations.has(s.key)) this.recommendations.set(s.key, [{ value: current, at: this.clock.now() }]);
    const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
    const max = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : min;
    let desired = 0;
    let reason = '';
    let statuses: Obj[] | null = null;
    let rescale = true;
    if (current === 0 && min !== 0) {
      rescale = false;
      this.setCondition(s, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    } else if (current > max) {
      [desired, reason] = [max, 'Current number of replicas above Spec.MaxReplicas'];
    } else if (current < min) {
      [desired, reason] = [min, 'Current number of replicas below Spec.MinReplicas'];
    } else {
      const computed = this.computeReplicasForMetrics(s, scale, metricSpecsOf(s.hpa));
      statuses = computed.statuses;
      if (computed.replicas < 0) {
        this.writeStatus(s, current, desiredReplicasOf(s.hpa), statuses, false);
        this.recorder.event(s.hpa, 'Warning', 'FailedComputeMetricsReplicas', computed.error);
        return;
      }
      desired = computed.replicas;
      if (desired > current) reason = `${computed.metric} above target`;
      if (desired < current) reason = 'All metrics below target';
      desired = isObject(spec.behavior) ? this.normalizeWithBehaviors(s, spec.behavior, current, desired, min, max) : this.normalize(s, current, desired, min, max);
      rescale = desired !== current;
    }
    if (rescale && !this.rescale(s, scale, current, desired, reason, isObject(spec.behavior) ? spec.behavior : undefined)) {
      this.writeStatus(s, current, desiredReplicasOf(s.hpa), statuses, false);
      return;
    }
    this.writeStatus(s, current, rescale ? desired : current, statuses, rescale);
  }

  // ---- the scale subresource -----------------------------------------------------------------

  private getScale(s: Sync, spec: Obj): Scale | undefined {
    const ref = isObject(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
    const kind = typeof ref.kind === 'string' ? ref.kind : '';
    const apiVersion = typeof ref.apiVersion === 'string' ? ref.apiVersion : '';
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const resource = SCALE_TARGETS[`${group}/${kind}`];
    const name = typeof ref.name === 'string' ? ref.name : '';
    let error: string | undefined;
    let target: KubeObject | undefined;
    if (!resource) error = `no matches for kind ${JSON.stringify(kind)} in group ${JSON.stringify(group)}`;
    else {
      target = this.api.tryGet(resource, name, s.hpa.metadata.namespace);
      if (!target) error = `${resource}${group ? '.' + group : ''} ${JSON.stringify(name)} not found`;
    }
    if (error !== undefined || !target) {
      this.recorder.event(s.hpa, 'Warning', 'FailedGetScale', error ?? '');
      this.setCondition(s, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${error ?? ''}`);
      this.writeStatus(s, currentReplicasOf(s.hpa), desiredReplicasOf(s.hpa), metricStatusesOf(s.hpa), false);
      return undefined;
    }
    const tspec = isObject(target.spec) ? target.spec : {};
    const selector = kind === 'ReplicationController' ? fromMap(tspec.selector) : fromLabelSelector(tspec.selector);
    return { target, replicas: typeof tspec.replicas === 'number' ? tspec.replicas : 1, selector: formatSelector(selector) };
  }

  private rescale(s: Sync, scale: Scale, current: number, desired: number, reason: string, behavior: Obj | undefined): boolean {
    try {
      const tspec = isObject(scale.target.spec) ? scale.target.spec : {};
      this.api.update({ ...scale.target, spec: { ...tspec, replicas: desired } }, { trusted: true });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.recorder.event(s.hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${message}`);
      this.setCondition(s, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${message}`);
      return false;
    }
    this.setCondition(s, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
    this.recorder.event(s.hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
    if (behavior) this.storeScaleEvent(s.key, behavior, current, desired);
    return true;
  }

  // ---- metrics -------------------------------------------------------------------------------

  private computeReplicasForMetrics(s: Sync, scale: Scale, specs: Obj[]): { replicas: number; metric: string; statuses: Obj[]; error: string } {
    const statuses: Obj[] = specs.map(() => ({ type: '' }));
    if (!scale.selector) {
      this.recorder.event(s.hpa, 'Warning', 'SelectorRequired', 'selector is required');
      this.setCondition(s, 'ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
      return { replicas: -1, metric: '', statuses, error: 'selector is required' };
    }
    const pods = this.podsFor(s.hpa.metadata.namespace ?? '', scale.selector);
    let replicas = 0;
    let metric = '';
    let invalid = 0;
    let firstError = '';
    let firstCondition: [string, string] | undefined;
    specs.forEach((spec, i) => {
      const r = this.computeReplicasForMetric(s, spec, scale.replicas, pods);
      if ('error' in r) {
        if (invalid++ === 0) [firstError, firstCondition] = [r.error, r.condition];
        return;
      }
      statuses[i] = r.status;
      if (replicas === 0 || r.replicas > replicas) [replicas, metric] = [r.replicas, r.name];
    });
    const error = invalid ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError}` : '';
    if (firstCondition && (invalid >= specs.length || replicas < scale.replicas)) {
      this.setCondition(s, 'ScalingActive', 'False', firstCondition[0], firstCondition[1]);
      return { replicas: -1, metric: '', statuses, error };
    }
    this.setCondition(s, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`);
    return { replicas, metric, statuses, error };
  }

  private computeReplicasForMetric(s: Sync, spec: Obj, current: number, pods: KubeObject[]): MetricResult {
    const type = typeof spec.type === 'string' ? spec.type : '';
    if (type !== 'Resource' && type !== 'ContainerResource') return this.unsupported(s, type);
    const source = (type === 'Resource' ? spec.resource : spec.containerResource) as Obj | undefined;
    const resource = typeof source?.name === 'string' ? source.name : '';
    const container = type === 'ContainerResource' && typeof source?.container === 'string' ? source.container : '';
    const target = isObject(source?.target) ? source.target : {};
    const reasonOnFailure = type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
    const wrap = type === 'Resource' ? `failed to get ${resource} resource metric value` : `failed to get ${container} container metric value`;
    try {
      const r = this.resourceProposal(s, current, target, resource, container, pods);
      const status = type === 'Resource' ? { type, resource: { name: resource, current: r.current } } : { type, containerResource: { name: resource, container, current: r.current } };
      const name = type === 'Resource' ? r.name : r.name.replace(' resource utilization', ' container resource utilization');
      return { replicas: r.replicas, name, status };
    } catch (e) {
      if (!(e instanceof ReplicaCalcError)) throw e;
      this.recorder.event(s.hpa, 'Warning', reasonOnFailure, e.message);
      return { error: `${wrap}: ${e.message}`, condition: [reasonOnFailure, `the HPA was unable to compute the replica count: ${e.message}`] };
    }
  }

  /** computeStatusForResourceMetricGeneric: an AverageValue target, or a Utilization one. */
  private resourceProposal(s: Sync, current: number, target: Obj, resource: string, container: string, pods: KubeObject[]): { replicas: number; name: string; current: Obj } {
    const namespace = s.hpa.metadata.namespace ?? '';
    if (target.averageValue !== undefined) {
      const metrics = this.podMetrics(namespace, pods, resource, container, `failed to get ${resource} usage`);
      try {
        const r = rawResourceReplicas(current, milliValue(target.averageValue), resource, pods, metrics, this.clock.now());
        return { replicas: r.replicas, name: `${resource} resource`, current: { averageValue: milliQuantity(r.usage) } };
      } catch (e) {
        throw e instanceof ReplicaCalcError ? new ReplicaCalcError(`failed to get ${resource} usage: ${e.message}`) : e;
      }
    }
    if (typeof target.averageUtilization !== 'number') {
      throw new ReplicaCalcError('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
    }
    const metrics = this.podMetrics(namespace, pods, resource, container, `failed to get ${resource} utilization`);
    try {
      const r = resourceReplicas(current, target.averageUtilization, resource, pods, metrics, container, this.clock.now());
      return {
        replicas: r.replicas,
        name: `${resource} resource utilization (percentage of request)`,
        current: { averageUtilization: r.utilization, averageValue: milliQuantity(r.rawUtilization) },
      };
    } catch (e) {
      throw e instanceof ReplicaCalcError ? new ReplicaCalcError(`failed to get ${resource} utilization: ${e.message}`) : e;
    }
  }

  /** The resource metrics API (metrics-server): one sample per pod that has every container measured. */
  private podMetrics(namespace: string, pods: KubeObject[], resource: string, container: string, prefix: string): PodMetrics {
    const out: PodMetrics = new Map();
    for (const pod of pods) {
      const usage = this.metrics.pod(namespace, pod.metadata.name ?? '');
      if (!usage || usage.uid !== pod.metadata.uid) continue;
      const containers = usage.containers.filter((c) => !container || c.name === container);
      if (containers.length === 0) continue;
      const value = containers.reduce((sum, c) => sum + (resource === 'cpu' ? c.cpu : resource === 'memory' ? c.memory * 1000 : 0), 0);
      out.set(pod.metadata.name ?? '', { value, timestamp: usage.timestamp, windowMs: METRIC_WINDOW_MS });
    }
    if (out.size === 0) throw new ReplicaCalcError(`${prefix}: unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
    return out;
  }

  private unsupported(s: Sync, type: string): MetricResult {
    const reason = { Pods: 'FailedGetPodsMetric', Object: 'FailedGetObjectMetric', External: 'FailedGetExternalMetric' }[type] ?? 'InvalidMetricSourceType';
    const message = reason === 'InvalidMetricSourceType' ? `unknown metric source type ${JSON.stringify(type)}` : `the sandbox has no ${type === 'External' ? 'external' : 'custom'} metrics API`;
    this.recorder.event(s.hpa, 'Warning', reason, message);
    return { error: message, condition: [reason, `the HPA was unable to compute the replica count: ${message}`] };
  }

  private podsFor(namespace: string, selectorText: string): KubeObject[] {
    const selector = parseLabelSelector(selectorText);
    return this.api.store.list('/pods', namespace).filter((p) => matchesLabels(selector, p.metadata.labels));
  }

  // ---- normalization -------------------------------------------------------------------------

  /** Without spec.behavior: max of the last 5 minutes' recommendations, and at most max(2×, 4) up. */
  private normalize(s: Sync, current: number, desired: number, min: number, max: number): number {
    const stabilized = this.stabilize(s.key, desired, DOWNSCALE_STABILIZATION_MS);
    if (stabilized !== desired) {
      this.setCondition(s, 'AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
    } else {
      this.setCondition(s, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    }
    const upLimit = Math.max(2 * current, 4);
    const [limit, limitReason, limitMessage] = max > upLimit
      ? [upLimit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
      : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    let [result, reason, message] = [stabilized, 'DesiredWithinRange', 'the desired count is within the acceptable range'];
    if (stabilized < min) [result, reason, message] = [min, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    else if (stabilized > limit) [result, reason, message] = [limit, limitReason, limitMessage];
    this.setCondition(s, 'ScalingLimited', result === stabilized ? 'False' : 'True', reason, message);
    return result;
  }

  private stabilize(key: string, desired: number, windowMs: number): number {
    const now = this.clock.now();
    const recs = this.recommendations.get(key) ?? [];
    let best = desired;
    let old = -1;
    recs.forEach((r, i) => {
      if (r.at < now - windowMs) old = i;
      else if (r.value > best) best = r.value;
    });
    if (old >= 0) recs[old] = { value: desired, at: now };
    else recs.push({ value: desired, at: now });
    this.recommendations.set(key, recs);
    return best;
  }

  /** With spec.behavior: per-direction stabilization windows, then the policies' rate limits. */
  private normalizeWithBehaviors(s: Sync, behavior: Obj, current: number, desired: number, min: number, max: number): number {
    const up = rulesOf(behavior.scaleUp);
    const down = rulesOf(behavior.scaleDown);
    const stabilized = this.stabilizeWithBehaviors(s.key, current, desired, up, down);
    if (stabilized !== desired) {
      const [reason, message] = desired >= current
        ? ['ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation']
        : ['ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation'];
      this.setCondition(s, 'AbleToScale', 'True', reason, message);
    } else {
      this.setCondition(s, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    }
    const [result, reason, message] = this.rateLimit(s.key, current, stabilized, min, max, up, down);
    this.setCondition(s, 'ScalingLimited', result === stabilized ? 'False' : 'True', reason, message);
    return result;
  }

  private stabilizeWithBehaviors(key: string, current: number, desired: number, up: Rules, down: Rules): number {
    const now = this.clock.now();
    const upCutoff = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
    const downCutoff = now - (down.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_MS / 1000) * 1000;
    let upRec = desired;
    let downRec = desired;
    let old = -1;
    const recs = this.recommendations.get(key) ?? [];
    recs.forEach((r, i) => {
      if (r.at > upCutoff) upRec = Math.min(r.value, upRec);
      if (r.at > downCutoff) downRec = Math.max(r.value, downRec);
      if (r.at < upCutoff && r.at < downCutoff) old = i;
    });
    if (old >= 0) recs[old] = { value: desired, at: now };
    else recs.push({ value: desired, at: now });
    this.recommendations.set(key, recs);
    return Math.min(Math.max(current, upRec), downRec);
  }

  private rateLimit(key: string, current: number, desired: number, min: number, max: number, up: Rules, down: Rules): [number, string, string] {
    const ups = this.scaleUpEvents.get(key) ?? [];
    const downs = this.scaleDownEvents.get(key) ?? [];
    if (desired > current) {
      const limit = Math.max(scaleLimit(current, ups, downs, up, 'up', this.clock.now()), current);
      const [allowed, reason, message] = max > limit
        ? [limit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
        : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
      if (desired > allowed) return [allowed, reason, message];
    } else if (desired < current) {
      const limit = Math.min(scaleLimit(current, ups, downs, down, 'down', this.clock.now()), current);
      const [allowed, reason, message] = min < limit
        ? [limit, 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']
        : [min, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
      if (desired < allowed) return [allowed, reason, message];
    }
    return [desired, 'DesiredWithinRange', 'the desired count is within the acceptable range'];
  }

  private storeScaleEvent(key: string, behavior: Obj, prev: number, next: number): void {
    const upward = next > prev;
    const rules = rulesOf(upward ? behavior.scaleUp : behavior.scaleDown);
    const longest = Math.max(0, ...(rules.policies ?? []).map((p) => p.periodSeconds));
    const store = upward ? this.scaleUpEvents : this.scaleDownEvents;
    const now = this.clock.now();
    // Events older than the longest policy period no longer limit anything: reuse one slot.
    const events = (store.get(key) ?? []).filter((e) => e.at >= now - longest * 1000);
    events.push({ value: Math.abs(next - prev), at: now });
    store.set(key, events);
  }

  // ---- status --------------------------------------------------------------------------------

  private setCondition(s: Sync, type: string, status: string, reason: string, message: string): void {
    const existing = s.conditions.find((c) => c.type === type);
    const now = this.clock.nowRFC3339();
    if (!existing) s.conditions.push({ type, status, lastTransitionTime: now, reason, message });
    else Object.assign(existing, { status, reason, message, lastTransitionTime: existing.status === status ? existing.lastTransitionTime : now });
  }

  private writeStatus(s: Sync, current: number, desired: number, metricStatuses: Obj[] | null, rescaled: boolean): void {
    const old = isObject(s.hpa.status) ? s.hpa.status : {};
    const lastScaleTime = rescaled ? this.clock.nowRFC3339() : old.lastScaleTime;
    const status: Obj = s.hpa.apiVersion === 'autoscaling/v1' ? v1Status(current, desired, metricStatuses) : { currentReplicas: current, desiredReplicas: desired, currentMetrics: metricStatuses, conditions: s.conditions };
    if (lastScaleTime !== undefined) status.lastScaleTime = lastScaleTime;
    if (deepEqual(status, old)) return;
    this.api.updateStatus({ ...s.hpa, status });
  }
}

/** autoscaling/v1 keeps only the CPU figure; its conditions live in an annotation the status write cannot set. */
function v1Status(current: number, desired: number, metricStatuses: Obj[] | null): Obj {
  const status: Obj = { currentReplicas: current, desiredReplicas: desired };
  const cpu = (metricStatuses ?? []).find((m) => isObject(m.resource) && m.resource.name === 'cpu');
  const utilization = isObject(cpu?.resource) && isObject(cpu.resource.current) ? cpu.resource.current.averageUtilization : undefined;
  if (typeof utilization === 'number') status.currentCPUUtilizationPercentage = utilization;
  return status;
}

function scaleLimit(current: number, ups: Timestamped[], downs: Timestamped[], rules: Rules, direction: 'up' | 'down', now: number): number {
  const policy = rules.selectPolicy ?? 'Max';
  if (policy === 'Disabled') return current;
  const pickLowest = (direction === 'up') === (policy === 'Min');
  let result = pickLowest ? Infinity : -Infinity;
  for (const p of rules.policies ?? []) {
    const since = now - p.periodSeconds * 1000;
    const added = ups.filter((e) => e.at > since).reduce((n, e) => n + e.value, 0);
    const removed = downs.filter((e) => e.at > since).reduce((n, e) => n + e.value, 0);
    const start = current - added + removed;
    let proposed: number;
    if (direction === 'up') proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    else proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pickLowest ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return Number.isFinite(result) ? result : current;
}

function rulesOf(v: unknown): Rules {
  if (!isObject(v)) return {};
  return {
    stabilizationWindowSeconds: typeof v.stabilizationWindowSeconds === 'number' ? v.stabilizationWindowSeconds : undefined,
    selectPolicy: typeof v.selectPolicy === 'string' ? v.selectPolicy : undefined,
    policies: asArray(v.policies)
      .filter(isObject)
      .map((p) => ({ type: String(p.type), value: Number(p.value), periodSeconds: Number(p.periodSeconds) })),
  };
}

/** autoscaling/v1 objects are stored as sent: their CPU target becomes the one Resource metric. */
function metricSpecsOf(hpa: KubeObject): Obj[] {
  const spec = isObject(hpa.spec) ? hpa.spec : {};
  if (hpa.apiVersion === 'autoscaling/v1') {
    const pct = typeof spec.targetCPUUtilizationPercentage === 'number' ? spec.targetCPUUtilizationPercentage : 80;
    return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: pct } } }];
  }
  return asArray(spec.metrics).filter(isObject);
}

function conditionsOf(hpa: KubeObject): Condition[] {
  const status = isObject(hpa.status) ? hpa.status : {};
  return asArray(status.conditions)
    .filter(isObject)
    .map((c) => ({ type: String(c.type), status: String(c.status), lastTransitionTime: String(c.lastTransitionTime), reason: String(c.reason), message: String(c.message) }));
}

function currentReplicasOf(hpa: KubeObject): number {
  const n = isObject(hpa.status) ? hpa.status.currentReplicas : undefined;
  return typeof n === 'number' ? n : 0;
}

function desiredReplicasOf(hpa: KubeObject): number {
  const n = isObject(hpa.status) ? hpa.status.desiredReplicas : undefined;
  return typeof n === 'number' ? n : 0;
}

function metricStatusesOf(hpa: KubeObject): Obj[] | null {
  const m = isObject(hpa.status) ? hpa.status.currentMetrics : undefined;
  return Array.isArray(m) ? asArray(m).filter(isObject) : null;
}

/** resource.NewMilliQuantity(v, DecimalSI).String(). */
function milliQuantity(v: number): string {
  return formatQuantity(v / 1000, 'DecimalSI');
}

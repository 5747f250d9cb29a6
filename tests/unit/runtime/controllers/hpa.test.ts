import { describe, expect, it } from 'vitest';
import { ApiServer } from '../../../../src/runtime/api/apiserver';
import type { KubeObject } from '../../../../src/runtime/api/types';
import { Clock, DEFAULT_EPOCH, toRFC3339 } from '../../../../src/runtime/clock';
import { createCluster } from '../../../../src/runtime/cluster';
import { HorizontalPodAutoscalerController } from '../../../../src/runtime/controllers/horizontalpodautoscaler';
import { eventsFor } from '../../../../src/runtime/events/recorder';
import { MetricsRegistry } from '../../../../src/runtime/metrics';

/** The HPA alone on an apiserver: no ReplicaSet controller adopting or deleting the pods the test makes. */
function setup(): { api: ApiServer; clock: Clock; metrics: MetricsRegistry } {
  const clock = new Clock(DEFAULT_EPOCH, 1);
  const api = new ApiServer(clock);
  const metrics = new MetricsRegistry();
  new HorizontalPodAutoscalerController(api, clock, metrics).start();
  return { api, clock, metrics };
}

function deployment(api: ApiServer, replicas: number): void {
  api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
    },
  });
}

/** Running, Ready pods that started ten minutes ago (past the CPU initialization period). */
function pods(api: ApiServer, clock: Clock, n: number, opts: { cpuRequest?: string; phase?: string; from?: number } = {}): void {
  const since = toRFC3339(clock.now() - 600_000);
  for (let i = opts.from ?? 0; i < (opts.from ?? 0) + n; i++) {
    const resources = opts.cpuRequest ? { requests: { cpu: opts.cpuRequest } } : {};
    const pod = api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' } },
      spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'nginx', resources }] },
    });
    if ((opts.phase ?? 'Running') === 'Pending') continue;
    api.updateStatus({
      ...pod,
      status: {
        phase: 'Running',
        startTime: since,
        conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: since }],
      },
    });
  }
}

/** What the kubelet's sampler would record: millicores per pod. */
function load(api: ApiServer, clock: Clock, metrics: MetricsRegistry, cpu: Record<string, number>): void {
  for (const [name, milli] of Object.entries(cpu)) {
    const pod = api.get('pods', name, 'default');
    metrics.record({ namespace: 'default', name, uid: pod.metadata.uid ?? '', nodeName: 'worker-1', timestamp: clock.now(), containers: [{ name: 'app', cpu: milli, memory: 50 * 2 ** 20 }] });
  }
}

function hpa(api: ApiServer, spec: Record<string, unknown> = {}, apiVersion = 'autoscaling/v2'): void {
  const base =
    apiVersion === 'autoscaling/v1'
      ? { targetCPUUtilizationPercentage: 50 }
      : { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] };
  api.create({
    apiVersion,
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 20, ...base, ...spec },
  });
}

const replicas = (api: ApiServer): unknown => (api.get('deployments', 'web', 'default').spec as { replicas: number }).replicas;
const status = (api: ApiServer): Record<string, unknown> => api.get('hpa', 'web', 'default').status as Record<string, unknown>;
const condition = (api: ApiServer, type: string): unknown => (status(api).conditions as { type: string }[]).find((c) => c.type === type);
const events = (api: ApiServer): [string, string, string][] =>
  eventsFor(api, api.get('hpa', 'web', 'default')).map((e) => [String(e.type), String(e.reason), String(e.message)]);
const each = (n: number, milli: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`web-${i}`, milli]));

describe('HPA: scaling up by the replica formula', () => {
  it('4 pods at 200 % of a 50 % target want 16, limited to max(2×4, 4) = 8 without spec.behavior', () => {
    const { api, clock, metrics } = setup();
    deployment(api, 4);
    pods(api, clock, 4, { cpuRequest: '100m' });
    hpa(api);
    clock.advance(10_000);
    expect(replicas(api)).toBe(4);
    load(api, clock, metrics, each(4, 200));
    clock.advance(5_000);

    expect(replicas(api)).toBe(8);
    expect(status(api)).toMatchObject({
      currentReplicas: 4,
      desiredReplicas: 8,
      lastScaleTime: toRFC3339(DEFAULT_EPOCH + 15_000),
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 200, averageValue: '200m' } } }],
    });
    expect(status(api).conditions).toEqual([
      { type: 'AbleToScale', status: 'True', lastTransitionTime: toRFC3339(DEFAULT_EPOCH + 15_000), reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 8' },
      { type: 'ScalingActive', status: 'True', lastTransitionTime: toRFC3339(DEFAULT_EPOCH + 15_000), reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
      { type: 'ScalingLimited', status: 'True', lastTransitionTime: toRFC3339(DEFAULT_EPOCH + 15_000), reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' },
    ]);
    expect(events(api)).toEqual([['Normal', 'SuccessfulRescale', 'New size: 8; reason: cpu resource utilization (percentage of request) above target']]);
  });

  it('is capped by maxReplicas (TooManyReplicas)', () => {
    const { api, clock, metrics } = setup();
    deployment(api, 4);
    pods(api, clock, 4, { cpuRequest: '100m' });
    hpa(api, { maxReplicas: 6 });
    load(api, clock, metrics, each(4, 200));
    clock.advance(15_000);
    expect(replicas(api)).toBe(6);
    expect(condition(api, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
  });

  it('with the default behavior, adds at most max(4 pods, 100 %) per 15 s period', () => {
    const { api, clock, metrics } = setup();
    deployment(api, 4);
    pods(api, clock, 4, { cpuRequest: '100m' });
    hpa(api, { behavior: {} });
    expect(api.get('hpa', 'web', 'default').spec).toMatchObject({
      behavior: { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] } },
    });
    load(api, clock, metrics, each(4, 200));
    clock.advance(15_000);
    expect(replicas(api)).toBe(8);
    expect(condition(api, 'ScalingLimited')).toMatchObject({ reason: 'ScaleUpLimit' });
    // The next period starts from 8: 4 ready pods still at 200 % ask for 16, now within the limit.
    load(api, clock, metrics, each(4, 200));
    clock.advance(15_000);
    expect(replicas(api)).toBe(16);
    expect(condition(api, 'ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' });
  });

  it('reads autoscaling/v1 targetCPUUtilizationPercentage and reports currentCPUUtilizationPercentage', () => {
    const { api, clock, metrics } = setup();
    deployment(api, 2);
    pods(api, clock, 2, { cpuRequest: '200m' });
    hpa(api, {}, 'autoscaling/v1');
    load(api, clock, metrics, each(2, 150));
    clock.advance(15_000);
    // 75 % of request against 50 %: ceil(2 × 1.5) = 3.
    expect(replicas(api)).toBe(3);
    expect(status(api)).toEqual({ currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 75, lastScaleTime: toRFC3339(DEFAULT_EPOCH + 15_000) });
  });
});

describe('HPA: holding steady', () => {
  it('does nothing inside the 10 % tolerance', () => {
    const { api, clock, metrics } = setup();
    deployment(api, 4);
    pods(api, clock, 4, { cpuRequest: '100m' });
    hpa(api);
    load(api, clock, metrics, each(4, 54));
    clock.advance(15_000);
    expect(replicas(api)).toBe(4);
    expect(status(api)).toMatchObject({ currentReplicas: 4, desiredReplicas: 4, currentMetrics: [{ resource: { current: { averageUtilization: 54, averageValue: '54m' } } }] });
    expect(status(api).lastScaleTime).toBeUndefined();
    expect(condition(api, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' });
    expect(condition(api, 'ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange' });
    expect(events(api)).toEqual([]);
  });

  it('counts not-yet-ready pods as idle on a scale-up', () => {
    const { api, clock, metrics } = setup();
    deployment(api, 4);
    pods(api, clock, 2, { cpuRequest: '100m' });
    pods(api, clock, 2, { cpuRequest: '100m', phase: 'Pending', from: 2 });
    hpa(api);
    load(api, clock, metrics, each(2, 100));
    clock.advance(15_000);
    // 2 ready pods at 200 % of target, but with the 2 Pending ones at 0 % the average is on target.
    expect(replicas(api)).toBe(4);
  });

  it('counts pods without samples as fully busy on a scale-down', () => {
    const { api, clock, metrics } = setup();
    deployment(api, 4);
    pods(api, clock, 4, { cpuRequest: '100m' });
    hpa(api);
    load(api, clock, metrics, { 'web-0': 20, 'web-1': 20 });
    clock.advance(15_000);
    // Alone, 20 % would ask for 2; with the silent pods at 100 % the average (60 %) points the other way.
    expect(replicas(api)).toBe(4);
  });
});

describe('HPA: stabilised scale-down', () => {
  it('keeps the highest recommendation of the last 5 minutes, then scales down', () => {
    const { api, clock, metrics } = setup();
    deployment(api, 4);
    pods(api, clock, 4, { cpuRequest: '100m' });
    hpa(api);
    for (let t = 15_000; t <= 315_000; t += 15_000) {
      load(api, clock, metrics, each(4, 10));
      clock.advance(15_000);
      expect(replicas(api)).toBe(4);
    }
    expect(condition(api, 'AbleToScale')).toMatchObject({
      status: 'True',
      reason: 'ScaleDownStabilized',
      message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
    });
    expect(status(api)).toMatchObject({ currentReplicas: 4, desiredReplicas: 4 });
    load(api, clock, metrics, each(4, 10));
    clock.advance(15_000);
    expect(replicas(api)).toBe(1);
    expect(events(api)).toEqual([['Normal', 'SuccessfulRescale', 'New size: 1; reason: All metrics below target']]);
  });

  it('does not go below minReplicas (TooFewReplicas)', () => {
    const { api, clock, metrics } = setup();
    deployment(api, 4);
    pods(api, clock, 4, { cpuRequest: '100m' });
    hpa(api, { minReplicas: 3, behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } });
    load(api, clock, metrics, each(4, 10));
    clock.advance(15_000);
    expect(replicas(api)).toBe(3);
    expect(condition(api, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
  });
});

describe('HPA: errors', () => {
  it('pods without a CPU request cannot be measured against a utilization target', () => {
    const { api, clock, metrics } = setup();
    deployment(api, 2);
    pods(api, clock, 2);
    hpa(api);
    load(api, clock, metrics, each(2, 100));
    clock.advance(15_000);
    const missing = 'failed to get cpu utilization: missing request for cpu in container app of Pod web-0';
    expect(events(api)).toEqual([
      ['Warning', 'FailedGetResourceMetric', missing],
      ['Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${missing}`],
    ]);
    expect(condition(api, 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${missing}` });
    expect(condition(api, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });
    expect(status(api)).toMatchObject({ currentReplicas: 2, desiredReplicas: 0, currentMetrics: [{ type: '' }] });
    expect(replicas(api)).toBe(2);
  });

  it('no samples at all is reported as the metrics API returning nothing', () => {
    const { api, clock } = setup();
    deployment(api, 2);
    pods(api, clock, 2, { cpuRequest: '100m' });
    hpa(api);
    clock.advance(15_000);
    expect(events(api)[0]).toEqual([
      'Warning',
      'FailedGetResourceMetric',
      'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    ]);
  });

  it('a missing scale target sets AbleToScale False (FailedGetScale), in a full cluster', () => {
    const c = createCluster();
    c.apply(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ghost}
  minReplicas: 1
  maxReplicas: 5
`);
    c.advance(15_000);
    const h = c.api.get('hpa', 'web', 'default');
    expect((h.status as { conditions: unknown[] }).conditions).toEqual([
      {
        type: 'AbleToScale',
        status: 'False',
        lastTransitionTime: c.clock.nowRFC3339(),
        reason: 'FailedGetScale',
        message: 'the HPA controller was unable to get the target\'s current scale: deployments.apps "ghost" not found',
      },
    ]);
    expect(eventsFor(c.api, h).map((e: KubeObject) => [e.reason, e.message, (e.source as { component: string }).component])).toEqual([
      ['FailedGetScale', 'deployments.apps "ghost" not found', 'horizontal-pod-autoscaler'],
    ]);
  });
});

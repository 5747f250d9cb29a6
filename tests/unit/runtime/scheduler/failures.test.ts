// FailedScheduling messages, exactly as kube-scheduler v1.34 words them.
import { describe, expect, it } from 'vitest';
import { cluster, createPod, eventsOf, podScheduled, unschedulableMessage, workers } from './helpers';

const CP_TAINT = "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";
const NOT_HELPFUL_4 = 'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.';

describe('FailedScheduling messages', () => {
  it('control-plane taint + insufficient cpu, with preemption finding no victims', () => {
    const c = cluster();
    for (const w of ['worker-1', 'worker-2', 'worker-3']) createPod(c, `fill-${w}`, { cpu: '2', nodeSelector: { 'kubernetes.io/hostname': w } });
    c.settle();
    createPod(c, 'big', { cpu: '3' });
    c.settle();
    const msg = `0/4 nodes are available: ${CP_TAINT}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.`;
    expect(unschedulableMessage(c, 'big')).toBe(msg);
    expect(podScheduled(c, 'big')).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastProbeTime: null });
    const events = eventsOf(c, 'big', 'FailedScheduling');
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ type: 'Warning', message: msg, action: 'Scheduling', reportingComponent: 'default-scheduler' });
  });

  it('a request larger than any node: preemption is not helpful anywhere', () => {
    const c = cluster();
    createPod(c, 'huge', { cpu: '5' });
    c.settle();
    expect(unschedulableMessage(c, 'huge')).toBe(`0/4 nodes are available: ${CP_TAINT}, 3 Insufficient cpu. ${NOT_HELPFUL_4}`);
  });

  it('insufficient memory', () => {
    const c = cluster(workers(2, { memory: '2Gi' }));
    createPod(c, 'mem', { memory: '3Gi' });
    c.settle();
    expect(unschedulableMessage(c, 'mem')).toBe('0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  });

  it('insufficient cpu and memory on the same node list both reasons', () => {
    const c = cluster(workers(1, { cpu: '1', memory: '1Gi' }));
    createPod(c, 'both', { cpu: '2', memory: '2Gi' });
    c.settle();
    expect(unschedulableMessage(c, 'both')).toBe('0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });

  it('too many pods', () => {
    const c = cluster(workers(1, { pods: 2 }));
    createPod(c, 'a');
    createPod(c, 'b');
    c.settle();
    createPod(c, 'third');
    c.settle();
    expect(unschedulableMessage(c, 'third')).toBe('0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  it('nodeSelector matching no node', () => {
    const c = cluster();
    createPod(c, 'sel', { nodeSelector: { disktype: 'ssd' } });
    c.settle();
    expect(unschedulableMessage(c, 'sel')).toBe(`0/4 nodes are available: ${CP_TAINT}, 3 node(s) didn't match Pod's node affinity/selector. ${NOT_HELPFUL_4}`);
  });

  it('required node affinity matching no node', () => {
    const c = cluster();
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-z'] }] }] } } };
    createPod(c, 'aff', { affinity });
    c.settle();
    expect(unschedulableMessage(c, 'aff')).toBe(`0/4 nodes are available: ${CP_TAINT}, 3 node(s) didn't match Pod's node affinity/selector. ${NOT_HELPFUL_4}`);
  });

  it('pod anti-affinity against pods on every worker', () => {
    const c = cluster();
    for (const w of ['worker-1', 'worker-2', 'worker-3']) createPod(c, `web-${w}`, { labels: { app: 'web' }, nodeSelector: { 'kubernetes.io/hostname': w } });
    c.settle();
    const affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } };
    createPod(c, 'web-4', { labels: { app: 'web' }, affinity });
    c.settle();
    expect(unschedulableMessage(c, 'web-4')).toBe(
      `0/4 nodes are available: ${CP_TAINT}, 3 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.`,
    );
  });

  it("existing pods' anti-affinity keeps a matching pod away", () => {
    const c = cluster(workers(1));
    const affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: 'kubernetes.io/hostname' }] } };
    createPod(c, 'loner', { labels: { app: 'db' }, affinity });
    c.settle();
    createPod(c, 'cache', { labels: { app: 'cache' } });
    c.settle();
    expect(unschedulableMessage(c, 'cache')).toBe(
      "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    );
  });

  it('pod affinity with no node in the topology', () => {
    const c = cluster();
    createPod(c, 'db', { labels: { app: 'db' } });
    c.settle();
    const affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'example.com/rack' }] } };
    createPod(c, 'api', { labels: { app: 'api' }, affinity });
    c.settle();
    expect(unschedulableMessage(c, 'api')).toBe(`0/4 nodes are available: ${CP_TAINT}, 3 node(s) didn't match pod affinity rules. ${NOT_HELPFUL_4}`);
  });

  it('cordoned nodes', () => {
    const c = cluster();
    for (const w of ['worker-1', 'worker-2', 'worker-3']) c.api.patch('nodes', w, { spec: { unschedulable: true } }, { patchType: 'merge' });
    c.settle();
    createPod(c, 'p');
    c.settle();
    expect(unschedulableMessage(c, 'p')).toBe(`0/4 nodes are available: ${CP_TAINT}, 3 node(s) were unschedulable. ${NOT_HELPFUL_4}`);
  });

  it('host ports in use', () => {
    const c = cluster(workers(2));
    createPod(c, 'a', { hostPort: 8080, labels: { app: 'a' } });
    createPod(c, 'b', { hostPort: 8080, labels: { app: 'b' } });
    c.settle();
    createPod(c, 'c', { hostPort: 8080, labels: { app: 'c' } });
    c.settle();
    expect(unschedulableMessage(c, 'c')).toBe(
      "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });

  it('a missing PersistentVolumeClaim', () => {
    const c = cluster();
    createPod(c, 'p', { claim: 'data' });
    c.settle();
    expect(unschedulableMessage(c, 'p')).toBe(`0/4 nodes are available: persistentvolumeclaim "data" not found. ${NOT_HELPFUL_4}`);
  });

  it('an unbound claim of an Immediate class', () => {
    const c = cluster();
    c.apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`);
    createPod(c, 'p', { claim: 'data' });
    c.settle();
    expect(unschedulableMessage(c, 'p')).toBe(`0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. ${NOT_HELPFUL_4}`);
  });

  it('topology spread constraints', () => {
    const c = cluster([
      { name: 'a-1', role: 'worker', zone: 'zone-a' },
      { name: 'b-1', role: 'worker', zone: 'zone-b' },
    ]);
    createPod(c, 'web-0', { labels: { app: 'web' }, nodeName: 'a-1' });
    c.api.patch('nodes', 'b-1', { spec: { unschedulable: true } }, { patchType: 'merge' });
    c.settle();
    const spread = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }];
    createPod(c, 'web-1', { labels: { app: 'web' }, topologySpreadConstraints: spread });
    c.settle();
    expect(unschedulableMessage(c, 'web-1')).toBe(
      "0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
  });

  it('topology spread on a node without the topology label', () => {
    const c = cluster(workers(1));
    const spread = [{ maxSkew: 1, topologyKey: 'example.com/rack', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }];
    createPod(c, 'web', { labels: { app: 'web' }, topologySpreadConstraints: spread });
    c.settle();
    expect(unschedulableMessage(c, 'web')).toBe(
      "0/1 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
  });

  it('preemptionPolicy Never is not eligible to preempt', () => {
    const c = cluster(workers(1, { cpu: '1' }));
    c.apply('apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high-nonpreempting}\nvalue: 1000\npreemptionPolicy: Never\n');
    createPod(c, 'low', { cpu: '800m' });
    c.settle();
    createPod(c, 'polite', { cpu: '800m', priorityClassName: 'high-nonpreempting' });
    c.settle();
    expect(unschedulableMessage(c, 'polite')).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('no nodes at all is a scheduler error', () => {
    const c = cluster([]);
    createPod(c, 'p');
    c.settle();
    expect(podScheduled(c, 'p')).toMatchObject({ status: 'False', reason: 'SchedulerError', message: 'no nodes available to schedule pods' });
  });

  it('writes the condition only when it changes, keeping lastTransitionTime', () => {
    const c = cluster(workers(1, { cpu: '1' }));
    createPod(c, 'p', { cpu: '2' });
    c.settle();
    const first = c.api.get('pods', 'p');
    c.advance(60_000);
    c.scheduler.queue.activate(first.metadata.uid ?? '');
    c.settle();
    const again = c.api.get('pods', 'p');
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(eventsOf(c, 'p', 'FailedScheduling').length).toBe(2);
  });
});

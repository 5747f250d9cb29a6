import { describe, expect, it } from 'vitest';
import { drainNode, goDuration, type DrainRun } from '../../../src/kubectl/drain';
import type { KubeObject } from '../../../src/runtime/api/types';
import { DisruptionController } from '../../../src/runtime/controllers/disruption';
import { NodeLifecycleController } from '../../../src/runtime/controllers/nodelifecycle';
import { lifecycleKit, taints, type LifecycleKit } from './controllers/lifecyclekit';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };

function setup(): { k: LifecycleKit; rs: KubeObject } {
  const k = lifecycleKit((api, clock) => [new DisruptionController(api, clock).start(), new NodeLifecycleController(api, clock).start()]);
  const rs = k.api.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } });
  return { k, rs };
}

function daemonPod(k: LifecycleKit, node: string): void {
  const ds = k.api.tryGet('daemonsets', 'kube-proxy', 'kube-system') ??
    k.api.create({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system' },
      spec: { selector: { matchLabels: { k8s: 'proxy' } }, template: { metadata: { labels: { k8s: 'proxy' } }, spec: template.spec } },
    });
  k.runPod(`kube-proxy-${node}`, node, { ns: 'kube-system', labels: { k8s: 'proxy' }, owner: ds });
}

const text = (run: DrainRun): string[] => run.lines.map((l) => `${l.stream === 'stderr' ? '! ' : ''}${l.text}`);

describe('kubectl drain', () => {
  it('cordons, evicts, waits for the pods to go, and reports the node drained', () => {
    const { k, rs } = setup();
    k.runPod('web-abc-1', 'worker-1', { owner: rs });
    k.runPod('web-abc-2', 'worker-2', { owner: rs });
    daemonPod(k, 'worker-1');
    k.powerOff('worker-1'); // pods terminate only when the test says so
    const run = drainNode(k.api, k.clock, 'worker-1', { ignoreDaemonsets: true });
    expect(text(run)).toEqual(['node/worker-1 cordoned', '! Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-worker-1', 'evicting pod default/web-abc-1']);
    expect(run.done).toBe(false);
    k.advanceTo(3_000);
    k.powerOn('worker-1');
    k.advanceTo(3_500);
    expect(run.done).toBe(false);
    k.advanceTo(4_000);
    expect(text(run).slice(3)).toEqual(['pod/web-abc-1 evicted', 'node/worker-1 drained']);
    expect([run.done, run.exitCode]).toEqual([true, 0]);
    expect(k.node('worker-1').spec).toMatchObject({ unschedulable: true });
    expect(k.pod('kube-proxy-worker-1', 'kube-system')).toBeDefined();
    k.clock.drain();
    expect(taints(k.node('worker-1'))).toMatchObject([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
  });

  it('retries every 5 s while a PodDisruptionBudget refuses, then succeeds when the budget allows', () => {
    const { k, rs } = setup();
    k.runPod('web-abc-1', 'worker-1', { owner: rs });
    k.runPod('web-abc-2', 'worker-2', { owner: rs });
    k.api.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
    k.clock.drain();
    const run = drainNode(k.api, k.clock, 'worker-1');
    const refusal = `! error when evicting pods/"web-abc-1" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
    expect(text(run)).toEqual(['node/worker-1 cordoned', 'evicting pod default/web-abc-1', refusal]);
    k.advanceTo(5_000);
    expect(text(run).slice(3)).toEqual(['evicting pod default/web-abc-1', refusal]);
    // A third replica becomes ready elsewhere: the budget now allows one disruption.
    k.runPod('web-abc-3', 'worker-3', { owner: rs });
    k.advanceTo(10_000);
    expect(text(run).slice(5)).toEqual(['evicting pod default/web-abc-1']);
    // The kubelet finishes the pod in this instant; kubectl notices on its next one-second poll.
    k.advanceTo(11_000);
    expect(text(run).slice(6)).toEqual(['pod/web-abc-1 evicted', 'node/worker-1 drained']);
    expect(run.exitCode).toBe(0);
  });

  it('refuses DaemonSet pods, local storage and bare pods, listing them all', () => {
    const { k } = setup();
    daemonPod(k, 'worker-2');
    k.runPod('bare', 'worker-2');
    const withVolume = k.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'scratch', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'x', controller: true }] },
      spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'tmp', emptyDir: {} }] },
    });
    k.api.bind('default', withVolume.metadata.name ?? '', 'worker-2');
    const run = drainNode(k.api, k.clock, 'worker-2');
    // kubectl groups by message in Go map order; here it is the order pods are listed in.
    const errs = [
      'cannot delete Pods that declare no controller (use --force to override): default/bare',
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/scratch',
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kube-proxy-worker-2',
    ];
    expect(text(run)).toEqual([
      'node/worker-2 cordoned',
      `! error: unable to drain node "worker-2" due to error: [${errs.join(', ')}], continuing command...`,
      '! There are pending nodes to be drained:',
      '!  worker-2',
      ...errs.map((e) => `! ${e}`),
    ]);
    expect([run.done, run.exitCode]).toEqual([true, 1]);
    expect(k.pod('bare')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('--force and --delete-emptydir-data let them go with a warning for the bare pod', () => {
    const { k } = setup();
    k.runPod('bare', 'worker-3');
    const run = drainNode(k.api, k.clock, 'worker-3', { force: true, deleteEmptydirData: true });
    expect(text(run).slice(0, 3)).toEqual(['node/worker-3 cordoned', '! Warning: deleting Pods that declare no controller: default/bare', 'evicting pod default/bare']);
    k.advanceTo(1_000);
    expect(run.exitCode).toBe(0);
  });

  it('gives up after --timeout with kubectl\'s messages', () => {
    const { k, rs } = setup();
    k.runPod('web-abc-1', 'worker-1', { owner: rs });
    k.api.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
    k.clock.drain();
    const run = drainNode(k.api, k.clock, 'worker-1', { timeoutSeconds: 12 });
    k.advanceTo(20_000);
    const timeout = 'error when evicting pods/"web-abc-1" -n "default": global timeout reached: 12s';
    expect(text(run).slice(-7)).toEqual([
      'evicting pod default/web-abc-1',
      `! There are pending pods in node "worker-1" when an error occurred: ${timeout}`,
      '! pod/web-abc-1',
      `! error: unable to drain node "worker-1" due to error: ${timeout}, continuing command...`,
      '! There are pending nodes to be drained:',
      '!  worker-1',
      `! ${timeout}`,
    ]);
    expect(text(run).filter((l) => l.startsWith('evicting'))).toHaveLength(4);
    expect(run.exitCode).toBe(1);
  });

  it('says so when the node is already cordoned or does not exist', () => {
    const { k } = setup();
    k.api.patch('nodes', 'worker-3', { spec: { unschedulable: true } });
    expect(text(drainNode(k.api, k.clock, 'worker-3'))).toEqual(['node/worker-3 already cordoned', 'node/worker-3 drained']);
    const missing = drainNode(k.api, k.clock, 'nope');
    expect([text(missing), missing.exitCode]).toEqual([['! Error from server (NotFound): nodes "nope" not found'], 1]);
  });

  it('formats durations as Go does', () => {
    expect([5_000, 60_000, 90_000, 3_600_000, 500].map(goDuration)).toEqual(['5s', '1m0s', '1m30s', '1h0m0s', '500ms']);
  });
});

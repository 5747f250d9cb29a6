import { describe, expect, it } from 'vitest';
import { NodeLifecycleController } from '../../../../src/runtime/controllers/nodelifecycle';
import { TaintEvictionController } from '../../../../src/runtime/controllers/tainteviction';
import { at, condition, lifecycleKit, taints, type LifecycleKit } from './lifecyclekit';

const both = (): LifecycleKit =>
  lifecycleKit((api, clock) => [new NodeLifecycleController(api, clock).start(), new TaintEvictionController(api, clock).start()]);

/** Kit time 22 s: worker-2 renewed its lease at 21 s; the monitor sees that renewal at 25 s. */
function poweredOff(): LifecycleKit {
  const k = both();
  k.runPod('web-1', 'worker-2');
  k.runPod('web-2', 'worker-1');
  k.advanceTo(22_000);
  k.powerOff('worker-2');
  return k;
}

describe('node lifecycle controller: a powered-off host', () => {
  it('registers every node on its first pass', () => {
    const k = both();
    k.advanceTo(5_000);
    const registered = k.events('RegisteredNode').map((e) => [e.message, (e.source as { component: string }).component, (e.involvedObject as { kind: string }).kind]);
    expect(registered).toContainEqual(['Node worker-1 event: Registered Node worker-1 in Controller', 'node-controller', 'Node']);
    expect(registered).toHaveLength(4);
  });

  it('keeps Ready until the 50 s grace period after the last observed heartbeat has passed', () => {
    const k = poweredOff();
    k.advanceTo(79_999);
    expect(condition(k.node('worker-2'), 'Ready')?.status).toBe('True');
    expect(taints(k.node('worker-2'))).toEqual([]);
    k.advanceTo(80_000);
    const node = k.node('worker-2');
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(condition(node, type)).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: at(80_000),
        lastHeartbeatTime: at(0),
      });
    }
    expect(condition(k.node('worker-1'), 'Ready')?.status).toBe('True');
  });

  it('marks the node NotReady with events and flips its pods to not ready', () => {
    const k = poweredOff();
    k.advanceTo(80_000);
    const nodeEvent = k.events('NodeNotReady').find((e) => (e.involvedObject as { kind: string }).kind === 'Node');
    expect(nodeEvent).toMatchObject({ type: 'Normal', message: 'Node worker-2 status is now: NodeNotReady', source: { component: 'node-controller' } });
    const podEvent = k.events('NodeNotReady').find((e) => (e.involvedObject as { kind: string }).kind === 'Pod');
    expect(podEvent).toMatchObject({ type: 'Warning', message: 'Node is not ready', involvedObject: { name: 'web-1' } });
    expect(condition(k.pod('web-1'), 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: at(80_000) });
    expect(condition(k.pod('web-1'), 'ContainersReady')?.status).toBe('True');
    expect(condition(k.pod('web-2'), 'Ready')?.status).toBe('True');
  });

  it('taints NoSchedule at once and NoExecute on the next pass, both stamped with timeAdded', () => {
    const k = poweredOff();
    k.advanceTo(80_000);
    expect(taints(k.node('worker-2'))).toEqual([{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: at(80_000) }]);
    k.advanceTo(85_000);
    expect(taints(k.node('worker-2'))).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: at(80_000) },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: at(85_000) },
    ]);
  });

  it('evicts pods exactly 300 s (the default toleration) after the NoExecute taint, not before', () => {
    const k = poweredOff();
    k.advanceTo(384_999);
    expect(k.pod('web-1')?.metadata.deletionTimestamp).toBeUndefined();
    expect(k.events('TaintManagerEviction')).toEqual([]);
    k.advanceTo(385_000);
    const pod = k.pod('web-1');
    expect(pod?.metadata.deletionTimestamp).toBe(at(415_000));
    expect(condition(pod, 'DisruptionTarget')).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: at(385_000),
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    const ev = k.events('TaintManagerEviction');
    expect(ev.map((e) => [e.message, (e.source as { component: string }).component])).toEqual([['Marking for deletion Pod default/web-1', 'taint-eviction-controller']]);
    expect(k.pod('web-2')?.metadata.deletionTimestamp).toBeUndefined();
    // No kubelet finishes it: the pod stays Terminating while the host is off.
    k.advanceTo(1_000_000);
    expect(k.pod('web-1')?.metadata.deletionTimestamp).toBe(at(415_000));
  });

  it('honours a shorter tolerationSeconds and never evicts a pod that tolerates everything', () => {
    const k = both();
    k.runPod('quick', 'worker-2', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }] });
    k.runPod('stays', 'worker-2', { tolerations: [{ operator: 'Exists' }] });
    k.advanceTo(22_000);
    k.powerOff('worker-2');
    k.advanceTo(144_999);
    expect(k.pod('quick')?.metadata.deletionTimestamp).toBeUndefined();
    k.advanceTo(145_000);
    expect(k.pod('quick')?.metadata.deletionTimestamp).toBeDefined();
    k.advanceTo(2_000_000);
    expect(k.pod('stays')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('lifts the taints when the host comes back and the pending eviction is cancelled', () => {
    const k = poweredOff();
    k.advanceTo(200_000);
    k.powerOn('worker-2');
    expect(taints(k.node('worker-2'))).toEqual([{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: at(85_000) }]);
    k.advanceTo(205_000);
    expect(taints(k.node('worker-2'))).toEqual([]);
    expect(k.events('TaintManagerEviction').map((e) => e.message)).toEqual(['Cancelling deletion of Pod default/web-1']);
    k.advanceTo(600_000);
    expect(k.pod('web-1')?.metadata.deletionTimestamp).toBeUndefined();
    expect(condition(k.node('worker-2'), 'Ready')?.status).toBe('True');
  });

  it('a node that reports Ready=False gets the not-ready taints instead', () => {
    const k = both();
    k.advanceTo(12_000);
    k.postReady('worker-3', false);
    expect(taints(k.node('worker-3'))).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: at(12_000) }]);
    k.advanceTo(15_000);
    expect(taints(k.node('worker-3'))).toEqual([
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: at(12_000) },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: at(15_000) },
    ]);
    k.postReady('worker-3', true);
    k.advanceTo(20_000);
    expect(taints(k.node('worker-3'))).toEqual([]);
  });

  it('rate-limits NoExecute tainting to one node per zone every 10 s', () => {
    const k = both();
    // control-plane and worker-1 share zone-a.
    k.advanceTo(22_000);
    k.powerOff('control-plane');
    k.powerOff('worker-1');
    k.advanceTo(85_000);
    const noExecute = (n: string): unknown => taints(k.node(n)).find((t) => t.effect === 'NoExecute')?.timeAdded;
    const first = [noExecute('control-plane'), noExecute('worker-1')];
    expect(first.filter(Boolean)).toEqual([at(85_000)]);
    k.advanceTo(95_000);
    expect([noExecute('control-plane'), noExecute('worker-1')].sort()).toEqual([at(85_000), at(95_000)]);
  });

  it('stops evicting when every zone is fully disrupted (the control plane is probably the one cut off)', () => {
    const k = both();
    k.runPod('web-1', 'worker-2');
    k.advanceTo(22_000);
    for (const n of ['control-plane', 'worker-1', 'worker-2', 'worker-3']) k.powerOff(n);
    k.advanceTo(1_000_000);
    expect(condition(k.node('worker-2'), 'Ready')?.status).toBe('Unknown');
    for (const n of ['control-plane', 'worker-1', 'worker-2', 'worker-3']) expect(taints(k.node(n)).filter((t) => t.effect === 'NoExecute')).toEqual([]);
    expect(k.pod('web-1')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('mirrors cordoning into the unschedulable taint', () => {
    const k = both();
    k.api.patch('nodes', 'worker-1', { spec: { unschedulable: true } });
    k.clock.drain();
    expect(taints(k.node('worker-1'))).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: at(0) }]);
    k.api.patch('nodes', 'worker-1', { spec: { unschedulable: null } });
    k.clock.drain();
    expect(taints(k.node('worker-1'))).toEqual([]);
  });

  it('a node whose kubelet never posted status goes Unknown after the 60 s startup grace period', () => {
    const k = both();
    k.api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'by-hand' } });
    k.advanceTo(60_000);
    expect(condition(k.node('by-hand'), 'Ready')).toBeUndefined();
    k.advanceTo(65_000);
    expect(condition(k.node('by-hand'), 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
      lastHeartbeatTime: at(0),
      lastTransitionTime: at(65_000),
    });
  });
});

describe('taint eviction controller', () => {
  it('evicts at once pods that do not tolerate a NoExecute taint, and leaves tolerating ones', () => {
    const k = both();
    k.runPod('plain', 'worker-1');
    k.runPod('tolerant', 'worker-1', { tolerations: [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute' }] });
    k.api.patch('nodes', 'worker-1', { spec: { taints: [{ key: 'maintenance', value: 'true', effect: 'NoExecute' }] } });
    k.clock.drain();
    expect(k.pod('plain')).toBeUndefined();
    expect(k.pod('tolerant')?.metadata.deletionTimestamp).toBeUndefined();
    expect(k.events('TaintManagerEviction').map((e) => e.message)).toEqual(['Marking for deletion Pod default/plain']);
  });

  it('cancels a scheduled eviction when the taint goes before tolerationSeconds', () => {
    const k = both();
    k.runPod('p', 'worker-1', { tolerations: [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }] });
    k.api.patch('nodes', 'worker-1', { spec: { taints: [{ key: 'maintenance', effect: 'NoExecute' }] } });
    k.advanceTo(20_000);
    k.api.patch('nodes', 'worker-1', { spec: { taints: null } });
    k.advanceTo(60_000);
    expect(k.pod('p')?.metadata.deletionTimestamp).toBeUndefined();
    expect(k.events('TaintManagerEviction').map((e) => e.message)).toEqual(['Cancelling deletion of Pod default/p']);
  });
});

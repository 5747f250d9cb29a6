// The plain fields the hot filter/score loops read instead of the lists they summarise.
import { describe, expect, it } from 'vitest';
import { NodeInfo } from '../../../../src/runtime/scheduler/nodeinfo';
import { PodInfo } from '../../../../src/runtime/scheduler/podinfo';
import { NodeResourcesFit } from '../../../../src/runtime/scheduler/plugins/noderesourcesfit';
import { TaintToleration } from '../../../../src/runtime/scheduler/plugins/tainttoleration';
import { ImageLocality } from '../../../../src/runtime/scheduler/plugins/imagelocality';
import { CycleState, type ClusterView } from '../../../../src/runtime/scheduler/types';
import type { KubeObject } from '../../../../src/runtime/api/types';
import { podObject } from './helpers';

function node(name: string, taints: Record<string, string>[], pods = '110'): NodeInfo {
  const info = new NodeInfo(name);
  const obj: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: {} }, spec: { taints }, status: { allocatable: { cpu: '4', memory: '8Gi', pods } } };
  info.setNode(obj);
  return info;
}

function pod(name: string, uid: string, tolerations?: Record<string, unknown>[]): PodInfo {
  const obj = podObject(name, { cpu: '100m', tolerations });
  return new PodInfo({ ...obj, metadata: { ...obj.metadata, uid } });
}

/** A cluster view over a fixed node list with no pods. */
function view(nodes: NodeInfo[]): ClusterView {
  return {
    nodes: () => nodes,
    node: () => undefined,
    topology: () => ({ ids: new Int32Array(0), present: new Uint8Array(0), size: 0, labeled: 0 }),
    candidatePods: () => [],
    nodesWithImage: () => 0,
    hasUnschedulableNodes: () => false,
    assignedPod: () => undefined,
    matchingPodsByNode: () => ({ nodes: [], counts: [] }),
    nodesWithAffinityPods: () => [],
    nodesWithRequiredAntiAffinityPods: () => [],
    namespaceLabels: () => undefined,
  };
}

describe('scheduler fast paths', () => {
  const taints = new TaintToleration();

  it('counts hard and PreferNoSchedule taints separately, and clones keep them', () => {
    const n = node('n', [
      { key: 'a', value: '1', effect: 'PreferNoSchedule' },
      { key: 'b', value: '2', effect: 'NoExecute' },
      { key: 'c', value: '', effect: 'NoSchedule' },
    ]);
    expect([n.hardTaints, n.preferTaints]).toEqual([2, 1]);
    expect([n.clone().hardTaints, n.clone().preferTaints]).toEqual([2, 1]);
  });

  it('a node with only PreferNoSchedule taints passes the filter but scores the untolerated ones', () => {
    const soft = node('soft', [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }]);
    const p = pod('p', 'u1');
    expect(taints.filter(new CycleState(), p, soft)).toBeNull();
    const out = new Float64Array(2);
    taints.scoreAll(new CycleState(), p, [soft, node('plain', [])], out, 2);
    expect([...out]).toEqual([1, 0]);
    const tolerant = pod('t', 'u2', [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }]);
    taints.scoreAll(new CycleState(), tolerant, [soft], out, 1);
    expect(out[0]).toBe(0);
  });

  it('a NoExecute taint the pod does not tolerate rejects the node', () => {
    const n = node('n', [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }]);
    expect(taints.filter(new CycleState(), pod('p', 'u1'), n)?.reasons).toEqual(['node(s) had untolerated taint {dedicated: gpu}']);
  });

  it('podCount follows pods added and removed, for the Too many pods check', () => {
    const n = node('n', [], '1');
    const fit = new NodeResourcesFit();
    const a = pod('a', 'ua');
    n.addPod(a);
    expect(n.podCount).toBe(1);
    expect(fit.filter(new CycleState(), pod('b', 'ub'), n)?.reasons).toEqual(['Too many pods']);
    n.removePod('ua');
    expect(n.podCount).toBe(0);
    expect(fit.filter(new CycleState(), pod('b', 'ub'), n)).toBeNull();
  });

  it('ImageLocality scores 0 everywhere until some node reports images', () => {
    const il = new ImageLocality(() => false);
    const out = new Float64Array([7, 7]);
    const state = new CycleState();
    const nodes = [node('a', []), node('b', [])];
    expect(il.preScore(state, pod('p', 'u1'), nodes, view(nodes))).toBe(true);
    il.scoreAll(state, pod('p', 'u1'), nodes, out, 2);
    expect([...out]).toEqual([0, 0]);
  });
});

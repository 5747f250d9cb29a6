// The parts of a pod status the kubelet keeps or shares between pods
// (condition transition times, the runtime user, container IDs) stay per pod
// and exact, however they are cached.
import { describe, expect, it } from 'vitest';
import { asArray, field, isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { toRFC3339 } from '../../../../src/runtime/clock';
import { hex64 } from '../../../../src/runtime/kubelet/images';
import { buildPodStatus } from '../../../../src/runtime/kubelet/podstatus';
import { ContainerRecord, PodRecord } from '../../../../src/runtime/kubelet/records';
import { cluster, condition, containerStatus, pod, runPod } from './helpers';

const EPOCH = '2026-01-01T00:00:00Z';

/** FNV-1a over the text, one round per 8 hex digits, written the plain way. */
function referenceHex64(text: string): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < 64; round++) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

describe('kubelet: status parts', () => {
  it('keeps each pod its own lastTransitionTime when pods admitted together diverge', () => {
    const c = cluster();
    c.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'good', namespace: 'default' },
      spec: { nodeName: 'worker-1', containers: [{ name: 'web', image: 'nginx:1.14.2', readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 5 } }] },
    });
    runPod(c, { containers: [{ name: 'web', image: 'nginx:1.14.2', readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 } }] }, 'bad');
    c.advance(30_000);
    for (const name of ['good', 'bad']) {
      expect(condition(c, 'Initialized', name)).toMatchObject({ status: 'True', lastTransitionTime: EPOCH });
      expect(condition(c, 'PodReadyToStartContainers', name)).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:01Z' });
    }
    const started = Date.parse(String(field(containerStatus(c, 'good'), 'state', 'running', 'startedAt')));
    const readyAt = toRFC3339(started + 5_000);
    expect(condition(c, 'Ready', 'good')).toMatchObject({ status: 'True', lastTransitionTime: readyAt });
    expect(condition(c, 'ContainersReady', 'good')).toMatchObject({ status: 'True', lastTransitionTime: readyAt });
    expect(condition(c, 'Ready', 'bad')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', lastTransitionTime: EPOCH });
    expect(condition(c, 'ContainersReady', 'bad')).toMatchObject({ status: 'False', lastTransitionTime: EPOCH });
  });

  it('keeps lastTransitionTime per pod while a status holds, for pods whose conditions changed at the same moments', () => {
    const meta = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1 },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
      status: { qosClass: 'BestEffort', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: EPOCH }] },
    });
    const record = (name: string): PodRecord => {
      const pod = meta(name);
      const rec = new PodRecord(pod, 'syncing');
      rec.containers = [new ContainerRecord((pod.spec as { containers: Record<string, unknown>[] }).containers[0], 'main', 'waiting.creating')];
      return rec;
    };
    const ready = (rec: PodRecord, now: string): unknown => {
      const conds = buildPodStatus({ rec, hostIP: '10.140.0.11', now, terminal: false }).conditions as Record<string, unknown>[];
      return Object.fromEntries(conds.map((c) => [c.type, `${String(c.status)}@${String(c.lastTransitionTime)}`]));
    };
    const a = record('a');
    const b = record('b');
    const t = (s: number): string => toRFC3339(Date.parse(EPOCH) + s * 1000);
    expect(ready(a, t(0))).toEqual(ready(b, t(0)));
    a.sandboxReady = true;
    b.sandboxReady = true;
    ready(a, t(1));
    ready(b, t(1));
    a.containers[0].ready = true;
    expect(ready(a, t(5))).toMatchObject({ Ready: `True@${t(5)}`, ContainersReady: `True@${t(5)}`, PodReadyToStartContainers: `True@${t(1)}` });
    b.containers[0].ready = true;
    expect(ready(b, t(9))).toMatchObject({ Ready: `True@${t(9)}`, ContainersReady: `True@${t(9)}` });
    // Later writes keep each pod's own transition times.
    expect(ready(b, t(20))).toEqual({ PodReadyToStartContainers: `True@${t(1)}`, Initialized: `True@${t(0)}`, Ready: `True@${t(9)}`, ContainersReady: `True@${t(9)}`, PodScheduled: `True@${EPOCH}` });
    expect(ready(a, t(20))).toEqual({ PodReadyToStartContainers: `True@${t(1)}`, Initialized: `True@${t(0)}`, Ready: `True@${t(5)}`, ContainersReady: `True@${t(5)}`, PodScheduled: `True@${EPOCH}` });
    a.containers[0].ready = false;
    expect(ready(a, t(30))).toMatchObject({ Ready: `False@${t(30)}`, ContainersReady: `False@${t(30)}` });
    expect(ready(b, t(31))).toMatchObject({ Ready: `True@${t(9)}` });
  });

  it("reports the runtime user: the image's root groups, the pod's supplemental groups, or the set user and group", () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'web', image: 'nginx:1.14.2' }] }, 'root');
    runPod(c, { securityContext: { supplementalGroups: [4, 1000] }, containers: [{ name: 'sh', image: 'alpine:3.20', command: ['sleep', '3600'] }] }, 'alpine');
    runPod(c, { securityContext: { runAsUser: 1000, runAsGroup: 3000 }, containers: [{ name: 'web', image: 'nginx:1.14.2' }] }, 'user');
    runPod(c, { containers: [{ name: 'sh', image: 'busybox:1.36', command: ['sleep', '3600'] }] }, 'busybox');
    c.advance(20_000);
    expect(containerStatus(c, 'busybox').user).toEqual({ linux: { gid: 0, supplementalGroups: [0, 10], uid: 0 } });
    expect(containerStatus(c, 'root').user).toEqual({ linux: { gid: 0, supplementalGroups: [0], uid: 0 } });
    expect(containerStatus(c, 'alpine').user).toEqual({ linux: { gid: 0, supplementalGroups: [0, 1, 2, 3, 4, 6, 10, 11, 20, 26, 27, 1000], uid: 0 } });
    expect(containerStatus(c, 'user').user).toEqual({ linux: { gid: 3000, supplementalGroups: [3000], uid: 1000 } });
  });

  it('shares the frozen parts that pods started together show alike, and keeps each pod its own ids and mounts', () => {
    const c = cluster();
    // The image is pulled first, so both pods start in the same second.
    runPod(c, { containers: [{ name: 'web', image: 'nginx:1.14.2' }] }, 'warm');
    c.advance(20_000);
    for (const name of ['a', 'b']) runPod(c, { containers: [{ name: 'web', image: 'nginx:1.14.2' }] }, name);
    c.advance(20_000);
    const [a, b] = ['a', 'b'].map((name) => pod(c, name).status as Record<string, unknown>);
    const conds = (s: Record<string, unknown>): Record<string, unknown>[] => asArray(s.conditions).filter(isObject);
    // Same transition times, same statuses: one frozen object per condition for both pods.
    for (let i = 0; i < 4; i++) {
      expect(conds(a)[i]).toEqual(conds(b)[i]);
      expect(conds(a)[i]).toBe(conds(b)[i]);
      expect(Object.isFrozen(conds(a)[i])).toBe(true);
    }
    const [ca, cb] = [containerStatus(c, 'a'), containerStatus(c, 'b')];
    expect(ca.state).toEqual({ running: { startedAt: '2026-01-01T00:00:21Z' } });
    expect(ca.state).toBe(cb.state);
    expect(ca.user).toBe(cb.user);
    expect(ca.lastState).toEqual({});
    expect(ca.lastState).toBe(cb.lastState);
    expect(a.hostIPs).toEqual([{ ip: a.hostIP }]);
    expect(a.hostIPs).toBe(b.hostIPs);
    expect(ca.containerID).not.toBe(cb.containerID);
    expect(ca.volumeMounts).not.toEqual(cb.volumeMounts);
    expect(a.podIPs).toEqual([{ ip: a.podIP }]);
    expect(b.podIPs).toEqual([{ ip: b.podIP }]);
    // The serialised status keeps the upstream key order.
    expect(Object.keys(a)).toEqual(['conditions', 'containerStatuses', 'hostIP', 'hostIPs', 'observedGeneration', 'phase', 'podIP', 'podIPs', 'qosClass', 'startTime']);
    expect(Object.keys(ca)).toEqual(['containerID', 'image', 'imageID', 'lastState', 'name', 'ready', 'restartCount', 'started', 'state', 'user', 'volumeMounts']);
  });

  it('derives ids and digests by FNV-1a rounds, for short, long and non-ASCII text', () => {
    const texts = ['', 'Corefile', 'docker.io/library/nginx:1.27', `worker-1/${'a'.repeat(700)}/web/0/1/0.5`, 'pod-ü-中/web'];
    for (const t of texts) expect(hex64(t)).toBe(referenceHex64(t));
    expect(hex64('Corefile')).toMatch(/^[0-9a-f]{64}$/);
  });
});

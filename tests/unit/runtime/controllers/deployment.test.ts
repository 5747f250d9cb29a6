import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/runtime/api/types';
import { computeHash, safeEncodeString } from '../../../../src/runtime/controllers/deployment/hash';
import { rollbackDeployment } from '../../../../src/runtime/controllers/deployment/rollback';
import { resolveFenceposts } from '../../../../src/runtime/controllers/deployment/util';
import { eventsOf, finishTerminating, harness, markReady, podsOf, type Harness } from './replicaset.harness';

type IntOrPercent = number | string;

function deployment(name: string, replicas: number, extra: Record<string, unknown> = {}, image = 'nginx:1.27'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...extra,
    },
  };
}

const rsOf = (h: Harness, name: string): KubeObject[] => {
  const d = h.api.get('deployments', name);
  return h.api.ownedBy('replicasets', d.metadata.uid ?? '');
};
const replicas = (rs: KubeObject): number => (rs.spec as { replicas: number }).replicas;
const statusOf = (o: KubeObject): Record<string, unknown> => (o.status ?? {}) as Record<string, unknown>;
const conditions = (d: KubeObject): Record<string, string>[] => (statusOf(d).conditions ?? []) as Record<string, string>[];
const condition = (d: KubeObject, type: string): Record<string, string> | undefined => conditions(d).find((c) => c.type === type);

/** The ReplicaSet whose template carries this image. */
function rsWithImage(h: Harness, name: string, image: string): KubeObject | undefined {
  return rsOf(h, name).find((rs) => JSON.stringify(rs.spec).includes(`"image":"${image}"`));
}

function readyAll(h: Harness, rs: KubeObject | undefined): void {
  if (!rs) return;
  for (const p of podsOf(h, rs)) if (!p.metadata.deletionTimestamp && (p.status as { phase?: string }).phase !== 'Running') markReady(h, p);
}

function setImage(h: Harness, name: string, image: string): void {
  const d = h.api.get('deployments', name);
  const spec = d.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
  const containers = spec.template.spec.containers.map((c) => ({ ...c, image }));
  h.api.update({ ...d, spec: { ...(d.spec as object), template: { ...spec.template, spec: { ...spec.template.spec, containers } } } });
}

function patchSpec(h: Harness, name: string, patch: Record<string, unknown>): void {
  h.api.patch('deployments', name, { spec: patch }, { patchType: 'merge' });
}

/** A deployment at `image`, fully rolled out and available. */
function rolledOut(h: Harness, d: KubeObject, image = 'nginx:1.27'): void {
  h.api.create(d);
  h.settle();
  readyAll(h, rsWithImage(h, d.metadata.name ?? '', image));
  h.settle();
}

interface Step {
  newRS: number;
  oldRS: number;
  total: number;
  available: number;
}

/**
 * An independent model of the upstream rolling update, stepped to a fixed
 * point: scale the new set up within maxSurge (reconcileNewReplicaSet), else
 * scale old sets down within maxUnavailable (reconcileOldReplicaSets). Old
 * pods are all available; `ready` new pods are.
 */
function modelRollout(r: number, surgeSpec: IntOrPercent, unavailableSpec: IntOrPercent): Step[] {
  const scaled = (v: IntOrPercent, up: boolean): number => (typeof v === 'number' ? v : (up ? Math.ceil : Math.floor)((parseInt(v, 10) * r) / 100));
  const surge = scaled(surgeSpec, true);
  const unavailable = surge === 0 && scaled(unavailableSpec, false) === 0 ? 1 : scaled(unavailableSpec, false);
  const minAvailable = r - unavailable;
  let nw = 0;
  let old = r;
  let ready = 0;
  const converge = (): void => {
    for (;;) {
      const room = r + surge - (nw + old);
      if (nw < r && room > 0) {
        nw += Math.min(room, r - nw);
        continue;
      }
      const maxScaledDown = nw + old - minAvailable - (nw - ready);
      const down = Math.min(old, old + ready - minAvailable);
      if (old > 0 && maxScaledDown > 0 && down > 0) {
        old -= down;
        continue;
      }
      return;
    }
  };
  const steps: Step[] = [];
  converge();
  steps.push({ newRS: nw, oldRS: old, total: nw + old, available: old + ready });
  while (!(nw === r && old === 0 && ready === r) && steps.length < 50) {
    ready = nw;
    converge();
    steps.push({ newRS: nw, oldRS: old, total: nw + old, available: old + ready });
  }
  return steps;
}

function observeRollout(r: number, surge: IntOrPercent, unavailable: IntOrPercent): Step[] {
  const h = harness();
  rolledOut(h, deployment('web', r, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } }));
  setImage(h, 'web', 'nginx:1.28');
  const steps: Step[] = [];
  for (let i = 0; i < 50; i++) {
    h.settle();
    finishTerminating(h);
    h.settle();
    const newRS = rsWithImage(h, 'web', 'nginx:1.28');
    const olds = rsOf(h, 'web').filter((rs) => rs !== newRS);
    const n = newRS ? replicas(newRS) : 0;
    const o = olds.reduce((s, rs) => s + replicas(rs), 0);
    const available = Number(statusOf(h.api.get('deployments', 'web')).availableReplicas ?? 0);
    steps.push({ newRS: n, oldRS: o, total: n + o, available });
    if (n === r && o === 0 && available === r) break;
    // The next batch: every new pod that exists becomes ready.
    readyAll(h, newRS);
  }
  return steps;
}

describe('RollingUpdate, step by step', () => {
  it('10 replicas, maxSurge 3 / maxUnavailable 2: the sizes worked out by hand from rolling.go', () => {
    // Step 0: new gets the 3 surge pods; old may lose 2 (13 - 8 - 3 unready); then new refills to 13.
    // Step 1: 5 new ready → old drops to 8 available - 5 … 3; new grows to 10. Step 2: the last 3 old go.
    expect(observeRollout(10, 3, 2)).toEqual([
      { newRS: 5, oldRS: 8, total: 13, available: 8 },
      { newRS: 10, oldRS: 3, total: 13, available: 8 },
      { newRS: 10, oldRS: 0, total: 10, available: 10 },
    ]);
  });

  it.each([
    [10, 3, 2],
    [10, '25%', '25%'],
    [4, '25%', '25%'],
    [7, '25%', '25%'],
    [5, 0, 1],
    [3, 1, 0],
    [6, '50%', '0%'],
    [9, '10%', '10%'],
  ] as [number, IntOrPercent, IntOrPercent][])('%d replicas, maxSurge %s / maxUnavailable %s matches the model at every step', (r, s, u) => {
    const observed = observeRollout(r, s, u);
    expect(observed).toEqual(modelRollout(r, s, u));
    expect(observed.length).toBeGreaterThan(1);
    for (const step of observed) expect(step.available).toBeGreaterThanOrEqual(r - resolveFenceposts(s, u, r)[1]);
  });

  it('resolves the fenceposts as upstream: surge rounds up, unavailable down, never both zero', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual([3, 2]);
    expect(resolveFenceposts('25%', '25%', 1)).toEqual([1, 0]);
    expect(resolveFenceposts(0, 0, 5)).toEqual([0, 1]);
    expect(resolveFenceposts('0%', '10%', 5)).toEqual([0, 1]);
  });
});

describe('Deployment → ReplicaSet', () => {
  it('creates a ReplicaSet named after the pod-template-hash with labels, selector, annotations and owner', () => {
    const h = harness();
    h.api.create(deployment('web', 3));
    h.settle();
    const d = h.api.get('deployments', 'web');
    const [rs] = rsOf(h, 'web');
    const hash = rs.metadata.labels?.['pod-template-hash'] ?? '';
    expect(hash).toMatch(/^[bcdf4-9]+$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
    });
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect((rs.spec as Record<string, unknown>).selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.metadata.generation).toBe(1);
    expect(podsOf(h, rs).map((p) => p.metadata.labels)).toEqual([0, 1, 2].map(() => ({ app: 'web', 'pod-template-hash': hash })));
    expect(eventsOf(h, d)).toEqual([{ reason: 'ScalingReplicaSet', message: `Scaled up replica set web-${hash} from 0 to 3`, type: 'Normal', count: 1, component: 'deployment-controller' }]);
  });

  it('reports status and conditions while progressing and once complete', () => {
    const h = harness();
    h.api.create(deployment('web', 3));
    h.settle();
    const [rs] = rsOf(h, 'web');
    let d = h.api.get('deployments', 'web');
    expect(statusOf(d)).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, unavailableReplicas: 3 });
    expect(statusOf(d).availableReplicas).toBeUndefined();
    expect(conditions(d).map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'],
      ['Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rs.metadata.name}" is progressing.`],
    ]);
    const created = condition(d, 'Progressing')?.lastTransitionTime;
    h.advance(5000);
    readyAll(h, rs);
    h.settle();
    d = h.api.get('deployments', 'web');
    expect(statusOf(d)).toEqual(expect.objectContaining({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }));
    expect(statusOf(d).unavailableReplicas).toBeUndefined();
    const progressing = condition(d, 'Progressing');
    expect(progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.` });
    // The status never left True, so the transition time is the creation's; the update time moved on.
    expect(progressing?.lastTransitionTime).toBe(created);
    expect(progressing?.lastUpdateTime).toBe('2026-01-01T00:00:05Z');
    expect(condition(d, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastTransitionTime: '2026-01-01T00:00:05Z' });
  });

  it('emits the ScalingReplicaSet events of a rollout in order', () => {
    const h = harness();
    rolledOut(h, deployment('web', 10, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    const oldName = rsOf(h, 'web')[0].metadata.name ?? '';
    setImage(h, 'web', 'nginx:1.28');
    h.settle();
    const newRS = rsWithImage(h, 'web', 'nginx:1.28');
    const newName = newRS?.metadata.name ?? '';
    readyAll(h, newRS);
    h.settle();
    readyAll(h, rsWithImage(h, 'web', 'nginx:1.28'));
    h.settle();
    const messages = eventsOf(h, h.api.get('deployments', 'web')).map((e) => e.message);
    expect(messages).toEqual([
      `Scaled up replica set ${oldName} from 0 to 10`,
      `Scaled up replica set ${newName} from 0 to 3`,
      `Scaled down replica set ${oldName} from 10 to 8`,
      `Scaled up replica set ${newName} from 3 to 5`,
      `Scaled down replica set ${oldName} from 8 to 3`,
      `Scaled up replica set ${newName} from 5 to 10`,
      `Scaled down replica set ${oldName} from 3 to 0`,
    ]);
    const d = h.api.get('deployments', 'web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(newRS?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(h.api.get('replicasets', oldName).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(condition(d, 'Progressing')?.message).toBe(`ReplicaSet "${newName}" has successfully progressed.`);
  });

  it('scales proportionally when replicas change in the middle of a rollout', () => {
    const h = harness();
    rolledOut(h, deployment('web', 10, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    const oldName = rsOf(h, 'web')[0].metadata.name ?? '';
    setImage(h, 'web', 'nginx:1.28');
    h.settle();
    const newName = rsWithImage(h, 'web', 'nginx:1.28')?.metadata.name ?? '';
    patchSpec(h, 'web', { replicas: 15 });
    h.settle();
    // 18 allowed (15 + 3) instead of 13: old 8 → round(8·18/13) = 11, new 5 → round(5·18/13) = 7.
    expect(replicas(h.api.get('replicasets', oldName))).toBe(11);
    expect(replicas(h.api.get('replicasets', newName))).toBe(7);
    const messages = eventsOf(h, h.api.get('deployments', 'web')).map((e) => e.message);
    expect(messages.slice(-2)).toEqual([`Scaled up replica set ${oldName} from 8 to 11`, `Scaled up replica set ${newName} from 5 to 7`]);
    for (const n of [oldName, newName]) {
      expect(h.api.get('replicasets', n).metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '15', 'deployment.kubernetes.io/max-replicas': '18' });
    }
  });

  it('counts availability only after minReadySeconds', () => {
    const h = harness();
    h.api.create(deployment('web', 2, { minReadySeconds: 10 }));
    h.settle();
    const [rs] = rsOf(h, 'web');
    expect((rs.spec as Record<string, unknown>).minReadySeconds).toBe(10);
    readyAll(h, rs);
    h.advance(0);
    expect(statusOf(h.api.get('deployments', 'web'))).toMatchObject({ readyReplicas: 2, unavailableReplicas: 2 });
    h.advance(10_000);
    expect(statusOf(h.api.get('deployments', 'web')).availableReplicas).toBeUndefined();
    // The ReplicaSet looks again minReadySeconds + 1 s after the pods became ready, as upstream's AddAfter.
    h.advance(1000);
    expect(statusOf(h.api.get('replicasets', rs.metadata.name ?? '')).availableReplicas).toBe(2);
    expect(statusOf(h.api.get('deployments', 'web'))).toMatchObject({ availableReplicas: 2 });
    expect(condition(h.api.get('deployments', 'web'), 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });
});

describe('progress deadline', () => {
  it('marks the rollout ProgressDeadlineExceeded when no pod becomes ready in time', () => {
    const h = harness();
    h.api.create(deployment('web', 2, { progressDeadlineSeconds: 30 }));
    h.settle();
    const [rs] = rsOf(h, 'web');
    h.advance(30_000);
    expect(condition(h.api.get('deployments', 'web'), 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    h.advance(1000);
    const d = h.api.get('deployments', 'web');
    expect(condition(d, 'Progressing')).toEqual({
      type: 'Progressing',
      status: 'False',
      lastUpdateTime: '2026-01-01T00:00:31Z',
      lastTransitionTime: '2026-01-01T00:00:31Z',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.`,
    });
  });

  it('uses the 600 s default, and progress resets the clock', () => {
    const h = harness();
    h.api.create(deployment('web', 2, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }));
    h.settle();
    h.advance(300_000);
    const [rs] = rsOf(h, 'web');
    markReady(h, podsOf(h, rs)[0]);
    h.settle();
    expect(condition(h.api.get('deployments', 'web'), 'Progressing')?.lastUpdateTime).toBe('2026-01-01T00:05:00Z');
    h.advance(600_000);
    expect(condition(h.api.get('deployments', 'web'), 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    h.advance(1000);
    expect(condition(h.api.get('deployments', 'web'), 'Progressing')?.reason).toBe('ProgressDeadlineExceeded');
    // One of two available with maxUnavailable 1 is still minimum availability.
    expect(condition(h.api.get('deployments', 'web'), 'Available')?.status).toBe('True');
  });
});

describe('Recreate', () => {
  it('scales the old set to zero and creates the new one only when no old pod is left', () => {
    const h = harness();
    rolledOut(h, deployment('web', 3, { strategy: { type: 'Recreate' } }));
    const [old] = rsOf(h, 'web');
    for (const p of podsOf(h, old)) h.api.bind('default', p.metadata.name ?? '', 'node-1');
    setImage(h, 'web', 'nginx:1.28');
    h.settle();
    expect(replicas(h.api.get('replicasets', old.metadata.name ?? ''))).toBe(0);
    expect(rsOf(h, 'web')).toHaveLength(1);
    // The pods are terminating (bound to a node, they get a grace period): still no new set.
    expect(podsOf(h, old).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    h.advance(10_000);
    expect(rsOf(h, 'web')).toHaveLength(1);
    finishTerminating(h);
    h.settle();
    const newRS = rsWithImage(h, 'web', 'nginx:1.28');
    expect(newRS && replicas(newRS)).toBe(3);
    expect(eventsOf(h, h.api.get('deployments', 'web')).map((e) => e.message)).toEqual([
      `Scaled up replica set ${old.metadata.name} from 0 to 3`,
      `Scaled down replica set ${old.metadata.name} from 3 to 0`,
      `Scaled up replica set ${newRS?.metadata.name} from 0 to 3`,
    ]);
    const d = h.api.get('deployments', 'web');
    expect(condition(d, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    readyAll(h, newRS);
    h.settle();
    expect(condition(h.api.get('deployments', 'web'), 'Available')?.status).toBe('True');
  });
});

describe('pause and resume', () => {
  it('does not roll out while paused but still scales, and reports DeploymentPaused / DeploymentResumed', () => {
    const h = harness();
    rolledOut(h, deployment('web', 3));
    const [rs] = rsOf(h, 'web');
    const reasons: string[] = [];
    h.api.watch('deployments', {}, (e) => {
      const c = conditions(e.object).find((x) => x.type === 'Progressing');
      if (c && reasons[reasons.length - 1] !== c.reason) reasons.push(c.reason);
    });
    patchSpec(h, 'web', { paused: true });
    h.settle();
    expect(condition(h.api.get('deployments', 'web'), 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    setImage(h, 'web', 'nginx:1.28');
    patchSpec(h, 'web', { replicas: 5 });
    h.settle();
    expect(rsOf(h, 'web')).toHaveLength(1);
    expect(replicas(h.api.get('replicasets', rs.metadata.name ?? ''))).toBe(5);
    expect(statusOf(h.api.get('deployments', 'web'))).toMatchObject({ observedGeneration: 4, replicas: 5 });
    patchSpec(h, 'web', { paused: false });
    h.settle();
    expect(rsOf(h, 'web')).toHaveLength(2);
    // The first event is the pause itself, before the controller saw it.
    expect(reasons).toEqual(['NewReplicaSetAvailable', 'DeploymentPaused', 'DeploymentResumed', 'NewReplicaSetCreated', 'ReplicaSetUpdated']);
  });
});

describe('rollback (kubectl rollout undo)', () => {
  it('rolls back to the previous revision by reusing its ReplicaSet under a new revision', () => {
    const h = harness();
    rolledOut(h, deployment('web', 2));
    const first = rsOf(h, 'web')[0];
    setImage(h, 'web', 'nginx:1.28');
    h.settle();
    readyAll(h, rsWithImage(h, 'web', 'nginx:1.28'));
    h.settle();
    expect(rollbackDeployment(h.api, 'default', 'web')).toBe('rolled back');
    h.settle();
    const reused = h.api.get('replicasets', first.metadata.name ?? '');
    expect(reused.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(replicas(reused)).toBeGreaterThan(0);
    const d = h.api.get('deployments', 'web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect((d.spec as { template: { metadata: { labels: unknown } } }).template.metadata.labels).toEqual({ app: 'web' });
    expect(rollbackDeployment(h.api, 'default', 'web', 3)).toBe('skipped rollback (current template already matches revision 3)');
  });

  it('reports kubectl errors', () => {
    const h = harness();
    rolledOut(h, deployment('web', 1));
    expect(() => rollbackDeployment(h.api, 'default', 'web')).toThrow('no rollout history found for deployment "web"');
    expect(() => rollbackDeployment(h.api, 'default', 'web', 7)).toThrow('unable to find specified revision 7 in history');
    setImage(h, 'web', 'nginx:1.28');
    h.settle();
    patchSpec(h, 'web', { paused: true });
    expect(() => rollbackDeployment(h.api, 'default', 'web', 1)).toThrow("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  });
});

describe('revisionHistoryLimit', () => {
  it('deletes the oldest scaled-down ReplicaSets beyond the limit once the rollout is complete', () => {
    const h = harness();
    rolledOut(h, deployment('web', 1, { revisionHistoryLimit: 1 }), 'nginx:1.27');
    const names: string[] = [rsOf(h, 'web')[0].metadata.name ?? ''];
    for (const image of ['nginx:1.28', 'nginx:1.29']) {
      setImage(h, 'web', image);
      h.settle();
      readyAll(h, rsWithImage(h, 'web', image));
      h.settle();
      finishTerminating(h);
      h.settle();
      names.push(rsWithImage(h, 'web', image)?.metadata.name ?? '');
    }
    expect(rsOf(h, 'web').map((rs) => rs.metadata.name).sort()).toEqual([names[1], names[2]].sort());
    expect(h.api.tryGet('replicasets', names[0])).toBeUndefined();
  });
});

describe('pod-template-hash', () => {
  it('encodes the decimal FNV-32a with rand.SafeEncodeString', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
    expect(computeHash(t)).toBe(computeHash(structuredClone(t)));
    expect(computeHash(t)).not.toBe(computeHash(t, 1));
    expect(computeHash(t)).toMatch(/^[4-9bcdf]{1,10}$/);
  });
});

// The admission chain and the Service allocators, with the refusals worded
// exactly as a v1.34 kube-apiserver words them.
//
// Upstream sources the expectations were checked against:
//  - apiserver pkg/admission/plugin/namespace/lifecycle/admission.go
//  - apiserver pkg/admission/errors.go (NewForbidden names the generateName before a name exists)
//  - kubernetes plugin/pkg/admission/resourcequota/controller.go (prettyPrint, "exceeded quota", "failed quota")
//  - kubernetes pkg/quota/v1/evaluator/core/pods.go (Constraints: "must specify …", per container, sorted)
//  - kubernetes plugin/pkg/admission/limitranger/admission.go (mergePodResourceRequirements, min/maxConstraint)
//  - kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_LimitRangeItem)
//  - kubernetes plugin/pkg/admission/serviceaccount/admission.go (TokenVolumeSource, mountServiceAccountToken)
//  - kubernetes plugin/pkg/admission/priority/admission.go
//  - kubernetes plugin/pkg/admission/defaulttolerationseconds/admission.go
//  - kubernetes pkg/registry/core/service/portallocator/allocator.go, ipallocator (error texts)
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type KubeObject } from '../../../../src/runtime/index';
import { statusError } from '../helpers';

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
type Container = { name: string; image?: string; resources?: Resources; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] };

function pod(name: string, containers: Container[] = [{ name: 'app' }], spec: Record<string, unknown> = {}, namespace?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { containers: containers.map((c) => ({ image: 'nginx:1.27', ...c })), ...spec },
  };
}

function forbidden(fn: () => unknown): string {
  const e = statusError(fn);
  expect(e.reason).toBe('Forbidden');
  expect(e.code).toBe(403);
  return e.message;
}

function withNamespace(name = 'team'): Cluster {
  const c = createCluster();
  c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  c.settle();
  return c;
}

const containersOf = (p: KubeObject) => (p.spec as { containers: Container[]; initContainers?: Container[] }).containers;

describe('NamespaceLifecycle', () => {
  it('refuses content for a namespace that does not exist', () => {
    const c = createCluster();
    const e = statusError(() => c.api.create(pod('p', undefined, {}, 'x')));
    expect(e.reason).toBe('NotFound');
    expect(e.message).toBe('namespaces "x" not found');
    expect(statusError(() => c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x' } })).message).toBe('namespaces "x" not found');
  });

  it('refuses new content in a terminating namespace, naming the generateName when there is no name yet', () => {
    const c = withNamespace('x');
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'x', finalizers: ['example.com/hold'] } });
    c.api.delete('namespaces', 'x');
    expect(forbidden(() => c.api.create(pod('p', undefined, {}, 'x')))).toBe('pods "p" is forbidden: unable to create new content in namespace x because it is being terminated');
    expect(forbidden(() => c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-', namespace: 'x' }, spec: { containers: [{ name: 'a', image: 'nginx' }] } }))).toBe(
      'pods "web-" is forbidden: unable to create new content in namespace x because it is being terminated',
    );
  });

  it('protects default, kube-system and kube-public, but not other namespaces', () => {
    const c = withNamespace('scratch');
    expect(forbidden(() => c.api.delete('namespaces', 'kube-system'))).toBe('namespaces "kube-system" is forbidden: this namespace may not be deleted');
    expect(c.api.delete('namespaces', 'scratch').status).toEqual({ phase: 'Terminating' });
  });

  it('cluster-scoped objects are not checked', () => {
    const c = createCluster();
    expect(c.api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'pc' }, value: 5 }).metadata.name).toBe('pc');
  });
});

describe('ResourceQuota', () => {
  function quota(c: Cluster, hard: Record<string, string>, name = 'q', namespace = 'team'): void {
    c.api.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace }, spec: { hard } });
  }

  it('counts pods: the fifth of four is refused', () => {
    const c = withNamespace();
    quota(c, { pods: '4' });
    for (let i = 1; i <= 4; i++) c.api.create(pod(`p${i}`, undefined, {}, 'team'));
    expect(forbidden(() => c.api.create(pod('p5', undefined, {}, 'team')))).toBe('pods "p5" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4');
    // Deleting one makes room again.
    c.api.delete('pods', 'p1', { namespace: 'team' });
    expect(c.api.create(pod('p5', undefined, {}, 'team')).metadata.name).toBe('p5');
  });

  it('finished pods stop counting against "pods" but still count against count/pods', () => {
    const c = withNamespace();
    quota(c, { pods: '1', 'count/pods': '2' });
    c.api.create(pod('done', undefined, {}, 'team'));
    const done = structuredClone(c.api.get('pods', 'done', 'team'));
    done.status = { phase: 'Succeeded' };
    c.api.updateStatus(done);
    c.api.create(pod('second', undefined, {}, 'team'));
    expect(forbidden(() => c.api.create(pod('third', undefined, {}, 'team')))).toBe(
      'pods "third" is forbidden: exceeded quota: q, requested: count/pods=1,pods=1, used: count/pods=2,pods=1, limited: count/pods=2,pods=1',
    );
  });

  it('compute quota: the documented requests.memory example', () => {
    // kubernetes.io "Configure Memory and CPU Quotas for a Namespace".
    const c = withNamespace();
    quota(c, { 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.cpu': '2', 'limits.memory': '2Gi' }, 'mem-cpu-demo');
    c.api.create(pod('quota-mem-cpu-demo', [{ name: 'app', resources: { limits: { memory: '800Mi', cpu: '800m' }, requests: { memory: '600Mi', cpu: '400m' } } }], {}, 'team'));
    expect(
      forbidden(() => c.api.create(pod('quota-mem-cpu-demo-2', [{ name: 'app', resources: { limits: { memory: '1Gi', cpu: '800m' }, requests: { memory: '700Mi', cpu: '400m' } } }], {}, 'team'))),
    ).toBe('pods "quota-mem-cpu-demo-2" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi');
  });

  it('several exceeded resources are listed sorted, joined with commas, quantities in canonical form', () => {
    const c = withNamespace();
    quota(c, { 'requests.cpu': '1', 'requests.memory': '1Gi' });
    c.api.create(pod('a', [{ name: 'app', resources: { requests: { cpu: '400m', memory: '512Mi' } } }, { name: 'side', resources: { requests: { cpu: '0.4', memory: '256Mi' } } }], {}, 'team'));
    expect(forbidden(() => c.api.create(pod('b', [{ name: 'app', resources: { requests: { cpu: '300m', memory: '512Mi' } } }], {}, 'team')))).toBe(
      'pods "b" is forbidden: exceeded quota: q, requested: requests.cpu=300m,requests.memory=512Mi, used: requests.cpu=800m,requests.memory=768Mi, limited: requests.cpu=1,requests.memory=1Gi',
    );
  });

  it('a pod must state the compute resources a quota limits, per container', () => {
    const c = withNamespace();
    quota(c, { 'requests.cpu': '2', 'limits.memory': '2Gi', pods: '10' });
    expect(
      forbidden(() =>
        c.api.create(pod('p', [{ name: 'side', resources: { requests: { cpu: '100m' } } }, { name: 'app' }], { initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '10m' }, limits: { memory: '10Mi' } } }] }, 'team')),
      ),
    ).toBe('pods "p" is forbidden: failed quota: q: must specify limits.memory for: app,side; requests.cpu for: app');
  });

  it('objects of other kinds are counted by count/<resource>', () => {
    const c = withNamespace();
    quota(c, { 'count/configmaps': '2', configmaps: '2' });
    // kube-root-ca.crt already counts as one.
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'team' } });
    expect(forbidden(() => c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', namespace: 'team' } }))).toBe(
      'configmaps "two" is forbidden: exceeded quota: q, requested: configmaps=1,count/configmaps=1, used: configmaps=2,count/configmaps=2, limited: configmaps=2,count/configmaps=2',
    );
    quota(c, { 'count/deployments.apps': '0' }, 'apps');
    expect(
      forbidden(() =>
        c.api.create({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'team' },
          spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
        }),
      ),
    ).toBe('deployments.apps "web" is forbidden: exceeded quota: apps, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0');
  });

  it('a dry run is not charged', () => {
    const c = withNamespace();
    quota(c, { pods: '1' });
    c.api.create(pod('dry', undefined, {}, 'team'), { dryRun: true });
    expect(c.api.create(pod('real', undefined, {}, 'team')).metadata.name).toBe('real');
  });
});

describe('LimitRanger', () => {
  function limitRange(c: Cluster, limits: Record<string, unknown>[], namespace = 'team'): KubeObject {
    return c.api.create({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits', namespace }, spec: { limits } });
  }

  it('fills defaults and records them in the kubernetes.io/limit-ranger annotation as upstream words it', () => {
    const c = withNamespace();
    limitRange(c, [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '250m', memory: '256Mi' } }]);
    const p = c.api.create(
      pod('p', [{ name: 'app' }, { name: 'side', resources: { requests: { cpu: '100m' } } }], { initContainers: [{ name: 'init', image: 'busybox' }] }, 'team'),
    );
    expect(p.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; memory request for container side; cpu, memory limit for container side; cpu, memory request for init container init; cpu, memory limit for init container init',
    );
    const [app, side] = containersOf(p);
    expect(app.resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } });
    expect(side.resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '256Mi' } });
  });

  it('a LimitRange with only a default limit defaults the request to it (SetDefaults_LimitRangeItem)', () => {
    const c = withNamespace();
    const lr = limitRange(c, [{ type: 'Container', default: { cpu: '1' } }]);
    expect((lr.spec as { limits: Record<string, unknown>[] }).limits[0]).toEqual({ type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '1' } });
    const p = c.api.create(pod('p', undefined, {}, 'team'));
    expect(p.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu request for container app; cpu limit for container app');
    expect(containersOf(p)[0].resources).toEqual({ limits: { cpu: '1' }, requests: { cpu: '1' } });
  });

  it('nothing to fill: no annotation', () => {
    const c = withNamespace();
    limitRange(c, [{ type: 'Container', default: { cpu: '500m' } }]);
    const p = c.api.create(pod('p', [{ name: 'app', resources: { requests: { cpu: '100m' }, limits: { cpu: '200m' } } }], {}, 'team'));
    expect(p.metadata.annotations?.['kubernetes.io/limit-ranger']).toBeUndefined();
  });

  it('refuses a limit above max and a request below min', () => {
    const c = withNamespace();
    limitRange(c, [{ type: 'Container', min: { cpu: '100m' }, max: { cpu: '1', memory: '1Gi' } }]);
    expect(forbidden(() => c.api.create(pod('big', [{ name: 'app', resources: { limits: { cpu: '2' } } }], {}, 'team')))).toBe(
      'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
    expect(forbidden(() => c.api.create(pod('small', [{ name: 'app', resources: { requests: { cpu: '50m' }, limits: { cpu: '500m' } } }], {}, 'team')))).toBe(
      'pods "small" is forbidden: minimum cpu usage per Container is 100m, but request is 50m',
    );
    expect(forbidden(() => c.api.create(pod('both', [{ name: 'app', resources: { requests: { cpu: '50m' }, limits: { cpu: '2' } } }], {}, 'team')))).toBe(
      'pods "both" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, maximum cpu usage per Container is 1, but limit is 2]',
    );
    // Defaults from max/min make a bare pod acceptable.
    const ok = c.api.create(pod('ok', undefined, {}, 'team'));
    expect(containersOf(ok)[0].resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } });
  });

  it('refuses memory above max, with quantities printed canonically', () => {
    const c = withNamespace();
    limitRange(c, [{ type: 'Container', max: { memory: '1Gi' } }]);
    expect(forbidden(() => c.api.create(pod('big', [{ name: 'app', resources: { limits: { memory: '2048Mi' } } }], {}, 'team')))).toBe(
      'pods "big" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi',
    );
  });

  it('init containers are held to the Container bounds too', () => {
    const c = withNamespace();
    limitRange(c, [{ type: 'Container', max: { cpu: '1' } }]);
    expect(
      forbidden(() => c.api.create(pod('p', [{ name: 'app' }], { initContainers: [{ name: 'init', image: 'busybox', resources: { limits: { cpu: '1500m' } } }] }, 'team'))),
    ).toBe('pods "p" is forbidden: maximum cpu usage per Container is 1, but limit is 1500m');
  });

  it('Pod bounds apply to the sum, and say when nothing is specified', () => {
    const c = withNamespace();
    limitRange(c, [{ type: 'Pod', max: { cpu: '1' } }]);
    expect(forbidden(() => c.api.create(pod('p', undefined, {}, 'team')))).toBe('pods "p" is forbidden: maximum cpu usage per Pod is 1.  No limit is specified');
    expect(
      forbidden(() =>
        c.api.create(pod('q', [{ name: 'a', resources: { limits: { cpu: '600m' } } }, { name: 'b', resources: { limits: { cpu: '600m' } } }], {}, 'team')),
      ),
    ).toBe('pods "q" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m');
  });

  it('PersistentVolumeClaim storage bounds', () => {
    const c = withNamespace();
    limitRange(c, [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } }]);
    const pvc = (name: string, storage: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'team' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
    });
    expect(forbidden(() => c.api.create(pvc('tiny', '500Mi')))).toBe('persistentvolumeclaims "tiny" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
    expect(forbidden(() => c.api.create(pvc('huge', '20Gi')))).toBe('persistentvolumeclaims "huge" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi');
    expect(c.api.create(pvc('fine', '5Gi')).metadata.name).toBe('fine');
  });
});

describe('ServiceAccount', () => {
  it('refuses a pod whose service account does not exist', () => {
    const c = createCluster();
    expect(forbidden(() => c.api.create(pod('p', undefined, { serviceAccountName: 'robot' })))).toBe(
      'pods "p" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    );
    // A ReplicaSet's pods have only a generateName at this point.
    expect(forbidden(() => c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-7d4b9c-' }, spec: { serviceAccountName: 'robot', containers: [{ name: 'a', image: 'nginx' }] } }))).toBe(
      'pods "web-7d4b9c-" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    );
  });

  it('a new namespace has no default ServiceAccount until its controller runs', () => {
    const c = createCluster();
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fresh' } });
    expect(forbidden(() => c.api.create(pod('p', undefined, {}, 'fresh')))).toBe('pods "p" is forbidden: error looking up service account fresh/default: serviceaccount "default" not found');
    c.settle();
    expect(c.api.create(pod('p', undefined, {}, 'fresh')).metadata.name).toBe('p');
  });

  it('runs as default and mounts the kube-api-access projected volume into every container', () => {
    const c = createCluster();
    const p = c.api.create(pod('p', [{ name: 'app' }, { name: 'side' }], { initContainers: [{ name: 'init', image: 'busybox' }] }));
    const spec = p.spec as { serviceAccountName: string; serviceAccount: string; volumes: { name: string }[]; initContainers: Container[]; containers: Container[] };
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.serviceAccount).toBe('default');
    expect(spec.volumes).toHaveLength(1);
    const volume = spec.volumes[0];
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volume).toEqual({
      name: volume.name,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
          { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
        ],
      },
    });
    for (const ctr of [...spec.initContainers, ...spec.containers]) {
      expect(ctr.volumeMounts).toEqual([{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: volume.name, readOnly: true }]);
    }
  });

  it('automountServiceAccountToken: the pod setting wins over the ServiceAccount', () => {
    const c = createCluster();
    c.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'quiet' }, automountServiceAccountToken: false });
    const quiet = c.api.create(pod('quiet', undefined, { serviceAccountName: 'quiet' }));
    expect((quiet.spec as { volumes?: unknown[] }).volumes).toBeUndefined();
    const loud = c.api.create(pod('loud', undefined, { serviceAccountName: 'quiet', automountServiceAccountToken: true }));
    expect((loud.spec as { volumes: { name: string }[] }).volumes.map((v) => v.name)[0]).toMatch(/^kube-api-access-/);
    const off = c.api.create(pod('off', undefined, { automountServiceAccountToken: false }));
    expect((off.spec as { volumes?: unknown[] }).volumes).toBeUndefined();
    expect(containersOf(off)[0].volumeMounts).toBeUndefined();
  });

  it('a container that already mounts the token path is left alone; no volume when nobody needs it', () => {
    const c = createCluster();
    const p = c.api.create(
      pod('p', [{ name: 'app', volumeMounts: [{ name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }], { volumes: [{ name: 'mine', emptyDir: {} }] }),
    );
    expect((p.spec as { volumes: { name: string }[] }).volumes.map((v) => v.name)).toEqual(['mine']);
    expect(containersOf(p)[0].volumeMounts).toEqual([{ name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
  });

  it('copies the ServiceAccount imagePullSecrets to a pod that has none', () => {
    const c = createCluster();
    c.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' }, imagePullSecrets: [{ name: 'registry' }] });
    const p = c.api.create(pod('p', undefined, { serviceAccountName: 'builder' }));
    expect((p.spec as { imagePullSecrets: unknown }).imagePullSecrets).toEqual([{ name: 'registry' }]);
    const own = c.api.create(pod('own', undefined, { serviceAccountName: 'builder', imagePullSecrets: [{ name: 'mine' }] }));
    expect((own.spec as { imagePullSecrets: unknown }).imagePullSecrets).toEqual([{ name: 'mine' }]);
  });
});

describe('Priority', () => {
  const priorityClass = (name: string, value: number, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value,
    ...extra,
  });

  it('refuses an unknown PriorityClass', () => {
    const c = createCluster();
    expect(forbidden(() => c.api.create(pod('p', undefined, { priorityClassName: 'gold' })))).toBe('pods "p" is forbidden: no PriorityClass with name gold was found');
  });

  it('resolves a named class, and the built-in system classes', () => {
    const c = createCluster();
    c.api.create(priorityClass('gold', 1000, { preemptionPolicy: 'Never' }));
    const p = c.api.create(pod('p', undefined, { priorityClassName: 'gold' }));
    expect(p.spec).toMatchObject({ priorityClassName: 'gold', priority: 1000, preemptionPolicy: 'Never' });
    const sys = c.api.create(pod('sys', undefined, { priorityClassName: 'system-cluster-critical' }, 'kube-system'));
    expect(sys.spec).toMatchObject({ priority: 2000000000, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it('without a class, priority 0 and PreemptLowerPriority; a globalDefault class is applied', () => {
    const c = createCluster();
    expect(c.api.create(pod('plain')).spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect((c.api.get('pods', 'plain').spec as Record<string, unknown>).priorityClassName).toBeUndefined();
    c.api.create(priorityClass('normal', 100, { globalDefault: true }));
    expect(c.api.create(pod('p')).spec).toMatchObject({ priorityClassName: 'normal', priority: 100, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it('only one globalDefault class may exist', () => {
    const c = createCluster();
    c.api.create(priorityClass('first', 100, { globalDefault: true }));
    expect(forbidden(() => c.api.create(priorityClass('second', 200, { globalDefault: true })))).toBe(
      'priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist',
    );
  });

  it('a pod may not state a priority or preemption policy that differs from its class', () => {
    const c = createCluster();
    expect(forbidden(() => c.api.create(pod('p', undefined, { priority: 5 })))).toBe(
      'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    );
    expect(forbidden(() => c.api.create(pod('q', undefined, { preemptionPolicy: 'Never' })))).toBe(
      'pods "q" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
    );
    // Stating the computed values is fine.
    expect(c.api.create(pod('r', undefined, { priority: 0, preemptionPolicy: 'PreemptLowerPriority' })).metadata.name).toBe('r');
  });
});

describe('DefaultTolerationSeconds', () => {
  const toleration = (key: string) => ({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });

  it('adds 300 s tolerations for not-ready and unreachable nodes', () => {
    const c = createCluster();
    const p = c.api.create(pod('p'));
    expect((p.spec as { tolerations: unknown }).tolerations).toEqual([toleration('node.kubernetes.io/not-ready'), toleration('node.kubernetes.io/unreachable')]);
  });

  it('keeps a pod’s own toleration and adds only the missing one', () => {
    const c = createCluster();
    const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 };
    const p = c.api.create(pod('p', undefined, { tolerations: [own] }));
    expect((p.spec as { tolerations: unknown }).tolerations).toEqual([own, toleration('node.kubernetes.io/not-ready')]);
  });

  it('a tolerate-everything toleration covers both', () => {
    const c = createCluster();
    const p = c.api.create(pod('p', undefined, { tolerations: [{ operator: 'Exists' }] }));
    expect((p.spec as { tolerations: unknown }).tolerations).toEqual([{ operator: 'Exists' }]);
  });
});

describe('Service allocators', () => {
  const svc = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
  });

  it('the kubernetes Service has the first address of the service CIDR', () => {
    const c = createCluster();
    const k = c.api.get('services', 'kubernetes');
    expect(k.spec).toMatchObject({ clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], type: 'ClusterIP' });
    const other = createCluster({ serviceCIDR: '10.100.0.0/16' }).api.get('services', 'kubernetes');
    expect((other.spec as { clusterIP: string }).clusterIP).toBe('10.100.0.1');
  });

  it('a taken NodePort is refused with the Invalid wording', () => {
    const c = createCluster();
    const a = c.api.create(svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect((a.spec as { ports: { nodePort: number }[] }).ports[0].nodePort).toBe(30080);
    const e = statusError(() => c.api.create(svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })));
    expect(e.reason).toBe('Invalid');
    expect(e.code).toBe(422);
    expect(e.message).toBe('The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    expect(e.toKubectl()).toBe('The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    // Released when the owner goes.
    c.api.delete('services', 'a');
    expect(c.api.create(svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).metadata.name).toBe('b');
  });

  it('a NodePort outside 30000-32767 is refused', () => {
    const c = createCluster();
    expect(statusError(() => c.api.create(svc('low', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }))).message).toBe(
      'The Service "low" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('allocated NodePorts fall in range and are kept across updates', () => {
    const c = createCluster();
    const s = c.api.create(svc('web', { type: 'NodePort' }));
    const port = (s.spec as { ports: { nodePort: number }[] }).ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    const next = c.api.patch('services', 'web', { metadata: { labels: { x: 'y' } } });
    expect((next.spec as { ports: { nodePort: number }[] }).ports[0].nodePort).toBe(port);
  });

  it('changing the type away from NodePort drops and releases the NodePort (dropTypeDependentFields)', () => {
    const c = createCluster();
    c.api.create(svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    const changed = c.api.patch('services', 'a', { spec: { type: 'ClusterIP' } });
    expect((changed.spec as { ports: unknown[] }).ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect((changed.spec as { externalTrafficPolicy?: string }).externalTrafficPolicy).toBeUndefined();
    expect(c.api.create(svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).metadata.name).toBe('b');
  });

  it('a dry run or a refused create holds nothing', () => {
    const c = createCluster();
    c.api.create(svc('dry', { type: 'NodePort', clusterIP: '10.96.0.40', ports: [{ port: 80, nodePort: 30090 }] }), { dryRun: true });
    expect(c.api.create(svc('real', { type: 'NodePort', clusterIP: '10.96.0.40', ports: [{ port: 80, nodePort: 30090 }] })).metadata.name).toBe('real');
    // Refused for its NodePort: the ClusterIP it asked for must not stay taken.
    expect(statusError(() => c.api.create(svc('f', { type: 'NodePort', clusterIP: '10.96.0.50', ports: [{ port: 80, nodePort: 30090 }] }))).reason).toBe('Invalid');
    expect((c.api.create(svc('g', { clusterIP: '10.96.0.50' })).spec as { clusterIP: string }).clusterIP).toBe('10.96.0.50');
  });

  it('a requested ClusterIP that is taken or out of range is refused', () => {
    const c = createCluster();
    expect(statusError(() => c.api.create(svc('dup', { clusterIP: '10.96.0.1' }))).message).toBe(
      'The Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
    expect(statusError(() => c.api.create(svc('far', { clusterIP: '10.200.0.5' }))).message).toBe(
      'The Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"10.200.0.5"}: failed to allocate IP 10.200.0.5: the provided network does not match the current range',
    );
    expect((c.api.create(svc('picked', { clusterIP: '10.96.0.20' })).spec as { clusterIP: string }).clusterIP).toBe('10.96.0.20');
  });
});

describe('DefaultIngressClass', () => {
  const ingress = (name: string, extra: Record<string, unknown> = {}, annotations?: Record<string, string>): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } }, ...extra },
  });
  const classOf = (o: KubeObject) => (o.spec as { ingressClassName?: string }).ingressClassName;

  it('writes the default class (the ingress-nginx add-on marks nginx) into an Ingress that names none', () => {
    const c = createCluster();
    expect(classOf(c.api.create(ingress('plain')))).toBe('nginx');
    expect(classOf(c.api.create(ingress('chosen', { ingressClassName: 'other' })))).toBe('other');
    expect(classOf(c.api.create(ingress('legacy', {}, { 'kubernetes.io/ingress.class': 'traefik' })))).toBeUndefined();
  });

  it('with several defaults the newest wins; with none nothing is written', () => {
    const c = createCluster({ addons: { ingressNginx: false } });
    expect(classOf(c.api.create(ingress('before')))).toBeUndefined();
    const cls = (name: string): KubeObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: `example.com/${name}` },
    });
    c.api.create(cls('older'));
    c.advance(5000);
    c.api.create(cls('newer'));
    expect(classOf(c.api.create(ingress('after')))).toBe('newer');
  });
});

// Store semantics seen through the apiserver verbs, checked against what a
// v1.34 kube-apiserver does: resourceVersion and generation bookkeeping,
// optimistic concurrency, the error texts of apimachinery's StatusErrors,
// watch ordering and selector transitions, list selectors, graceful deletion,
// finalizers, namespace termination and the three patch types.
//
// Upstream sources the expectations were checked against:
//  - apimachinery pkg/api/errors/errors.go (NewNotFound, NewAlreadyExists, NewConflict, NewForbidden)
//  - apiserver pkg/registry/generic/registry/store.go, pkg/registry/rest/delete.go (BeforeDelete)
//  - kubernetes pkg/registry/apps/deployment/strategy.go (generation rules)
//  - kubernetes pkg/registry/core/pod/strategy.go (CheckGracefulDelete)
//  - kubernetes pkg/apis/core/v1/conversion.go (field label conversion funcs)
//  - apimachinery pkg/runtime/conversion.go (DefaultMetaV1FieldSelectorConversion)
//  - apiserver pkg/admission/plugin/namespace/lifecycle/admission.go
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type KubeObject, type WatchEvent } from '../../../../src/runtime/index';
import { DEFAULT_EPOCH, toRFC3339 } from '../../../../src/runtime/clock';
import { crdYaml, statusError } from '../helpers';

function pod(name: string, extra: { namespace?: string; labels?: Record<string, string>; spec?: Record<string, unknown>; finalizers?: string[] } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ...(extra.namespace ? { namespace: extra.namespace } : {}),
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
    },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...(extra.spec ?? {}) },
  };
}

function deployment(name: string, replicas = 2): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
  };
}

function configMap(name: string, data: Record<string, string> = {}, namespace?: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) }, data };
}

function editable(obj: KubeObject): KubeObject {
  return structuredClone(obj);
}

function record(c: Cluster, type: string, opts: Parameters<Cluster['api']['watch']>[1] = {}) {
  const events: { type: string; name: string; rv: string }[] = [];
  const w = c.api.watch(type, opts, (e: WatchEvent) => {
    events.push({ type: e.type, name: e.object.metadata.name ?? '', rv: e.object.metadata.resourceVersion ?? '' });
  });
  return { events, stop: () => w.stop() };
}

describe('resourceVersion, uid and creationTimestamp', () => {
  it('resourceVersion strictly increases across kinds and namespaces', () => {
    const c = createCluster();
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    c.settle();
    const rvs = [
      c.api.create(pod('a')).metadata.resourceVersion,
      c.api.create(configMap('cfg')).metadata.resourceVersion,
      c.api.create(deployment('web')).metadata.resourceVersion,
      c.api.create(pod('b', { namespace: 'team-a' })).metadata.resourceVersion,
      c.api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 }).metadata.resourceVersion,
    ].map(Number);
    for (let i = 1; i < rvs.length; i++) expect(rvs[i]).toBeGreaterThan(rvs[i - 1]);
    const cm = editable(c.api.get('configmaps', 'cfg'));
    cm.data = { k: 'v' };
    const updated = Number(c.api.update(cm).metadata.resourceVersion);
    expect(updated).toBeGreaterThan(rvs[rvs.length - 1]);
    // A list reports the store's current revision.
    expect(Number(c.api.list('pods').resourceVersion)).toBe(updated);
  });

  it('resourceVersion is a decimal string, as the apiserver serialises it', () => {
    const c = createCluster();
    const rv = c.api.create(configMap('x')).metadata.resourceVersion;
    expect(typeof rv).toBe('string');
    expect(rv).toMatch(/^[1-9][0-9]*$/);
  });

  it('uid and creationTimestamp come from the simulated clock and never change on update', () => {
    const c = createCluster();
    c.advance(90_000);
    const created = c.api.create(configMap('cfg', { a: '1' }));
    expect(created.metadata.creationTimestamp).toBe(toRFC3339(DEFAULT_EPOCH + 90_000));
    expect(created.metadata.creationTimestamp).toBe('2026-01-01T00:01:30Z');
    expect(created.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    c.advance(3_600_000);
    const next = editable(created);
    next.data = { a: '2' };
    // A client may not move these fields: they are reset from the stored object.
    next.metadata.uid = undefined;
    next.metadata.creationTimestamp = '1999-01-01T00:00:00Z';
    const updated = c.api.update(next);
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect(updated.metadata.creationTimestamp).toBe('2026-01-01T00:01:30Z');
  });

  it('the same seed gives the same uids (no Math.random)', () => {
    const a = createCluster({ seed: 7 }).api.create(configMap('x')).metadata.uid;
    const b = createCluster({ seed: 7 }).api.create(configMap('x')).metadata.uid;
    const other = createCluster({ seed: 8 }).api.create(configMap('x')).metadata.uid;
    expect(a).toBe(b);
    expect(a).not.toBe(other);
  });

  it('objects handed out are frozen: the store is never mutated in place', () => {
    const c = createCluster();
    const cm = c.api.create(configMap('cfg', { a: '1' }));
    expect(Object.isFrozen(cm)).toBe(true);
    expect(() => {
      (cm.data as Record<string, string>).a = '2';
    }).toThrow();
    expect(c.api.get('configmaps', 'cfg').data).toEqual({ a: '1' });
  });

  it('an update that changes nothing keeps the resourceVersion and emits no event', () => {
    const c = createCluster();
    const cm = c.api.create(configMap('cfg', { a: '1' }));
    const w = record(c, 'configmaps');
    const same = c.api.update(editable(cm));
    c.clock.drain();
    expect(same.metadata.resourceVersion).toBe(cm.metadata.resourceVersion);
    expect(w.events).toEqual([]);
  });

  it('generateName appends five characters from the Kubernetes alphabet', () => {
    const c = createCluster();
    const made = c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } });
    expect(made.metadata.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(made.metadata.generateName).toBe('cfg-');
  });

  it('creating with a resourceVersion is refused', () => {
    const c = createCluster();
    const cm = configMap('cfg');
    cm.metadata.resourceVersion = '5';
    const e = statusError(() => c.api.create(cm));
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe('resourceVersion should not be set on objects to be created');
  });
});

describe('metadata.generation', () => {
  it('a Deployment starts at generation 1 and moves on spec changes', () => {
    const c = createCluster();
    const d = c.api.create(deployment('web'));
    expect(d.metadata.generation).toBe(1);
    const scaled = editable(d);
    (scaled.spec as { replicas: number }).replicas = 5;
    const d2 = c.api.update(scaled);
    expect(d2.metadata.generation).toBe(2);
    const d3 = c.api.patch('deployments.apps', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } });
    expect(d3.metadata.generation).toBe(3);
  });

  it('label and status changes do not move a Deployment generation', () => {
    const c = createCluster();
    c.api.create(deployment('web'));
    const labelled = c.api.patch('deployments', 'web', { metadata: { labels: { tier: 'frontend' } } }, { patchType: 'merge' });
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.metadata.labels).toEqual({ app: 'web', tier: 'frontend' });
    const withStatus = editable(labelled);
    withStatus.status = { observedGeneration: 1, replicas: 2 };
    const s = c.api.updateStatus(withStatus);
    expect(s.metadata.generation).toBe(1);
    expect(s.status).toEqual({ observedGeneration: 1, replicas: 2 });
    expect(Number(s.metadata.resourceVersion)).toBeGreaterThan(Number(labelled.metadata.resourceVersion));
  });

  it('annotation changes DO move a Deployment generation (deployment strategy: annotations are copied to ReplicaSets)', () => {
    // pkg/registry/apps/deployment/strategy.go PrepareForUpdate bumps on
    // !DeepEqual(Spec) || !DeepEqual(Annotations).
    const c = createCluster();
    c.api.create(deployment('web'));
    const annotated = c.api.patch('deployments', 'web', { metadata: { annotations: { owner: 'ops' } } }, { patchType: 'merge' });
    expect(annotated.metadata.generation).toBe(2);
  });

  it('status written through the main resource is dropped for kinds with a status subresource', () => {
    const c = createCluster();
    const d = c.api.create({ ...deployment('web'), status: { replicas: 99 } });
    expect(d.status).toEqual({});
    const next = editable(d);
    next.status = { replicas: 42 };
    expect(c.api.update(next).status).toEqual({});
  });

  it('updateStatus keeps only status: spec changes sent with it are ignored', () => {
    const c = createCluster();
    const d = editable(c.api.create(deployment('web')));
    (d.spec as { replicas: number }).replicas = 9;
    d.status = { replicas: 1 };
    const s = c.api.updateStatus(d);
    expect((s.spec as { replicas: number }).replicas).toBe(2);
    expect(s.metadata.generation).toBe(1);
  });

  it('ConfigMaps have no generation', () => {
    const c = createCluster();
    expect(c.api.create(configMap('x')).metadata.generation).toBeUndefined();
  });
});

describe('errors with apimachinery wording', () => {
  it('a stale resourceVersion is a Conflict (pods)', () => {
    const c = createCluster();
    const first = c.api.create(pod('x'));
    c.api.patch('pods', 'x', { metadata: { labels: { a: 'b' } } });
    const stale = editable(first);
    stale.metadata.labels = { c: 'd' };
    const e = statusError(() => c.api.update(stale));
    expect(e.reason).toBe('Conflict');
    expect(e.code).toBe(409);
    expect(e.message).toBe('Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('a stale resourceVersion is a Conflict (deployments.apps)', () => {
    const c = createCluster();
    const first = c.api.create(deployment('x'));
    c.api.patch('deployments', 'x', { spec: { replicas: 3 } });
    const e = statusError(() => c.api.update(editable(first)));
    expect(e.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(e.toKubectl()).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('an update without resourceVersion is unconditional (AllowUnconditionalUpdate)', () => {
    const c = createCluster();
    c.api.create(configMap('cfg', { a: '1' }));
    const blind = configMap('cfg', { a: '2' });
    expect(c.api.update(blind).data).toEqual({ a: '2' });
  });

  it('a delete precondition on resourceVersion conflicts the same way', () => {
    const c = createCluster();
    c.api.create(configMap('cfg'));
    const e = statusError(() => c.api.delete('configmaps', 'cfg', { preconditions: { resourceVersion: '1' } }));
    expect(e.message).toBe('Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('AlreadyExists names the resource and object', () => {
    const c = createCluster();
    c.api.create(pod('x'));
    const e = statusError(() => c.api.create(pod('x')));
    expect(e.reason).toBe('AlreadyExists');
    expect(e.code).toBe(409);
    expect(e.message).toBe('pods "x" already exists');
    c.api.create(deployment('web'));
    expect(statusError(() => c.api.create(deployment('web'))).message).toBe('deployments.apps "web" already exists');
  });

  it('the same name in another namespace is a different object', () => {
    const c = createCluster();
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    c.settle();
    c.api.create(configMap('same'));
    expect(c.api.create(configMap('same', {}, 'other')).metadata.namespace).toBe('other');
  });

  it('NotFound for get, update, patch and delete', () => {
    const c = createCluster();
    for (const call of [
      () => c.api.get('pods', 'x'),
      () => c.api.update(pod('x')),
      () => c.api.patch('pods', 'x', { metadata: { labels: { a: 'b' } } }),
      () => c.api.delete('pods', 'x'),
    ]) {
      const e = statusError(call);
      expect(e.reason).toBe('NotFound');
      expect(e.code).toBe(404);
      expect(e.message).toBe('pods "x" not found');
    }
    expect(statusError(() => c.api.get('deployments', 'x')).message).toBe('deployments.apps "x" not found');
    expect(statusError(() => c.api.get('namespaces', 'x')).message).toBe('namespaces "x" not found');
    expect(c.api.tryGet('pods', 'x')).toBeUndefined();
  });

  it('an unknown resource type', () => {
    const c = createCluster();
    expect(statusError(() => c.api.list('widgets')).message).toBe('the server doesn\'t have a resource type "widgets"');
  });
});

describe('watch', () => {
  it('delivers ADDED, MODIFIED and DELETED in revision order, asynchronously', () => {
    const c = createCluster();
    const w = record(c, 'configmaps');
    c.api.create(configMap('a', { v: '1' }));
    c.api.patch('configmaps', 'a', { data: { v: '2' } });
    c.api.create(configMap('b'));
    c.api.delete('configmaps', 'a');
    expect(w.events).toEqual([]); // nothing before the clock runs queued work
    c.clock.drain();
    expect(w.events.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED a', 'MODIFIED a', 'ADDED b', 'DELETED a']);
    const rvs = w.events.map((e) => Number(e.rv));
    expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
    expect(new Set(rvs).size).toBe(rvs.length);
  });

  it('the DELETED event carries a fresh resourceVersion', () => {
    const c = createCluster();
    const created = c.api.create(configMap('a'));
    const w = record(c, 'configmaps');
    c.api.delete('configmaps', 'a');
    c.clock.drain();
    expect(Number(w.events[0].rv)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });

  it('replays what happened after a given resourceVersion', () => {
    const c = createCluster();
    c.api.create(configMap('before'));
    const { resourceVersion } = c.api.list('configmaps');
    c.api.create(configMap('after-1'));
    c.api.patch('configmaps', 'before', { data: { x: 'y' } });
    c.api.create(configMap('after-2'));
    const w = record(c, 'configmaps', { resourceVersion });
    c.api.delete('configmaps', 'after-1');
    c.clock.drain();
    expect(w.events.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED after-1', 'MODIFIED before', 'ADDED after-2', 'DELETED after-1']);
  });

  it('without a resourceVersion, only changes from now on are seen (PodSphere’s WatchOptions contract)', () => {
    // Note: kube-apiserver would first send synthetic ADDED events for existing objects.
    const c = createCluster();
    c.api.create(configMap('old'));
    const w = record(c, 'configmaps');
    c.api.create(configMap('new'));
    c.clock.drain();
    expect(w.events.map((e) => e.name)).toEqual(['new']);
  });

  it('a label-selector watch turns MODIFIED into ADDED / DELETED as objects enter and leave the selection', () => {
    const c = createCluster();
    c.api.create(configMap('x'));
    const w = record(c, 'configmaps', { labelSelector: 'app=web' });
    c.api.patch('configmaps', 'x', { metadata: { labels: { app: 'web' } } }); // enters
    c.api.patch('configmaps', 'x', { data: { k: 'v' } }); // stays
    c.api.patch('configmaps', 'x', { metadata: { labels: { app: 'db' } } }); // leaves
    c.api.patch('configmaps', 'x', { data: { k: 'w' } }); // outside: nothing
    c.api.create({ ...configMap('y'), metadata: { name: 'y', labels: { app: 'web' } } });
    c.api.delete('configmaps', 'y');
    c.clock.drain();
    expect(w.events.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED x', 'MODIFIED x', 'DELETED x', 'ADDED y', 'DELETED y']);
  });

  it('a namespaced watch and a field-selector watch see only their objects', () => {
    const c = createCluster();
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    c.settle();
    const inNs = record(c, 'configmaps', { namespace: 'team-a' });
    const byName = record(c, 'configmaps', { fieldSelector: 'metadata.name=wanted' });
    c.api.create(configMap('wanted'));
    c.api.create(configMap('other', {}, 'team-a'));
    c.clock.drain();
    expect(inNs.events.map((e) => e.name)).toEqual(['other']);
    expect(byName.events.map((e) => e.name)).toEqual(['wanted']);
  });

  it('a stopped watch receives nothing more', () => {
    const c = createCluster();
    const w = record(c, 'configmaps');
    c.api.create(configMap('a'));
    w.stop();
    c.clock.drain();
    c.api.create(configMap('b'));
    c.clock.drain();
    expect(w.events).toEqual([]);
  });

  it('a resourceVersion older than the log is answered with 410 Expired', () => {
    const c = createCluster();
    // Build a store whose log has been trimmed past revision 1.
    const store = c.api.store as unknown as { log: unknown[]; logStart: number };
    store.log.splice(0, 5);
    store.logStart = 6;
    const got: WatchEvent[] = [];
    c.api.watch('configmaps', { resourceVersion: '1' }, (e) => got.push(e));
    c.clock.drain();
    expect(got).toHaveLength(1);
    expect(got[0].type).toBe('ERROR');
    expect(got[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(String(got[0].object.message)).toMatch(/^too old resource version: 1 \(\d+\)$/);
  });
});

describe('list selectors', () => {
  function seeded(): Cluster {
    const c = createCluster();
    // No scheduler serves this name, so only the test decides where pods are placed.
    const spec = { schedulerName: 'manual' };
    c.api.create(pod('web-1', { labels: { app: 'web', tier: 'frontend', env: 'prod' }, spec }));
    c.api.create(pod('web-2', { labels: { app: 'web', tier: 'frontend', env: 'staging' }, spec }));
    c.api.create(pod('db-1', { labels: { app: 'db', env: 'prod' }, spec }));
    c.api.create(pod('batch', { labels: { app: 'batch', canary: 'true' }, spec }));
    c.api.create(pod('bare', { spec }));
    return c;
  }
  const names = (c: Cluster, labelSelector?: string, fieldSelector?: string) =>
    c.api.list('pods', { namespace: 'default', labelSelector, fieldSelector }).items.map((p) => p.metadata.name);

  it('equality, inequality, set-based, exists and does-not-exist', () => {
    const c = seeded();
    expect(names(c, 'app=web')).toEqual(['web-1', 'web-2']);
    expect(names(c, 'app==web')).toEqual(['web-1', 'web-2']);
    // != matches objects without the key too.
    expect(names(c, 'app!=web')).toEqual(['bare', 'batch', 'db-1']);
    expect(names(c, 'env in (prod, staging)')).toEqual(['db-1', 'web-1', 'web-2']);
    expect(names(c, 'env notin (prod)')).toEqual(['bare', 'batch', 'web-2']);
    expect(names(c, 'canary')).toEqual(['batch']);
    expect(names(c, '!canary')).toEqual(['bare', 'db-1', 'web-1', 'web-2']);
    expect(names(c, 'app=web,env=prod')).toEqual(['web-1']);
    expect(names(c, 'tier,env!=prod')).toEqual(['web-2']);
    expect(names(c, '')).toEqual(['bare', 'batch', 'db-1', 'web-1', 'web-2']);
  });

  it('the grammar: whitespace, empty values, in/notin as values, gt and lt', () => {
    const c = createCluster();
    c.api.create(pod('a', { labels: { app: 'web', tier: '', version: '3' } }));
    c.api.create(pod('b', { labels: { app: 'in', version: '12' } }));
    expect(names(c, ' app = web ')).toEqual(['a']);
    expect(names(c, 'tier=')).toEqual(['a']);
    expect(names(c, 'tier in (,x)')).toEqual(['a']);
    expect(names(c, 'app in (in, notin)')).toEqual(['b']);
    expect(names(c, 'version>5')).toEqual(['b']);
    expect(names(c, 'version<5')).toEqual(['a']);
    expect(names(c, 'version notin ()')).toEqual(['a', 'b']);
  });

  it('a malformed label selector is a BadRequest with the parser’s wording', () => {
    const c = createCluster();
    const message = (sel: string) => {
      const e = statusError(() => c.api.list('pods', { labelSelector: sel }));
      expect(e.reason).toBe('BadRequest');
      return e.message;
    };
    expect(message('=a')).toBe("found '=', expected: !, identifier, or 'end of string'");
    expect(message('a=b,')).toBe("found '', expected: identifier after ','");
    expect(message('a=b c')).toBe("found 'c', expected: ',' or 'end of string'");
    expect(message('!')).toBe("unable to parse requirement: found '', expected: identifier");
    expect(message('!a=b')).toBe("found '=', expected: ',' or 'end of string'");
    expect(message('a b')).toBe("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expect(message('a=(')).toBe("unable to parse requirement: found '(', expected: identifier");
    expect(message('a in a')).toBe("unable to parse requirement: found 'a' expected: '('");
    expect(message('a in (a a)')).toBe("unable to parse requirement: found 'a', expected: ',' or ')'");
    expect(message('a in (a,=)')).toBe("unable to parse requirement: found '=', expected: ',', or identifier");
    expect(message('a in (')).toBe("unable to parse requirement: found '', expected: ',', ')' or identifier");
    expect(message('version>x')).toBe('unable to parse requirement: values[0]: Invalid value: "x": for \'Gt\', \'Lt\' operators, the value must be an integer');
    expect(message('/a=b')).toBe('unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty');
    expect(message('a=b@')).toBe(
      "unable to parse requirement: values[0][a]: Invalid value: \"b@\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  });

  it('list results are sorted by namespace and name', () => {
    const c = createCluster();
    for (const n of ['zeta', 'alpha', 'mid']) c.api.create(configMap(n));
    expect(c.api.list('configmaps', { namespace: 'default', labelSelector: '' }).items.map((x) => x.metadata.name)).toEqual([
      'alpha',
      'kube-root-ca.crt',
      'mid',
      'zeta',
    ]);
  });

  it('field selectors: metadata.name, metadata.namespace, spec.nodeName, status.phase', () => {
    const c = seeded();
    c.api.create(pod('placed', { spec: { nodeName: 'worker-2' } }));
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    c.settle();
    c.api.create(pod('elsewhere', { namespace: 'team-a' }));
    const done = editable(c.api.get('pods', 'batch'));
    done.status = { phase: 'Succeeded' };
    c.api.updateStatus(done);

    expect(names(c, undefined, 'metadata.name=web-2')).toEqual(['web-2']);
    expect(names(c, undefined, 'metadata.name!=web-2')).not.toContain('web-2');
    expect(c.api.list('pods', { fieldSelector: 'metadata.namespace=team-a' }).items.map((p) => p.metadata.name)).toEqual(['elsewhere']);
    expect(names(c, undefined, 'spec.nodeName=worker-2')).toEqual(['placed']);
    // Unscheduled pods have an empty nodeName: what the scheduler lists.
    expect(names(c, undefined, 'spec.nodeName=')).not.toContain('placed');
    expect(names(c, undefined, 'status.phase=Succeeded')).toEqual(['batch']);
    expect(names(c, undefined, 'status.phase!=Succeeded,status.phase!=Failed')).toEqual(['bare', 'db-1', 'placed', 'web-1', 'web-2']);
    expect(names(c, 'app=web', 'metadata.name=web-1')).toEqual(['web-1']);
  });

  it('an unsupported field selector is a BadRequest with the conversion func wording', () => {
    const c = seeded();
    const e = statusError(() => c.api.list('pods', { fieldSelector: 'spec.containers=nginx' }));
    expect(e.reason).toBe('BadRequest');
    expect(e.code).toBe(400);
    expect(e.message).toBe('field label not supported: spec.containers');
    // Node's conversion func accepts only metadata.name and spec.unschedulable.
    expect(statusError(() => c.api.list('nodes', { fieldSelector: 'metadata.namespace=x' })).message).toBe('field label not supported: metadata.namespace');
    // Kinds without their own conversion func fall back to DefaultMetaV1FieldSelectorConversion.
    expect(statusError(() => c.api.list('deployments', { fieldSelector: 'spec.replicas=2' })).message).toBe(
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(statusError(() => c.api.list('configmaps', { fieldSelector: 'data.x=y' })).message).toBe(
      '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it('Services select on spec.type and spec.clusterIP', () => {
    const c = createCluster();
    const items = c.api.list('services', { fieldSelector: 'spec.clusterIP=10.96.0.1' }).items;
    expect(items.map((s) => s.metadata.name)).toEqual(['kubernetes']);
    expect(c.api.list('services', { fieldSelector: 'spec.type=NodePort' }).items).toEqual([]);
  });
});

describe('graceful deletion', () => {
  it('a Pod bound to a node gets deletionTimestamp now+30s and stays until deleted with grace 0', () => {
    const c = createCluster();
    // A running kubelet would finish the deletion; with its host off, the apiserver's part is all there is.
    c.hosts.powerOff('worker-1');
    c.advance(10_000);
    c.api.create(pod('p', { spec: { nodeName: 'worker-1' } }));
    const w = record(c, 'pods');
    const marked = c.api.delete('pods', 'p');
    expect(marked.metadata.deletionTimestamp).toBe(toRFC3339(DEFAULT_EPOCH + 10_000 + 30_000));
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:00:40Z');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(30);
    // BeforeDelete bumps the generation when graceful deletion starts.
    expect(marked.metadata.generation).toBe(2);
    c.clock.drain();
    expect(w.events.map((e) => e.type)).toEqual(['MODIFIED']);
    expect(c.api.get('pods', 'p').metadata.deletionTimestamp).toBe('2026-01-01T00:00:40Z');

    // Deleting again with the same or a longer grace period changes nothing.
    const again = c.api.delete('pods', 'p');
    expect(again.metadata.resourceVersion).toBe(marked.metadata.resourceVersion);

    c.api.delete('pods', 'p', { gracePeriodSeconds: 0 });
    expect(c.api.tryGet('pods', 'p')).toBeUndefined();
    c.clock.drain();
    expect(w.events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
  });

  it('the grace period comes from spec.terminationGracePeriodSeconds, and a request may shorten it', () => {
    const c = createCluster();
    c.hosts.powerOff('worker-1');
    c.api.create(pod('p', { spec: { nodeName: 'worker-1', terminationGracePeriodSeconds: 120 } }));
    const first = c.api.delete('pods', 'p');
    expect(first.metadata.deletionGracePeriodSeconds).toBe(120);
    expect(first.metadata.deletionTimestamp).toBe('2026-01-01T00:02:00Z');
    c.advance(20_000);
    // Shortening: the deadline becomes (deletion start) + new grace (rest.BeforeDelete).
    const shorter = c.api.delete('pods', 'p', { gracePeriodSeconds: 60 });
    expect(shorter.metadata.deletionGracePeriodSeconds).toBe(60);
    expect(shorter.metadata.deletionTimestamp).toBe('2026-01-01T00:01:00Z');
  });

  it('an unscheduled Pod, or one that has finished, goes at once', () => {
    const c = createCluster();
    c.api.create(pod('pending'));
    c.api.delete('pods', 'pending');
    expect(c.api.tryGet('pods', 'pending')).toBeUndefined();
    c.api.create(pod('done', { spec: { nodeName: 'worker-1' } }));
    const done = editable(c.api.get('pods', 'done'));
    done.status = { phase: 'Succeeded' };
    c.api.updateStatus(done);
    c.api.delete('pods', 'done');
    expect(c.api.tryGet('pods', 'done')).toBeUndefined();
  });

  it('a negative grace period is treated as 1 second', () => {
    const c = createCluster();
    c.api.create(pod('p', { spec: { nodeName: 'worker-1' } }));
    const marked = c.api.delete('pods', 'p', { gracePeriodSeconds: -5 });
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(1);
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:00:01Z');
  });
});

describe('finalizers', () => {
  it('keep the object, with deletionTimestamp set, until an update removes the last one', () => {
    const c = createCluster();
    c.api.create({ ...configMap('cfg'), metadata: { name: 'cfg', finalizers: ['example.com/a', 'example.com/b'] } });
    const w = record(c, 'configmaps');
    const marked = c.api.delete('configmaps', 'cfg');
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(marked.metadata.finalizers).toEqual(['example.com/a', 'example.com/b']);
    expect(c.api.get('configmaps', 'cfg').metadata.deletionTimestamp).toBeDefined();

    // Deleting again is a no-op while finalizers remain.
    expect(c.api.delete('configmaps', 'cfg').metadata.resourceVersion).toBe(marked.metadata.resourceVersion);

    const one = editable(c.api.get('configmaps', 'cfg'));
    one.metadata.finalizers = ['example.com/b'];
    const kept = c.api.update(one);
    expect(kept.metadata.finalizers).toEqual(['example.com/b']);
    // deletionTimestamp cannot be cleared by a client.
    const undo = editable(kept);
    delete undo.metadata.deletionTimestamp;
    undo.data = { changed: 'yes' };
    expect(c.api.update(undo).metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');

    c.api.patch('configmaps', 'cfg', [{ op: 'remove', path: '/metadata/finalizers' }], { patchType: 'json' });
    expect(c.api.tryGet('configmaps', 'cfg')).toBeUndefined();
    c.clock.drain();
    expect(w.events.map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED', 'MODIFIED', 'DELETED']);
  });

  it('a Deployment with a finalizer gets its generation bumped when deletion starts', () => {
    const c = createCluster();
    const d = deployment('web');
    d.metadata.finalizers = ['example.com/hold'];
    c.api.create(d);
    const marked = c.api.delete('deployments', 'web');
    expect(marked.metadata.generation).toBe(2);
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('propagationPolicy Foreground adds the foregroundDeletion finalizer', () => {
    const c = createCluster();
    c.api.create(deployment('web'));
    const marked = c.api.delete('deployments', 'web', { propagationPolicy: 'Foreground' });
    expect(marked.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(c.api.tryGet('deployments', 'web')).toBeDefined();
  });
});

describe('namespace termination', () => {
  function withNamespace(): Cluster {
    // Without add-ons, settle() ends at the start time the assertions below name.
    const c = createCluster({ addons: { coreDNS: false, ingressNginx: false } });
    c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } });
    c.settle();
    c.api.create(pod('p1', { namespace: 'x' }));
    c.api.create(configMap('settings', { a: '1' }, 'x'));
    return c;
  }

  it('a new namespace is Active with the kubernetes finalizer; its controllers fill it', () => {
    const c = withNamespace();
    const ns = c.api.get('namespaces', 'x');
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'x' });
    expect(c.api.tryGet('serviceaccounts', 'default', 'x')).toBeDefined();
    expect(c.api.tryGet('configmaps', 'kube-root-ca.crt', 'x')).toBeDefined();
  });

  it('deleting marks it Terminating, refuses new content, then empties and removes it', () => {
    const c = withNamespace();
    const marked = c.api.delete('namespaces', 'x');
    expect(marked.status).toEqual({ phase: 'Terminating' });
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    // The namespace REST storage stamps the time but sets no grace period.
    expect(marked.metadata.deletionGracePeriodSeconds).toBeUndefined();
    expect(c.api.get('namespaces', 'x').status).toEqual({ phase: 'Terminating' });
    // Deleting it again while its content is being removed is a Conflict.
    const again = statusError(() => c.api.delete('namespaces', 'x'));
    expect(again.reason).toBe('Conflict');
    expect(again.message).toBe(
      'Operation cannot be fulfilled on namespaces "x": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    );

    const e = statusError(() => c.api.create(pod('p', { namespace: 'x' })));
    expect(e.reason).toBe('Forbidden');
    expect(e.code).toBe(403);
    expect(e.message).toBe('pods "p" is forbidden: unable to create new content in namespace x because it is being terminated');
    expect(statusError(() => c.api.create(deployment('d'), { namespace: 'x' })).message).toBe(
      'deployments.apps "d" is forbidden: unable to create new content in namespace x because it is being terminated',
    );

    c.settle();
    expect(c.api.tryGet('pods', 'p1', 'x')).toBeUndefined();
    expect(c.api.tryGet('configmaps', 'settings', 'x')).toBeUndefined();
    expect(c.api.tryGet('serviceaccounts', 'default', 'x')).toBeUndefined();
    expect(c.api.tryGet('namespaces', 'x')).toBeUndefined();
    // Nothing re-created the default ServiceAccount on the way out.
    expect(c.api.list('serviceaccounts', { namespace: 'x' }).items).toEqual([]);
  });

  it('the namespace waits for a finalizer on its content', () => {
    const c = withNamespace();
    c.api.create({ ...configMap('held', {}, 'x'), metadata: { name: 'held', namespace: 'x', finalizers: ['example.com/hold'] } });
    c.api.delete('namespaces', 'x');
    c.settle();
    expect(c.api.get('namespaces', 'x').status).toEqual({ phase: 'Terminating' });
    expect(c.api.get('configmaps', 'held', 'x').metadata.deletionTimestamp).toBeDefined();
    c.api.patch('configmaps', 'held', { metadata: { finalizers: null } }, { namespace: 'x', patchType: 'merge' });
    c.settle();
    expect(c.api.tryGet('namespaces', 'x')).toBeUndefined();
  });

  it('a namespace that does not exist', () => {
    const c = createCluster();
    const e = statusError(() => c.api.create(pod('p', { namespace: 'nope' })));
    expect(e.reason).toBe('NotFound');
    expect(e.message).toBe('namespaces "nope" not found');
  });

  it('the built-in namespaces cannot be deleted', () => {
    const c = createCluster();
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const e = statusError(() => c.api.delete('namespaces', name));
      expect(e.reason).toBe('Forbidden');
      expect(e.message).toBe(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
      expect(c.api.get('namespaces', name).status).toEqual({ phase: 'Active' });
    }
  });
});

describe('patch', () => {
  function web(c: Cluster): KubeObject {
    return c.api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'B', value: '2' },
                ],
                ports: [{ containerPort: 80, name: 'http' }],
              },
              { name: 'sidecar', image: 'busybox:1.36', command: ['sleep', '3600'] },
            ],
            volumes: [
              { name: 'cache', emptyDir: {} },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
      },
    });
  }
  type Container = { name: string; image: string; env?: { name: string; value: string }[]; ports?: { containerPort: number; name?: string; protocol?: string }[] };
  const podSpec = (d: KubeObject) => (d.spec as { template: { spec: { containers: Container[]; volumes: { name: string }[] } } }).template.spec;

  it('JSON merge patch replaces lists wholesale and null deletes a key', () => {
    const c = createCluster();
    web(c);
    const out = c.api.patch('deployments', 'web', { metadata: { labels: { app: null, team: 'a' } }, spec: { template: { spec: { volumes: [{ name: 'only', emptyDir: {} }] } } } }, { patchType: 'merge' });
    expect(out.metadata.labels).toEqual({ team: 'a' });
    expect(podSpec(out).volumes.map((v) => v.name)).toEqual(['only']);
  });

  it('strategic merge patch merges containers by name, env by name, ports by containerPort, volumes by name', () => {
    const c = createCluster();
    web(c);
    const out = c.api.patch('deployments', 'web', {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.28', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }], ports: [{ containerPort: 80, protocol: 'TCP', name: 'web' }, { containerPort: 443 }] }],
            volumes: [{ name: 'config', configMap: { name: 'cfg' } }],
          },
        },
      },
    });
    const spec = podSpec(out);
    expect(spec.containers.map((x) => `${x.name}=${x.image}`)).toEqual(['web=nginx:1.28', 'sidecar=busybox:1.36']);
    expect(spec.containers[0].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
    expect(spec.containers[0].ports).toEqual([
      { containerPort: 80, name: 'web', protocol: 'TCP' },
      { containerPort: 443, protocol: 'TCP' },
    ]);
    // strategicpatch normalizeElementOrder: an item the live list lacks goes before the server-only ones.
    expect(spec.volumes.map((v) => v.name)).toEqual(['config', 'cache', 'tmp']);
  });

  it('strategic merge patch orders a merged list the way strategicpatch does', () => {
    const c = createCluster();
    web(c);
    // Items named by the patch keep the patch order; a new container lands in front of the others.
    const added = c.api.patch('deployments', 'web', { spec: { template: { spec: { containers: [{ name: 'debug', image: 'busybox:1.36' }] } } } });
    expect(podSpec(added).containers.map((x) => x.name)).toEqual(['debug', 'web', 'sidecar']);
    // A live item named in the patch keeps its place relative to the server-only ones.
    const env = c.api.patch('deployments', 'web', { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: 'b' }, { name: 'Z', value: 'z' }] }] } } } });
    expect(podSpec(env).containers.find((x) => x.name === 'web')?.env?.map((e) => e.name)).toEqual(['A', 'B', 'Z']);
    // finalizers merge as a set, the new one first.
    c.api.patch('deployments', 'web', { metadata: { finalizers: ['example.com/a'] } });
    const fin = c.api.patch('deployments', 'web', { metadata: { finalizers: ['example.com/b'] } });
    expect(fin.metadata.finalizers).toEqual(['example.com/b', 'example.com/a']);
    const removed = c.api.patch('deployments', 'web', { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/b'] } });
    expect(removed.metadata.finalizers).toEqual(['example.com/a']);
  });

  it('ports lists outside containers and Services are replaced, not merged', () => {
    const c = createCluster();
    c.api.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np' },
      spec: { podSelector: {}, ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }] },
    });
    const out = c.api.patch('networkpolicies', 'np', { spec: { ingress: [{ ports: [{ port: 443, protocol: 'TCP' }] }] } });
    expect((out.spec as { ingress: unknown }).ingress).toEqual([{ ports: [{ port: 443, protocol: 'TCP' }] }]);
  });

  it('$patch: delete removes a list element by its merge key, and $patch: replace replaces a map', () => {
    const c = createCluster();
    web(c);
    const out = c.api.patch('deployments', 'web', {
      spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }, { name: 'web', env: [{ name: 'A', $patch: 'delete' }] }], volumes: [{ name: 'tmp', $patch: 'delete' }] } } },
    });
    const spec = podSpec(out);
    expect(spec.containers.map((x) => x.name)).toEqual(['web']);
    expect(spec.containers[0].env).toEqual([{ name: 'B', value: '2' }]);
    expect(spec.volumes.map((v) => v.name)).toEqual(['cache']);
    const replaced = c.api.patch('deployments', 'web', { metadata: { labels: { $patch: 'replace', only: 'this' } } });
    expect(replaced.metadata.labels).toEqual({ only: 'this' });
  });

  it('strategic merge patch merges Service ports by port', () => {
    const c = createCluster();
    c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
    const out = c.api.patch('services', 'web', { spec: { ports: [{ name: 'https', port: 443, targetPort: 8443 }, { port: 80, targetPort: 9090 }] } });
    // Both ports are named by the patch, so they take the patch's order.
    expect((out.spec as { ports: unknown[] }).ports).toEqual([
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 9090 },
    ]);
  });

  it('strategic merge patch is refused for custom resources', () => {
    const c = createCluster();
    c.apply(crdYaml);
    c.api.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } });
    const e = statusError(() => c.api.patch('widgets', 'w', { spec: { size: 2 } }));
    expect(e.reason).toBe('BadRequest');
    expect((c.api.patch('widgets', 'w', { spec: { size: 2 } }, { patchType: 'merge' }).spec as { size: number }).size).toBe(2);
  });

  it('JSON patch: add, replace, remove, test, copy, move', () => {
    const c = createCluster();
    c.api.create(configMap('cfg', { a: '1', b: '2' }));
    const out = c.api.patch(
      'configmaps',
      'cfg',
      [
        { op: 'test', path: '/data/a', value: '1' },
        { op: 'add', path: '/data/c', value: '3' },
        { op: 'replace', path: '/data/a', value: 'one' },
        { op: 'remove', path: '/data/b' },
        { op: 'copy', from: '/data/c', path: '/data/d' },
        { op: 'move', from: '/data/c', path: '/data/e' },
        { op: 'add', path: '/metadata/labels', value: { 'app.kubernetes.io/name': 'x' } },
      ],
      { patchType: 'json' },
    );
    expect(out.data).toEqual({ a: 'one', d: '3', e: '3' });
    expect(out.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'x' });
  });

  it('JSON patch: a failed test or a missing path changes nothing', () => {
    const c = createCluster();
    const before = c.api.create(configMap('cfg', { a: '1' }));
    expect(statusError(() => c.api.patch('configmaps', 'cfg', [{ op: 'test', path: '/data/a', value: '2' }, { op: 'add', path: '/data/z', value: 'z' }], { patchType: 'json' })).reason).toBe('BadRequest');
    expect(statusError(() => c.api.patch('configmaps', 'cfg', [{ op: 'remove', path: '/data/missing' }], { patchType: 'json' })).reason).toBe('BadRequest');
    expect(c.api.get('configmaps', 'cfg').metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('JSON patch appends to a list with "-" and inserts at an index', () => {
    const c = createCluster();
    web(c);
    const out = c.api.patch(
      'deployments',
      'web',
      [
        { op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'Z', value: 'last' } },
        { op: 'add', path: '/spec/template/spec/containers/0/env/0', value: { name: 'FIRST', value: '0' } },
      ],
      { patchType: 'json' },
    );
    expect(podSpec(out).containers[0].env?.map((e) => e.name)).toEqual(['FIRST', 'A', 'B', 'Z']);
  });

  it('a patch naming a stale resourceVersion conflicts; one without is unconditional', () => {
    const c = createCluster();
    const first = c.api.create(configMap('cfg', { a: '1' }));
    c.api.patch('configmaps', 'cfg', { data: { a: '2' } });
    const e = statusError(() => c.api.patch('configmaps', 'cfg', { metadata: { resourceVersion: first.metadata.resourceVersion }, data: { a: '3' } }, { patchType: 'merge' }));
    expect(e.reason).toBe('Conflict');
  });
});


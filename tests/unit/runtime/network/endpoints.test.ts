// The Endpoints controller alone on a bare control plane (exact object shapes),
// then on a full cluster where the kubelet's readiness probes move pods
// between `addresses` and `notReadyAddresses`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../../../src/runtime/index';
import { asArray, isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { toRFC3339 } from '../../../../src/runtime/clock';
import { ENDPOINTS_MAX_CAPACITY, EndpointsController, repackSubsets, truncateEndpoints, type EndpointSubset } from '../../../../src/runtime/controllers/endpoints';
import { addressesOf, endpoints, plane, runningPod, service, setReady, type Plane } from './endpointkit';

function withController(): Plane {
  const p = plane();
  new EndpointsController(p.api, p.clock).start();
  return p;
}

const ref = (pod: KubeObject): Record<string, string> => ({ kind: 'Pod', namespace: 'default', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' });

describe('Endpoints controller: object shape', () => {
  it('lists ready pods with node and pod reference, labels it as its own and stamps the trigger time', () => {
    const p = withController();
    const a = runningPod(p, 'web-a', { ip: '10.40.1.10', node: 'worker-1' });
    const b = runningPod(p, 'web-b', { ip: '10.40.2.10', node: 'worker-2' });
    p.clock.advance(5_000);
    service(p, 'web', { selector: { app: 'web' }, ports: [{ port: 8000, targetPort: 80 }] }, { tier: 'front' });
    const ep = endpoints(p.api, 'web');
    expect(ep).toBeDefined();
    expect(ep?.metadata.labels).toEqual({ tier: 'front', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' });
    // The earliest unsynced change: the pods turned Ready before the Service was created.
    expect(ep?.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': toRFC3339(p.clock.now() - 5_000) });
    expect(ep?.metadata.ownerReferences).toBeUndefined();
    expect(ep?.subsets).toEqual([
      {
        addresses: [
          { ip: '10.40.1.10', nodeName: 'worker-1', targetRef: ref(a) },
          { ip: '10.40.2.10', nodeName: 'worker-2', targetRef: ref(b) },
        ],
        ports: [{ port: 80, protocol: 'TCP' }],
      },
    ]);
  });

  it('creates an Endpoints without subsets for a Service that selects nothing, and none for a selectorless one', () => {
    const p = withController();
    service(p, 'lonely', { selector: { app: 'nobody' }, ports: [{ port: 80 }] });
    service(p, 'external', { ports: [{ port: 5432 }] });
    service(p, 'alias', { type: 'ExternalName', externalName: 'db.example.com' });
    const ep = endpoints(p.api, 'lonely');
    expect(ep).toBeDefined();
    expect('subsets' in (ep ?? {})).toBe(false);
    expect(endpoints(p.api, 'external')).toBeUndefined();
    expect(endpoints(p.api, 'alias')).toBeUndefined();
  });

  it('resolves a named targetPort per pod: different container ports land in different subsets', () => {
    const p = withController();
    const v1 = runningPod(p, 'v1', { ip: '10.40.1.11', ports: [{ name: 'http', containerPort: 8080 }] });
    const v2 = runningPod(p, 'v2', { ip: '10.40.2.12', node: 'worker-2', ports: [{ name: 'http', containerPort: 9090 }] });
    runningPod(p, 'noport', { ip: '10.40.3.13', node: 'worker-3', ports: [{ name: 'metrics', containerPort: 9100 }] });
    service(p, 'web', { selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] });
    expect(endpoints(p.api, 'web')?.subsets).toEqual([
      { addresses: [{ ip: '10.40.1.11', nodeName: 'worker-1', targetRef: ref(v1) }], ports: [{ name: 'web', port: 8080, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.40.2.12', nodeName: 'worker-2', targetRef: ref(v2) }], ports: [{ name: 'web', port: 9090, protocol: 'TCP' }] },
    ]);
  });

  it('keeps not-ready pods under notReadyAddresses, or under addresses with publishNotReadyAddresses', () => {
    const p = withController();
    runningPod(p, 'up', { ip: '10.40.1.20' });
    runningPod(p, 'down', { ip: '10.40.1.21', ready: false });
    service(p, 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 81, targetPort: 80 }] });
    const ep = endpoints(p.api, 'web');
    expect(addressesOf(ep)).toEqual(['10.40.1.20:80']);
    expect(addressesOf(ep, 'notReadyAddresses')).toEqual(['10.40.1.21:80']);
    // Both Service ports resolve to container port 80 on the same pods: one subset, two ports.
    expect(asArray(ep?.subsets)).toHaveLength(1);
    expect(asArray(ep?.subsets).filter(isObject)[0].ports).toEqual([
      { name: 'admin', port: 80, protocol: 'TCP' },
      { name: 'http', port: 80, protocol: 'TCP' },
    ]);
    service(p, 'peers', { clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'web' }, ports: [{ port: 80 }] });
    const peers = endpoints(p.api, 'peers');
    expect(addressesOf(peers)).toEqual(['10.40.1.20:80', '10.40.1.21:80']);
    expect(peers?.metadata.labels).toEqual({ 'endpoints.kubernetes.io/managed-by': 'endpoint-controller', 'service.kubernetes.io/headless': '' });
  });

  it('follows a pod whose Ready condition flips, and a pod relabelled out of the Service', () => {
    const p = withController();
    runningPod(p, 'a', { ip: '10.40.1.30' });
    runningPod(p, 'b', { ip: '10.40.1.31' });
    service(p, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    p.clock.advance(1_000);
    setReady(p, 'a', false);
    expect(addressesOf(endpoints(p.api, 'web'))).toEqual(['10.40.1.31:80']);
    expect(addressesOf(endpoints(p.api, 'web'), 'notReadyAddresses')).toEqual(['10.40.1.30:80']);
    expect(endpoints(p.api, 'web')?.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBe(p.clock.nowRFC3339());
    p.api.patch('pods', 'b', { metadata: { labels: { app: 'other' } } });
    p.clock.drain();
    expect(addressesOf(endpoints(p.api, 'web'))).toEqual([]);
    setReady(p, 'a', true);
    expect(addressesOf(endpoints(p.api, 'web'))).toEqual(['10.40.1.30:80']);
  });

  it('drops a terminating pod at once, and the Endpoints with its Service', () => {
    const p = withController();
    runningPod(p, 'a', { ip: '10.40.1.40' });
    runningPod(p, 'b', { ip: '10.40.1.41' });
    service(p, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    p.api.delete('pods', 'a');
    p.clock.drain();
    expect(p.api.get('pods', 'a').metadata.deletionTimestamp).toBeDefined();
    expect(addressesOf(endpoints(p.api, 'web'))).toEqual(['10.40.1.41:80']);
    p.api.delete('services', 'web');
    p.clock.drain();
    expect(endpoints(p.api, 'web')).toBeUndefined();
  });

  it('sets the hostname of pods whose subdomain names the Service', () => {
    const p = withController();
    runningPod(p, 'db-0', { ip: '10.40.1.50', hostname: 'db-0', subdomain: 'db' });
    runningPod(p, 'db-1', { ip: '10.40.2.50', node: 'worker-2', hostname: 'db-1', subdomain: 'other' });
    service(p, 'db', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 5432, targetPort: 80 }] });
    const addrs = asArray(asArray(endpoints(p.api, 'db')?.subsets).filter(isObject)[0].addresses).filter(isObject);
    expect(addrs.map((a) => [a.ip, a.hostname])).toEqual([
      ['10.40.1.50', 'db-0'],
      ['10.40.2.50', undefined],
    ]);
  });

  it('puts back an Endpoints object someone deletes', () => {
    const p = withController();
    runningPod(p, 'a', { ip: '10.40.1.60' });
    service(p, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    p.api.delete('endpoints', 'web');
    p.clock.drain();
    expect(addressesOf(endpoints(p.api, 'web'))).toEqual(['10.40.1.60:80']);
  });
});

describe('RepackSubsets and the 1000-address cap', () => {
  const addr = (i: number): { ip: string; targetRef: { kind: string; namespace: string; name: string; uid: string } } => ({ ip: `10.40.${i >> 8}.${i & 255}`, targetRef: { kind: 'Pod', namespace: 'd', name: `p${i}`, uid: `u${i}` } });

  it('counts an address ready on a port if any entry says so', () => {
    const a = addr(1);
    const port = { port: 80, protocol: 'TCP' };
    expect(repackSubsets([{ address: a, ready: false, port }, { address: a, ready: true, port }])).toEqual([{ addresses: [a], ports: [port] }]);
  });

  it('truncates past 1000 addresses, ready ones first, and reports that it did', () => {
    const ready = Array.from({ length: 900 }, (_, i) => addr(i));
    const notReady = Array.from({ length: 300 }, (_, i) => addr(1000 + i));
    const subsets: EndpointSubset[] = [{ addresses: ready, notReadyAddresses: notReady, ports: [{ port: 80, protocol: 'TCP' }] }];
    const cut = truncateEndpoints(subsets);
    expect(cut?.[0].addresses).toHaveLength(900);
    expect(cut?.[0].notReadyAddresses).toHaveLength(ENDPOINTS_MAX_CAPACITY - 900);
    expect(truncateEndpoints([{ addresses: ready }])).toBeUndefined();
  });
});

describe('Endpoints on a full cluster', () => {
  const quiet = (): Cluster => createCluster({ addons: { ingressNginx: false, coreDNS: false } });

  function applyOk(c: Cluster, text: string): void {
    for (const r of c.apply(text)) if ('error' in r) throw new Error(r.error);
  }

  it('moves a pod to notReadyAddresses when its readiness probe starts failing, and back', () => {
    const c = quiet();
    // Ready while /tmp/healthy exists (30 s), unready for a minute, then ready again.
    applyOk(
      c,
      `apiVersion: v1
kind: Pod
metadata: {name: flappy, labels: {app: flappy}}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ['sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 60; touch /tmp/healthy; sleep 600']
    readinessProbe: {exec: {command: [cat, /tmp/healthy]}, periodSeconds: 5}
---
apiVersion: v1
kind: Service
metadata: {name: flappy}
spec:
  selector: {app: flappy}
  ports: [{port: 80}]
`,
    );
    c.advance(20_000);
    const ip = String((c.api.get('pods', 'flappy').status as { podIP: string }).podIP);
    expect(addressesOf(c.api.get('endpoints', 'flappy'))).toEqual([`${ip}:80`]);
    c.advance(30_000);
    expect(addressesOf(c.api.get('endpoints', 'flappy'))).toEqual([]);
    expect(addressesOf(c.api.get('endpoints', 'flappy'), 'notReadyAddresses')).toEqual([`${ip}:80`]);
    c.advance(60_000);
    expect(addressesOf(c.api.get('endpoints', 'flappy'))).toEqual([`${ip}:80`]);
  });

  it('points the kubernetes Endpoints at the apiserver on the control-plane node, and restores them', () => {
    const c = quiet();
    const ep = c.api.get('endpoints', 'kubernetes');
    expect(ep.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '10.140.0.10' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    c.api.delete('endpoints', 'kubernetes');
    c.advance(10_000);
    expect(c.api.get('endpoints', 'kubernetes').subsets).toEqual(ep.subsets);
    // Even the Service comes back, on the first address, as the apiserver's bootstrap controller does.
    c.api.delete('services', 'kubernetes');
    c.clock.drain();
    expect(c.api.tryGet('endpoints', 'kubernetes')).toBeUndefined();
    c.advance(10_000);
    expect(c.api.get('services', 'kubernetes').spec).toMatchObject({ clusterIP: '10.96.0.1' });
    expect(c.api.get('endpoints', 'kubernetes').subsets).toEqual(ep.subsets);
  });

  it('serves the upstream backend example through its named port', () => {
    const c = quiet();
    const fixtures = new URL('../../../../../shared/fixtures/k8s-examples/service/access/', import.meta.url);
    const read = (f: string): string => readFileSync(new URL(f, fixtures), 'utf8');
    applyOk(c, read('backend-deployment.yaml'));
    applyOk(c, read('backend-service.yaml'));
    c.settle();
    const pods = c.api.list('pods', { namespace: 'default', labelSelector: 'app.kubernetes.io/name=hello,tier=backend' }).items;
    expect(pods).toHaveLength(3);
    const ips = pods.map((p) => `${String((p.status as { podIP: string }).podIP)}:80`).sort();
    expect(addressesOf(c.api.get('endpoints', 'hello'))).toEqual(ips);
  });
});

// The EndpointSlice controller (and the mirroring controller) alone on a bare
// control plane, then slices on a full cluster: the StatefulSet example's
// hostnames, garbage collection with the Service, and the apiserver's slice.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../../../src/runtime/index';
import { asArray, isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { toRFC3339 } from '../../../../src/runtime/clock';
import { EndpointSliceController, MAX_ENDPOINTS_PER_SLICE } from '../../../../src/runtime/controllers/endpointslice';
import { EndpointSliceMirroringController } from '../../../../src/runtime/controllers/endpointslice/mirroring';
import { plane, runningPod, service, setReady, sliceEndpoints, slices, type Plane } from './endpointkit';

const GENERATED = /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

function withController(): Plane {
  const p = plane();
  new EndpointSliceController(p.api, p.clock).start();
  new EndpointSliceMirroringController(p.api, p.clock).start();
  return p;
}

const eps = (s: KubeObject): Record<string, unknown>[] => asArray(s.endpoints).filter(isObject);

describe('EndpointSlice controller: object shape', () => {
  it('writes one slice named <service>-<5 chars>, owned by the Service, with each pod as an endpoint', () => {
    const p = withController();
    const a = runningPod(p, 'web-a', { ip: '10.40.1.10', node: 'worker-1' });
    const b = runningPod(p, 'web-b', { ip: '10.40.2.10', node: 'worker-2', ready: false });
    const svc = service(p, 'web', { selector: { app: 'web' }, ports: [{ port: 8000, targetPort: 80 }] }, { tier: 'front' });
    const [slice, ...others] = slices(p.api, 'web');
    expect(others).toEqual([]);
    expect(slice.metadata.name).toMatch(GENERATED);
    expect(slice.metadata).toMatchObject({
      generateName: 'web-',
      labels: { tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': toRFC3339(p.clock.now()) },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }],
    });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    expect(slice.endpoints).toEqual([
      {
        addresses: ['10.40.1.10'],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: a.metadata.uid },
        nodeName: 'worker-1',
        zone: 'zone-a',
      },
      {
        addresses: ['10.40.2.10'],
        conditions: { ready: false, serving: false, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b', uid: b.metadata.uid },
        nodeName: 'worker-2',
        zone: 'zone-b',
      },
    ]);
  });

  it('keeps a placeholder slice (endpoints and ports null) for a Service with no pods, and reuses it', () => {
    const p = withController();
    service(p, 'web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] });
    const [placeholder, ...none] = slices(p.api, 'web');
    expect(none).toEqual([]);
    expect(placeholder.endpoints).toBeNull();
    expect(placeholder.ports).toBeNull();
    runningPod(p, 'web-a', { ip: '10.40.1.10' });
    const [filled, ...more] = slices(p.api, 'web');
    expect(more).toEqual([]);
    expect(filled.metadata.name).toBe(placeholder.metadata.name);
    expect(filled.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    expect(eps(filled).map((e) => e.addresses)).toEqual([['10.40.1.10']]);
    p.api.delete('pods', 'web-a', { gracePeriodSeconds: 0 });
    p.clock.drain();
    const [again] = slices(p.api, 'web');
    expect(again.metadata.name).toBe(placeholder.metadata.name);
    expect(again.endpoints).toBeNull();
  });

  it('puts at most 100 endpoints in a slice and moves as few as possible when pods come and go', () => {
    const p = withController();
    service(p, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    for (let i = 0; i < 205; i++) runningPod(p, `web-${i}`, { ip: `10.40.${1 + (i % 3)}.${10 + Math.floor(i / 3)}`, node: `worker-${1 + (i % 3)}` });
    const sizes = (): number[] => slices(p.api, 'web').map((s) => eps(s).length).sort((x, y) => y - x);
    expect(MAX_ENDPOINTS_PER_SLICE).toBe(100);
    expect(sizes()).toEqual([100, 100, 5]);
    const names = slices(p.api, 'web').map((s) => s.metadata.name);
    for (let i = 0; i < 30; i++) p.api.delete('pods', `web-${i}`, { gracePeriodSeconds: 0 });
    p.clock.drain();
    expect(sizes().reduce((a, b) => a + b, 0)).toBe(175);
    expect(slices(p.api, 'web').map((s) => s.metadata.name)).toEqual(names);
    // 20 newcomers fill the slices that lost endpoints instead of opening a fourth one.
    for (let i = 205; i < 225; i++) runningPod(p, `web-${i}`, { ip: `10.40.4.${i - 200}`, node: 'worker-1' });
    expect(slices(p.api, 'web').map((s) => s.metadata.name).sort()).toEqual([...names].sort());
    expect(sizes().every((n) => n <= 100)).toBe(true);
    expect(sizes().reduce((a, b) => a + b, 0)).toBe(195);
  });

  it('groups pods by the port numbers the Service ports resolve to', () => {
    const p = withController();
    runningPod(p, 'v1', { ip: '10.40.1.11', ports: [{ name: 'http', containerPort: 8080 }] });
    runningPod(p, 'v2', { ip: '10.40.2.12', node: 'worker-2', ports: [{ name: 'http', containerPort: 9090 }] });
    service(p, 'web', { selector: { app: 'web' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] });
    const byPort = slices(p.api, 'web').map((s) => [asArray(s.ports).filter(isObject)[0]?.port, eps(s).map((e) => asArray(e.addresses)[0])]);
    expect(byPort.sort()).toEqual([
      [8080, ['10.40.1.11']],
      [9090, ['10.40.2.12']],
    ]);
  });

  it('flags readiness, termination and publishNotReadyAddresses in the conditions', () => {
    const p = withController();
    runningPod(p, 'a', { ip: '10.40.1.20' });
    runningPod(p, 'b', { ip: '10.40.1.21', ready: false });
    service(p, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    service(p, 'peers', { clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'web' }, ports: [{ port: 80 }] });
    expect(sliceEndpoints(p.api, 'web')).toEqual(['10.40.1.20 true/true/false', '10.40.1.21 false/false/false']);
    expect(sliceEndpoints(p.api, 'peers')).toEqual(['10.40.1.20 true/true/false', '10.40.1.21 true/false/false']);
    expect(slices(p.api, 'peers')[0].metadata.labels).toMatchObject({ 'service.kubernetes.io/headless': '' });
    // A terminating pod stays listed, serving but not ready, so kube-proxy can drain it.
    p.api.delete('pods', 'a');
    p.clock.drain();
    expect(sliceEndpoints(p.api, 'web')).toEqual(['10.40.1.20 false/true/true', '10.40.1.21 false/false/false']);
    setReady(p, 'b', true);
    expect(sliceEndpoints(p.api, 'web')).toEqual(['10.40.1.20 false/true/true', '10.40.1.21 true/true/false']);
  });

  it('sets hostnames and trafficDistribution hints', () => {
    const p = withController();
    runningPod(p, 'db-0', { ip: '10.40.1.50', hostname: 'db-0', subdomain: 'db' });
    service(p, 'db', { clusterIP: 'None', trafficDistribution: 'PreferClose', selector: { app: 'web' }, ports: [{ port: 5432, targetPort: 80 }] });
    expect(eps(slices(p.api, 'db')[0])[0]).toMatchObject({ hostname: 'db-0', zone: 'zone-a', hints: { forZones: [{ name: 'zone-a' }] } });
  });

  it('puts back a managed slice someone deletes', () => {
    const p = withController();
    runningPod(p, 'a', { ip: '10.40.1.60' });
    service(p, 'web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    p.api.delete('endpointslices', slices(p.api, 'web')[0].metadata.name ?? '');
    p.clock.drain();
    expect(sliceEndpoints(p.api, 'web')).toEqual(['10.40.1.60 true/true/false']);
  });
});

describe('EndpointSlice mirroring', () => {
  const manual = (p: Plane, labels?: Record<string, string>): void => {
    p.api.create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'legacy-db', namespace: 'default', ...(labels ? { labels } : {}) },
      subsets: [{ addresses: [{ ip: '192.168.10.5' }], notReadyAddresses: [{ ip: '192.168.10.6' }], ports: [{ name: 'pg', port: 5432 }] }],
    });
    p.clock.drain();
  };

  it('copies hand-written Endpoints of a selectorless Service into a slice', () => {
    const p = withController();
    const svc = service(p, 'legacy-db', { ports: [{ name: 'pg', port: 5432 }] });
    manual(p);
    const [slice, ...rest] = slices(p.api, 'legacy-db');
    expect(rest).toEqual([]);
    expect(slice.metadata.name).toMatch(/^legacy-db-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'legacy-db', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' });
    expect(slice.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Service', uid: svc.metadata.uid });
    expect(slice.ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    expect(slice.endpoints).toEqual([
      { addresses: ['192.168.10.5'], conditions: { ready: true } },
      { addresses: ['192.168.10.6'], conditions: { ready: false } },
    ]);
    p.api.delete('endpoints', 'legacy-db');
    p.clock.drain();
    expect(slices(p.api, 'legacy-db')).toEqual([]);
  });

  it('leaves Endpoints labelled skip-mirror alone', () => {
    const p = withController();
    service(p, 'legacy-db', { ports: [{ name: 'pg', port: 5432 }] });
    manual(p, { 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(slices(p.api, 'legacy-db')).toEqual([]);
  });
});

describe('EndpointSlices on a full cluster', () => {
  const quiet = (): Cluster => createCluster({ addons: { ingressNginx: false, coreDNS: false } });

  it('lists the StatefulSet example pods under their hostnames, and goes with the Service', () => {
    const c = quiet();
    const text = readFileSync(new URL('../../../../../shared/fixtures/k8s-examples/application/web/web.yaml', import.meta.url), 'utf8');
    for (const r of c.apply(text)) if ('error' in r) throw new Error(r.error);
    c.settle();
    const [slice] = slices(c.api, 'nginx');
    expect(slice.metadata.labels).toMatchObject({ 'service.kubernetes.io/headless': '', app: 'nginx' });
    expect(slice.ports).toEqual([{ name: 'web', port: 80, protocol: 'TCP' }]);
    expect(eps(slice).map((e) => [e.hostname, (e.conditions as { ready: boolean }).ready]).sort()).toEqual([
      ['web-0', true],
      ['web-1', true],
    ]);
    c.api.delete('services', 'nginx');
    c.settle();
    expect(slices(c.api, 'nginx')).toEqual([]);
  });

  it('has the apiserver slice for the kubernetes Service', () => {
    const c = quiet();
    const [slice, ...rest] = slices(c.api, 'kubernetes');
    expect(rest).toEqual([]);
    expect(slice.metadata.name).toBe('kubernetes');
    expect(slice.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.endpoints).toEqual([{ addresses: ['10.140.0.10'], conditions: { ready: true } }]);
    expect(slice.ports).toEqual([{ name: 'https', port: 6443, protocol: 'TCP' }]);
  });
});

// The simulated load-balancer provider (the NSX / F5 virtual server) behind the
// service controller: `<pending>` first, an address from the pool a few
// seconds later, the upstream events, and the address back in the pool when
// the Service goes or stops being a LoadBalancer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type ClusterSpec, type KubeObject } from '../../../../src/runtime/index';
import { eventsFor } from '../../../../src/runtime/events/recorder';
import { LB_PROVISION_DELAY_MS, parsePool } from '../../../../src/runtime/controllers/servicelb';

const cluster = (spec: ClusterSpec = {}): Cluster => createCluster({ ...spec, addons: { ingressNginx: false, coreDNS: false } });

function lb(c: Cluster, name: string, extra: Record<string, unknown> = {}): KubeObject {
  const svc = c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type: 'LoadBalancer', selector: { app: name }, ports: [{ port: 80 }], ...extra } });
  c.clock.drain();
  return svc;
}

const ingress = (c: Cluster, name: string): unknown => (c.api.get('services', name).status as { loadBalancer: { ingress?: unknown } }).loadBalancer.ingress;
const events = (c: Cluster, name: string): string[] => eventsFor(c.api, c.api.get('services', name)).map((e) => `${String(e.type)} ${String(e.reason)} ${String(e.message)}`);

describe('LoadBalancer Services', () => {
  it('stay pending for a few seconds, then get the first pool address, with the service controller events', () => {
    const c = cluster();
    const text = readFileSync(new URL('../../../../../shared/fixtures/k8s-examples/application/nginx/nginx-svc.yaml', import.meta.url), 'utf8');
    for (const r of c.apply(text)) if ('error' in r) throw new Error(r.error);
    c.clock.drain();
    expect(ingress(c, 'my-nginx-svc')).toBeUndefined();
    expect(c.api.get('services', 'my-nginx-svc').metadata.finalizers).toEqual(['service.kubernetes.io/load-balancer-cleanup']);
    expect(events(c, 'my-nginx-svc')).toEqual(['Normal EnsuringLoadBalancer Ensuring load balancer']);
    c.advance(LB_PROVISION_DELAY_MS);
    expect(ingress(c, 'my-nginx-svc')).toEqual([{ ip: '10.140.0.200', ipMode: 'VIP' }]);
    expect(events(c, 'my-nginx-svc')).toEqual(['Normal EnsuringLoadBalancer Ensuring load balancer', 'Normal EnsuredLoadBalancer Ensured load balancer']);
    const source = eventsFor(c.api, c.api.get('services', 'my-nginx-svc'))[0].source;
    expect(source).toEqual({ component: 'service-controller' });
    // A LoadBalancer Service is also a NodePort Service.
    const port = (c.api.get('services', 'my-nginx-svc').spec as { ports: { nodePort: number }[] }).ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
  });

  it('hands out the pool in order and takes an address back when the Service is deleted', () => {
    const c = cluster();
    lb(c, 'a');
    lb(c, 'b');
    c.settle();
    expect([ingress(c, 'a'), ingress(c, 'b')]).toEqual([[{ ip: '10.140.0.200', ipMode: 'VIP' }], [{ ip: '10.140.0.201', ipMode: 'VIP' }]]);
    c.api.delete('services', 'a');
    // The finalizer holds the Service until the virtual server is gone.
    expect(c.api.get('services', 'a').metadata.deletionTimestamp).toBeDefined();
    c.settle();
    expect(c.api.tryGet('services', 'a')).toBeUndefined();
    lb(c, 'c');
    c.settle();
    expect(ingress(c, 'c')).toEqual([{ ip: '10.140.0.200', ipMode: 'VIP' }]);
  });

  it('releases the address when the type changes away from LoadBalancer', () => {
    const c = cluster();
    lb(c, 'web');
    c.settle();
    c.api.patch('services', 'web', { spec: { type: 'ClusterIP' } });
    c.settle();
    const svc = c.api.get('services', 'web');
    expect(svc.status).toEqual({ loadBalancer: {} });
    expect(svc.metadata.finalizers).toBeUndefined();
    expect(events(c, 'web').slice(-2)).toEqual(['Normal DeletingLoadBalancer Deleting load balancer', 'Normal DeletedLoadBalancer Deleted load balancer']);
    lb(c, 'next');
    c.settle();
    expect(ingress(c, 'next')).toEqual([{ ip: '10.140.0.200', ipMode: 'VIP' }]);
  });

  it('stays pending with a warning while the pool is exhausted, and recovers when an address frees up', () => {
    const c = cluster({ loadBalancerPool: '10.140.0.200-10.140.0.201' });
    lb(c, 'a');
    lb(c, 'b');
    lb(c, 'c');
    c.settle();
    expect(ingress(c, 'c')).toBeUndefined();
    expect(events(c, 'c')).toContain('Warning SyncLoadBalancerFailed Error syncing load balancer: failed to ensure load balancer: no available IPs in the address pool 10.140.0.200-10.140.0.201');
    c.api.delete('services', 'b');
    c.settle();
    c.advance(60_000);
    expect(ingress(c, 'c')).toEqual([{ ip: '10.140.0.201', ipMode: 'VIP' }]);
  });

  it('honours spec.loadBalancerIP inside the pool and refuses one outside it', () => {
    const c = cluster();
    lb(c, 'fixed', { loadBalancerIP: '10.140.0.230' });
    lb(c, 'outside', { loadBalancerIP: '192.0.2.7' });
    c.settle();
    expect(ingress(c, 'fixed')).toEqual([{ ip: '10.140.0.230', ipMode: 'VIP' }]);
    expect(ingress(c, 'outside')).toBeUndefined();
    expect(events(c, 'outside')).toContain('Warning SyncLoadBalancerFailed Error syncing load balancer: failed to ensure load balancer: requested IP 192.0.2.7 is not in the address pool 10.140.0.200-10.140.0.239');
  });

  it('leaves Services of another loadBalancerClass to their own controller', () => {
    const c = cluster();
    lb(c, 'other', { loadBalancerClass: 'example.com/lb' });
    c.settle();
    expect(ingress(c, 'other')).toBeUndefined();
    expect(events(c, 'other')).toEqual([]);
  });
});

describe('parsePool', () => {
  it('reads ranges, CIDRs and single addresses', () => {
    expect(parsePool('10.140.0.200-10.140.0.239')).toMatchObject({ last: parsePool('10.140.0.239').first });
    expect(parsePool('192.168.5.0/30')).toMatchObject({ first: parsePool('192.168.5.0').first, last: parsePool('192.168.5.3').first });
    expect(() => parsePool('nonsense')).toThrow(/invalid load balancer pool/);
  });
});

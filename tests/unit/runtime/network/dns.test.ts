// Cluster DNS on a default cluster (CoreDNS add-on on): names for every
// Service type, the search path of a ClusterFirst pod, per-pod records of a
// StatefulSet behind a headless Service, SRV, PTR and NXDOMAIN.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../../../src/runtime/index';
import { ClusterDNS } from '../../../../src/runtime/network/dns';

function applyOk(c: Cluster, text: string): void {
  for (const r of c.apply(text)) if ('error' in r) throw new Error(r.error);
}

const podIP = (c: Cluster, name: string, ns = 'default'): string => String((c.api.get('pods', name, ns).status as { podIP: string }).podIP);
const values = (records: { value: string }[]): string[] => records.map((r) => r.value);

describe('ClusterDNS', () => {
  let c: Cluster;
  let dns: ClusterDNS;

  beforeAll(() => {
    c = createCluster({ addons: { ingressNginx: false } });
    applyOk(c, readFileSync(new URL('../../../../../shared/fixtures/k8s-examples/application/web/web.yaml', import.meta.url), 'utf8'));
    applyOk(
      c,
      `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: nginx:1.27, ports: [{name: http, containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  type: LoadBalancer
  selector: {app: api}
  ports: [{name: http, port: 8080, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: api-peers, namespace: shop}
spec:
  clusterIP: None
  selector: {app: api}
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  type: ExternalName
  externalName: my.database.example.com
---
apiVersion: v1
kind: Service
metadata: {name: nobody, namespace: shop}
spec:
  clusterIP: None
  selector: {app: nobody}
  ports: [{port: 80}]
`,
    );
    c.settle();
    dns = new ClusterDNS(c.api);
  });

  it('writes the resolv.conf a ClusterFirst pod gets', () => {
    expect(dns.resolvConf('shop')).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(c.api.get('services', 'kube-dns', 'kube-system').spec).toMatchObject({ clusterIP: '10.96.0.10' });
  });

  it('walks the search path: kubernetes.default from a pod in default', () => {
    const a = dns.lookup('kubernetes.default');
    expect(a).toEqual({
      question: 'kubernetes.default',
      fqdn: 'kubernetes.default.svc.cluster.local',
      rcode: 'NOERROR',
      records: [{ name: 'kubernetes.default.svc.cluster.local', type: 'A', value: '10.96.0.1', ttl: 30 }],
      searched: ['kubernetes.default.default.svc.cluster.local', 'kubernetes.default.svc.cluster.local'],
    });
  });

  it('resolves a short name only from its own namespace', () => {
    const clusterIP = String((c.api.get('services', 'api', 'shop').spec as { clusterIP: string }).clusterIP);
    expect(dns.lookup('api', { fromNamespace: 'shop' }).records).toEqual([{ name: 'api.shop.svc.cluster.local', type: 'A', value: clusterIP, ttl: 30 }]);
    const miss = dns.lookup('api');
    expect(miss).toMatchObject({ rcode: 'NXDOMAIN', fqdn: undefined, records: [] });
    expect(miss.searched).toEqual(['api.default.svc.cluster.local', 'api.svc.cluster.local', 'api.cluster.local', 'api']);
    expect(values(dns.lookup('api.shop').records)).toEqual([clusterIP]);
    // A LoadBalancer Service's name is still its ClusterIP, not the virtual server's address.
    expect(clusterIP).not.toMatch(/^10\.140\./);
  });

  it('answers a headless Service with its ready pods, and each StatefulSet pod by hostname', () => {
    const ips = [podIP(c, 'web-0'), podIP(c, 'web-1')];
    expect(values(dns.lookup('nginx').records).sort()).toEqual([...ips].sort());
    expect(dns.lookup('web-0.nginx').records).toEqual([{ name: 'web-0.nginx.default.svc.cluster.local', type: 'A', value: ips[0], ttl: 30 }]);
    expect(values(dns.lookup('web-1.nginx.default.svc.cluster.local').records)).toEqual([ips[1]]);
    // A pod named by hostname has no dashed-address name under the Service.
    expect(dns.lookup(`${ips[0].replace(/\./g, '-')}.nginx`).rcode).toBe('NXDOMAIN');
    expect(dns.lookup('web-2.nginx').rcode).toBe('NXDOMAIN');
  });

  it('names pods without a hostname by their dashed address under a headless Service', () => {
    const pods = c.api.list('pods', { namespace: 'shop', labelSelector: 'app=api' }).items;
    const ip = String((pods[0].status as { podIP: string }).podIP);
    expect(values(dns.lookup(`${ip.replace(/\./g, '-')}.api-peers`, { fromNamespace: 'shop' }).records)).toEqual([ip]);
  });

  it('gives SRV records for named ports: the Service for a ClusterIP, each pod for a headless one', () => {
    expect(dns.lookup('_https._tcp.kubernetes.default.svc.cluster.local', { type: 'SRV' }).records).toEqual([
      { name: '_https._tcp.kubernetes.default.svc.cluster.local', type: 'SRV', value: 'kubernetes.default.svc.cluster.local', ttl: 30, port: 443 },
    ]);
    const srv = dns.lookup('_web._tcp.nginx', { type: 'SRV' });
    expect(srv.fqdn).toBe('_web._tcp.nginx.default.svc.cluster.local');
    expect(srv.records.map((r) => `${r.value}:${String(r.port)}`).sort()).toEqual(['web-0.nginx.default.svc.cluster.local:80', 'web-1.nginx.default.svc.cluster.local:80']);
    expect(dns.lookup('_nope._tcp.nginx', { type: 'SRV' }).rcode).toBe('NXDOMAIN');
  });

  it('answers an ExternalName Service with a CNAME, followed upstream', () => {
    expect(dns.lookup('db', { fromNamespace: 'shop' }).records).toEqual([
      { name: 'db.shop.svc.cluster.local', type: 'CNAME', value: 'my.database.example.com', ttl: 30 },
      { name: 'my.database.example.com', type: 'A', value: '198.51.100.30', ttl: 30 },
    ]);
  });

  it('answers pod A records, PTR records, and NXDOMAIN for the rest', () => {
    expect(dns.lookup('10-40-1-10.default.pod.cluster.local').records).toEqual([{ name: '10-40-1-10.default.pod.cluster.local', type: 'A', value: '10.40.1.10', ttl: 30 }]);
    expect(dns.lookup('10-40-1-10.missing.pod.cluster.local').rcode).toBe('NXDOMAIN');
    expect(dns.lookup('10.96.0.1', { type: 'PTR' }).records).toEqual([{ name: '1.0.96.10.in-addr.arpa', type: 'PTR', value: 'kubernetes.default.svc.cluster.local', ttl: 30 }]);
    expect(values(dns.lookup(podIP(c, 'web-1'), { type: 'PTR' }).records)).toEqual(['web-1.nginx.default.svc.cluster.local']);
    expect(dns.lookup('192.0.2.99', { type: 'PTR' }).rcode).toBe('NXDOMAIN');
    // A headless Service without ready endpoints has no name at all.
    expect(dns.lookup('nobody', { fromNamespace: 'shop' }).rcode).toBe('NXDOMAIN');
    expect(dns.lookup('no-such-service').rcode).toBe('NXDOMAIN');
  });

  it('reaches outside names only through the small upstream table, after the search path', () => {
    const a = dns.lookup('kubernetes.io');
    expect(a.records).toEqual([{ name: 'kubernetes.io', type: 'A', value: '203.0.113.10', ttl: 30 }]);
    expect(a.searched).toEqual(['kubernetes.io.default.svc.cluster.local', 'kubernetes.io.svc.cluster.local', 'kubernetes.io.cluster.local', 'kubernetes.io']);
    // A trailing dot skips the search path; five dots (ndots:5) try the name as is first.
    expect(dns.lookup('kubernetes.io.').searched).toEqual(['kubernetes.io']);
    expect(dns.lookup('a.b.c.d.e.example').searched[0]).toBe('a.b.c.d.e.example');
    expect(dns.lookup('unknown.example').rcode).toBe('NXDOMAIN');
  });

  it('is reachable only while CoreDNS has a ready endpoint', () => {
    expect(dns.available()).toBe(true);
    const local = createCluster({ addons: { ingressNginx: false } });
    local.settle();
    const d = new ClusterDNS(local.api);
    expect(d.available()).toBe(true);
    local.api.patch('deployments', 'coredns', { spec: { replicas: 0 } }, { namespace: 'kube-system' });
    local.settle();
    expect(d.available()).toBe(false);
  });
});

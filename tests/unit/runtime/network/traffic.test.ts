// Request distribution, as kube-proxy and ingress-nginx would spread it:
// random over ready endpoints for a Service (near-even, never a not-ready
// pod), exact round robin through the Ingress, ClientIP affinity pinning a
// client, externalTrafficPolicy Local splitting per node, and load moving
// when a pod goes away.
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../../../src/runtime/index';

function applyOk(c: Cluster, text: string): void {
  for (const r of c.apply(text)) if ('error' in r) throw new Error(r.error);
}

function deployment(name: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: web, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
`;
}

const service = (name: string, extra = ''): string => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80}]
${extra}---
`;

const counts = (r: { pods: { pod: string; count: number }[] }): Record<string, number> => Object.fromEntries(r.pods.map((p) => [p.pod.replace(/^default\//, ''), p.count]));
const webPods = (c: Cluster, app: string): string[] => c.api.list('pods', { namespace: 'default', labelSelector: `app=${app}` }).items.map((p) => p.metadata.name ?? '');

describe('sendRequests through a Service (kube-proxy)', () => {
  it('lands 10,000 requests near-evenly on 4 ready pods and none on a not-ready one', () => {
    const c = createCluster({ addons: { coreDNS: false, ingressNginx: false } });
    applyOk(
      c,
      deployment('web', 4) +
        service('web') +
        `apiVersion: v1
kind: Pod
metadata: {name: unready, labels: {app: web}}
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 5}
`,
    );
    c.settle();
    const result = c.network.sendRequests('svc/web', 10_000);
    expect(result).toMatchObject({ requests: 10_000, delivered: 10_000, balancer: 'kube-proxy', from: 'node/worker-1', dropped: [] });
    const per = counts(result);
    expect(per.unready).toBeUndefined();
    const ready = webPods(c, 'web').filter((n) => n !== 'unready');
    expect(Object.keys(per).sort()).toEqual(ready.sort());
    // Each pod's count is Binomial(10000, 1/4): mean 2500, σ = √(10000·¼·¾) ≈ 43.3.
    // Within ±5σ (±217) fails by chance with probability < 6·10⁻⁷ per pod.
    for (const name of ready) expect(Math.abs(per[name] - 2500)).toBeLessThan(217);
    c.stop();
  });

  it('moves the load off a pod as soon as it starts terminating, and onto its replacement', () => {
    const c = createCluster({ addons: { coreDNS: false, ingressNginx: false } });
    applyOk(c, deployment('web', 4) + service('web'));
    c.settle();
    const before = webPods(c, 'web');
    const victim = before[0];
    c.api.delete('pods', victim, { namespace: 'default' });
    c.clock.drain();
    // Terminating, it leaves the ready endpoints at once, though its process may still run for the grace period.
    expect(c.api.get('pods', victim).metadata.deletionTimestamp).toBeDefined();
    const during = c.network.sendRequests('svc/web', 1_200);
    expect(counts(during)[victim]).toBeUndefined();
    expect(during.delivered).toBe(1_200);
    c.settle();
    const now = webPods(c, 'web');
    const newcomer = now.find((n) => !before.includes(n)) ?? '';
    expect(now).not.toContain(victim);
    const after = counts(c.network.sendRequests('svc/web', 1_200));
    expect(Object.keys(after).sort()).toEqual([...now].sort());
    expect(after[newcomer]).toBeGreaterThan(200);
    c.stop();
  });

  it('pins a client to one pod under sessionAffinity ClientIP, while different clients spread', () => {
    const c = createCluster({ addons: { coreDNS: false, ingressNginx: false } });
    applyOk(c, deployment('sticky', 4) + service('sticky', '  type: NodePort\n  sessionAffinity: ClientIP\n'));
    c.settle();
    const one = c.network.sendRequests('svc/sticky', 500);
    expect(one.pods).toHaveLength(1);
    expect(one.pods[0].count).toBe(500);
    const nodePort = Number((c.api.get('services', 'sticky').spec as { ports: { nodePort: number }[] }).ports[0].nodePort);
    const many = c.network.sendRequests(`node/worker-1:${nodePort}`, 800, { clients: 40 });
    expect(many.from).toBe('client');
    expect(many.delivered).toBe(800);
    expect(many.pods.length).toBeGreaterThan(1);
    // 40 clients, 20 requests each, every one of them always to the same pod: counts are multiples of 20.
    for (const p of many.pods) expect(p.count % 20).toBe(0);
    c.stop();
  });

  it('counts drops with their reason', () => {
    const c = createCluster({ addons: { coreDNS: false, ingressNginx: false } });
    applyOk(c, service('nobody'));
    c.settle();
    const r = c.network.sendRequests('svc/nobody', 25);
    expect(r).toMatchObject({ delivered: 0, pods: [], dropped: [{ reason: 'no-endpoints', at: 'worker-1/iptables', count: 25 }] });
    c.stop();
  });
});

describe('sendRequests from outside', () => {
  it('through an Ingress: ingress-nginx round robin gives every pod exactly its share', () => {
    const c = createCluster();
    applyOk(
      c,
      deployment('shop', 4) +
        service('shop') +
        `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}]}
`,
    );
    c.settle();
    const r = c.network.sendRequests('http://shop.example.com/', 1_000);
    expect(r).toMatchObject({ delivered: 1_000, balancer: 'ingress-nginx', from: 'client/192.168.10.50' });
    expect(r.pods.map((p) => p.count)).toEqual([250, 250, 250, 250]);
    // Consecutive requests take the endpoints in turn.
    const turns = Array.from({ length: 8 }, () => {
      const t = c.network.trace('client', 'http://shop.example.com/');
      return t.ok ? t.endpoint.pod?.name : undefined;
    });
    expect(new Set(turns.slice(0, 4)).size).toBe(4);
    expect(turns.slice(4)).toEqual(turns.slice(0, 4));
    c.stop();
  });

  it('under externalTrafficPolicy Local splits per node first, so a lone pod on its node takes half', () => {
    const c = createCluster({ addons: { coreDNS: false, ingressNginx: false } });
    const pinned = (name: string, node: string): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: local}}
spec:
  nodeName: ${node}
  containers: [{name: web, image: nginx:1.27}]
---
`;
    applyOk(c, pinned('l1', 'worker-1') + pinned('l2', 'worker-2') + pinned('l3', 'worker-2') + service('local', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n'));
    c.settle();
    const s = c.api.get('services', 'local');
    const vip = String(((s.status as { loadBalancer: { ingress: { ip: string }[] } }).loadBalancer.ingress[0]).ip);
    const r = c.network.sendRequests(vip, 1_000, { clients: 10 });
    const per = counts(r);
    // The load balancer alternates between the two healthy nodes; kube-proxy on worker-2 splits its half at random.
    expect(per.l1).toBe(500);
    expect(per.l2 + per.l3).toBe(500);
    // Binomial(500, ½): σ ≈ 11.2; ±5σ.
    expect(Math.abs(per.l2 - 250)).toBeLessThan(56);
    c.stop();
  });
});

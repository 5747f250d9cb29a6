// Packet traces on a running cluster, hop by hop, with the comparison
// articles' addressing: worker-1 is 10.140.0.11 with pods on 10.40.1.0/24,
// worker-2 is 10.140.0.12 with 10.40.2.0/24, and the upstream router holds
// "10.40.1.0/24 via 10.140.0.11". Pods are pinned to nodes so every address
// on the path is known: a (client) and duo (two containers, ports 80 and 90,
// one IP) on worker-1, b on worker-2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type KubeObject, type TraceResult } from '../../../../src/runtime/index';
import { isObject } from '../../../../src/runtime/api/types';

const VETH = expect.stringMatching(/^veth[0-9a-f]{8}$/) as unknown as string;

function applyOk(c: Cluster, text: string): void {
  for (const r of c.apply(text)) if ('error' in r) throw new Error(r.error);
}

const path = (r: TraceResult): [string, string | undefined, string | undefined, string | undefined][] => r.hops.map((h) => [h.kind, h.node, h.device, h.ip]);
const hop = (r: TraceResult, kind: string, n = 0): Record<string, unknown> => r.hops.filter((h) => h.kind === kind)[n]?.detail ?? {};
const podIP = (c: Cluster, name: string, ns = 'default'): string => {
  const p = c.api.get('pods', name, ns);
  return isObject(p.status) && typeof p.status.podIP === 'string' ? p.status.podIP : '';
};
const lbIP = (c: Cluster, name: string, ns = 'default'): string => {
  const s = c.api.get('services', name, ns);
  const ing = isObject(s.status) && isObject(s.status.loadBalancer) && Array.isArray(s.status.loadBalancer.ingress) ? (s.status.loadBalancer.ingress[0] as Record<string, unknown>) : {};
  return typeof ing.ip === 'string' ? ing.ip : '';
};
const clusterIP = (c: Cluster, name: string): string => String((c.api.get('services', name).spec as Record<string, unknown>).clusterIP);
function expectDrop(r: TraceResult): Extract<TraceResult, { ok: false }> {
  if (r.ok) throw new Error(`expected a drop, the trace reached ${JSON.stringify(r.endpoint)}`);
  return r;
}

const PINNED = `apiVersion: v1
kind: Pod
metadata: {name: a, labels: {role: client}}
spec:
  nodeName: worker-1
  containers: [{name: shell, image: busybox, command: [sleep, '3600']}]
---
apiVersion: v1
kind: Pod
metadata: {name: duo, labels: {app: duo}}
spec:
  nodeName: worker-1
  containers:
  - {name: web, image: nginx:1.27, ports: [{containerPort: 80, name: http}]}
  - {name: side, image: busybox, command: [httpd, -f, -p, '90'], ports: [{containerPort: 90}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, labels: {app: b}}
spec:
  nodeName: worker-2
  containers: [{name: web, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: hostweb}
spec:
  nodeName: worker-2
  hostNetwork: true
  containers: [{name: httpd, image: busybox, command: [httpd, -f, -p, '8088']}]
---
apiVersion: v1
kind: Pod
metadata: {name: pending}
spec:
  nodeSelector: {disk: none}
  containers: [{name: web, image: nginx:1.27}]
---
apiVersion: v1
kind: Service
metadata: {name: web-b}
spec:
  type: LoadBalancer
  selector: {app: b}
  ports: [{port: 80, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-b-local}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: {app: b}
  ports: [{port: 80, nodePort: 30081}]
---
apiVersion: v1
kind: Service
metadata: {name: duo}
spec:
  selector: {app: duo}
  ports: [{name: http, port: 8000, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: none}
spec:
  selector: {app: nothing}
  ports: [{port: 80}]
`;

describe('traces with the articles\u2019 addressing', () => {
  let c: Cluster;
  beforeAll(() => {
    c = createCluster({ addons: { coreDNS: false, ingressNginx: false } });
    applyOk(c, PINNED);
    c.settle();
  });
  afterAll(() => c.stop());

  it('gives pods addresses from their node\u2019s subnet, the pause container owning the IP', () => {
    expect([podIP(c, 'a'), podIP(c, 'duo'), podIP(c, 'b')]).toEqual(['10.40.1.2', '10.40.1.3', '10.40.2.2']);
  });

  it('pod → pod across nodes: veth, cbr0, eth0, the router\u2019s static route, and down the other node', () => {
    const r = c.network.trace('pod/b', 'pod/duo');
    expect(r.ok).toBe(true);
    expect(path(r)).toEqual([
      ['container', 'worker-2', undefined, '10.40.2.2'],
      ['netns', 'worker-2', 'eth0', '10.40.2.2'],
      ['veth', 'worker-2', VETH, undefined],
      ['bridge', 'worker-2', 'cbr0', '10.40.2.1'],
      ['eth', 'worker-2', 'eth0', '10.140.0.12'],
      ['router', undefined, 'upstream-router', '10.140.0.1'],
      ['eth', 'worker-1', 'eth0', '10.140.0.11'],
      ['bridge', 'worker-1', 'cbr0', '10.40.1.1'],
      ['veth', 'worker-1', VETH, undefined],
      ['pod', 'worker-1', 'eth0', '10.40.1.3'],
    ]);
    expect(hop(r, 'router')).toMatchObject({ route: '10.40.1.0/24 via 10.140.0.11', nextHop: '10.140.0.11', node: 'worker-1' });
    expect(hop(r, 'netns')).toMatchObject({ heldBy: 'pause', route: 'default via 10.40.2.1 dev eth0' });
    expect(hop(r, 'eth', 0)).toMatchObject({ direction: 'out', route: 'default via 10.140.0.1 dev eth0 proto static' });
    expect(r.ok && r.endpoint).toEqual({ ip: '10.40.1.3', port: 80, pod: { namespace: 'default', name: 'duo' }, node: 'worker-1', container: 'web' });
  });

  it('pod → pod on one node: the bridge switches it, eth0 is never used', () => {
    const web = c.network.trace('pod/a', 'pod/duo:80');
    expect(path(web)).toEqual([
      ['container', 'worker-1', undefined, '10.40.1.2'],
      ['netns', 'worker-1', 'eth0', '10.40.1.2'],
      ['veth', 'worker-1', VETH, undefined],
      ['bridge', 'worker-1', 'cbr0', '10.40.1.1'],
      ['veth', 'worker-1', VETH, undefined],
      ['pod', 'worker-1', 'eth0', '10.40.1.3'],
    ]);
    // Two containers share the pod's one IP: the port decides which process answers.
    const side = c.network.trace('pod/a', 'pod/duo:90');
    expect(side.ok && side.endpoint).toMatchObject({ ip: '10.40.1.3', port: 90, container: 'side' });
    expect(web.ok && web.endpoint).toMatchObject({ ip: '10.40.1.3', port: 80, container: 'web' });
  });

  it('pod → Service: kube-proxy DNATs the ClusterIP on the source node, then the pod IP is routed', () => {
    const vip = clusterIP(c, 'web-b');
    const r = c.network.trace('pod/a', 'svc/web-b');
    expect(path(r)).toEqual([
      ['container', 'worker-1', undefined, '10.40.1.2'],
      ['netns', 'worker-1', 'eth0', '10.40.1.2'],
      ['veth', 'worker-1', VETH, undefined],
      ['bridge', 'worker-1', 'cbr0', '10.40.1.1'],
      ['iptables', 'worker-1', undefined, vip],
      ['eth', 'worker-1', 'eth0', '10.140.0.11'],
      ['router', undefined, 'upstream-router', '10.140.0.1'],
      ['eth', 'worker-2', 'eth0', '10.140.0.12'],
      ['bridge', 'worker-2', 'cbr0', '10.40.2.1'],
      ['veth', 'worker-2', VETH, undefined],
      ['pod', 'worker-2', 'eth0', '10.40.2.2'],
    ]);
    const nat = hop(r, 'iptables');
    expect(nat).toMatchObject({ component: 'kube-proxy', verdict: 'DNAT', via: 'clusterIP', dnat: { from: `${vip}:80`, to: '10.40.2.2:80' }, sourcePreserved: true, service: 'default/web-b' });
    expect((nat.chains as string[])[0]).toBe('KUBE-SERVICES');
    expect(nat.rules).toContain('-A KUBE-SEP-' + String((nat.chains as string[])[2]).slice(9) + ' -p tcp -m comment --comment "default/web-b" -m tcp -j DNAT --to-destination 10.40.2.2:80');
    expect(hop(r, 'router').route).toBe('10.40.2.0/24 via 10.140.0.12');
    expect(hop(r, 'pod')).toMatchObject({ source: '10.40.1.2', listening: true });
  });

  it('pod → Service with a local endpoint: DNAT and straight back down the same bridge', () => {
    const r = c.network.trace('pod/a', 'svc/duo:http');
    expect(path(r).map((h) => h[0])).toEqual(['container', 'netns', 'veth', 'bridge', 'iptables', 'veth', 'pod']);
    expect(hop(r, 'iptables').dnat).toEqual({ from: `${clusterIP(c, 'duo')}:8000`, to: '10.40.1.3:80' });
    expect(r.ok && r.endpoint).toMatchObject({ container: 'web', port: 80 });
  });

  it('outside client → NodePort: in at worker-1, DNAT and SNAT to the node, out again to worker-2', () => {
    const r = c.network.trace('client', 'node/worker-1:30080');
    expect(path(r)).toEqual([
      ['client', undefined, undefined, '192.168.10.50'],
      ['router', undefined, 'upstream-router', '10.140.0.1'],
      ['eth', 'worker-1', 'eth0', '10.140.0.11'],
      ['iptables', 'worker-1', undefined, '10.140.0.11'],
      ['eth', 'worker-1', 'eth0', '10.140.0.11'],
      ['router', undefined, 'upstream-router', '10.140.0.1'],
      ['eth', 'worker-2', 'eth0', '10.140.0.12'],
      ['bridge', 'worker-2', 'cbr0', '10.40.2.1'],
      ['veth', 'worker-2', VETH, undefined],
      ['pod', 'worker-2', 'eth0', '10.40.2.2'],
    ]);
    expect(hop(r, 'iptables')).toMatchObject({ via: 'nodePort', dnat: { from: '10.140.0.11:30080', to: '10.40.2.2:80' }, snat: { from: '192.168.10.50', to: '10.140.0.11' }, sourcePreserved: false });
    expect((hop(r, 'iptables').chains as string[]).slice(0, 2)).toEqual(['KUBE-SERVICES', 'KUBE-NODEPORTS']);
    expect(hop(r, 'pod').source).toBe('10.140.0.11');
  });

  it('outside client → LoadBalancer (externalTrafficPolicy Cluster): the virtual server picks a node, kube-proxy does the rest', () => {
    const vip = lbIP(c, 'web-b');
    expect(vip).toMatch(/^10\.140\.0\.2(\d|[0-3]\d)$/);
    // The first connection to this VIP: round robin starts at the first pool member, worker-1.
    const r = c.network.trace('client', `${vip}:80`);
    expect(path(r)).toEqual([
      ['client', undefined, undefined, '192.168.10.50'],
      ['router', undefined, 'upstream-router', '10.140.0.1'],
      ['loadbalancer', undefined, undefined, vip],
      ['eth', 'worker-1', 'eth0', '10.140.0.11'],
      ['iptables', 'worker-1', undefined, vip],
      ['eth', 'worker-1', 'eth0', '10.140.0.11'],
      ['router', undefined, 'upstream-router', '10.140.0.1'],
      ['eth', 'worker-2', 'eth0', '10.140.0.12'],
      ['bridge', 'worker-2', 'cbr0', '10.40.2.1'],
      ['veth', 'worker-2', VETH, undefined],
      ['pod', 'worker-2', 'eth0', '10.40.2.2'],
    ]);
    expect(hop(r, 'loadbalancer')).toMatchObject({ service: 'default/web-b', chosen: 'worker-1', externalTrafficPolicy: 'Cluster', algorithm: 'round-robin' });
    expect((hop(r, 'loadbalancer').pool as { node: string }[]).map((m) => m.node)).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(hop(r, 'iptables')).toMatchObject({ via: 'loadBalancer', snat: { to: '10.140.0.11' } });
    // svc/NAME from outside means its load-balancer address: a ClusterIP is unreachable from there.
    expect(c.network.trace('client', 'svc/web-b').hops[2]).toMatchObject({ kind: 'loadbalancer', ip: vip });
  });

  it('outside client → LoadBalancer (externalTrafficPolicy Local): only nodes with an endpoint, client address kept', () => {
    const vip = lbIP(c, 'web-b-local');
    const r = c.network.trace('client', `${vip}:80`);
    expect(path(r)).toEqual([
      ['client', undefined, undefined, '192.168.10.50'],
      ['router', undefined, 'upstream-router', '10.140.0.1'],
      ['loadbalancer', undefined, undefined, vip],
      ['eth', 'worker-2', 'eth0', '10.140.0.12'],
      ['iptables', 'worker-2', undefined, vip],
      ['bridge', 'worker-2', 'cbr0', '10.40.2.1'],
      ['veth', 'worker-2', VETH, undefined],
      ['pod', 'worker-2', 'eth0', '10.40.2.2'],
    ]);
    expect(hop(r, 'loadbalancer').pool).toEqual([
      { node: 'worker-1', healthy: false, localEndpoints: 0 },
      { node: 'worker-2', healthy: true, localEndpoints: 1 },
      { node: 'worker-3', healthy: false, localEndpoints: 0 },
    ]);
    expect(hop(r, 'iptables')).toMatchObject({ sourcePreserved: true, snat: undefined });
    expect(hop(r, 'pod').source).toBe('192.168.10.50');
    // Straight at a NodePort of a node without an endpoint, kube-proxy drops it.
    const drop = expectDrop(c.network.trace('client', 'node/worker-1:30081'));
    expect(drop.drop).toMatchObject({ reason: 'no-local-endpoints', at: 'worker-1/iptables', detail: { comment: 'default/web-b-local has no local endpoints' } });
  });

  it('from a node\u2019s own network stack, and to a hostNetwork pod on a node address', () => {
    const host = c.network.trace('node/worker-1', 'svc/duo');
    expect(path(host)).toEqual([
      ['node', 'worker-1', undefined, '10.140.0.11'],
      ['iptables', 'worker-1', undefined, clusterIP(c, 'duo')],
      ['bridge', 'worker-1', 'cbr0', '10.40.1.1'],
      ['veth', 'worker-1', VETH, undefined],
      ['pod', 'worker-1', 'eth0', '10.40.1.3'],
    ]);
    // Not from the pod CIDR: kube-proxy marks it for masquerade, and it leaves by cbr0 with the bridge address.
    expect(hop(host, 'iptables')).toMatchObject({ snat: { from: '10.140.0.11', to: '10.40.1.1' } });
    const hostweb = c.network.trace('pod/a', 'pod/hostweb:8088');
    expect(path(hostweb).slice(-3)).toEqual([
      ['router', undefined, 'upstream-router', '10.140.0.1'],
      ['eth', 'worker-2', 'eth0', '10.140.0.12'],
      ['pod', 'worker-2', 'eth0', '10.140.0.12'],
    ]);
    expect(hostweb.ok && hostweb.endpoint).toMatchObject({ pod: { name: 'hostweb' }, container: 'httpd', ip: '10.140.0.12' });
    expect(expectDrop(c.network.trace('pod/a', 'pod/hostweb:9999')).drop).toMatchObject({ reason: 'no-listener', at: 'worker-2/eth0' });
  });

  it('drops a Service without endpoints at kube-proxy\u2019s REJECT rule', () => {
    const r = expectDrop(c.network.trace('pod/a', 'svc/none'));
    expect(r.drop).toMatchObject({ reason: 'no-endpoints', at: 'worker-1/iptables', hop: 4, detail: { comment: 'default/none has no endpoints' } });
    expect(hop(r, 'iptables')).toMatchObject({ verdict: 'REJECT', table: 'filter' });
    expect(hop(r, 'iptables').rules).toEqual([`-A KUBE-SERVICES -d ${clusterIP(c, 'none')}/32 -p tcp -m comment --comment "default/none has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`]);
  });

  it('drops a connection to a port nothing listens on, whatever containerPort says', () => {
    const r = expectDrop(c.network.trace('pod/a', 'pod/b:8080'));
    expect(r.drop).toMatchObject({ reason: 'no-listener', at: 'default/b', detail: { port: 8080, message: 'dial tcp 10.40.2.2:8080: connect: connection refused' } });
    expect(r.hops.at(-1)).toMatchObject({ kind: 'pod', ip: '10.40.2.2', port: 8080, detail: { listening: false } });
  });

  it('refuses to trace from or to a pod that is not running', () => {
    expect(expectDrop(c.network.trace('pod/a', 'pod/pending')).drop).toMatchObject({ reason: 'pod-not-running', at: 'default/pending' });
    expect(expectDrop(c.network.trace('pod/pending', 'pod/b')).drop).toMatchObject({ reason: 'pod-not-running', hop: -1 });
    expect(expectDrop(c.network.trace('pod/ghost', 'pod/b')).drop).toMatchObject({ reason: 'not-found', detail: { message: 'pods "ghost" not found' } });
  });

  it('cannot reach a ClusterIP from outside: the router has no route to the service CIDR', () => {
    const r = expectDrop(c.network.trace('client', `${clusterIP(c, 'duo')}:8000`));
    expect(r.drop).toMatchObject({ reason: 'no-route', at: 'upstream-router' });
    expect(path(r)).toEqual([
      ['client', undefined, undefined, '192.168.10.50'],
      ['router', undefined, 'upstream-router', '10.140.0.1'],
    ]);
  });

  it('applies NetworkPolicy at the destination\u2019s netns for ingress and the source\u2019s for egress, naming the policies', () => {
    applyOk(c, `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-b}
spec:
  podSelector: {matchLabels: {app: b}}
  policyTypes: [Ingress]
`);
    const ingress = expectDrop(c.network.trace('pod/a', 'pod/b'));
    expect(ingress.drop).toMatchObject({ reason: 'policy-denied', at: 'default/b', detail: { direction: 'ingress', decidedBy: [{ namespace: 'default', name: 'deny-b' }] } });
    expect(ingress.hops.at(-1)).toMatchObject({ kind: 'policy', node: 'worker-2', detail: { direction: 'ingress', allowed: false, decidedBy: [{ namespace: 'default', name: 'deny-b' }] } });
    expect(ingress.hops.at(-2)?.kind).toBe('veth');
    c.api.delete('networkpolicies', 'deny-b', { namespace: 'default' });
    applyOk(c, `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress}
spec:
  podSelector: {matchLabels: {role: client}}
  policyTypes: [Egress]
`);
    const egress = expectDrop(c.network.trace('pod/a', 'pod/b'));
    expect(path(egress).map((h) => h[0])).toEqual(['container', 'netns', 'policy']);
    expect(egress.drop).toMatchObject({ reason: 'policy-denied', hop: 2, at: 'default/a', detail: { direction: 'egress', decidedBy: [{ namespace: 'default', name: 'client-egress' }] } });
    c.api.delete('networkpolicies', 'client-egress', { namespace: 'default' });
    expect(c.network.trace('pod/a', 'pod/b').ok).toBe(true);
  });

  it('black-holes traffic to a powered-off node at the router', () => {
    c.hosts.powerOff('worker-2');
    const r = expectDrop(c.network.trace('pod/a', 'pod/b'));
    expect(r.drop).toMatchObject({ reason: 'no-route', at: 'upstream-router', detail: { nextHop: '10.140.0.12', node: 'worker-2' } });
    expect(hop(r, 'router')).toMatchObject({ route: '10.40.2.0/24 via 10.140.0.12', state: 'blackhole' });
    c.hosts.powerOn('worker-2');
  });
});

describe('traces through DNS and the ingress controller', () => {
  let c: Cluster;
  const shop = (name: string, node: string, app: string): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${app}}}
spec:
  nodeName: ${node}
  containers: [{name: web, image: nginx:1.27, ports: [{containerPort: 80}]}]
---
`;
  beforeAll(() => {
    c = createCluster();
    applyOk(
      c,
      shop('sphinx-1', 'worker-1', 'sphinx-v1') +
        shop('sphinx-2', 'worker-2', 'sphinx-v2') +
        `apiVersion: v1
kind: Pod
metadata: {name: client, labels: {role: client}}
spec:
  nodeName: worker-1
  containers: [{name: shell, image: busybox, command: [sleep, '3600']}]
---
apiVersion: v1
kind: Service
metadata: {name: sphinx-svc-1}
spec: {selector: {app: sphinx-v1}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: sphinx-svc-2}
spec: {selector: {app: sphinx-v2}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {type: ExternalName, externalName: my.database.example.com}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: sphinx}
spec:
  ingressClassName: nginx
  rules:
  - host: sphinx-v1.esxcloud.net
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: sphinx-svc-1, port: {number: 80}}}}]}
  - host: sphinx-v2.esxcloud.net
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: sphinx-svc-2, port: {number: 80}}}}]}
`,
    );
    c.settle();
  });
  afterAll(() => c.stop());

  const controller = (): KubeObject => c.api.list('pods', { namespace: 'ingress-nginx' }).items[0];

  it('client → Ingress host/path: corporate DNS, load balancer, ingress-nginx, then straight to a pod IP', () => {
    const vip = lbIP(c, 'ingress-nginx-controller', 'ingress-nginx');
    const ctrl = controller();
    const ctrlNode = String((ctrl.spec as Record<string, unknown>).nodeName);
    const ctrlIP = podIP(c, ctrl.metadata.name ?? '', 'ingress-nginx');
    const r = c.network.trace('client', 'http://sphinx-v1.esxcloud.net/index.html');
    expect(r.ok && r.endpoint).toMatchObject({ pod: { name: 'sphinx-1' }, ip: podIP(c, 'sphinx-1'), node: 'worker-1' });
    const kinds = path(r).map((h) => h[0]);
    const toController = ['client', 'dns', 'router', 'loadbalancer', 'eth', 'iptables', 'bridge', 'veth', 'pod', 'ingress'];
    const toBackend = ctrlNode === 'worker-1' ? ['netns', 'veth', 'bridge', 'veth', 'pod'] : ['netns', 'veth', 'bridge', 'eth', 'router', 'eth', 'bridge', 'veth', 'pod'];
    expect(kinds).toEqual([...toController, ...toBackend]);
    expect(hop(r, 'dns')).toMatchObject({ resolver: 'corporate', question: 'sphinx-v1.esxcloud.net', answer: vip });
    // The controller Service keeps externalTrafficPolicy Local: the load balancer sends only to the controller's node.
    expect(hop(r, 'loadbalancer')).toMatchObject({ service: 'ingress-nginx/ingress-nginx-controller', chosen: ctrlNode, externalTrafficPolicy: 'Local' });
    expect(hop(r, 'iptables')).toMatchObject({ dnat: { from: `${vip}:80`, to: `${ctrlIP}:80` }, sourcePreserved: true });
    expect(r.hops[8]).toMatchObject({ kind: 'pod', ip: ctrlIP, detail: { container: 'controller', source: '192.168.10.50' } });
    expect(hop(r, 'ingress')).toMatchObject({ ingress: 'default/sphinx', rule: 'sphinx-v1.esxcloud.net', backend: 'sphinx-svc-1:80', upstream: `${podIP(c, 'sphinx-1')}:80`, balancing: 'round_robin' });
    // nginx proxies to the pod IP itself: no kube-proxy DNAT on the second leg.
    expect(r.hops.filter((h) => h.kind === 'iptables')).toHaveLength(1);
  });

  it('routes the articles\u2019 two hosts to their two Services on one controller address', () => {
    const one = c.network.trace('client', 'http://sphinx-v1.esxcloud.net/');
    const two = c.network.trace('client', 'http://sphinx-v2.esxcloud.net/');
    expect(one.ok && one.endpoint.pod?.name).toBe('sphinx-1');
    expect(two.ok && two.endpoint.pod?.name).toBe('sphinx-2');
    expect(hop(one, 'dns').answer).toBe(hop(two, 'dns').answer);
    expect(hop(two, 'ingress')).toMatchObject({ backend: 'sphinx-svc-2:80', rule: 'sphinx-v2.esxcloud.net' });
  });

  it('answers 404 for a request no Ingress rule matches', () => {
    const vip = lbIP(c, 'ingress-nginx-controller', 'ingress-nginx');
    const r = expectDrop(c.network.trace('client', `http://${vip}/`));
    expect(r.drop).toMatchObject({ reason: 'ingress-404', at: 'ingress-nginx', detail: { status: 404, reason: 'default backend - 404' } });
    expect(r.hops.at(-1)?.kind).toBe('ingress');
    expect(expectDrop(c.network.trace('client', 'http://nowhere.esxcloud.net/')).drop).toMatchObject({ reason: 'nxdomain', at: 'dns' });
  });

  it('resolves names through CoreDNS from the pod\u2019s namespace, then takes the Service path', () => {
    const r = c.network.trace('pod/client', 'sphinx-svc-2');
    expect(path(r).map((h) => h[0])).toEqual(['container', 'netns', 'veth', 'bridge', 'dns', 'iptables', 'eth', 'router', 'eth', 'bridge', 'veth', 'pod']);
    expect(hop(r, 'dns')).toMatchObject({ resolver: 'cluster', question: 'sphinx-svc-2', fqdn: 'sphinx-svc-2.default.svc.cluster.local', rcode: 'NOERROR', records: [{ type: 'A', value: clusterIP(c, 'sphinx-svc-2') }] });
    expect(r.hops[4]).toMatchObject({ ip: '10.96.0.10', port: 53 });
    expect(r.ok && r.endpoint.pod?.name).toBe('sphinx-2');
  });

  it('answers NXDOMAIN for a name nobody serves, after walking the search path', () => {
    const r = expectDrop(c.network.trace('pod/client', 'nosuch'));
    expect(r.drop).toMatchObject({ reason: 'nxdomain', at: 'dns' });
    expect(hop(r, 'dns')).toMatchObject({ rcode: 'NXDOMAIN', searched: ['nosuch.default.svc.cluster.local', 'nosuch.svc.cluster.local', 'nosuch.cluster.local', 'nosuch'] });
  });

  it('sends an ExternalName Service out of the cluster: a CNAME, nothing for kube-proxy', () => {
    const r = c.network.trace('pod/client', 'svc/db:5432');
    expect(r.ok && r.endpoint).toMatchObject({ external: 'my.database.example.com', port: 5432 });
    expect(path(r).map((h) => h[0])).toEqual(['container', 'netns', 'veth', 'bridge', 'dns', 'eth', 'router']);
    expect((hop(r, 'dns').records as { type: string }[])[0]).toMatchObject({ type: 'CNAME', value: 'my.database.example.com' });
  });

  it('stops a pod whose egress policy does not allow DNS before it resolves anything', () => {
    applyOk(c, `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: no-egress}
spec:
  podSelector: {matchLabels: {role: client}}
  policyTypes: [Egress]
`);
    const r = expectDrop(c.network.trace('pod/client', 'sphinx-svc-1'));
    expect(r.drop).toMatchObject({ reason: 'policy-denied', at: 'default/client', detail: { direction: 'egress', decidedBy: [{ namespace: 'default', name: 'no-egress' }], message: ';; connection timed out; no servers could be reached' } });
    expect(path(r).map((h) => h[0])).toEqual(['container', 'netns', 'policy']);
    c.api.delete('networkpolicies', 'no-egress', { namespace: 'default' });
  });
});

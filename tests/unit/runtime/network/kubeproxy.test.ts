// kube-proxy's iptables mode against Services and EndpointSlices written
// straight to the apiserver (kube-proxy reads nothing else): the chain names
// upstream's hash gives, the iptables-save text of the rules, and route()'s
// verdicts for ClusterIP, NodePort, LoadBalancer, the traffic policies,
// ClientIP affinity and the serving-terminating fallback.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { admissionChain } from '../../../../src/runtime/api/admission/index';
import { ServiceAllocator } from '../../../../src/runtime/api/allocators/service';
import { ApiServer } from '../../../../src/runtime/api/apiserver';
import { Clock, DEFAULT_EPOCH } from '../../../../src/runtime/clock';
import { DEFAULT_NODES } from '../../../../src/runtime/cluster';
import { KubeProxy, portProtoHash, savedProbability, saveString, servicePortsOf, sha256, type ProxyDecision, type ProxyEndpoint } from '../../../../src/runtime/network/kubeproxy';
import { NodeRoutes } from '../../../../src/runtime/network/routes';
import { registerNode } from '../controlplane';

interface EndpointSpec {
  ip: string;
  node?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  zones?: string[];
}

/** The apiserver with the Service allocator, the default cluster's Nodes, and a kube-proxy over them. */
function world(seed = 7) {
  const clock = new Clock(DEFAULT_EPOCH, seed);
  const api = new ApiServer(clock);
  api.useAdmission(...admissionChain());
  api.useAllocator(new ServiceAllocator('10.96.0.0/12', () => clock.random()));
  for (const name of ['default', 'kube-system']) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  DEFAULT_NODES.forEach((spec, i) => registerNode(api, spec, i, { machineID: `m${i}`, systemUUID: `U${i}`, bootID: `b${i}` }));
  clock.drain();
  const routes = new NodeRoutes(api);
  const proxy = new KubeProxy(api, clock, routes);
  const service = (name: string, spec: Record<string, unknown>): void => {
    api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...spec } });
  };
  const slice = (svc: string, endpoints: EndpointSpec[], port: { name?: string; port?: number } = {}): void => {
    api.create({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${svc}-test`, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
      addressType: 'IPv4',
      ports: [{ name: port.name ?? 'http', port: port.port ?? 8080, protocol: 'TCP' }],
      endpoints: endpoints.map((e) => ({
        addresses: [e.ip],
        conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false },
        nodeName: e.node,
        ...(e.zones ? { hints: { forZones: e.zones.map((name) => ({ name })) } } : {}),
      })),
    });
  };
  const lbStatus = (name: string, ip: string, ipMode = 'VIP'): void => {
    const svc = api.get('services', name, 'default');
    api.updateStatus({ ...svc, status: { loadBalancer: { ingress: [{ ip, ipMode }] } } });
  };
  return { api, clock, routes, proxy, service, slice, lbStatus };
}

const linesAbout = (lines: string[], what: string): string[] => lines.filter((l) => l.includes(what));
const dnat = (d: ProxyDecision): Extract<ProxyDecision, { verdict: 'DNAT' }> => {
  if (d.verdict !== 'DNAT') throw new Error(`expected DNAT, got ${d.verdict}`);
  return d;
};

const THREE: EndpointSpec[] = [
  { ip: '10.40.1.5', node: 'worker-1' },
  { ip: '10.40.2.7', node: 'worker-2' },
  { ip: '10.40.3.9', node: 'worker-3' },
];

describe('chain names', () => {
  it('hash service ports as upstream does (sha256, base32, 16 characters)', () => {
    expect(portProtoHash('default/kubernetes:https', 'TCP')).toBe('NPX46M4PTMTKRN6Y');
    expect(portProtoHash('kube-system/kube-dns:dns', 'UDP')).toBe('TCOU7JCQXEZGVUNU');
    expect(portProtoHash('kube-system/kube-dns:dns-tcp', 'TCP')).toBe('ERIFXISQEP7F7OF4');
  });

  it('computes SHA-256 like node:crypto across block boundaries', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 1000]) {
      const text = 'k8s-ü'.repeat(n).slice(0, n);
      const bytes = new TextEncoder().encode(text);
      expect(Buffer.from(sha256(bytes)).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('prints comments and probabilities as iptables-save does', () => {
    expect(saveString('default/web:http')).toBe('"default/web:http"');
    expect(saveString('KUBE-SEP-X_1')).toBe('KUBE-SEP-X_1');
    expect(savedProbability(2)).toBe('0.50000000000');
    expect(savedProbability(3)).toBe('0.33333333349');
    expect(savedProbability(4)).toBe('0.25000000000');
  });
});

describe('rulesFor', () => {
  it('writes a ClusterIP service with three endpoints as a real node has it', () => {
    const w = world();
    w.service('web', { clusterIP: '10.96.0.50' });
    w.slice('web', THREE);
    const lines = w.proxy.rulesFor('worker-1').lines;
    expect(linesAbout(lines, 'default/web')).toEqual([
      '-A KUBE-SEP-2GXDVZ2SKGLDRLFE -s 10.40.1.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-2GXDVZ2SKGLDRLFE -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.40.1.5:8080',
      '-A KUBE-SEP-BCAG5F3YWXJ5HPTN -s 10.40.3.9/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-BCAG5F3YWXJ5HPTN -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.40.3.9:8080',
      '-A KUBE-SEP-TEZQ6I7FZPDDLMYN -s 10.40.2.7/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-TEZQ6I7FZPDDLMYN -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.40.2.7:8080',
      '-A KUBE-SERVICES -d 10.96.0.50/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.40.0.0/16 -d 10.96.0.50/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.40.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-2GXDVZ2SKGLDRLFE',
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.40.2.7:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-TEZQ6I7FZPDDLMYN',
      '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.40.3.9:8080" -j KUBE-SEP-BCAG5F3YWXJ5HPTN',
    ]);
    expect(lines).toContain(':KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]');
    expect(lines.slice(0, 4)).toEqual(['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]']);
    expect(lines).toContain('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(lines).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
    expect(lines).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    // The NodePort catch-all stays the last rule of KUBE-SERVICES.
    const services = lines.filter((l) => l.startsWith('-A KUBE-SERVICES ') && lines.indexOf(l) > lines.indexOf('*nat'));
    expect(services.at(-1)).toBe('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
    const rules = w.proxy.rulesFor('worker-1').tables.find((t) => t.name === 'nat')?.rules ?? [];
    expect(rules.find((r) => r.role === 'dnat' && r.endpoint === '10.40.2.7:8080')).toMatchObject({ chain: 'KUBE-SEP-TEZQ6I7FZPDDLMYN', comment: 'default/web:http', spec: { target: 'DNAT', targetArgs: ['--to-destination', '10.40.2.7:8080'] } });
  });

  it('rejects traffic to a service without endpoints, in the filter table', () => {
    const w = world();
    w.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty', namespace: 'default' }, spec: { type: 'NodePort', clusterIP: '10.96.0.51', ports: [{ port: 80, nodePort: 30081 }] } });
    const lines = w.proxy.rulesFor('worker-1').lines;
    expect(linesAbout(lines, 'default/empty')).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/empty has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30081 -j REJECT --reject-with icmp-port-unreachable',
      '-A KUBE-SERVICES -d 10.96.0.51/32 -p tcp -m comment --comment "default/empty has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    ]);
    const d = w.proxy.route({ ip: '10.96.0.51', port: 80 }, { ip: '10.40.1.5', node: 'worker-1' });
    expect(d).toMatchObject({ verdict: 'REJECT', reason: 'no-endpoints', comment: 'default/empty has no endpoints', chains: ['KUBE-SERVICES'] });
    const np = w.proxy.route({ ip: '10.140.0.12', port: 30081 }, { ip: '192.168.10.50' });
    expect(np).toMatchObject({ verdict: 'REJECT', node: 'worker-2', via: 'nodePort', chains: ['KUBE-EXTERNAL-SERVICES'] });
  });

  it('leaves headless and ExternalName services alone', () => {
    const w = world();
    w.service('headless', { clusterIP: 'None', selector: { app: 'x' } });
    w.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'my.database.example.com' } });
    expect(servicePortsOf(w.api.get('services', 'headless'))).toEqual([]);
    expect(servicePortsOf(w.api.get('services', 'ext'))).toEqual([]);
    const lines = w.proxy.rulesFor('worker-1').lines;
    expect(linesAbout(lines, 'headless')).toEqual([]);
    expect(linesAbout(lines, 'default/ext')).toEqual([]);
  });
});

describe('route', () => {
  it('DNATs a ClusterIP to a ready endpoint, leaving pod sources unmasqueraded', () => {
    const w = world();
    w.service('web', { clusterIP: '10.96.0.50' });
    w.slice('web', THREE);
    const d = dnat(w.proxy.route({ ip: '10.96.0.50', port: 80 }, { ip: '10.40.1.20', node: 'worker-1' }));
    expect(d.via).toBe('clusterIP');
    expect(d.chains).toEqual(['KUBE-SERVICES', 'KUBE-SVC-CDGGSHYLG3RE2FKL', d.endpoint.chain]);
    expect(d.masquerade).toBe(false);
    expect(d.rules.map((r) => r.text)).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A KUBE-SERVICES -d 10.96.0.50/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      expect.stringMatching(new RegExp(`^-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> ${d.endpoint.key.replaceAll('.', '\\.')}"`)),
      `-A ${d.endpoint.chain} -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination ${d.endpoint.key}`,
    ]);
    // From the node itself (not the pod CIDR) the KUBE-SVC masquerade rule fires.
    const host = dnat(w.proxy.route({ ip: '10.96.0.50', port: 80 }, { ip: '10.140.0.11', node: 'worker-1' }));
    expect(host.masquerade).toBe(true);
    expect(host.rules[0].text).toBe('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(w.proxy.route({ ip: '10.96.0.50', port: 81 }, { ip: '10.40.1.20', node: 'worker-1' }).verdict).toBe('ACCEPT');
  });

  it('spreads new connections at random over ready endpoints only, near-evenly', () => {
    const w = world(11);
    w.service('web', { clusterIP: '10.96.0.50' });
    const ready = ['10.40.1.5', '10.40.1.6', '10.40.2.5', '10.40.3.5'];
    w.slice('web', [...ready.map((ip) => ({ ip, node: 'worker-1' })), { ip: '10.40.2.99', node: 'worker-2', ready: false, serving: false }]);
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const d = dnat(w.proxy.route({ ip: '10.96.0.50', port: 80 }, { ip: '10.40.1.20', node: 'worker-1' }));
      counts.set(d.endpoint.ip, (counts.get(d.endpoint.ip) ?? 0) + 1);
    }
    expect(counts.get('10.40.2.99')).toBeUndefined();
    // Each count is Binomial(10000, 1/4): mean 2500, σ ≈ 43.3; ±5σ is missed by chance less than once in a million.
    for (const ip of ready) expect(Math.abs((counts.get(ip) ?? 0) - 2500)).toBeLessThan(217);
  });

  it('falls back to serving-terminating endpoints when none is ready', () => {
    const w = world();
    w.service('web', { clusterIP: '10.96.0.50' });
    w.slice('web', [
      { ip: '10.40.1.5', node: 'worker-1', ready: false, serving: true, terminating: true },
      { ip: '10.40.2.7', node: 'worker-2', ready: false, serving: false, terminating: false },
    ]);
    for (let i = 0; i < 50; i++) expect(dnat(w.proxy.route({ ip: '10.96.0.50', port: 80 }, { ip: '10.40.3.20', node: 'worker-3' })).endpoint.ip).toBe('10.40.1.5');
    expect(w.proxy.endpointsOn('worker-3', w.proxy.servicePort('default', 'web') ?? expect.fail()).cluster.map((e: ProxyEndpoint) => e.ip)).toEqual(['10.40.1.5']);
  });

  it('follows topology hints when every ready endpoint has one for this zone', () => {
    const w = world();
    w.service('web', { clusterIP: '10.96.0.50' });
    w.slice('web', [
      { ip: '10.40.1.5', node: 'worker-1', zones: ['zone-a'] },
      { ip: '10.40.2.7', node: 'worker-2', zones: ['zone-b'] },
      { ip: '10.40.3.9', node: 'worker-3', zones: ['zone-c'] },
    ]);
    const svc = w.proxy.servicePort('default', 'web') ?? expect.fail();
    expect(w.proxy.endpointsOn('worker-2', svc)).toMatchObject({ topology: 'PreferSameZone', cluster: [{ ip: '10.40.2.7' }] });
    expect(linesAbout(w.proxy.rulesFor('worker-2').lines, 'KUBE-SVC-CDGGSHYLG3RE2FKL -m comment')).toEqual(['-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.40.2.7:8080" -j KUBE-SEP-TEZQ6I7FZPDDLMYN']);
  });

  it('masquerades a pod that reaches itself through its own Service (hairpin)', () => {
    const w = world();
    w.service('web', { clusterIP: '10.96.0.50' });
    w.slice('web', [{ ip: '10.40.1.5', node: 'worker-1' }]);
    const d = dnat(w.proxy.route({ ip: '10.96.0.50', port: 80 }, { ip: '10.40.1.5', node: 'worker-1' }));
    expect(d).toMatchObject({ masquerade: true, snatIP: '10.40.1.1' });
    expect(d.rules.map((r) => r.text)).toContain('-A KUBE-SEP-2GXDVZ2SKGLDRLFE -s 10.40.1.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ');
  });

  it('opens a NodePort on every node and SNATs to the node address under externalTrafficPolicy Cluster', () => {
    const w = world();
    w.service('web', { type: 'NodePort', clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }] });
    w.slice('web', [{ ip: '10.40.2.7', node: 'worker-2' }]);
    expect(linesAbout(w.proxy.rulesFor('worker-1').lines, 'KUBE-EXT-CDGGSHYLG3RE2FKL')).toEqual([
      ':KUBE-EXT-CDGGSHYLG3RE2FKL - [0:0]',
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL',
    ]);
    for (const [node, ip] of [['worker-1', '10.140.0.11'], ['worker-3', '10.140.0.13']]) {
      const d = dnat(w.proxy.route({ ip, port: 30080 }, { ip: '192.168.10.50' }));
      expect(d).toMatchObject({ node, via: 'nodePort', masquerade: true, snatIP: ip, endpoint: { ip: '10.40.2.7', port: 8080 } });
      expect(d.chains).toEqual(['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-EXT-CDGGSHYLG3RE2FKL', 'KUBE-SVC-CDGGSHYLG3RE2FKL', 'KUBE-SEP-TEZQ6I7FZPDDLMYN']);
    }
    // On the endpoint's own node the packet leaves by cbr0, so MASQUERADE picks the bridge address.
    expect(dnat(w.proxy.route({ ip: '10.140.0.12', port: 30080 }, { ip: '192.168.10.50' })).snatIP).toBe('10.40.2.1');
  });

  it('keeps externalTrafficPolicy Local traffic on the node and the client address intact', () => {
    const w = world();
    w.service('local', { type: 'NodePort', clusterIP: '10.96.0.52', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30090 }] });
    w.slice('local', [{ ip: '10.40.1.5', node: 'worker-1' }]);
    const svc = w.proxy.servicePort('default', 'local') ?? expect.fail();
    expect(svc.externalPolicyLocal).toBe(true);
    const onNode = dnat(w.proxy.route({ ip: '10.140.0.11', port: 30090 }, { ip: '192.168.10.50' }));
    expect(onNode).toMatchObject({ masquerade: false, snatIP: undefined, endpoint: { ip: '10.40.1.5' } });
    expect(onNode.chains).toEqual(['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-EXT-3ENVKKDUT2EZ6WIE', 'KUBE-SVL-3ENVKKDUT2EZ6WIE', 'KUBE-SEP-RTJ3BSBHKZ4ED2DC']);
    const elsewhere = w.proxy.route({ ip: '10.140.0.12', port: 30090 }, { ip: '192.168.10.50' });
    expect(elsewhere).toMatchObject({ verdict: 'DROP', reason: 'no-local-endpoints', node: 'worker-2', comment: 'default/local:http has no local endpoints' });
    expect(elsewhere.rules.map((r) => r.text)).toEqual(['-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/local:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30090 -j DROP']);
    expect(linesAbout(w.proxy.rulesFor('worker-2').lines, '-A KUBE-EXT-3ENVKKDUT2EZ6WIE')).toEqual([
      '-A KUBE-EXT-3ENVKKDUT2EZ6WIE -s 10.40.0.0/16 -m comment --comment "pod traffic for default/local:http external destinations" -j KUBE-SVC-3ENVKKDUT2EZ6WIE',
      '-A KUBE-EXT-3ENVKKDUT2EZ6WIE -m comment --comment "masquerade LOCAL traffic for default/local:http external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-3ENVKKDUT2EZ6WIE -m comment --comment "route LOCAL traffic for default/local:http external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-3ENVKKDUT2EZ6WIE',
    ]);
    // Pods and the node itself are short-circuited to the Cluster chain, as if they had gone out and back in.
    expect(dnat(w.proxy.route({ ip: '10.140.0.12', port: 30090 }, { ip: '10.40.2.30', node: 'worker-2' }))).toMatchObject({ masquerade: false, endpoint: { ip: '10.40.1.5' } });
    expect(dnat(w.proxy.route({ ip: '10.140.0.12', port: 30090 }, { ip: '10.140.0.12', node: 'worker-2' }))).toMatchObject({ masquerade: true, endpoint: { ip: '10.40.1.5' } });
    expect(w.proxy.localEndpointCount('worker-1', svc)).toBe(1);
    expect(w.proxy.localEndpointCount('worker-2', svc)).toBe(0);
  });

  it('honours internalTrafficPolicy Local for the ClusterIP', () => {
    const w = world();
    w.service('local', { clusterIP: '10.96.0.52', internalTrafficPolicy: 'Local' });
    w.slice('local', [{ ip: '10.40.1.5', node: 'worker-1' }, { ip: '10.40.2.7', node: 'worker-2' }]);
    for (let i = 0; i < 20; i++) expect(dnat(w.proxy.route({ ip: '10.96.0.52', port: 80 }, { ip: '10.40.1.30', node: 'worker-1' })).endpoint.ip).toBe('10.40.1.5');
    const none = w.proxy.route({ ip: '10.96.0.52', port: 80 }, { ip: '10.40.3.30', node: 'worker-3' });
    expect(none).toMatchObject({ verdict: 'DROP', reason: 'no-local-endpoints' });
    expect(none.rules.map((r) => r.text)).toEqual(['-A KUBE-SERVICES -d 10.96.0.52/32 -p tcp -m comment --comment "default/local:http has no local endpoints" -m tcp --dport 80 -j DROP']);
  });

  it('captures VIP-mode load-balancer addresses but not Proxy-mode ones', () => {
    const w = world();
    w.service('web', { type: 'LoadBalancer', clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }] });
    w.slice('web', [{ ip: '10.40.2.7', node: 'worker-2' }]);
    w.lbStatus('web', '10.140.0.200');
    expect(linesAbout(w.proxy.rulesFor('worker-1').lines, '10.140.0.200')).toEqual([
      '-A KUBE-SERVICES -d 10.140.0.200/32 -p tcp -m comment --comment "default/web:http loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-CDGGSHYLG3RE2FKL',
    ]);
    expect(dnat(w.proxy.route({ ip: '10.140.0.200', port: 80 }, { ip: '192.168.10.50', node: 'worker-1' }))).toMatchObject({ via: 'loadBalancer', masquerade: true, snatIP: '10.140.0.11' });
    w.lbStatus('web', '10.140.0.200', 'Proxy');
    expect(w.proxy.route({ ip: '10.140.0.200', port: 80 }, { ip: '192.168.10.50', node: 'worker-1' }).verdict).toBe('ACCEPT');
  });

  it('pins a client to one endpoint under ClientIP affinity until it has been quiet for timeoutSeconds', () => {
    const w = world();
    w.service('sticky', { clusterIP: '10.96.0.53', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } });
    w.slice('sticky', THREE);
    const lines = w.proxy.rulesFor('worker-1').lines;
    expect(lines).toContain('-A KUBE-SVC-T2ECBIYT2WDZZK45 -m comment --comment "default/sticky:http -> 10.40.1.5:8080" -m recent --rcheck --seconds 60 --reap --name KUBE-SEP-ZC6Y7ZEM2YCO6O6Q --mask 255.255.255.255 --rsource -j KUBE-SEP-ZC6Y7ZEM2YCO6O6Q');
    expect(lines).toContain('-A KUBE-SEP-ZC6Y7ZEM2YCO6O6Q -p tcp -m comment --comment "default/sticky:http" -m recent --set --name KUBE-SEP-ZC6Y7ZEM2YCO6O6Q --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.40.1.5:8080');
    const ask = (client: string, node = 'worker-1') => dnat(w.proxy.route({ ip: '10.96.0.53', port: 80 }, { ip: client, node }));
    const first = ask('10.40.1.20');
    expect(first.sticky).toBe(false);
    for (let i = 0; i < 100; i++) expect(ask('10.40.1.20')).toMatchObject({ sticky: true, endpoint: { ip: first.endpoint.ip } });
    // Each hit refreshes the recent list: 50 s gaps keep the pin beyond 60 s in total.
    for (let i = 0; i < 3; i++) {
      w.clock.advance(50_000);
      expect(ask('10.40.1.20')).toMatchObject({ sticky: true, endpoint: { ip: first.endpoint.ip } });
    }
    w.clock.advance(61_000);
    expect(ask('10.40.1.20').sticky).toBe(false);
    // The recent lists live in each node's kernel: the same client through another node starts afresh.
    expect(ask('10.40.1.20', 'worker-2').sticky).toBe(false);
    const spread = new Set(Array.from({ length: 60 }, (_, i) => ask(`10.40.3.${i + 2}`).endpoint.ip));
    expect(spread.size).toBe(3);
  });
});

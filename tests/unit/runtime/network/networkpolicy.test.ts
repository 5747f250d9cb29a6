// NetworkPolicy evaluation, case by case, after the API's documented
// semantics (isolation per direction, additive rules, peers, ports) and the
// upstream docs' examples in the shared fixtures.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/runtime/api/types';
import { evaluateNetworkPolicies, policyTypes, type PolicyPeer, type PolicyVerdict, type Protocol } from '../../../../src/runtime/network/networkpolicy';

const FIXTURES = new URL('../../../../../shared/fixtures/k8s-examples/', import.meta.url);
const fixture = (path: string): KubeObject => load(readFileSync(new URL(path, FIXTURES), 'utf8')) as KubeObject;

interface PodOpts {
  namespace?: string;
  ip?: string;
  node?: string;
  ports?: { name: string; containerPort: number; protocol?: string }[];
  hostNetwork?: boolean;
}

function pod(name: string, labels: Record<string, string>, o: PodOpts = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', labels },
    spec: { nodeName: o.node ?? 'worker-1', ...(o.hostNetwork && { hostNetwork: true }), containers: [{ name: 'app', image: 'nginx', ...(o.ports && { ports: o.ports }) }] },
    status: { phase: 'Running', podIP: o.ip ?? '10.40.1.10', hostIP: '10.140.0.11' },
  };
}

function policy(name: string, spec: Record<string, unknown>, namespace = 'default'): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
});

const NAMESPACES = [ns('default'), ns('team-a', { project: 'myproject' }), ns('team-b', { project: 'other' })];

const P = (p: KubeObject): PolicyPeer => ({ kind: 'pod', pod: p });

function check(policies: KubeObject[], from: PolicyPeer, to: PolicyPeer, port = 80, protocol: Protocol = 'TCP', namedPort?: string): PolicyVerdict {
  return evaluateNetworkPolicies({ policies, namespaces: NAMESPACES, from, to, port, protocol, namedPort });
}

const web = pod('web', { app: 'web' }, { ip: '10.40.1.10' });
const client = pod('client', { app: 'client' }, { ip: '10.40.2.20', node: 'worker-2' });

const denyIngress = policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
const denyEgress = policy('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
const allowAllIngress = policy('allow-all-ingress', { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] });

describe('isolation and defaults', () => {
  it('with no policy every connection is allowed and nothing is isolated', () => {
    const v = check([], P(client), P(web));
    expect(v.allowed).toBe(true);
    expect(v.ingress).toMatchObject({ isolated: false, allowed: true, decidedBy: [], code: 'not-isolated' });
    expect(v.ingress.reason).toBe('No NetworkPolicy selects pod default/web for ingress, so all incoming traffic is allowed.');
    expect(v.egress.reason).toBe('No NetworkPolicy selects pod default/client for egress, so all outgoing traffic is allowed.');
  });

  it('default-deny ingress isolates every pod of the namespace and names the policy', () => {
    const v = check([denyIngress], P(client), P(web));
    expect(v.allowed).toBe(false);
    expect(v.ingress).toMatchObject({ isolated: true, allowed: false, code: 'denied', decidedBy: [{ namespace: 'default', name: 'default-deny-ingress' }] });
    expect(v.ingress.reason).toBe('Pod default/web is isolated for ingress by NetworkPolicy default/default-deny-ingress, and no ingress rule allows traffic from pod default/client on TCP port 80.');
    expect(v.egress.isolated).toBe(false);
  });

  it('default-deny egress blocks the source side, even towards outside addresses', () => {
    const v = check([denyEgress], P(client), { kind: 'external', ip: '8.8.8.8' }, 53, 'UDP');
    expect(v.allowed).toBe(false);
    expect(v.egress).toMatchObject({ isolated: true, allowed: false, decidedBy: [{ namespace: 'default', name: 'default-deny-egress' }] });
    expect(v.egress.reason).toBe('Pod default/client is isolated for egress by NetworkPolicy default/default-deny-egress, and no egress rule allows traffic to external address 8.8.8.8 on UDP port 53.');
    expect(v.ingress.code).toBe('not-applicable');
  });

  it('an allow-all ingress rule ({}) reopens what a default-deny closed: policies add up', () => {
    const v = check([denyIngress, allowAllIngress], P(client), P(web), 1234);
    expect(v.allowed).toBe(true);
    expect(v.ingress).toMatchObject({ isolated: true, allowed: true, code: 'allowed', decidedBy: [{ namespace: 'default', name: 'allow-all-ingress' }] });
    expect(v.ingress.selectedBy.map((r) => r.name)).toEqual(['default-deny-ingress', 'allow-all-ingress']);
    expect(v.ingress.matchedRules).toEqual([{ namespace: 'default', name: 'allow-all-ingress', rule: 0 }]);
  });

  it('policies of another namespace do not select the pod', () => {
    const elsewhere = policy('deny', { podSelector: {}, policyTypes: ['Ingress'] }, 'team-b');
    expect(check([elsewhere], P(client), P(web)).allowed).toBe(true);
  });

  it('policyTypes defaults to Ingress, plus Egress when the policy has egress rules', () => {
    expect(policyTypes(policy('a', { podSelector: {} }))).toEqual(['Ingress']);
    expect(policyTypes(policy('b', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }))).toEqual(['Ingress', 'Egress']);
    const undefaulted = policy('egress-only-rules', { podSelector: { matchLabels: { app: 'client' } }, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] });
    const v = check([undefaulted], P(client), { kind: 'external', ip: '8.8.8.8' }, 443);
    expect(v.egress.allowed).toBe(false);
    expect(check([undefaulted], P(client), { kind: 'external', ip: '10.1.2.3' }, 443).allowed).toBe(true);
  });
});

describe('the upstream example test-network-policy (role=db)', () => {
  const np = fixture('service/networking/networkpolicy.yaml');
  const db = pod('db', { role: 'db' }, { ip: '10.40.3.30', node: 'worker-3' });
  const frontend = pod('frontend', { role: 'frontend' }, { ip: '10.40.1.11' });

  it('allows role=frontend pods of its namespace on TCP 6379 only', () => {
    expect(check([np], P(frontend), P(db), 6379).allowed).toBe(true);
    expect(check([np], P(frontend), P(db), 6380).allowed).toBe(false);
    expect(check([np], P(frontend), P(db), 6379, 'UDP').allowed).toBe(false);
    const v = check([np], P(frontend), P(db), 6379);
    expect(v.ingress.decidedBy).toEqual([{ namespace: 'default', name: 'test-network-policy' }]);
    expect(v.ingress.reason).toBe('Ingress to pod default/db from pod default/frontend on TCP port 6379 is allowed by NetworkPolicy default/test-network-policy.');
  });

  it('a podSelector peer alone means this namespace; a namespaceSelector peer admits every pod of matching namespaces', () => {
    const foreignFrontend = pod('frontend', { role: 'frontend' }, { namespace: 'team-b', ip: '10.40.2.12' });
    expect(check([np], P(foreignFrontend), P(db), 6379).allowed).toBe(false);
    const anyInProject = pod('batch', { app: 'batch' }, { namespace: 'team-a', ip: '10.40.2.13' });
    expect(check([np], P(anyInProject), P(db), 6379).allowed).toBe(true);
  });

  it('ipBlock admits 172.17.0.0/16 except 172.17.1.0/24', () => {
    expect(check([np], { kind: 'external', ip: '172.17.0.5' }, P(db), 6379).allowed).toBe(true);
    expect(check([np], { kind: 'external', ip: '172.17.1.5' }, P(db), 6379).allowed).toBe(false);
    expect(check([np], { kind: 'external', ip: '172.18.0.1' }, P(db), 6379).allowed).toBe(false);
    expect(check([np], { kind: 'external', ip: '172.17.0.5' }, P(db), 6379).egress.code).toBe('not-applicable');
  });

  it('egress from db only to 10.0.0.0/24 on TCP 5978', () => {
    expect(check([np], P(db), { kind: 'external', ip: '10.0.0.5' }, 5978).allowed).toBe(true);
    expect(check([np], P(db), { kind: 'external', ip: '10.0.0.5' }, 80).allowed).toBe(false);
    const v = check([np], P(db), { kind: 'external', ip: '10.0.1.5' }, 5978);
    expect(v.egress).toMatchObject({ isolated: true, allowed: false, code: 'denied' });
    // The frontend is not selected: its own traffic is not isolated in either direction.
    expect(check([np], P(frontend), { kind: 'external', ip: '1.1.1.1' }, 443).allowed).toBe(true);
  });
});

describe('the upstream example access-nginx', () => {
  const np = fixture('service/networking/nginx-policy.yaml');
  const nginx = pod('nginx', { 'app.kubernetes.io/name': 'nginx' });

  it('only pods labelled access=true reach nginx', () => {
    expect(check([np], P(pod('busybox', { access: 'true' }, { ip: '10.40.2.5' })), P(nginx)).allowed).toBe(true);
    expect(check([np], P(pod('busybox', {}, { ip: '10.40.2.5' })), P(nginx)).allowed).toBe(false);
  });
});

describe('peers and ports', () => {
  it('namespaceSelector and podSelector in one peer are ANDed; in two peers they are ORed', () => {
    const and = policy('and', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { project: 'myproject' } }, podSelector: { matchLabels: { role: 'client' } } }] }] });
    const or = policy('or', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { project: 'myproject' } } }, { podSelector: { matchLabels: { role: 'client' } } }] }] });
    const clientInA = pod('c', { role: 'client' }, { namespace: 'team-a', ip: '10.40.2.2' });
    const otherInA = pod('o', { role: 'other' }, { namespace: 'team-a', ip: '10.40.2.3' });
    const clientInDefault = pod('d', { role: 'client' }, { ip: '10.40.2.4' });
    expect([clientInA, otherInA, clientInDefault].map((p) => check([and], P(p), P(web)).allowed)).toEqual([true, false, false]);
    expect([clientInA, otherInA, clientInDefault].map((p) => check([or], P(p), P(web)).allowed)).toEqual([true, true, true]);
  });

  it('matchExpressions selectors work on namespaces too', () => {
    const np = policy('expr', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-b'] }] } }] }] });
    expect(check([np], P(pod('x', {}, { namespace: 'team-b', ip: '10.40.2.9' })), P(web)).allowed).toBe(true);
    expect(check([np], P(pod('x', {}, { namespace: 'team-a', ip: '10.40.2.9' })), P(web)).allowed).toBe(false);
  });

  it('a named port resolves on the destination pod: name, number and protocol must all agree', () => {
    const api = pod('api', { app: 'api' }, { ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] });
    const np = policy('named', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 'http', protocol: 'TCP' }, { port: 'dns', protocol: 'UDP' }] }] });
    expect(check([np], P(client), P(api), 8080).allowed).toBe(true);
    expect(check([np], P(client), P(api), 9090).allowed).toBe(false);
    expect(check([np], P(client), P(api), 53, 'UDP').allowed).toBe(true);
    expect(check([np], P(client), P(api), 53, 'TCP').allowed).toBe(false);
  });

  it('an egress named port towards a non-pod destination uses the name the caller gives', () => {
    const np = policy('egress-named', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'https' }] }] });
    const out: PolicyPeer = { kind: 'external', ip: '203.0.113.7' };
    expect(check([np], P(client), out, 443, 'TCP', 'https').allowed).toBe(true);
    expect(check([np], P(client), out, 443).allowed).toBe(false);
  });

  it('port with endPort admits the whole range', () => {
    const np = policy('range', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }] });
    const dst: PolicyPeer = { kind: 'external', ip: '10.0.0.9' };
    expect([31999, 32000, 32500, 32768, 32769].map((p) => check([np], P(client), dst, p).allowed)).toEqual([false, true, true, true, false]);
  });

  it('a ports entry without port matches every port of its protocol', () => {
    const np = policy('udp-only', { podSelector: {}, ingress: [{ ports: [{ protocol: 'UDP' }] }] });
    expect(check([np], P(client), P(web), 5353, 'UDP').allowed).toBe(true);
    expect(check([np], P(client), P(web), 5353, 'TCP').allowed).toBe(false);
  });

  it('ipBlock also matches pod addresses', () => {
    const np = policy('cidr', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.40.2.0/24' } }] }] });
    expect(check([np], P(client), P(web)).allowed).toBe(true);
    expect(check([np], P(pod('far', {}, { ip: '10.40.3.3' })), P(web)).allowed).toBe(false);
  });

  it('several policies allowing different sources add up, each named for what it allowed', () => {
    const fromA = policy('from-a', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }] });
    const fromB = policy('from-b', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'b' } } }] }] });
    const a = check([fromA, fromB], P(pod('a', { app: 'a' }, { ip: '10.40.2.30' })), P(web));
    const b = check([fromA, fromB], P(pod('b', { app: 'b' }, { ip: '10.40.2.31' })), P(web));
    const c = check([fromA, fromB], P(pod('c', { app: 'c' }, { ip: '10.40.2.32' })), P(web));
    expect([a.allowed, b.allowed, c.allowed]).toEqual([true, true, false]);
    expect(a.ingress.decidedBy.map((r) => r.name)).toEqual(['from-a']);
    expect(b.ingress.decidedBy.map((r) => r.name)).toEqual(['from-b']);
    expect(c.ingress.decidedBy.map((r) => r.name)).toEqual(['from-a', 'from-b']);
  });

  it('both ends must agree: an allowing ingress does not help a source denied egress', () => {
    const v = check([denyEgress, allowAllIngress], P(client), P(web));
    expect(v).toMatchObject({ allowed: false, egress: { allowed: false }, ingress: { allowed: true } });
  });
});

describe('nodes', () => {
  it("a pod's own node (kubelet probes) always reaches it; another node is just an address", () => {
    const own: PolicyPeer = { kind: 'node', node: 'worker-1', ip: '10.140.0.11' };
    const other: PolicyPeer = { kind: 'node', node: 'worker-2', ip: '10.140.0.12' };
    const v = check([denyIngress], own, P(web), 8080);
    expect(v.allowed).toBe(true);
    expect(v.ingress.code).toBe('node-local');
    expect(check([denyIngress], other, P(web), 8080).allowed).toBe(false);
    const fromNodes = policy('nodes', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.140.0.0/24' } }] }] });
    expect(check([denyIngress, fromNodes], other, P(web), 8080).allowed).toBe(true);
  });

  it('egress to its own node is outside policy too; a hostNetwork pod counts as its node', () => {
    expect(check([denyEgress], P(web), { kind: 'node', node: 'worker-1', ip: '10.140.0.11' }, 10250).allowed).toBe(true);
    const hostPod = pod('node-exporter', { app: 'exporter' }, { hostNetwork: true, node: 'worker-1' });
    const v = check([denyIngress], P(hostPod), P(web), 80);
    expect(v.allowed).toBe(true);
    expect(v.egress.code).toBe('not-applicable');
  });
});

// NetworkPolicy evaluation for one connection: the NSX distributed-firewall
// analogue, computed the way the API documents it (networking/v1 types.go)
// and CNI plugins such as Calico enforce it.
// - A pod is isolated for a direction once any policy of its namespace selects
//   it with that direction in policyTypes (Ingress always; Egress when the
//   policy has egress rules and policyTypes is omitted). An isolated pod takes
//   only what some rule of some selecting policy allows: policies add up.
// - A connection needs both: the source pod's egress and the destination
//   pod's ingress. Policies see pod addresses, so a Service's virtual IP is
//   evaluated after kube-proxy's DNAT, with the chosen endpoint as `to`.
// - Traffic between a pod and its own node (kubelet probes, host processes)
//   is outside policy, as the API docs state for ingress and as most CNI
//   plugins do both ways. A hostNetwork pod is its node.
// - ipBlock matches any address, pod IPs included (Calico's behaviour; the
//   API leaves it to the plugin).
import { fromLabelSelector, matchesLabels } from '../api/selectors';
import { ipToInt, parseCidr } from '../api/allocators/ipv4';
import { asArray, isObject, type KubeObject } from '../api/types';

export type PolicyPeer = { kind: 'pod'; pod: KubeObject } | { kind: 'external'; ip: string } | { kind: 'node'; node: string; ip: string };

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface PolicyRef {
  namespace: string;
  name: string;
}

/** Why a side decided as it did, for the UI to translate. */
export type PolicySideCode = 'not-isolated' | 'allowed' | 'denied' | 'node-local' | 'not-applicable';

export interface PolicySide {
  isolated: boolean;
  allowed: boolean;
  /** When allowed by rule: the policies whose rule matched; when denied: the policies that isolated the pod. */
  decidedBy: PolicyRef[];
  reason: string;
  code: PolicySideCode;
  /** Every policy that selects the pod for this direction. */
  selectedBy: PolicyRef[];
  /** The rules that allow the connection (index into spec.ingress / spec.egress). */
  matchedRules: (PolicyRef & { rule: number })[];
}

export interface PolicyVerdict {
  allowed: boolean;
  egress: PolicySide;
  ingress: PolicySide;
}

export interface PolicyInput {
  policies: KubeObject[];
  namespaces: KubeObject[];
  from: PolicyPeer;
  to: PolicyPeer;
  port: number;
  protocol: Protocol;
  /** Name of the destination's port, when `to` is not a pod (a pod's own container ports are used otherwise). */
  namedPort?: string;
}

type Direction = 'Ingress' | 'Egress';

interface Context {
  input: PolicyInput;
  from: PolicyPeer;
  to: PolicyPeer;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const spec = (o: KubeObject): Record<string, unknown> => (isObject(o.spec) ? o.spec : {});
const ref = (o: KubeObject): PolicyRef => ({ namespace: o.metadata.namespace ?? 'default', name: o.metadata.name ?? '' });
const podName = (pod: KubeObject): string => `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;

/** A hostNetwork pod has no address of its own: it is its node. */
function normalizePeer(peer: PolicyPeer): PolicyPeer {
  if (peer.kind !== 'pod' || spec(peer.pod).hostNetwork !== true) return peer;
  const status = isObject(peer.pod.status) ? peer.pod.status : {};
  return { kind: 'node', node: str(spec(peer.pod).nodeName), ip: str(status.hostIP) };
}

function peerIP(peer: PolicyPeer): string | undefined {
  if (peer.kind !== 'pod') return peer.ip;
  const status = isObject(peer.pod.status) ? peer.pod.status : {};
  return typeof status.podIP === 'string' && status.podIP ? status.podIP : undefined;
}

function describe(peer: PolicyPeer): string {
  if (peer.kind === 'pod') return `pod ${podName(peer.pod)}`;
  if (peer.kind === 'node') return `node ${peer.node} (${peer.ip})`;
  return `external address ${peer.ip}`;
}

/** policyTypes as the apiserver defaults it, for objects that skipped defaulting. */
export function policyTypes(policy: KubeObject): Direction[] {
  const declared = asArray(spec(policy).policyTypes).filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  if (declared.length) return declared;
  return asArray(spec(policy).egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

export function policySelectsPod(policy: KubeObject, pod: KubeObject): boolean {
  if ((policy.metadata.namespace ?? 'default') !== (pod.metadata.namespace ?? 'default')) return false;
  return matchesLabels(fromLabelSelector(spec(policy).podSelector), pod.metadata.labels);
}

function namespaceLabels(namespaces: KubeObject[], name: string): Record<string, string> {
  const ns = namespaces.find((n) => n.metadata.name === name);
  return ns?.metadata.labels ?? { 'kubernetes.io/metadata.name': name };
}

function inCidr(ip: string, cidr: string): boolean {
  const n = ipToInt(ip);
  if (n === undefined) return false;
  try {
    const c = parseCidr(cidr);
    return n >= c.base && n < c.base + c.size;
  } catch {
    return false;
  }
}

/** One NetworkPolicyPeer: an ipBlock, or pods chosen by podSelector and/or namespaceSelector. */
function peerMatches(p: Record<string, unknown>, policyNamespace: string, peer: PolicyPeer, namespaces: KubeObject[]): boolean {
  if (isObject(p.ipBlock)) {
    const ip = peerIP(peer);
    const cidr = typeof p.ipBlock.cidr === 'string' ? p.ipBlock.cidr : '';
    if (!ip || !inCidr(ip, cidr)) return false;
    return !asArray(p.ipBlock.except).some((e) => typeof e === 'string' && inCidr(ip, e));
  }
  if (peer.kind !== 'pod' || (!isObject(p.podSelector) && !isObject(p.namespaceSelector))) return false;
  const ns = peer.pod.metadata.namespace ?? 'default';
  const nsOk = isObject(p.namespaceSelector) ? matchesLabels(fromLabelSelector(p.namespaceSelector), namespaceLabels(namespaces, ns)) : ns === policyNamespace;
  const podOk = isObject(p.podSelector) ? matchesLabels(fromLabelSelector(p.podSelector), peer.pod.metadata.labels) : true;
  return nsOk && podOk;
}

/** A named port resolves on the destination pod: a container port with that name, number and protocol. */
function namedPortMatches(name: string, ctx: Context): boolean {
  const { port, protocol } = ctx.input;
  if (ctx.to.kind !== 'pod') return ctx.input.namedPort === name;
  for (const c of asArray(spec(ctx.to.pod).containers).filter(isObject)) {
    for (const cp of asArray(c.ports).filter(isObject)) {
      if (cp.name === name && cp.containerPort === port && (cp.protocol ?? 'TCP') === protocol) return true;
    }
  }
  return false;
}

function portsMatch(ports: unknown, ctx: Context): boolean {
  const list = asArray(ports).filter(isObject);
  if (list.length === 0) return true;
  const { port, protocol } = ctx.input;
  return list.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined || p.port === null) return true;
    if (typeof p.port === 'string') return namedPortMatches(p.port, ctx);
    if (typeof p.port !== 'number') return false;
    return typeof p.endPort === 'number' ? port >= p.port && port <= p.endPort : port === p.port;
  });
}

function ruleAllows(rule: Record<string, unknown>, dir: Direction, policyNamespace: string, ctx: Context): boolean {
  const peers = asArray(dir === 'Ingress' ? rule.from : rule.to).filter(isObject);
  const other = dir === 'Ingress' ? ctx.from : ctx.to;
  const peersOk = peers.length === 0 || peers.some((p) => peerMatches(p, policyNamespace, other, ctx.input.namespaces));
  return peersOk && portsMatch(rule.ports, ctx);
}

function side(code: PolicySideCode, reason: string, extra: Partial<PolicySide> = {}): PolicySide {
  const allowed = code !== 'denied';
  return { isolated: false, allowed, decidedBy: [], reason, code, selectedBy: [], matchedRules: [], ...extra };
}

function names(refs: PolicyRef[]): string {
  return refs.map((r) => `${r.namespace}/${r.name}`).join(', ');
}

function evaluateSide(dir: Direction, pod: KubeObject, ctx: Context): PolicySide {
  const { port, protocol } = ctx.input;
  const selecting = ctx.input.policies.filter((p) => policyTypes(p).includes(dir) && policySelectsPod(p, pod));
  const word = dir.toLowerCase();
  if (selecting.length === 0) {
    return side('not-isolated', `No NetworkPolicy selects pod ${podName(pod)} for ${word}, so all ${dir === 'Ingress' ? 'incoming' : 'outgoing'} traffic is allowed.`);
  }
  const selectedBy = selecting.map(ref);
  const matchedRules: (PolicyRef & { rule: number })[] = [];
  for (const policy of selecting) {
    const rules = asArray(spec(policy)[dir === 'Ingress' ? 'ingress' : 'egress']);
    rules.forEach((rule, i) => {
      if (isObject(rule) && ruleAllows(rule, dir, policy.metadata.namespace ?? 'default', ctx)) matchedRules.push({ ...ref(policy), rule: i });
    });
  }
  const allowedBy = selectedBy.filter((r) => matchedRules.some((m) => m.namespace === r.namespace && m.name === r.name));
  const what = `${protocol} port ${port}`;
  if (allowedBy.length > 0) {
    const reason =
      dir === 'Ingress'
        ? `Ingress to pod ${podName(pod)} from ${describe(ctx.from)} on ${what} is allowed by NetworkPolicy ${names(allowedBy)}.`
        : `Egress from pod ${podName(pod)} to ${describe(ctx.to)} on ${what} is allowed by NetworkPolicy ${names(allowedBy)}.`;
    return side('allowed', reason, { isolated: true, decidedBy: allowedBy, selectedBy, matchedRules });
  }
  const otherEnd = dir === 'Ingress' ? `from ${describe(ctx.from)}` : `to ${describe(ctx.to)}`;
  const reason = `Pod ${podName(pod)} is isolated for ${word} by NetworkPolicy ${names(selectedBy)}, and no ${word} rule allows traffic ${otherEnd} on ${what}.`;
  return side('denied', reason, { isolated: true, decidedBy: selectedBy, selectedBy });
}

const nodeOf = (pod: KubeObject): string => str(spec(pod).nodeName);

/** Is this connection allowed by the NetworkPolicies, and which policies decided it? */
export function evaluateNetworkPolicies(input: PolicyInput): PolicyVerdict {
  const ctx: Context = { input, from: normalizePeer(input.from), to: normalizePeer(input.to) };
  const { from, to } = ctx;
  let egress: PolicySide;
  if (from.kind !== 'pod') egress = side('not-applicable', `The source, ${describe(from)}, is not a pod: no egress policy applies.`);
  else if (to.kind === 'node' && to.node === nodeOf(from.pod)) egress = side('node-local', `Traffic between pod ${podName(from.pod)} and its own node ${to.node} is outside NetworkPolicy.`);
  else egress = evaluateSide('Egress', from.pod, ctx);
  let ingress: PolicySide;
  if (to.kind !== 'pod') ingress = side('not-applicable', `The destination, ${describe(to)}, is not a pod: no ingress policy applies.`);
  else if (from.kind === 'node' && from.node === nodeOf(to.pod)) ingress = side('node-local', `Traffic from node ${from.node} to its own pod ${podName(to.pod)} (kubelet probes) is always allowed.`);
  else ingress = evaluateSide('Ingress', to.pod, ctx);
  return { allowed: egress.allowed && ingress.allowed, egress, ingress };
}

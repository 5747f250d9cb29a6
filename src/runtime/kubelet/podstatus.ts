// The pod status a kubelet posts (kubelet_pods.go generateAPIPodStatus,
// getPhase and convertToAPIContainerStatuses; status/generate.go for the
// conditions): phase from the container states, the five kubelet-owned
// conditions, container statuses with state/lastState, and the addresses.
// Built a few times per pod at every scale, so it walks the containers in
// plain loops and assigns keys in their serialised order instead of spreading.
// The parts many pods show alike (conditions that changed in the same second,
// running states, users, the node's addresses) are frozen once and shared by
// every status that shows them: the store keeps statuses deep-frozen anyway,
// and a large cluster holds hundreds of thousands.
import { toRFC3339 } from '../clock';
import { freeze } from '../api/store';
import { asArray, isObject, type KubeObject } from '../api/types';
import { podQOSClass } from '../api/defaults/pod';
import { WAITING_REASONS } from './containermachine';
import { PureMachine } from './machine';
import { CONDITION_TYPES, str, type ContainerRecord, type PodRecord, type Terminated } from './records';

const KUBELET_CONDITIONS = new Set<string>(CONDITION_TYPES);
const READY_TO_START = 0;
const INITIALIZED = 1;
const READY = 2;
const CONTAINERS_READY = 3;
const SCHEDULED = 4;
const NO_STATUS: Record<string, unknown> = {};

export function restartPolicy(pod: KubeObject): string {
  const p = isObject(pod.spec) ? pod.spec.restartPolicy : undefined;
  return typeof p === 'string' ? p : 'Always';
}

const isRunning = (c: ContainerRecord): boolean => PureMachine.within(c.state, 'running');

/**
 * RFC 3339 of a container time. Containers on a node start in bursts, so one
 * string per second is shared by every status that shows it (and by the store).
 */
const stamps = new Map<number, string>();
function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  let s = stamps.get(second);
  if (s === undefined) {
    if (stamps.size >= 4096) stamps.clear();
    s = toRFC3339(ms);
    stamps.set(second, s);
  }
  return s;
}

/** getPhase: Pending until init is done and every container has run; terminal when none will run again. */
export function podPhase(rec: PodRecord, terminal: boolean): string {
  const policy = restartPolicy(rec.pod);
  let pendingInit = 0;
  let failedInit = 0;
  let mains = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of rec.containers) {
    if (c.kind === 'main') {
      mains++;
      if (isRunning(c)) running++;
      else if (c.state === 'terminated' && c.term) {
        stopped++;
        if (c.term.exitCode === 0) succeeded++;
      } else if (c.last) stopped++;
      else waiting++;
    } else if (c.kind === 'sidecar') {
      if (!c.started && !c.term && !c.last) pendingInit++;
    } else if (c.term?.exitCode === 0 && c.state === 'terminated') {
      continue;
    } else if (c.state === 'terminated' && c.term) failedInit++;
    else if (c.last && c.last.exitCode !== 0) failedInit++;
    else pendingInit++;
  }
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (pendingInit > 0 && !(failedInit > 0 && terminal)) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === mains) {
    if (terminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return policy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}

function terminatedState(t: Terminated): Record<string, unknown> {
  const out: Record<string, unknown> = { containerID: t.containerID, exitCode: t.exitCode, finishedAt: rfc3339(t.finishedAt) };
  if (t.message) out.message = t.message;
  out.reason = t.reason;
  if (t.signal) out.signal = t.signal;
  out.startedAt = rfc3339(t.startedAt);
  return out;
}

/** A start failure about to be retried: the kubelet's reason cache turns it into RunContainerError. */
function runContainerError(c: ContainerRecord): boolean {
  return c.state === 'terminated' && c.term?.reason === 'StartError' && c.waitingMessage !== undefined;
}

function containerState(c: ContainerRecord, hasInit: boolean): Record<string, unknown> {
  if (runContainerError(c) && c.waitingMessage) return { waiting: { message: c.waitingMessage, reason: 'RunContainerError' } };
  if (c.state === 'terminated' && c.term) return { terminated: terminatedState(c.term) };
  if (isRunning(c) && c.startedAt !== undefined) return runningSince(rfc3339(c.startedAt));
  const known = WAITING_REASONS[c.state];
  const reason = known ?? (hasInit && c.kind === 'main' ? 'PodInitializing' : 'ContainerCreating');
  return c.waitingMessage && known ? { waiting: { message: c.waitingMessage, reason } } : waitingFor(reason);
}

/** `{}`: no last state. */
const NO_LAST_STATE: Record<string, unknown> = freeze({});

function lastState(c: ContainerRecord): Record<string, unknown> {
  if (runContainerError(c) && c.term) return { terminated: terminatedState(c.term) };
  return c.last ? { terminated: terminatedState(c.last) } : NO_LAST_STATE;
}

/** Keep a shared frozen part; the maps are bounded: starting over only stops further sharing. */
function remember<K, V>(cache: Map<K, V>, key: K, v: V, limit = 4096): V {
  if (cache.size >= limit) cache.clear();
  cache.set(key, freeze(v));
  return v;
}

const runningStates = new Map<string, Record<string, unknown>>();
const waitingStates = new Map<string, Record<string, unknown>>();

/** `{running: {startedAt}}`, one per second: containers on a node start in bursts. */
function runningSince(startedAt: string): Record<string, unknown> {
  return runningStates.get(startedAt) ?? remember(runningStates, startedAt, { running: { startedAt } });
}

function waitingFor(reason: string): Record<string, unknown> {
  return waitingStates.get(reason) ?? remember(waitingStates, reason, { waiting: { reason } });
}

const hostAddresses = new Map<string, unknown[]>();

/** hostIPs: one frozen list per node (a cluster may have thousands). */
function hostIPsOf(hostIP: string): unknown[] {
  return hostAddresses.get(hostIP) ?? remember(hostAddresses, hostIP, [{ ip: hostIP }], 65_536);
}

/** podIPs: the previous status's list while the address holds (a status is written a few times per pod). */
function podIPsOf(podIP: string, old: unknown): unknown[] {
  if (Array.isArray(old) && old.length === 1 && isObject(old[0]) && old[0].ip === podIP) return old;
  return [{ ip: podIP }];
}

export function containerStatus(c: ContainerRecord, hasInit: boolean, pod: KubeObject): Record<string, unknown> {
  if (c.containerID === undefined) {
    return { image: str(c.spec.image), imageID: '', lastState: lastState(c), name: c.name, ready: c.ready, restartCount: c.restartCount, started: c.started, state: containerState(c, hasInit) };
  }
  // What the runtime reports of a created container that does not change while it lives. Worked out again
  // for each status rather than kept per container: its inputs (the container spec, the pod's
  // securityContext, the image's groups) are fixed for the instance, and a running pod holds nothing extra.
  const resources = resourcesOf(c.spec);
  const user = userOf(c, pod);
  const mounts = volumeMounts(c.spec);
  const containerID = c.containerID;
  const image = c.image ? c.image.ref.normalized : str(c.spec.image);
  const imageID = c.image ? c.image.imageID : '';
  const last = lastState(c);
  const state = containerState(c, hasInit);
  const { name, ready, restartCount, started } = c;
  // Whole literals for the four shapes: keys added after a literal go to a separate property store.
  if (resources) {
    return mounts.length
      ? { containerID, image, imageID, lastState: last, name, ready, restartCount, started, state, resources, user, volumeMounts: mounts }
      : { containerID, image, imageID, lastState: last, name, ready, restartCount, started, state, resources, user };
  }
  return mounts.length
    ? { containerID, image, imageID, lastState: last, name, ready, restartCount, started, state, user, volumeMounts: mounts }
    : { containerID, image, imageID, lastState: last, name, ready, restartCount, started, state, user };
}

function resourcesOf(spec: Record<string, unknown>): Record<string, unknown> | undefined {
  const r = spec.resources;
  if (!isObject(r)) return undefined;
  let out: Record<string, unknown> | undefined;
  if (isObject(r.limits) && hasKeys(r.limits)) (out ??= {}).limits = r.limits;
  if (isObject(r.requests) && hasKeys(r.requests)) (out ??= {}).requests = r.requests;
  return out;
}

function hasKeys(o: Record<string, unknown>): boolean {
  for (const _ in o) return true;
  return false;
}

/** `user: {linux: …}`, shared by every container with the same ids and one group (the usual case). */
const users = new Map<number, Map<number, Map<number, Record<string, unknown>>>>();

function userOf(c: ContainerRecord, pod: KubeObject): Record<string, unknown> {
  const podSC = isObject(pod.spec) && isObject(pod.spec.securityContext) ? pod.spec.securityContext : NO_STATUS;
  const sc = isObject(c.spec.securityContext) ? c.spec.securityContext : NO_STATUS;
  const uid = typeof sc.runAsUser === 'number' ? sc.runAsUser : typeof podSC.runAsUser === 'number' ? podSC.runAsUser : 0;
  const gid = typeof sc.runAsGroup === 'number' ? sc.runAsGroup : typeof podSC.runAsGroup === 'number' ? podSC.runAsGroup : 0;
  const extra = podSC.supplementalGroups === undefined ? NO_GROUPS : asArray(podSC.supplementalGroups).filter((g): g is number => typeof g === 'number');
  const groups = uid === 0 ? (c.image?.groups ?? ROOT_GROUPS) : [gid];
  if (extra.length > 0 || groups.length !== 1) {
    const supplementalGroups = [...new Set([...groups, ...extra])].sort((a, b) => a - b);
    return { linux: { gid, supplementalGroups, uid } };
  }
  const group = groups[0];
  let byGid = users.get(uid);
  if (!byGid) {
    if (users.size >= 256) users.clear();
    users.set(uid, (byGid = new Map<number, Map<number, Record<string, unknown>>>()));
  }
  let byGroup = byGid.get(gid);
  if (!byGroup) byGid.set(gid, (byGroup = new Map<number, Record<string, unknown>>()));
  return byGroup.get(group) ?? remember(byGroup, group, { linux: { gid, supplementalGroups: [group], uid } });
}

const NO_GROUPS: readonly number[] = [];
const ROOT_GROUPS: readonly number[] = [0];

function volumeMounts(spec: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const m of asArray(spec.volumeMounts)) {
    if (!isObject(m)) continue;
    out.push(m.readOnly === true ? { mountPath: m.mountPath, name: m.name, readOnly: true, recursiveReadOnly: 'Disabled' } : { mountPath: m.mountPath, name: m.name });
  }
  return out;
}

interface Cond {
  status: string;
  reason?: string;
  message?: string;
  /** One of the module's shared Conds, so stamped conditions can be shared by identity. */
  shared?: boolean;
}

const TRUE: Cond = { status: 'True', shared: true };
const FALSE: Cond = { status: 'False', shared: true };
const INIT_COMPLETED: Cond = { status: 'True', reason: 'PodCompleted', shared: true };
const READY_COMPLETED: Cond = { status: 'False', reason: 'PodCompleted', shared: true };

/** Initialized (init containers and sidecars) or ContainersReady (regular containers). */
function readiness(containers: ContainerRecord[], phase: string, init: boolean): Cond {
  if (phase === 'Succeeded') return init ? INIT_COMPLETED : READY_COMPLETED;
  let names = '';
  let unready = 0;
  for (const c of containers) {
    if ((c.kind !== 'main') !== init || c.ready) continue;
    names = unready++ === 0 ? c.name : `${names} ${c.name}`;
  }
  if (unready === 0) return TRUE;
  return notReady(init ? INCOMPLETE : UNREADY, names);
}

interface NotReadyKind {
  reason: string;
  prefix: string;
  conds: Map<string, Cond>;
}

/** The not-ready conditions by container names: every starting pod of a workload carries the same one. */
const INCOMPLETE: NotReadyKind = { reason: 'ContainersNotInitialized', prefix: 'containers with incomplete status: [', conds: new Map() };
const UNREADY: NotReadyKind = { reason: 'ContainersNotReady', prefix: 'containers with unready status: [', conds: new Map() };

function notReady(kind: NotReadyKind, names: string): Cond {
  let cond = kind.conds.get(names);
  if (cond === undefined) {
    if (kind.conds.size >= 4096) kind.conds.clear();
    cond = { status: 'False', reason: kind.reason, message: `${kind.prefix}${names}]`, shared: true };
    kind.conds.set(names, cond);
  }
  return cond;
}

function readyCondition(pod: KubeObject, containersReady: Cond, old: unknown[]): Cond {
  if (containersReady.status !== 'True') return containersReady;
  const gates = isObject(pod.spec) ? asArray(pod.spec.readinessGates) : [];
  if (gates.length === 0) return TRUE;
  const msgs: string[] = [];
  for (const g of gates) {
    if (!isObject(g)) continue;
    const c = old.find((x) => isObject(x) && x.type === g.conditionType) as Record<string, unknown> | undefined;
    const name = String(g.conditionType);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${name}" does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate "${name}" is not "True", but ${String(c.status)}`);
  }
  return msgs.length ? { status: 'False', reason: 'ReadinessGatesNotReady', message: msgs.join(', ') } : TRUE;
}

export interface StatusInput {
  rec: PodRecord;
  hostIP: string;
  now: string;
  terminal: boolean;
}

/** The full status the kubelet would write for this pod now. */
export function buildPodStatus({ rec, hostIP, now, terminal }: StatusInput): Record<string, unknown> {
  const pod = rec.pod;
  const old = isObject(pod.status) ? pod.status : NO_STATUS;
  const oldConds = asArray(old.conditions);
  const generation = pod.metadata.generation ?? 1;
  const phase = podPhase(rec, terminal);
  const containersReady = readiness(rec.containers, phase, false);
  const initialized = readiness(rec.containers, phase, true);
  const ready = readyCondition(pod, containersReady, oldConds);
  // Conditions other components own keep their place ahead of the kubelet's.
  const conditions: Record<string, unknown>[] = [];
  let scheduled: Record<string, unknown> | undefined;
  for (const c of oldConds) {
    if (!isObject(c)) continue;
    if (scheduled === undefined && c.type === 'PodScheduled') scheduled = c;
    if (!KUBELET_CONDITIONS.has(String(c.type))) conditions.push(c);
  }
  conditions.push(stamp(rec, READY_TO_START, rec.sandboxReady ? TRUE : FALSE, now, generation));
  conditions.push(stamp(rec, INITIALIZED, initialized, now, generation));
  conditions.push(stamp(rec, READY, ready, now, generation));
  conditions.push(stamp(rec, CONTAINERS_READY, containersReady, now, generation));
  conditions.push(scheduled ?? stamp(rec, SCHEDULED, TRUE, now, generation));
  let hasInit = false;
  const containerStatuses: Record<string, unknown>[] = [];
  for (const c of rec.containers) {
    if (c.kind !== 'main') hasInit = true;
  }
  for (const c of rec.containers) if (c.kind === 'main') containerStatuses.push(containerStatus(c, hasInit, pod));
  const hostIPs = hostIPsOf(hostIP);
  const qosClass = typeof old.qosClass === 'string' ? old.qosClass : podQOSClass(isObject(pod.spec) ? pod.spec : {});
  const { podIP, startTime } = rec;
  const plain = !hasInit && startTime && old.reason === undefined && old.message === undefined && old.nominatedNodeName === undefined && old.resize === undefined && old.resourceClaimStatuses === undefined;
  // The usual shapes as whole literals (keys added one by one go to a separate property store).
  if (plain && podIP) {
    return { conditions, containerStatuses, hostIP, hostIPs, observedGeneration: generation, phase, podIP, podIPs: podIPsOf(podIP, old.podIPs), qosClass, startTime };
  }
  if (plain) return { conditions, containerStatuses, hostIP, hostIPs, observedGeneration: generation, phase, qosClass, startTime };
  const status: Record<string, unknown> = { conditions, containerStatuses, hostIP, hostIPs };
  if (hasInit) {
    const initStatuses: Record<string, unknown>[] = [];
    for (const c of rec.containers) if (c.kind !== 'main') initStatuses.push(containerStatus(c, false, pod));
    status.initContainerStatuses = initStatuses;
  }
  status.observedGeneration = generation;
  status.phase = phase;
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = podIPsOf(podIP, old.podIPs);
  }
  status.qosClass = qosClass;
  if (startTime) status.startTime = startTime;
  // Named reads: a keyed loop over a frozen status is a megamorphic lookup per key.
  if (old.reason !== undefined) status.reason = old.reason;
  if (old.message !== undefined) status.message = old.message;
  if (old.nominatedNodeName !== undefined) status.nominatedNodeName = old.nominatedNodeName;
  if (old.resize !== undefined) status.resize = old.resize;
  if (old.resourceClaimStatuses !== undefined) status.resourceClaimStatuses = old.resourceClaimStatuses;
  return status;
}

/**
 * Shared conditionSince tuples, found through a trie of their five times (no
 * key string to build: each time is one shared string per second, its hash
 * cached). Bounded: starting over only stops further sharing.
 */
interface SinceNode {
  tuple?: readonly (string | undefined)[];
  next?: Map<string | undefined, SinceNode>;
}

let sinceRoot: SinceNode = {};
let sinceTuples = 0;

function sinceWith(tuple: readonly (string | undefined)[], i: number, time: string): readonly (string | undefined)[] {
  let node = sinceRoot;
  for (let k = 0; k < tuple.length; k++) {
    const v = k === i ? time : tuple[k];
    let child = node.next?.get(v);
    if (!child) (node.next ??= new Map<string | undefined, SinceNode>()).set(v, (child = {}));
    node = child;
  }
  if (!node.tuple) {
    const next = tuple.slice();
    next[i] = time;
    node.tuple = Object.freeze(next);
    if (++sinceTuples >= 4096) {
      sinceRoot = {};
      sinceTuples = 0;
    }
  }
  return node.tuple;
}

/** The status manager keeps lastTransitionTime (and observedGeneration) while a condition's status holds. */
function stamp(rec: PodRecord, i: number, c: Cond, now: string, generation: number): Record<string, unknown> {
  const bit = 1 << i;
  const isTrue = c.status === 'True';
  let since = rec.conditionSince[i];
  if (since === undefined || ((rec.conditionTrue & bit) !== 0) !== isTrue) {
    since = now;
    rec.conditionSince = sinceWith(rec.conditionSince, i, now);
    rec.conditionTrue = isTrue ? rec.conditionTrue | bit : rec.conditionTrue & ~bit;
  }
  return c.shared && generation === 1 ? sharedCondition(i, c, since) : condition(i, c, since, generation);
}

/**
 * Kubelet conditions by lastTransitionTime, slot and shared Cond: pods whose
 * condition changed in the same second show one frozen object.
 */
let sharedConditions = new Map<string, (Map<Cond, Record<string, unknown>> | undefined)[]>();

function sharedCondition(i: number, c: Cond, since: string): Record<string, unknown> {
  let slots = sharedConditions.get(since);
  if (!slots) {
    if (sharedConditions.size >= 4096) sharedConditions = new Map();
    sharedConditions.set(since, (slots = [undefined, undefined, undefined, undefined, undefined]));
  }
  const byCond = (slots[i] ??= new Map<Cond, Record<string, unknown>>());
  let cond = byCond.get(c);
  if (!cond) byCond.set(c, (cond = freeze(condition(i, c, since, 1))));
  return cond;
}

function condition(i: number, c: Cond, since: string, generation: number): Record<string, unknown> {
  const type = CONDITION_TYPES[i];
  const { status, reason, message } = c;
  if (message) {
    return reason
      ? { lastProbeTime: null, lastTransitionTime: since, message, observedGeneration: generation, reason, status, type }
      : { lastProbeTime: null, lastTransitionTime: since, message, observedGeneration: generation, status, type };
  }
  return reason
    ? { lastProbeTime: null, lastTransitionTime: since, observedGeneration: generation, reason, status, type }
    : { lastProbeTime: null, lastTransitionTime: since, observedGeneration: generation, status, type };
}

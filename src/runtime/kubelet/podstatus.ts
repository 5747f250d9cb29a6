// The pod status a kubelet posts (kubelet_pods.go generateAPIPodStatus,
// getPhase and convertToAPIContainerStatuses; status/generate.go for the
// conditions): phase from the container states, the five kubelet-owned
// conditions, container statuses with state/lastState, and the addresses.
import { toRFC3339 } from '../clock';
import { asArray, isObject, type KubeObject } from '../api/types';
import { podQOSClass } from '../api/defaults/pod';
import { WAITING_REASONS } from './containermachine';
import { PureMachine } from './machine';
import { str, type ContainerRecord, type PodRecord, type Terminated } from './records';

const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

export function restartPolicy(pod: KubeObject): string {
  const p = isObject(pod.spec) ? pod.spec.restartPolicy : undefined;
  return typeof p === 'string' ? p : 'Always';
}

const isRunning = (c: ContainerRecord): boolean => PureMachine.within(c.state, 'running');

/** getPhase: Pending until init is done and every container has run; terminal when none will run again. */
export function podPhase(rec: PodRecord, terminal: boolean): string {
  const policy = restartPolicy(rec.pod);
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of rec.containers) {
    if (c.kind === 'main') continue;
    if (c.kind === 'sidecar') {
      if (!c.started && !c.term && !c.last) pendingInit++;
      continue;
    }
    if (c.term?.exitCode === 0 && c.state === 'terminated') continue;
    if (c.state === 'terminated' && c.term) failedInit++;
    else if (c.last && c.last.exitCode !== 0) failedInit++;
    else pendingInit++;
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  const mains = rec.containers.filter((c) => c.kind === 'main');
  for (const c of mains) {
    if (isRunning(c)) running++;
    else if (c.state === 'terminated' && c.term) {
      stopped++;
      if (c.term.exitCode === 0) succeeded++;
    } else if (c.last) stopped++;
    else waiting++;
  }
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (pendingInit > 0 && !(failedInit > 0 && terminal)) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === mains.length) {
    if (terminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return policy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}

function terminatedState(t: Terminated): Record<string, unknown> {
  return {
    containerID: t.containerID,
    exitCode: t.exitCode,
    finishedAt: toRFC3339(t.finishedAt),
    ...(t.message ? { message: t.message } : {}),
    reason: t.reason,
    ...(t.signal ? { signal: t.signal } : {}),
    startedAt: toRFC3339(t.startedAt),
  };
}

/** A start failure about to be retried: the kubelet's reason cache turns it into RunContainerError. */
function runContainerError(c: ContainerRecord): boolean {
  return c.state === 'terminated' && c.term?.reason === 'StartError' && c.waitingMessage !== undefined;
}

function containerState(c: ContainerRecord, hasInit: boolean): Record<string, unknown> {
  if (runContainerError(c) && c.waitingMessage) return { waiting: { message: c.waitingMessage, reason: 'RunContainerError' } };
  if (c.state === 'terminated' && c.term) return { terminated: terminatedState(c.term) };
  if (PureMachine.within(c.state, 'running') && c.startedAt !== undefined) return { running: { startedAt: toRFC3339(c.startedAt) } };
  const reason = WAITING_REASONS[c.state] ?? (hasInit && c.kind === 'main' ? 'PodInitializing' : 'ContainerCreating');
  return { waiting: c.waitingMessage && WAITING_REASONS[c.state] ? { message: c.waitingMessage, reason } : { reason } };
}

export function containerStatus(c: ContainerRecord, hasInit: boolean, pod: KubeObject): Record<string, unknown> {
  const created = c.containerID !== undefined;
  const status: Record<string, unknown> = {
    ...(created ? { containerID: c.containerID } : {}),
    image: created && c.image ? c.image.ref.normalized : str(c.spec.image),
    imageID: created && c.image ? c.image.imageID : '',
    lastState: runContainerError(c) && c.term ? { terminated: terminatedState(c.term) } : c.last ? { terminated: terminatedState(c.last) } : {},
    name: c.name,
    ready: c.ready,
    restartCount: c.restartCount,
    started: c.started,
    state: containerState(c, hasInit),
  };
  return created ? { ...status, ...(c.statusExtras ??= extras(c, pod)) } : status;
}

/** What the runtime reports of a created container that does not change while it lives. */
function extras(c: ContainerRecord, pod: KubeObject): Record<string, unknown> {
  const mounts = volumeMounts(c.spec);
  return { ...resourcesOf(c.spec), user: { linux: userOf(c, pod) }, ...(mounts.length ? { volumeMounts: mounts } : {}) };
}

function resourcesOf(spec: Record<string, unknown>): Record<string, unknown> {
  const r = isObject(spec.resources) ? spec.resources : {};
  const out: Record<string, unknown> = {};
  if (isObject(r.limits) && Object.keys(r.limits).length) out.limits = r.limits;
  if (isObject(r.requests) && Object.keys(r.requests).length) out.requests = r.requests;
  return Object.keys(out).length ? { resources: out } : {};
}

function userOf(c: ContainerRecord, pod: KubeObject): Record<string, unknown> {
  const podSC = isObject(pod.spec) && isObject(pod.spec.securityContext) ? pod.spec.securityContext : {};
  const sc = isObject(c.spec.securityContext) ? c.spec.securityContext : {};
  const uid = typeof sc.runAsUser === 'number' ? sc.runAsUser : typeof podSC.runAsUser === 'number' ? podSC.runAsUser : 0;
  const gid = typeof sc.runAsGroup === 'number' ? sc.runAsGroup : typeof podSC.runAsGroup === 'number' ? podSC.runAsGroup : 0;
  const extra = asArray(podSC.supplementalGroups).filter((g): g is number => typeof g === 'number');
  const groups = uid === 0 ? (c.image?.groups ?? [0]) : [gid];
  return { gid, supplementalGroups: [...new Set([...groups, ...extra])].sort((a, b) => a - b), uid };
}

function volumeMounts(spec: Record<string, unknown>): Record<string, unknown>[] {
  return asArray(spec.volumeMounts)
    .filter(isObject)
    .map((m) => ({ mountPath: m.mountPath, name: m.name, ...(m.readOnly === true ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) }));
}

interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function readiness(containers: ContainerRecord[], phase: string, type: 'ContainersReady' | 'Initialized'): Cond {
  const names = containers.filter((c) => !c.ready).map((c) => c.name);
  if (phase === 'Succeeded') return type === 'Initialized' ? { type, status: 'True', reason: 'PodCompleted' } : { type, status: 'False', reason: 'PodCompleted' };
  if (names.length === 0) return { type, status: 'True' };
  const word = type === 'Initialized' ? 'incomplete' : 'unready';
  return { type, status: 'False', reason: type === 'Initialized' ? 'ContainersNotInitialized' : 'ContainersNotReady', message: `containers with ${word} status: [${names.join(' ')}]` };
}

function readyCondition(pod: KubeObject, containersReady: Cond, old: Record<string, unknown>[]): Cond {
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const gates = isObject(pod.spec) ? asArray(pod.spec.readinessGates).filter(isObject) : [];
  const msgs: string[] = [];
  for (const g of gates) {
    const c = old.find((x) => x.type === g.conditionType);
    const name = String(g.conditionType);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${name}" does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate "${name}" is not "True", but ${String(c.status)}`);
  }
  return msgs.length ? { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: msgs.join(', ') } : { type: 'Ready', status: 'True' };
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
  const old = isObject(pod.status) ? pod.status : {};
  const oldConds = asArray(old.conditions).filter(isObject);
  const generation = pod.metadata.generation ?? 1;
  const phase = podPhase(rec, terminal);
  const inits = rec.containers.filter((c) => c.kind !== 'main');
  const mains = rec.containers.filter((c) => c.kind === 'main');
  const containersReady = readiness(mains, phase, 'ContainersReady');
  const fresh: Cond[] = [
    { type: 'PodReadyToStartContainers', status: rec.sandboxReady ? 'True' : 'False' },
    readiness(inits, phase, 'Initialized'),
    readyCondition(pod, containersReady, oldConds),
    containersReady,
  ];
  const scheduled = oldConds.find((c) => c.type === 'PodScheduled');
  const conditions: Record<string, unknown>[] = oldConds.filter((c) => !KUBELET_CONDITIONS.has(String(c.type)));
  for (const c of fresh) conditions.push(stamp(rec, c, now, generation));
  conditions.push(scheduled ?? stamp(rec, { type: 'PodScheduled', status: 'True' }, now, generation));
  const hasInit = inits.length > 0;
  const status: Record<string, unknown> = {
    conditions,
    containerStatuses: mains.map((c) => containerStatus(c, hasInit, pod)),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(hasInit ? { initContainerStatuses: inits.map((c) => containerStatus(c, false, pod)) } : {}),
    observedGeneration: generation,
    phase,
    ...(rec.podIP ? { podIP: rec.podIP, podIPs: [{ ip: rec.podIP }] } : {}),
    qosClass: typeof old.qosClass === 'string' ? old.qosClass : podQOSClass(isObject(pod.spec) ? pod.spec : {}),
    ...(rec.startTime ? { startTime: rec.startTime } : {}),
  };
  for (const k of ['reason', 'message', 'nominatedNodeName', 'resize', 'resourceClaimStatuses']) if (old[k] !== undefined && status[k] === undefined) status[k] = old[k];
  return status;
}

/** The status manager keeps lastTransitionTime (and observedGeneration) while a condition's status holds. */
function stamp(rec: PodRecord, c: Cond, now: string, generation: number): Record<string, unknown> {
  let prior = rec.conditions[c.type];
  if (!prior || prior.status !== c.status) {
    prior = { status: c.status, time: now, generation };
    rec.conditions[c.type] = prior;
  }
  return {
    lastProbeTime: null,
    lastTransitionTime: prior.time,
    ...(c.message ? { message: c.message } : {}),
    observedGeneration: generation,
    ...(c.reason ? { reason: c.reason } : {}),
    status: c.status,
    type: c.type,
  };
}

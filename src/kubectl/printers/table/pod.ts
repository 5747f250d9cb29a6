// Pods: printPod. READY counts ready containers (sidecars included), STATUS is
// the most telling reason (Init:…, container waiting/terminated reasons,
// Terminating), RESTARTS adds "(Xm ago)" from the latest termination.
import { asArray, field, isObject, type KubeObject } from '../../../runtime/api/types';
import { parseRFC3339 } from '../../../runtime/clock';
import { humanDuration } from '../duration';
import { AGE, NAME, age, str } from './helpers';
import type { Cell, TablePrinter } from './types';

type Status = Record<string, unknown>;

interface Tally {
  reason: string;
  ready: number;
  restarts: number;
  lastRestart: number | undefined;
}

export const podPrinter: TablePrinter = {
  columns: [
    NAME,
    { name: 'Ready' },
    { name: 'Status' },
    { name: 'Restarts' },
    AGE,
    { name: 'IP', priority: 1 },
    { name: 'Node', priority: 1 },
    { name: 'Nominated Node', priority: 1 },
    { name: 'Readiness Gates', priority: 1 },
  ],
  row(pod, ctx) {
    const spec = isObject(pod.spec) ? pod.spec : {};
    const status = isObject(pod.status) ? pod.status : {};
    const t = tally(pod, spec, status);
    const restartable = asArray(spec.initContainers).filter(isRestartable).length;
    const total = asArray(spec.containers).length + restartable;
    const restarts = t.restarts !== 0 && t.lastRestart !== undefined ? `${t.restarts} (${humanDuration(ctx.now - t.lastRestart)} ago)` : String(t.restarts);
    return [str(pod.metadata.name), `${t.ready}/${total}`, t.reason, restarts, age(pod, ctx.now), ...wideCells(spec, status)];
  },
};

function tally(pod: KubeObject, spec: Record<string, unknown>, status: Status): Tally {
  let reason = str(status.reason) || str(status.phase);
  for (const c of asArray(status.conditions)) {
    if (field(c, 'type') === 'PodScheduled' && field(c, 'reason') === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const initSpecs = new Map(asArray(spec.initContainers).filter(isObject).map((c) => [str(c.name), c]));
  const t: Tally = { reason, ready: 0, restarts: 0, lastRestart: undefined };
  const sidecar: Tally = { reason, ready: 0, restarts: 0, lastRestart: undefined };
  const initializing = walkInitContainers(asArray(status.initContainerStatuses).filter(isObject), initSpecs, t, sidecar);
  if (!initializing || conditionTrue(status, 'Initialized')) walkContainers(status, t, sidecar);
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') t.reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') t.reason = 'Terminating';
  return t;
}

/** Returns true while initialization is unfinished (the reason is then Init:…). */
function walkInitContainers(statuses: Status[], specs: Map<string, unknown>, t: Tally, sidecar: Tally): boolean {
  const total = specs.size;
  for (let i = 0; i < statuses.length; i++) {
    const c = statuses[i];
    const restartable = isRestartable(specs.get(str(c.name)));
    t.restarts += count(c.restartCount);
    noteTermination(c, t);
    if (restartable) {
      sidecar.restarts += count(c.restartCount);
      noteTermination(c, sidecar);
    }
    const terminated = field(c, 'state', 'terminated');
    const waitingReason = str(field(c, 'state', 'waiting', 'reason'));
    if (isObject(terminated) && count(terminated.exitCode) === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready === true) t.ready++;
      continue;
    }
    if (isObject(terminated)) t.reason = `Init:${terminatedReason(terminated)}`;
    else if (waitingReason !== '' && waitingReason !== 'PodInitializing') t.reason = `Init:${waitingReason}`;
    else t.reason = `Init:${i}/${total}`;
    return true;
  }
  return false;
}

function walkContainers(status: Status, t: Tally, sidecar: Tally): void {
  t.restarts = sidecar.restarts;
  t.lastRestart = sidecar.lastRestart;
  let hasRunning = false;
  const statuses = asArray(status.containerStatuses).filter(isObject);
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    t.restarts += count(c.restartCount);
    noteTermination(c, t);
    const waiting = str(field(c, 'state', 'waiting', 'reason'));
    const terminated = field(c, 'state', 'terminated');
    if (waiting !== '') t.reason = waiting;
    else if (isObject(terminated)) t.reason = terminatedReason(terminated);
    else if (c.ready === true && isObject(field(c, 'state', 'running'))) {
      hasRunning = true;
      t.ready++;
    }
  }
  if (t.reason === 'Completed' && hasRunning) t.reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
}

/** The reason, or Signal:N / ExitCode:N when the runtime gave none. */
function terminatedReason(term: Record<string, unknown>): string {
  if (str(term.reason) !== '') return str(term.reason);
  return count(term.signal) !== 0 ? `Signal:${count(term.signal)}` : `ExitCode:${count(term.exitCode)}`;
}

function noteTermination(c: Status, t: Tally): void {
  const finished = parseRFC3339(str(field(c, 'lastState', 'terminated', 'finishedAt')));
  if (finished !== undefined && (t.lastRestart === undefined || finished > t.lastRestart)) t.lastRestart = finished;
}

function wideCells(spec: Record<string, unknown>, status: Status): Cell[] {
  const ip = str(field(asArray(status.podIPs)[0], 'ip')) || '<none>';
  const gates = asArray(spec.readinessGates);
  let readiness = '<none>';
  if (gates.length) {
    const conditions = asArray(status.conditions);
    const trueCount = gates.filter((g) => {
      const c = conditions.find((x) => field(x, 'type') === field(g, 'conditionType'));
      return field(c, 'status') === 'True';
    }).length;
    readiness = `${trueCount}/${gates.length}`;
  }
  return [ip, str(spec.nodeName) || '<none>', str(status.nominatedNodeName) || '<none>', readiness];
}

function isRestartable(c: unknown): boolean {
  return field(c, 'restartPolicy') === 'Always';
}

function conditionTrue(status: Status, type: string): boolean {
  return asArray(status.conditions).some((c) => field(c, 'type') === type && field(c, 'status') === 'True');
}

function count(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

// `kubectl drain` (k8s.io/kubectl pkg/drain and pkg/cmd/drain) as an
// incremental run over the simulated clock: cordon the node, sort its pods
// through the drain filters, evict them all at once (retrying every 5 s while
// a PodDisruptionBudget says no), wait for each to disappear, and print the
// lines kubectl prints as they happen — vSphere's "enter maintenance mode".
import type { ApiServer } from '../runtime/api/apiserver';
import { isStatusError } from '../runtime/api/errors';
import { parseLabelSelector, matchesLabels } from '../runtime/api/selectors';
import { asArray, isObject, type KubeObject } from '../runtime/api/types';
import { parseRFC3339, type Clock } from '../runtime/clock';

export interface DrainOptions {
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
  force?: boolean;
  /** Seconds each pod gets to terminate; negative (the default) uses the pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
  /** Give up after this long; 0 (the default) waits forever. */
  timeoutSeconds?: number;
  podSelector?: string;
  /** --disable-eviction: delete instead of evict, bypassing PodDisruptionBudgets. */
  disableEviction?: boolean;
  skipWaitForDeleteTimeoutSeconds?: number;
}

export interface DrainLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface DrainRun {
  /** Every line so far, in order; grows as the clock advances. */
  readonly lines: readonly DrainLine[];
  readonly done: boolean;
  /** 0 on success, 1 on failure; undefined while running. */
  readonly exitCode: number | undefined;
  /** Called for each new line; returns an unsubscribe function. */
  onLine(fn: (line: DrainLine) => void): () => void;
  /** Stop waiting (Ctrl-C): pending retries and polls are dropped. */
  cancel(): void;
}

/** kubectl's EvictErrorRetryDelay and waitForDelete's poll interval. */
export const EVICT_RETRY_MS = 5_000;
export const DELETE_POLL_MS = 1_000;

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

class Run implements DrainRun {
  readonly lines: DrainLine[] = [];
  done = false;
  exitCode: number | undefined;
  cancelled = false;
  private listeners = new Set<(line: DrainLine) => void>();
  readonly timers = new Set<number>();

  constructor(private readonly clock: Clock) {}

  out(text: string): void {
    this.emit({ stream: 'stdout', text });
  }

  err(text: string): void {
    this.emit({ stream: 'stderr', text });
  }

  private emit(line: DrainLine): void {
    if (this.cancelled) return;
    this.lines.push(line);
    for (const fn of this.listeners) fn(line);
  }

  finish(code: number): void {
    this.done = true;
    this.exitCode = code;
  }

  onLine(fn: (line: DrainLine) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  after(ms: number, fn: () => void): void {
    if (this.cancelled) return;
    const id = this.clock.setTimer(ms, () => {
      this.timers.delete(id);
      if (!this.cancelled) fn();
    });
    this.timers.add(id);
  }

  cancel(): void {
    if (this.done) return;
    this.cancelled = true;
    for (const id of this.timers) this.clock.cancelTimer(id);
    this.finish(130);
  }
}

export function drainNode(api: ApiServer, clock: Clock, nodeName: string, opts: DrainOptions = {}): DrainRun {
  const run = new Run(clock);
  const node = api.tryGet('nodes', nodeName);
  if (!node) {
    run.err(`Error from server (NotFound): nodes "${nodeName}" not found`);
    run.finish(1);
    return run;
  }
  cordon(api, node, run);
  const list = podsForDeletion(api, clock, nodeName, opts);
  if (list.errors.length) {
    failNode(run, nodeName, list.errors);
    return run;
  }
  if (list.warnings) run.err(`Warning: ${list.warnings}`);
  const finished = (errors: string[]): void => {
    if (errors.length === 0) {
      run.out(`node/${nodeName} drained`);
      run.finish(0);
      return;
    }
    const pending = podsForDeletion(api, clock, nodeName, opts);
    if (pending.pods.length) {
      run.err(`There are pending pods in node "${nodeName}" when an error occurred: ${aggregate(errors)}`);
      for (const p of pending.pods) run.err(`pod/${p.metadata.name ?? ''}`);
    }
    if (pending.errors.length) run.err(`Following errors occurred while getting the list of pods to delete:\n${aggregate(pending.errors)}`);
    failNode(run, nodeName, errors);
  };
  if (opts.disableEviction) deletePods(api, clock, run, list.pods, opts, finished);
  else evictPods(api, clock, run, list.pods, opts, finished);
  return run;
}

/** RunCordonOrUncordon: set spec.unschedulable, or say it already is. */
function cordon(api: ApiServer, node: KubeObject, run: Run): void {
  const name = node.metadata.name ?? '';
  if (isObject(node.spec) && node.spec.unschedulable === true) {
    run.out(`node/${name} already cordoned`);
    return;
  }
  api.patch('nodes', name, { spec: { unschedulable: true } });
  run.out(`node/${name} cordoned`);
}

/** The aggregated drain error, then kubectl's summary; the last lines are cmdutil.CheckErr printing the aggregate. */
function failNode(run: Run, nodeName: string, errors: string[]): void {
  run.err(`error: unable to drain node "${nodeName}" due to error: ${aggregate(errors)}, continuing command...`);
  run.err('There are pending nodes to be drained:');
  run.err(` ${nodeName}`);
  for (const e of errors) run.err(e);
  run.finish(1);
}

/** utilerrors.Aggregate.Error(): one message alone, several de-duplicated in brackets. */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

// ---- GetPodsForDeletion and its filters ----------------------------------------------

interface PodDeleteStatus {
  delete: boolean;
  reason: 'Okay' | 'Skip' | 'Warning' | 'Error';
  message?: string;
}

const okay: PodDeleteStatus = { delete: true, reason: 'Okay' };

interface PodDeleteList {
  pods: KubeObject[];
  warnings: string;
  errors: string[];
}

function podsForDeletion(api: ApiServer, clock: Clock, nodeName: string, opts: DrainOptions): PodDeleteList {
  const selector = parseLabelSelector(opts.podSelector ?? '');
  const pods = api
    .podsOnNode(nodeName)
    .filter((p) => matchesLabels(selector, p.metadata.labels))
    .sort((a, b) => key(a).localeCompare(key(b)));
  const filters = [skipDeleted(clock, opts), daemonSetFilter(api, opts), mirrorPodFilter, localStorageFilter(opts), unreplicatedFilter(opts)];
  const warnings = new Map<string, string[]>();
  const errors = new Map<string, string[]>();
  const out: KubeObject[] = [];
  for (const pod of pods) {
    let status = okay;
    for (const f of filters) {
      status = f(pod);
      if (!status.delete) break;
    }
    if (status.delete) out.push(pod);
    const bucket = status.reason === 'Warning' ? warnings : status.reason === 'Error' ? errors : undefined;
    if (bucket) {
      const msg = status.message || 'unexpected error';
      bucket.set(msg, [...(bucket.get(msg) ?? []), key(pod)]);
    }
  }
  return {
    pods: out,
    warnings: [...warnings].map(([m, ps]) => `${m}: ${ps.join(', ')}`).join('; '),
    errors: [...errors].map(([m, ps]) => (m.toLowerCase().startsWith('cannot delete') ? `${m}: ${ps.join(', ')}` : `cannot delete ${m}: ${ps.join(', ')}`)),
  };
}

function key(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

function isTerminal(pod: KubeObject): boolean {
  const phase = isObject(pod.status) ? pod.status.phase : undefined;
  return phase === 'Succeeded' || phase === 'Failed';
}

function controllerOf(pod: KubeObject): { kind: string; name: string } | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.controller === true);
}

function skipDeleted(clock: Clock, opts: DrainOptions): (pod: KubeObject) => PodDeleteStatus {
  return (pod) => (shouldSkipPod(clock, pod, opts.skipWaitForDeleteTimeoutSeconds ?? 0) ? { delete: false, reason: 'Skip' } : okay);
}

function shouldSkipPod(clock: Clock, pod: KubeObject, seconds: number): boolean {
  const dts = pod.metadata.deletionTimestamp;
  if (seconds <= 0 || !dts) return false;
  return Math.floor((clock.now() - (parseRFC3339(dts) ?? clock.now())) / 1000) > seconds;
}

/** DaemonSet pods would be recreated on the node at once, so drain refuses them unless told to ignore them. */
function daemonSetFilter(api: ApiServer, opts: DrainOptions): (pod: KubeObject) => PodDeleteStatus {
  return (pod) => {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'DaemonSet' || isTerminal(pod)) return okay;
    if (!api.tryGet('daemonsets.apps', ref.name, pod.metadata.namespace)) {
      const message = `daemonsets.apps "${ref.name}" not found`;
      return opts.force ? { delete: true, reason: 'Warning', message } : { delete: false, reason: 'Error', message };
    }
    if (!opts.ignoreDaemonsets) return { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
    return { delete: false, reason: 'Warning', message: DAEMONSET_WARNING };
  };
}

function mirrorPodFilter(pod: KubeObject): PodDeleteStatus {
  return pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined ? { delete: false, reason: 'Skip' } : okay;
}

function localStorageFilter(opts: DrainOptions): (pod: KubeObject) => PodDeleteStatus {
  return (pod) => {
    const volumes = isObject(pod.spec) ? asArray(pod.spec.volumes) : [];
    if (!volumes.some((v) => isObject(v) && v.emptyDir !== undefined && v.emptyDir !== null) || isTerminal(pod)) return okay;
    if (!opts.deleteEmptydirData) return { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
    return { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING };
  };
}

function unreplicatedFilter(opts: DrainOptions): (pod: KubeObject) => PodDeleteStatus {
  return (pod) => {
    if (isTerminal(pod) || controllerOf(pod)) return okay;
    if (opts.force) return { delete: true, reason: 'Warning', message: UNMANAGED_WARNING };
    return { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
  };
}

// ---- evicting and waiting --------------------------------------------------------------

/** evictPods: one loop per pod, all at once, each retrying while the budget refuses. */
function evictPods(api: ApiServer, clock: Clock, run: Run, pods: KubeObject[], opts: DrainOptions, done: (errors: string[]) => void): void {
  if (pods.length === 0) {
    done([]);
    return;
  }
  const deadline = deadlineOf(clock, opts);
  const errors: string[] = [];
  let remaining = pods.length;
  const finish = (err?: string): void => {
    if (err) errors.push(err);
    if (--remaining === 0) done(errors);
  };
  const attempt = (pod: KubeObject): void => {
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    run.out(`evicting pod ${ns}/${name}`);
    if (clock.now() >= deadline) {
      finish(`error when evicting pods/"${name}" -n "${ns}": global timeout reached: ${goDuration((opts.timeoutSeconds ?? 0) * 1000)}`);
      return;
    }
    try {
      api.evict(ns, name, opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds >= 0 ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {});
    } catch (e) {
      if (isStatusError(e) && e.reason === 'NotFound') finish();
      else if (isStatusError(e) && e.reason === 'TooManyRequests') {
        run.err(`error when evicting pods/"${name}" -n "${ns}" (will retry after ${goDuration(EVICT_RETRY_MS)}): ${e.message}`);
        run.after(EVICT_RETRY_MS, () => attempt(api.tryGet('pods', name, ns) ?? pod));
      } else finish(`error when evicting pods/"${name}" -n "${ns}": ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    waitForDelete(api, clock, run, pod, deadline, () => {
      run.out(`pod/${name} evicted`);
      finish();
    }, () => finish(`error when waiting for pod "${name}" in namespace "${ns}" to terminate: context deadline exceeded`));
  };
  for (const pod of pods) attempt(pod);
}

/** deletePods (--disable-eviction): plain deletes, then one wait for them all. */
function deletePods(api: ApiServer, clock: Clock, run: Run, pods: KubeObject[], opts: DrainOptions, done: (errors: string[]) => void): void {
  for (const pod of pods) {
    try {
      api.delete('pods', pod.metadata.name ?? '', {
        namespace: pod.metadata.namespace,
        gracePeriodSeconds: opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds >= 0 ? opts.gracePeriodSeconds : undefined,
      });
    } catch (e) {
      if (!(isStatusError(e) && e.reason === 'NotFound')) {
        done([e instanceof Error ? e.message : String(e)]);
        return;
      }
    }
  }
  if (pods.length === 0) {
    done([]);
    return;
  }
  const deadline = deadlineOf(clock, opts);
  let remaining = pods.length;
  let failed = false;
  for (const pod of pods) {
    waitForDelete(api, clock, run, pod, deadline, () => {
      run.out(`pod/${pod.metadata.name ?? ''} deleted`);
      if (--remaining === 0 && !failed) done([]);
    }, () => {
      if (!failed) done(['context deadline exceeded']);
      failed = true;
    });
  }
}

/** Poll every second (the first poll at once) until the pod is gone or replaced by a new one of the same name. */
function waitForDelete(api: ApiServer, clock: Clock, run: Run, pod: KubeObject, deadline: number, gone: () => void, timedOut: () => void): void {
  const poll = (): void => {
    const current = api.tryGet('pods', pod.metadata.name ?? '', pod.metadata.namespace);
    if (!current || current.metadata.uid !== pod.metadata.uid) {
      gone();
      return;
    }
    if (clock.now() >= deadline) {
      timedOut();
      return;
    }
    run.after(Math.min(DELETE_POLL_MS, deadline - clock.now()), poll);
  };
  poll();
}

function deadlineOf(clock: Clock, opts: DrainOptions): number {
  const t = opts.timeoutSeconds ?? 0;
  return t > 0 ? clock.now() + t * 1000 : Infinity;
}

/** Go's time.Duration String(): 5s, 1m0s, 1h30m0s, 500ms. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const secs = `${Number.isInteger(s) ? s : Number(s.toFixed(3))}s`;
  if (h > 0) return `${h}h${m}m${secs}`;
  if (m > 0) return `${m}m${secs}`;
  return secs;
}

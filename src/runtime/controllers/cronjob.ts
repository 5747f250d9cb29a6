// The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go):
// at each scheduled time it creates a Job named `<cronjob>-<minutes since the
// epoch>`, honouring concurrencyPolicy, startingDeadlineSeconds and suspend,
// tracks the Jobs it started in status.active, and keeps only the newest
// successful / failed Jobs. It sleeps until the next schedule (plus 100 ms, as
// upstream) instead of polling.
import { isStatusError } from '../api/errors';
import { deepEqual } from '../api/patch';
import { asArray, isObject, type KubeObject } from '../api/types';
import { parseRFC3339, toRFC3339, type TimerId } from '../clock';
import { EventRecorder } from '../events/recorder';
import { Controller, splitKey } from './controller';
import { isKnownZone, parseSchedule, zoneOffset, type Schedule } from './cron';
import { controllerRef, newControllerRef } from './podutil';

type Obj = Record<string, unknown>;

export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
const NEXT_SCHEDULE_DELTA_MS = 100;

const spec = (o: KubeObject): Obj => (isObject(o.spec) ? o.spec : {});
const status = (o: KubeObject): Obj => (isObject(o.status) ? o.status : {});

function finishedType(job: KubeObject): string | undefined {
  const c = asArray(status(job).conditions).find((x) => isObject(x) && (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return isObject(c) ? String(c.type) : undefined;
}

export class CronJobController extends Controller {
  readonly name = 'cronjob-controller';
  private readonly recorder = new EventRecorder(this.api, { component: 'cronjob-controller' });
  private readonly timers = new Map<string, TimerId>();

  start(): this {
    this.watch('cronjobs');
    this.watch('jobs', (o) => {
      const ref = controllerRef(o);
      return ref?.kind === 'CronJob' ? `${o.metadata.namespace ?? 'default'}/${ref.name}` : undefined;
    });
    return this;
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const old = this.timers.get(key);
    if (old !== undefined) this.clock.cancelTimer(old);
    this.timers.delete(key);
    const cj = this.api.tryGet('cronjobs', name, namespace);
    if (!cj) return;
    const jobs = this.api.ownedBy('jobs', cj.metadata.uid ?? '');
    const st: Obj = { ...status(cj) };
    const requeue = this.syncCronJob(cj, st, jobs);
    this.cleanupFinishedJobs(cj, st, jobs);
    const next: Obj = {};
    const active = asArray(st.active);
    if (active.length) next.active = active;
    if (st.lastScheduleTime) next.lastScheduleTime = st.lastScheduleTime;
    if (st.lastSuccessfulTime) next.lastSuccessfulTime = st.lastSuccessfulTime;
    if (!deepEqual(next, status(cj))) this.api.updateStatus({ ...cj, status: next }, { trusted: true });
    if (requeue !== undefined) this.timers.set(key, this.clock.setTimer(Math.max(0, requeue), () => this.enqueue(key), true));
  }

  /** Returns how long to sleep until the next scheduled time, if there is one. */
  private syncCronJob(cj: KubeObject, st: Obj, jobs: KubeObject[]): number | undefined {
    const now = this.clock.now();
    const children = new Set(jobs.map((j) => j.metadata.uid));
    for (const j of jobs) this.observeJob(cj, st, j);
    for (const ref of asArray(st.active).filter(isObject)) {
      if (children.has(String(ref.uid))) continue;
      this.recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${String(ref.name)}`);
      st.active = asArray(st.active).filter((r) => !(isObject(r) && r.uid === ref.uid));
    }
    if (cj.metadata.deletionTimestamp) return undefined;
    const zone = typeof spec(cj).timeZone === 'string' ? (spec(cj).timeZone as string) : undefined;
    if (zone !== undefined && !isKnownZone(zone)) {
      this.recorder.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(zone)}: unknown time zone ${zone}`);
      return undefined;
    }
    if (spec(cj).suspend === true) return undefined;
    const sched = parseSchedule(String(spec(cj).schedule), zone);
    const scheduled = this.mostRecent(cj, st, sched, now, true);
    const wait = this.nextDelay(cj, st, sched, now);
    if (scheduled === undefined) return wait;
    const deadline = spec(cj).startingDeadlineSeconds;
    if (typeof deadline === 'number' && scheduled + deadline * 1000 < now) {
      this.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return wait;
    }
    const jobName = `${cj.metadata.name ?? ''}-${Math.floor(scheduled / 60_000)}`;
    if (asArray(st.active).some((r) => isObject(r) && r.name === jobName) || st.lastScheduleTime === toRFC3339(scheduled)) return wait;
    const policy = spec(cj).concurrencyPolicy;
    if (policy === 'Forbid' && asArray(st.active).length > 0) {
      this.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return wait;
    }
    if (policy === 'Replace') {
      for (const ref of asArray(st.active).filter(isObject)) {
        const job = this.api.tryGet('jobs', String(ref.name), cj.metadata.namespace);
        if (job) this.deleteJob(cj, st, job);
      }
    }
    const created = this.createJob(cj, jobName, scheduled, zone);
    if (!created) return wait;
    st.active = [...asArray(st.active), jobRef(created)];
    st.lastScheduleTime = toRFC3339(scheduled);
    return this.nextDelay(cj, st, sched, now);
  }

  private observeJob(cj: KubeObject, st: Obj, j: KubeObject): void {
    const found = asArray(st.active).some((r) => isObject(r) && r.uid === j.metadata.uid);
    const finished = finishedType(j);
    if (!found && !finished) {
      this.recorder.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name ?? ''}`);
    } else if (found && finished) {
      st.active = asArray(st.active).filter((r) => !(isObject(r) && r.uid === j.metadata.uid));
      this.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name ?? ''}, condition: ${finished}`);
    }
    const completion = status(j).completionTime;
    if (finished === 'Complete' && typeof completion === 'string') {
      const last = typeof st.lastSuccessfulTime === 'string' ? parseRFC3339(st.lastSuccessfulTime) : undefined;
      const at = parseRFC3339(completion);
      if (last === undefined || (at !== undefined && at > last)) st.lastSuccessfulTime = completion;
    }
  }

  /** mostRecentScheduleTime: the latest missed time since the last run (or creation), bounded by startingDeadlineSeconds. */
  private mostRecent(cj: KubeObject, st: Obj, sched: Schedule, now: number, withDeadline: boolean): number | undefined {
    let earliest = lastRun(cj, st) ?? now;
    const deadline = spec(cj).startingDeadlineSeconds;
    if (withDeadline && typeof deadline === 'number') earliest = Math.max(earliest, now - deadline * 1000);
    let recent: number | undefined;
    let missed = 0;
    for (let t = sched.next(earliest); t <= now; t = sched.next(t)) {
      recent = t;
      missed++;
    }
    if (withDeadline && missed > 100) {
      this.recorder.event(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    }
    return recent;
  }

  private nextDelay(cj: KubeObject, st: Obj, sched: Schedule, now: number): number {
    const base = this.mostRecent(cj, st, sched, now, false) ?? lastRun(cj, st) ?? now;
    return sched.next(base) + NEXT_SCHEDULE_DELTA_MS - now;
  }

  /** getJobFromTemplate2: the template's labels, annotations and spec, plus the scheduled time. */
  private createJob(cj: KubeObject, name: string, scheduled: number, zone: string | undefined): KubeObject | undefined {
    const template = isObject(spec(cj).jobTemplate) ? (spec(cj).jobTemplate as Obj) : {};
    const meta = isObject(template.metadata) ? template.metadata : {};
    const offset = zoneOffset(zone)(scheduled);
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        ...(isObject(meta.labels) ? { labels: { ...(meta.labels as Record<string, string>) } } : {}),
        annotations: { ...(isObject(meta.annotations) ? (meta.annotations as Record<string, string>) : {}), [SCHEDULED_TIMESTAMP]: rfc3339InZone(scheduled, offset) },
        ownerReferences: [newControllerRef(cj)],
      },
      spec: isObject(template.spec) ? template.spec : {},
    };
    try {
      const created = this.api.create(job, { trusted: true });
      this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      return created;
    } catch (e) {
      if (isStatusError(e) && e.reason === 'AlreadyExists') {
        const existing = this.api.tryGet('jobs', name, cj.metadata.namespace);
        return existing && controllerRef(existing)?.uid === cj.metadata.uid && !asArray(status(cj).active).some((r) => isObject(r) && r.uid === existing.metadata.uid) ? existing : undefined;
      }
      this.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }

  private deleteJob(cj: KubeObject, st: Obj, job: KubeObject): void {
    try {
      this.api.delete('jobs', job.metadata.name ?? '', { namespace: job.metadata.namespace, propagationPolicy: 'Background' });
    } catch (e) {
      this.recorder.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    st.active = asArray(st.active).filter((r) => !(isObject(r) && r.uid === job.metadata.uid));
    this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name ?? ''}`);
  }

  /** cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs. */
  private cleanupFinishedJobs(cj: KubeObject, st: Obj, jobs: KubeObject[]): void {
    for (const [type, limitKey] of [['Complete', 'successfulJobsHistoryLimit'], ['Failed', 'failedJobsHistoryLimit']] as const) {
      const limit = spec(cj)[limitKey];
      if (typeof limit !== 'number') continue;
      const done = jobs.filter((j) => finishedType(j) === type && !j.metadata.deletionTimestamp).sort(byStartTime);
      for (const job of done.slice(0, Math.max(0, done.length - limit))) this.deleteJob(cj, st, job);
    }
  }
}

/** When the CronJob last ran, or was created: where the search for missed times starts. */
function lastRun(cj: KubeObject, st: Obj): number | undefined {
  const t = typeof st.lastScheduleTime === 'string' ? st.lastScheduleTime : cj.metadata.creationTimestamp;
  return t === undefined ? undefined : parseRFC3339(t);
}

function byStartTime(a: KubeObject, b: KubeObject): number {
  const sa = status(a).startTime;
  const sb = status(b).startTime;
  if (typeof sa !== 'string' || typeof sb !== 'string') return typeof sa === 'string' ? -1 : typeof sb === 'string' ? 1 : 0;
  return sa.localeCompare(sb) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

function jobRef(job: KubeObject): Obj {
  return {
    kind: 'Job',
    namespace: job.metadata.namespace,
    name: job.metadata.name,
    uid: job.metadata.uid,
    apiVersion: 'batch/v1',
    resourceVersion: job.metadata.resourceVersion,
  };
}

/** time.RFC3339 in the CronJob's zone: `2026-01-01T09:00:00+09:00`, or `Z` for UTC. */
function rfc3339InZone(ms: number, offsetMs: number): string {
  if (offsetMs === 0) return toRFC3339(ms);
  const local = toRFC3339(ms + offsetMs).slice(0, -1);
  const sign = offsetMs < 0 ? '-' : '+';
  const mins = Math.abs(offsetMs) / 60_000;
  return `${local}${sign}${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}

/** time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
function rfc1123z(ms: number): string {
  const iso = toRFC3339(ms);
  const days = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const weekday = days[((Math.floor(ms / 86_400_000) % 7) + 7) % 7];
  return `${weekday}, ${iso.slice(8, 10)} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)} ${iso.slice(11, 19)} +0000`;
}

import { describe, expect, it } from 'vitest';
import { isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { toRFC3339 } from '../../../../src/runtime/clock';
import { parseSchedule } from '../../../../src/runtime/controllers/cron';
import { CronJobController } from '../../../../src/runtime/controllers/cronjob';
import { kit, type Kit } from './workloadkit';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

function cronjob(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default' },
    spec: {
      schedule: '0 * * * *',
      jobTemplate: { metadata: { labels: { app: 'hello' } }, spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
  };
}

function setup(): Kit {
  return kit((api, clock) => [new CronJobController(api, clock).start()], undefined, T0 + 10 * MIN);
}

const jobs = (k: Kit): string[] => k.api.list('jobs').items.filter((j) => !j.metadata.deletionTimestamp).map((j) => j.metadata.name ?? '');
const cjStatus = (k: Kit): Record<string, unknown> => {
  const s = k.api.get('cronjobs', 'hello').status;
  return isObject(s) ? s : {};
};

/** Play the Job controller: mark a Job finished. */
function finish(k: Kit, name: string, type: 'Complete' | 'Failed'): void {
  const job = k.api.get('jobs', name);
  const now = k.clock.nowRFC3339();
  const cond = { type, status: 'True', lastProbeTime: now, lastTransitionTime: now };
  k.api.updateStatus({ ...job, status: { startTime: job.metadata.creationTimestamp, conditions: [cond], ...(type === 'Complete' ? { completionTime: now } : {}) } });
  k.settle();
}

describe('cron schedules', () => {
  const next = (spec: string, from: string, tz?: string): string => toRFC3339(parseSchedule(spec, tz).next(Date.parse(from)));
  it('follow robfig/cron semantics', () => {
    expect(next('*/15 * * * *', '2026-01-01T00:07:00Z')).toBe('2026-01-01T00:15:00Z');
    expect(next('0 9-17/4 * * mon-fri', '2026-01-02T17:30:00Z')).toBe('2026-01-05T09:00:00Z');
    expect(next('@daily', '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00Z');
    expect(next('0 0 13 * 5', '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00Z');
    expect(next('0 0 29 2 *', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00Z');
    expect(next('30 2 * * *', '2026-01-01T00:00:00Z', 'Asia/Tokyo')).toBe('2026-01-01T17:30:00Z');
  });
});

describe('CronJob controller', () => {
  it('creates a Job at each scheduled time over simulated hours and records the schedule', () => {
    const k = setup();
    k.api.create(cronjob({}));
    k.settle();
    expect(jobs(k)).toEqual([]);
    k.advance(50 * MIN + 1000);
    const first = `hello-${(T0 + HOUR) / MIN}`;
    expect(jobs(k)).toEqual([first]);
    const job = k.api.get('jobs', first);
    expect(job.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T01:00:00Z' });
    expect(job.metadata.labels).toMatchObject({ app: 'hello' });
    expect(job.metadata.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', controller: true })]);
    expect(cjStatus(k)).toEqual({
      active: [{ kind: 'Job', namespace: 'default', name: first, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion }],
      lastScheduleTime: '2026-01-01T01:00:00Z',
    });
    finish(k, first, 'Complete');
    expect(cjStatus(k)).toEqual({ lastScheduleTime: '2026-01-01T01:00:00Z', lastSuccessfulTime: k.clock.nowRFC3339() });
    expect(k.events()).toEqual([`SuccessfulCreate Created job ${first}`, `SawCompletedJob Saw completed job: ${first}, condition: Complete`]);
    k.advance(3 * HOUR);
    expect(jobs(k)).toHaveLength(4);
  });

  it('keeps 3 successful and 1 failed Job by default', () => {
    const k = setup();
    k.api.create(cronjob({}));
    const done: string[] = [];
    const deleted: string[] = [];
    for (let h = 1; h <= 6; h++) {
      k.advance(HOUR);
      const name = `hello-${(T0 + h * HOUR) / MIN}`;
      finish(k, name, h === 2 || h === 3 ? 'Failed' : 'Complete');
      done.push(name);
      // Events live for an hour (--event-ttl), so collect each step's deletions now.
      deleted.push(...k.events('SuccessfulDelete').filter((e) => !deleted.includes(e)));
      if (h === 5) expect(jobs(k)).toEqual([done[2], done[0], done[3], done[4]].sort());
    }
    expect(deleted).toEqual([`SuccessfulDelete Deleted job ${done[1]}`, `SuccessfulDelete Deleted job ${done[0]}`]);
    expect(jobs(k)).toEqual([done[2], done[3], done[4], done[5]].sort());
  });

  it('Forbid skips a run while the previous Job is active; Replace deletes it', () => {
    const k = setup();
    k.api.create(cronjob({ concurrencyPolicy: 'Forbid' }));
    k.advance(HOUR);
    k.advance(HOUR);
    expect(jobs(k)).toHaveLength(1);
    expect(k.events('JobAlreadyActive')).toEqual(['JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid']);
    // The 02:00 run was skipped, not lost: once the policy allows it, it starts late (no startingDeadlineSeconds).
    k.api.patch('cronjobs', 'hello', { spec: { concurrencyPolicy: 'Replace' } });
    k.settle();
    expect(jobs(k)).toEqual([`hello-${(T0 + 2 * HOUR) / MIN}`]);
    expect(k.events('SuccessfulDelete')).toEqual([`SuccessfulDelete Deleted job hello-${(T0 + HOUR) / MIN}`]);
    k.advance(50 * MIN + 1000);
    const third = `hello-${(T0 + 3 * HOUR) / MIN}`;
    expect(jobs(k)).toEqual([third]);
    expect(k.events('SuccessfulDelete')).toEqual([
      `SuccessfulDelete Deleted job hello-${(T0 + HOUR) / MIN}`,
      `SuccessfulDelete Deleted job hello-${(T0 + 2 * HOUR) / MIN}`,
    ]);
    expect((cjStatus(k).active as { name: string }[]).map((r) => r.name)).toEqual([third]);
  });

  it('Allow runs Jobs side by side; suspend stops new runs', () => {
    const k = setup();
    k.api.create(cronjob({}));
    k.advance(2 * HOUR);
    expect(jobs(k)).toHaveLength(2);
    k.api.patch('cronjobs', 'hello', { spec: { suspend: true } });
    k.settle();
    k.advance(3 * HOUR);
    expect(jobs(k)).toHaveLength(2);
  });

  it('misses a run that is later than startingDeadlineSeconds', () => {
    const k = setup();
    k.api.create(cronjob({ startingDeadlineSeconds: 30, suspend: true }));
    k.advance(HOUR);
    k.api.patch('cronjobs', 'hello', { spec: { suspend: false } });
    k.settle();
    expect(jobs(k)).toEqual([]);
    k.advance(HOUR);
    expect(jobs(k)).toHaveLength(1);
  });
});

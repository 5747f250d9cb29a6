import { describe, expect, it } from 'vitest';
import { isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { toRFC3339 } from '../../../../src/runtime/clock';
import { JobController } from '../../../../src/runtime/controllers/job/job';
import { TTLAfterFinishedController } from '../../../../src/runtime/controllers/ttlafterfinished';
import { kit, type Kit } from './workloadkit';

function job(spec: Record<string, unknown>, name = 'pi'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl:5.34' }] } }, ...spec },
  };
}

function setup(): Kit {
  return kit((api, clock) => [new JobController(api, clock).start()]);
}

const status = (k: Kit, name = 'pi'): Record<string, unknown> => {
  const s = k.api.get('jobs', name).status;
  return isObject(s) ? s : {};
};
const active = (k: Kit): KubeObject[] => k.pods().filter((p) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(String((p.status as Record<string, unknown>).phase)));
const condTypes = (k: Kit, name = 'pi'): string[] => ((status(k, name).conditions ?? []) as { type: string }[]).map((c) => c.type);

describe('Job controller', () => {
  it('runs completions with at most parallelism pods at once, then completes', () => {
    const k = setup();
    const created = k.api.create(job({ completions: 3, parallelism: 2 }));
    k.settle();
    const start = k.clock.nowRFC3339();
    expect(active(k)).toHaveLength(2);
    const pod = active(k)[0];
    expect(pod.metadata.generateName).toBe('pi-');
    expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(pod.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi', 'batch.kubernetes.io/controller-uid': created.metadata.uid });
    expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Job', name: 'pi', controller: true, blockOwnerDeletion: true })]);
    expect(status(k)).toEqual({ startTime: start, active: 2, terminating: 0, uncountedTerminatedPods: {}, ready: 0 });

    k.advance(5000);
    k.finish(pod, 'Succeeded');
    expect(k.pod(pod.metadata.name ?? '').metadata.finalizers).toBeUndefined();
    expect(active(k)).toHaveLength(2);
    expect(status(k)).toMatchObject({ active: 2, succeeded: 1 });
    for (const p of active(k)) k.finish(p, 'Succeeded');
    expect(active(k)).toHaveLength(0);
    const now = k.clock.nowRFC3339();
    const met = { status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
    expect(status(k)).toEqual({
      conditions: [{ type: 'SuccessCriteriaMet', ...met }, { type: 'Complete', ...met }],
      startTime: start,
      completionTime: now,
      succeeded: 3,
      terminating: 0,
      uncountedTerminatedPods: {},
      ready: 0,
    });
    const names = k.pods().map((p) => p.metadata.name ?? '');
    const events = k.events();
    expect(events.slice(0, 3).sort()).toEqual(names.map((n) => `SuccessfulCreate Created pod: ${n}`).sort());
    expect(events.slice(3)).toEqual(['Completed Job completed']);
  });

  it('backs off 10 s, then 20 s, before replacing failed pods and fails at the backoffLimit', () => {
    const k = setup();
    k.api.create(job({ backoffLimit: 2 }));
    k.settle();
    k.finish(active(k)[0], 'Failed');
    expect(active(k)).toHaveLength(0);
    expect(status(k)).toMatchObject({ failed: 1 });
    k.advance(9000);
    expect(active(k)).toHaveLength(0);
    k.advance(1000);
    expect(active(k)).toHaveLength(1);
    k.finish(active(k)[0], 'Failed');
    k.advance(19000);
    expect(active(k)).toHaveLength(0);
    k.advance(1000);
    expect(active(k)).toHaveLength(1);
    k.finish(active(k)[0], 'Failed');
    const now = k.clock.nowRFC3339();
    const exceeded = { status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    expect(status(k).conditions).toEqual([{ type: 'FailureTarget', ...exceeded }, { type: 'Failed', ...exceeded }]);
    expect(status(k)).toMatchObject({ failed: 3 });
    expect(status(k).completionTime).toBeUndefined();
    expect(k.events('BackoffLimitExceeded')).toEqual(['BackoffLimitExceeded Job has reached the specified backoff limit']);
    k.advance(600_000);
    expect(k.pods()).toHaveLength(3);
  });

  it('fails a Job active longer than activeDeadlineSeconds, once its pods are gone', () => {
    const k = setup();
    k.api.create(job({ activeDeadlineSeconds: 30, parallelism: 2, completions: 4 }));
    k.settle();
    for (const p of active(k)) {
      k.bind(p, 'worker-1');
      k.run(p);
    }
    expect(status(k)).toMatchObject({ active: 2, ready: 2 });
    k.advance(29_000);
    expect(condTypes(k)).toEqual([]);
    k.advance(1000);
    expect(condTypes(k)).toEqual(['FailureTarget']);
    expect(status(k)).toMatchObject({ terminating: 2, failed: 2, ready: 0 });
    expect(k.events('SuccessfulDelete')).toHaveLength(2);
    k.reapDeleted();
    expect(condTypes(k)).toEqual(['FailureTarget', 'Failed']);
    expect((status(k).conditions as { reason: string; message: string }[])[1]).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(k.events('DeadlineExceeded')).toEqual(['DeadlineExceeded Job was active longer than specified deadline']);
    expect(status(k)).toMatchObject({ terminating: 0, failed: 2 });
  });

  it('gives Indexed pods their completion index and reports completed indexes', () => {
    const k = setup();
    k.api.create(job({ completionMode: 'Indexed', completions: 3, parallelism: 3 }));
    k.settle();
    const pods = active(k).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    expect(pods.map((p) => p.metadata.generateName)).toEqual(['pi-0-', 'pi-1-', 'pi-2-']);
    const p1 = pods[1];
    expect(p1.metadata.annotations).toEqual({ 'batch.kubernetes.io/job-completion-index': '1' });
    expect(p1.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe('1');
    expect(p1.spec).toMatchObject({ hostname: 'pi-1' });
    const env = (p1.spec as { containers: { env: unknown[] }[] }).containers[0].env;
    expect(env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
    k.finish(p1, 'Succeeded');
    expect(status(k)).toMatchObject({ completedIndexes: '1', succeeded: 1, active: 2 });
    k.finish(pods[0], 'Failed');
    k.advance(10_000);
    const again = active(k).find((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '0');
    expect(again?.metadata.generateName).toBe('pi-0-');
    k.finish(again!, 'Succeeded');
    k.finish(pods[2], 'Succeeded');
    expect(status(k)).toMatchObject({ completedIndexes: '0-2', succeeded: 3, failed: 1 });
    expect(condTypes(k)).toEqual(['SuccessCriteriaMet', 'Complete']);
  });

  it('suspends and resumes', () => {
    const k = setup();
    k.api.create(job({ suspend: true, parallelism: 2, completions: 2 }));
    k.settle();
    expect(k.pods()).toHaveLength(0);
    expect(status(k).conditions).toEqual([
      { type: 'Suspended', status: 'True', lastProbeTime: k.clock.nowRFC3339(), lastTransitionTime: k.clock.nowRFC3339(), reason: 'JobSuspended', message: 'Job suspended' },
    ]);
    expect(status(k).startTime).toBeUndefined();
    k.advance(60_000);
    k.api.patch('jobs', 'pi', { spec: { suspend: false } });
    k.settle();
    expect(active(k)).toHaveLength(2);
    expect(status(k)).toMatchObject({ startTime: toRFC3339(k.clock.now()), active: 2 });
    expect((status(k).conditions as Record<string, unknown>[])[0]).toMatchObject({ type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' });
    k.api.patch('jobs', 'pi', { spec: { suspend: true } });
    k.settle();
    expect(active(k)).toHaveLength(0);
    expect(status(k).failed).toBeUndefined();
    // The second suspension folds into the first event (count 2), as client-go's correlator does.
    expect(k.events().filter((e) => /^(Suspended|Resumed)/.test(e))).toEqual(['Resumed Job resumed', 'Suspended Job suspended']);
    expect(k.api.list('events').items.find((e) => e.reason === 'Suspended')?.count).toBe(2);
  });

  it('fails at once on a FailJob podFailurePolicy rule', () => {
    const k = setup();
    k.api.create(job({ podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'c', operator: 'In', values: [42] } }] } }));
    k.settle();
    const pod = active(k)[0];
    k.finish(pod, 'Failed', 42);
    expect(condTypes(k)).toEqual(['FailureTarget', 'Failed']);
    expect((status(k).conditions as { reason: string; message: string }[])[1]).toMatchObject({
      reason: 'PodFailurePolicy',
      message: `Container c for pod default/${pod.metadata.name ?? ''} failed with exit code 42 matching FailJob rule at index 0`,
    });
  });
});

describe('TTL-after-finished controller', () => {
  it('deletes a finished Job, in the foreground, ttlSecondsAfterFinished later', () => {
    const k = kit((api, clock) => [new JobController(api, clock).start(), new TTLAfterFinishedController(api, clock).start()]);
    k.api.create(job({ ttlSecondsAfterFinished: 100 }));
    k.settle();
    k.finish(active(k)[0], 'Succeeded');
    expect(condTypes(k)).toEqual(['SuccessCriteriaMet', 'Complete']);
    k.advance(99_000);
    expect(k.api.get('jobs', 'pi').metadata.deletionTimestamp).toBeUndefined();
    k.advance(1000);
    const gone = k.api.get('jobs', 'pi');
    expect(gone.metadata.deletionTimestamp).toBe(k.clock.nowRFC3339());
    expect(gone.metadata.finalizers).toEqual(['foregroundDeletion']);
  });
});

// The TTL-after-finished controller (pkg/controller/ttlafterfinished): a Job
// with spec.ttlSecondsAfterFinished is deleted that many seconds after it
// turned Complete or Failed — in the foreground, so its pods go first.
import { isStatusError } from '../api/errors';
import { asArray, isObject, type KubeObject } from '../api/types';
import { parseRFC3339, type TimerId } from '../clock';
import { Controller, splitKey } from './controller';

export class TTLAfterFinishedController extends Controller {
  readonly name = 'ttl-after-finished-controller';
  private readonly timers = new Map<string, TimerId>();

  start(): this {
    this.watch('jobs');
    return this;
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const job = this.api.tryGet('jobs', name, namespace);
    const pending = this.timers.get(key);
    if (pending !== undefined) this.clock.cancelTimer(pending);
    this.timers.delete(key);
    if (!job || job.metadata.deletionTimestamp) return;
    const expireAt = expiry(job);
    if (expireAt === undefined) return;
    const left = expireAt - this.clock.now();
    if (left > 0) {
      this.timers.set(key, this.clock.setTimer(left, () => this.enqueue(key)));
      return;
    }
    try {
      this.api.delete('jobs', name, { namespace, propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid } });
    } catch (e) {
      if (!isStatusError(e) || (e.reason !== 'NotFound' && e.reason !== 'Conflict')) throw e;
    }
  }
}

/** When the Job may be deleted: its finish time (the terminal condition's transition) plus the TTL. */
function expiry(job: KubeObject): number | undefined {
  const ttl = isObject(job.spec) ? job.spec.ttlSecondsAfterFinished : undefined;
  if (typeof ttl !== 'number') return undefined;
  const status = isObject(job.status) ? job.status : {};
  const done = asArray(status.conditions).find((c) => isObject(c) && (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (!isObject(done) || typeof done.lastTransitionTime !== 'string') return undefined;
  const at = parseRFC3339(done.lastTransitionTime);
  return at === undefined ? undefined : at + ttl * 1000;
}

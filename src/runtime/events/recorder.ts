// client-go's event recorder: components report what they did as core/v1
// Events about an object. Identical events (same object, reason, message,
// source) are folded into one with a growing count, as the EventCorrelator
// does, and events expire after the apiserver's --event-ttl of one hour.
import type { ApiServer } from '../api/apiserver';
import { isObject, type KubeObject } from '../api/types';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  host?: string;
}

export interface EventOptions {
  /** e.g. `spec.containers{nginx}` for kubelet container events. */
  fieldPath?: string;
  /**
   * Report through events.k8s.io/v1 (the scheduler does): eventTime and
   * action instead of first/last timestamps and count.
   */
  action?: string;
}

/** The apiserver's default --event-ttl. */
export const EVENT_TTL_MS = 60 * 60 * 1000;

/**
 * The events one involved object has for folding, by uid: the stored Event
 * alone, a short list, or by message once an object has many (a
 * ReplicaSet's `Created pod: …`). Each entry is the latest revision this
 * recorder wrote; no record wraps it, and lists are sized exactly: a cluster
 * holds hundreds of thousands of events.
 */
type Bucket = KubeObject | KubeObject[];
type Folds = Bucket | Map<string, Bucket>;

export class EventRecorder {
  private folded = new Map<string, Folds>();
  /** Recent messages, so the many events saying the same thing (`Started container web`) share one string. */
  private messages = new Map<string, string>();
  private seq = 0;
  /** One `source` for every core/v1 event of this recorder: stored objects are frozen, so they can share it. */
  private readonly sourceRef: Record<string, string>;
  /** reportingInstance of events.k8s.io/v1 events, the same for every event. */
  private readonly instance: string;
  /** The last involvedObject handed out: a component reports several events about one object version in a row. */
  private lastRef: Record<string, string> | undefined;
  private readonly common: ApiEvents;

  constructor(
    private readonly api: ApiServer,
    private readonly source: EventSource,
  ) {
    this.sourceRef = source.host ? { component: source.component, host: source.host } : { component: source.component };
    this.instance = `${source.component}-${source.host ?? 'control-plane'}`;
    this.common = apiEvents(api);
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string, opts: EventOptions = {}): void {
    const namespace = obj.metadata.namespace || 'default';
    const ref = this.refFor(obj, opts.fieldPath);
    const now = this.api.clock.nowRFC3339();
    const prior = opts.action ? undefined : this.foldedMatch(ref, namespace, type, reason, message);
    if (prior && this.bump(ref.uid, prior, now)) return;
    const name = `${obj.metadata.name ?? ''}.${this.nanoHex()}`;
    message = this.shared(message);
    // Two whole literals rather than a spread over a shared base: each keeps its fields in-object,
    // and Events are the most numerous objects a busy cluster holds.
    const event: KubeObject = opts.action
      ? {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          involvedObject: ref,
          reason,
          message,
          type,
          source: {},
          firstTimestamp: null,
          lastTimestamp: null,
          eventTime: this.microTime(),
          action: opts.action,
          reportingComponent: this.source.component,
          reportingInstance: this.instance,
        }
      : {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          involvedObject: ref,
          reason,
          message,
          type,
          source: this.sourceRef,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          eventTime: null,
          reportingComponent: this.source.component,
          reportingInstance: this.source.host ?? '',
        };
    let stored: KubeObject;
    try {
      stored = this.api.createEvent(event);
    } catch {
      // Like the real broadcaster, a failed event write is dropped, never retried into the caller.
      return;
    }
    if (!opts.action) this.remember(ref.uid, stored, prior);
    this.common.queue.add(stored, this, this.api.clock.now() + EVENT_TTL_MS);
  }

  private shared(message: string): string {
    const known = this.messages.get(message);
    if (known !== undefined) return known;
    if (this.messages.size >= 1024) this.messages.clear();
    this.messages.set(message, message);
    return message;
  }

  private refFor(obj: KubeObject, fieldPath: string | undefined): Record<string, string> {
    const last = this.lastRef;
    const m = obj.metadata;
    if (
      last &&
      last.uid === (m.uid ?? '') &&
      last.name === (m.name ?? '') &&
      last.kind === obj.kind &&
      last.apiVersion === obj.apiVersion &&
      last.namespace === m.namespace &&
      last.resourceVersion === m.resourceVersion &&
      last.fieldPath === fieldPath
    ) {
      return last;
    }
    return (this.lastRef = involvedObject(obj, fieldPath));
  }

  private foldedMatch(ref: Record<string, string>, namespace: string, type: EventType, reason: string, message: string): KubeObject | undefined {
    const folds = this.folded.get(ref.uid);
    const bucket = folds instanceof Map ? folds.get(message) : folds;
    if (bucket === undefined) return undefined;
    if (!Array.isArray(bucket)) return matches(bucket, namespace, type, reason, message, ref.fieldPath) ? bucket : undefined;
    for (const e of bucket) if (matches(e, namespace, type, reason, message, ref.fieldPath)) return e;
    return undefined;
  }

  /** Keep `stored` for folding, in the place of the event it replaces (one that was gone when it repeated). */
  private remember(uid: string, stored: KubeObject, replaces: KubeObject | undefined): void {
    const folds = this.folded.get(uid);
    if (folds === undefined) {
      this.folded.set(uid, stored);
      return;
    }
    if (folds instanceof Map) {
      const message = stored.message as string;
      folds.set(message, withEntry(folds.get(message), stored, replaces));
      return;
    }
    if (Array.isArray(folds) && folds.length >= LIST_LIMIT) {
      const byMessage = new Map<string, Bucket>();
      for (const e of folds) byMessage.set(e.message as string, withEntry(byMessage.get(e.message as string), e, undefined));
      this.folded.set(uid, byMessage);
      this.remember(uid, stored, replaces);
      return;
    }
    this.folded.set(uid, withEntry(folds, stored, replaces));
  }

  /** Drop an expired event (any revision of it: the name identifies it) from the folding index. */
  private forget(event: KubeObject): void {
    const uid = (event.involvedObject as Record<string, string>).uid;
    const folds = this.folded.get(uid);
    if (folds === undefined) return;
    const name = event.metadata.name;
    if (!(folds instanceof Map)) {
      const rest = withoutEntry(folds, name);
      if (rest === folds) return;
      if (rest === undefined) this.folded.delete(uid);
      else this.folded.set(uid, rest);
      return;
    }
    const message = event.message as string;
    const bucket = folds.get(message);
    const rest = bucket === undefined ? undefined : withoutEntry(bucket, name);
    if (rest === bucket) return;
    if (rest !== undefined) folds.set(message, rest);
    else if (folds.delete(message) && folds.size === 0) this.folded.delete(uid);
  }

  private bump(uid: string, prior: KubeObject, now: string): boolean {
    const current = this.api.tryGet('events', prior.metadata.name ?? '', prior.metadata.namespace);
    if (!current) return false;
    const next = this.api.update({ ...current, count: (prior.count as number) + 1, lastTimestamp: now }, { trusted: true });
    this.replace(uid, prior, next);
    return true;
  }

  /** The folded event's new revision takes its place. */
  private replace(uid: string, prior: KubeObject, next: KubeObject): void {
    const folds = this.folded.get(uid);
    if (folds === undefined) return;
    if (folds instanceof Map) {
      const message = prior.message as string;
      const bucket = folds.get(message);
      if (bucket !== undefined) folds.set(message, withEntry(bucket, next, prior));
    } else this.folded.set(uid, withEntry(folds, next, prior));
  }

  /** @internal The event TTL passed (called by the apiserver's expiry queue). */
  expire(event: KubeObject): void {
    const name = event.metadata.name ?? '';
    const namespace = event.metadata.namespace;
    const current = this.api.tryGet('events', name, namespace);
    if (!current) return;
    this.forget(event);
    this.api.delete('events', name, { namespace });
  }

  /**
   * Events are named `<object>.<unix nanos in hex>`; a sequence keeps names unique within one simulated instant.
   * Nanoseconds pass 2^53, so the hex is built from two exact halves split at 2^20 (five hex digits).
   */
  private nanoHex(): string {
    this.seq++;
    const ms = this.api.clock.now();
    const extra = this.common.sequence++ % 1_000_000;
    const msHigh = Math.floor(ms / LOW);
    let high = msHigh * 1_000_000;
    let low = (ms - msHigh * LOW) * 1_000_000 + extra;
    const carry = Math.floor(low / LOW);
    high += carry;
    low -= carry * LOW;
    if (high <= 0) return low.toString(16);
    // The high part moves every ~1 ms of simulated time: its hex (a slow double-to-radix conversion) is reused.
    const common = this.common;
    if (high !== common.high) {
      common.high = high;
      common.highHex = high.toString(16);
    }
    return common.highHex + low.toString(16).padStart(5, '0');
  }

  private microTime(): string {
    const s = this.api.clock.nowRFC3339();
    const micros = String((this.api.clock.now() % 1000) * 1000 + (this.seq % 1000)).padStart(6, '0');
    return `${s.slice(0, -1)}.${micros}Z`;
  }
}

const LOW = 0x100000;
/** Folded events an object keeps in a plain list before they are kept by message. */
const LIST_LIMIT = 16;

function matches(e: KubeObject, namespace: string, type: EventType, reason: string, message: string, fieldPath: string | undefined): boolean {
  return (
    e.reason === reason &&
    e.message === message &&
    e.type === type &&
    e.metadata.namespace === namespace &&
    (e.involvedObject as Record<string, string>).fieldPath === fieldPath
  );
}

/** The bucket with `e` in the place of `replaces`, or appended; arrays are copied to their exact size. */
function withEntry(bucket: Bucket | undefined, e: KubeObject, replaces: KubeObject | undefined): Bucket {
  if (bucket === undefined || bucket === replaces) return e;
  if (!Array.isArray(bucket)) return [bucket, e];
  const i = replaces === undefined ? -1 : bucket.indexOf(replaces);
  if (i < 0) {
    const next = new Array<KubeObject>(bucket.length + 1);
    for (let k = 0; k < bucket.length; k++) next[k] = bucket[k];
    next[bucket.length] = e;
    return next;
  }
  bucket[i] = e;
  return bucket;
}

/** The bucket without the event named `name`: the same bucket when it holds none, undefined when it is left empty. */
function withoutEntry(bucket: Bucket, name: string | undefined): Bucket | undefined {
  if (!Array.isArray(bucket)) return bucket.metadata.name === name ? undefined : bucket;
  const i = bucket.findIndex((e) => e.metadata.name === name);
  if (i < 0) return bucket;
  if (bucket.length === 2) return bucket[1 - i];
  return bucket.filter((_, k) => k !== i);
}

export function involvedObject(obj: KubeObject, fieldPath?: string): Record<string, string> {
  const ref: Record<string, string> = { kind: obj.kind };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  ref.name = obj.metadata.name ?? '';
  ref.uid = obj.metadata.uid ?? '';
  ref.apiVersion = obj.apiVersion;
  if (obj.metadata.resourceVersion) ref.resourceVersion = obj.metadata.resourceVersion;
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

/** Events about an object, oldest first (what `kubectl describe` lists). */
export function eventsFor(api: ApiServer, obj: KubeObject): KubeObject[] {
  const uid = obj.metadata.uid;
  return api
    .list('events', { namespace: obj.metadata.namespace || 'default' })
    .items.filter((e) => isObject(e.involvedObject) && e.involvedObject.uid === uid)
    .sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
}

function eventTime(e: KubeObject): string {
  const t = e.firstTimestamp ?? e.eventTime;
  return typeof t === 'string' ? t : '';
}

/**
 * The --event-ttl sweep: every recorder's events in one FIFO per apiserver,
 * with a single background timer armed for the oldest. Events are created in
 * time order with the same TTL, so the FIFO is sorted by expiry and each event
 * still goes exactly one TTL after it was written (events due together go in
 * creation order), without a timer per event in a cluster holding hundreds of thousands.
 * Kept as parallel arrays (the expiry times unboxed): no record per event.
 */
class ExpiryQueue {
  private events: KubeObject[] = [];
  private recorders: EventRecorder[] = [];
  private due: number[] = [];
  private head = 0;
  private armed = false;

  constructor(private readonly api: ApiServer) {}

  add(event: KubeObject, recorder: EventRecorder, at: number): void {
    this.events.push(event);
    this.recorders.push(recorder);
    this.due.push(at);
    if (!this.armed) this.arm();
  }

  private arm(): void {
    if (this.head >= this.events.length) return;
    this.armed = true;
    this.api.clock.setTimer(this.due[this.head] - this.api.clock.now(), () => this.sweep(), true);
  }

  private sweep(): void {
    this.armed = false;
    const now = this.api.clock.now();
    while (this.head < this.events.length && this.due[this.head] <= now) {
      const i = this.head++;
      const event = this.events[i];
      const recorder = this.recorders[i];
      // Swept slots are cleared at once: the deleted event is not kept until the next compaction.
      this.events[i] = EXPIRED;
      recorder.expire(event);
    }
    // Compact once the swept prefix dominates, so the arrays do not grow for ever.
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.recorders = this.recorders.slice(this.head);
      this.due = this.due.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }
}

const EXPIRED: KubeObject = Object.freeze({ apiVersion: 'v1', kind: 'Event', metadata: {} });

/** What every recorder of one apiserver shares: the TTL queue, and the name sequence that keeps two components reporting in the same instant from picking the same event name. */
interface ApiEvents {
  queue: ExpiryQueue;
  sequence: number;
  /** The last high part of an event name and its hex. */
  high: number;
  highHex: string;
}

const perApi = new WeakMap<ApiServer, ApiEvents>();

function apiEvents(api: ApiServer): ApiEvents {
  let shared = perApi.get(api);
  if (!shared) perApi.set(api, (shared = { queue: new ExpiryQueue(api), sequence: 0, high: -1, highHex: '' }));
  return shared;
}

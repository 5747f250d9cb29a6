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
 * One event this recorder wrote, and when it expires. Folding compares the
 * stored Event itself; folded events are kept per involved object (a handful
 * each), not under a joined string key: a cluster holds hundreds of thousands.
 */
interface Written {
  at: number;
  recorder: EventRecorder;
  /** The stored Event (its latest revision once folded into). */
  event: KubeObject;
  count: number;
}

export class EventRecorder {
  /** Per involved object uid: its folded events, as a list, or by message once the list is long (a ReplicaSet's `Created pod: …`). */
  private folded = new Map<string, Written[] | Map<string, Written[]>>();
  /** Recent messages, so the many events saying the same thing (`Started container web`) share one string. */
  private messages = new Map<string, string>();
  private seq = 0;
  /** One `source` for every core/v1 event of this recorder: stored objects are frozen, so they can share it. */
  private readonly sourceRef: Record<string, string>;
  /** The last involvedObject handed out: a component reports several events about one object version in a row. */
  private lastRef: Record<string, string> | undefined;

  constructor(
    private readonly api: ApiServer,
    private readonly source: EventSource,
  ) {
    this.sourceRef = source.host ? { component: source.component, host: source.host } : { component: source.component };
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string, opts: EventOptions = {}): void {
    const namespace = obj.metadata.namespace || 'default';
    const ref = this.refFor(obj, opts.fieldPath);
    const now = this.api.clock.nowRFC3339();
    const prior = opts.action ? undefined : this.foldedMatch(ref, namespace, type, reason, message);
    if (prior && this.bump(prior, now)) return;
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
          reportingInstance: `${this.source.component}-${this.source.host ?? 'control-plane'}`,
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
    const written: Written = { at: this.api.clock.now() + EVENT_TTL_MS, recorder: this, event: stored, count: 1 };
    if (!opts.action) this.remember(ref.uid, written, prior);
    expiryQueue(this.api).add(written);
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

  private foldedMatch(ref: Record<string, string>, namespace: string, type: EventType, reason: string, message: string): Written | undefined {
    const folds = this.folded.get(ref.uid);
    const list = folds instanceof Map ? folds.get(message) : folds;
    if (!list) return undefined;
    for (const w of list) {
      const e = w.event;
      if (
        e.reason === reason &&
        e.message === message &&
        e.type === type &&
        e.metadata.namespace === namespace &&
        (e.involvedObject as Record<string, string>).fieldPath === ref.fieldPath
      ) {
        return w;
      }
    }
    return undefined;
  }

  private remember(uid: string, written: Written, replaces: Written | undefined): void {
    let folds = this.folded.get(uid);
    if (!folds) {
      this.folded.set(uid, [written]);
      return;
    }
    if (!(folds instanceof Map) && folds.length >= LIST_LIMIT) {
      const byMessage = new Map<string, Written[]>();
      for (const w of folds) pushTo(byMessage, w);
      this.folded.set(uid, (folds = byMessage));
    }
    const list = folds instanceof Map ? folds.get(written.event.message as string) : folds;
    const i = replaces && list ? list.indexOf(replaces) : -1;
    if (list && i >= 0) list[i] = written;
    else if (folds instanceof Map) pushTo(folds, written);
    else folds.push(written);
  }

  private forget(written: Written): void {
    const uid = (written.event.involvedObject as Record<string, string>).uid;
    const folds = this.folded.get(uid);
    if (!folds) return;
    const message = written.event.message as string;
    const list = folds instanceof Map ? folds.get(message) : folds;
    const i = list ? list.indexOf(written) : -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    if (list.length > 0) return;
    if (folds instanceof Map) folds.delete(message);
    if (!(folds instanceof Map) || folds.size === 0) this.folded.delete(uid);
  }

  private bump(prior: Written, now: string): boolean {
    const current = this.api.tryGet('events', prior.event.metadata.name ?? '', prior.event.metadata.namespace);
    if (!current) return false;
    prior.count++;
    prior.event = this.api.update({ ...current, count: prior.count, lastTimestamp: now }, { trusted: true });
    return true;
  }

  /** @internal The event TTL passed (called by the apiserver's expiry queue). */
  expire(written: Written): void {
    const name = written.event.metadata.name ?? '';
    const namespace = written.event.metadata.namespace;
    const current = this.api.tryGet('events', name, namespace);
    if (!current) return;
    this.forget(written);
    this.api.delete('events', name, { namespace });
  }

  /**
   * Events are named `<object>.<unix nanos in hex>`; a sequence keeps names unique within one simulated instant.
   * Nanoseconds pass 2^53, so the hex is built from two exact halves split at 2^20 (five hex digits).
   */
  private nanoHex(): string {
    this.seq++;
    const ms = this.api.clock.now();
    const extra = nextSequence(this.api) % 1_000_000;
    const msHigh = Math.floor(ms / LOW);
    let high = msHigh * 1_000_000;
    let low = (ms - msHigh * LOW) * 1_000_000 + extra;
    const carry = Math.floor(low / LOW);
    high += carry;
    low -= carry * LOW;
    return high > 0 ? high.toString(16) + low.toString(16).padStart(5, '0') : low.toString(16);
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

function pushTo(byMessage: Map<string, Written[]>, w: Written): void {
  const message = w.event.message as string;
  const list = byMessage.get(message);
  if (list) list.push(w);
  else byMessage.set(message, [w]);
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
 */
class ExpiryQueue {
  private items: Written[] = [];
  private head = 0;
  private armed = false;

  constructor(private readonly api: ApiServer) {}

  add(e: Written): void {
    this.items.push(e);
    if (!this.armed) this.arm();
  }

  private arm(): void {
    const next = this.items[this.head];
    if (!next) return;
    this.armed = true;
    this.api.clock.setTimer(next.at - this.api.clock.now(), () => this.sweep(), true);
  }

  private sweep(): void {
    this.armed = false;
    const now = this.api.clock.now();
    while (this.head < this.items.length && this.items[this.head].at <= now) {
      const e = this.items[this.head++];
      e.recorder.expire(e);
    }
    // Compact once the swept prefix dominates, so the array does not grow for ever.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }
}

const expiryQueues = new WeakMap<ApiServer, ExpiryQueue>();

function expiryQueue(api: ApiServer): ExpiryQueue {
  let q = expiryQueues.get(api);
  if (!q) expiryQueues.set(api, (q = new ExpiryQueue(api)));
  return q;
}

/** One name sequence per apiserver, shared by every component's recorder, so two components reporting in the same instant never pick the same event name. */
const sequences = new WeakMap<ApiServer, number>();

function nextSequence(api: ApiServer): number {
  const n = sequences.get(api) ?? 0;
  sequences.set(api, n + 1);
  return n;
}

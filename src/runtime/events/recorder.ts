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

interface Folded {
  name: string;
  namespace: string;
  count: number;
}

export class EventRecorder {
  private folded = new Map<string, Folded>();
  private seq = 0;
  /** One `source` for every core/v1 event of this recorder: stored objects are frozen, so they can share it. */
  private readonly sourceRef: Record<string, string>;

  constructor(
    private readonly api: ApiServer,
    private readonly source: EventSource,
  ) {
    this.sourceRef = source.host ? { component: source.component, host: source.host } : { component: source.component };
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string, opts: EventOptions = {}): void {
    const namespace = obj.metadata.namespace || 'default';
    const ref = involvedObject(obj, opts.fieldPath);
    const foldKey = [namespace, ref.uid, ref.fieldPath ?? '', type, reason, message].join('\u0000');
    const now = this.api.clock.nowRFC3339();
    const prior = this.folded.get(foldKey);
    if (prior && !opts.action && this.bump(prior, now)) return;
    const name = `${obj.metadata.name ?? ''}.${this.nanoHex()}`;
    const base = { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace }, involvedObject: ref, reason, message, type };
    const event: KubeObject = opts.action
      ? {
          ...base,
          source: {},
          firstTimestamp: null,
          lastTimestamp: null,
          eventTime: this.microTime(),
          action: opts.action,
          reportingComponent: this.source.component,
          reportingInstance: `${this.source.component}-${this.source.host ?? 'control-plane'}`,
        }
      : {
          ...base,
          source: this.sourceRef,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
          eventTime: null,
          reportingComponent: this.source.component,
          reportingInstance: this.source.host ?? '',
        };
    try {
      this.api.createEvent(event);
    } catch {
      // Like the real broadcaster, a failed event write is dropped, never retried into the caller.
      return;
    }
    const folded = { name, namespace, count: 1 };
    if (!opts.action) this.folded.set(foldKey, folded);
    expiryQueue(this.api).add({ at: this.api.clock.now() + EVENT_TTL_MS, recorder: this, foldKey, folded });
  }

  private bump(prior: Folded, now: string): boolean {
    const current = this.api.tryGet('events', prior.name, prior.namespace);
    if (!current) return false;
    prior.count++;
    this.api.update({ ...current, count: prior.count, lastTimestamp: now }, { trusted: true });
    return true;
  }

  /** @internal The event TTL passed (called by the apiserver's expiry queue). */
  expire(foldKey: string, name: string, namespace: string): void {
    const current = this.api.tryGet('events', name, namespace);
    if (!current) return;
    if (this.folded.get(foldKey)?.name === name) this.folded.delete(foldKey);
    this.api.delete('events', name, { namespace });
  }

  /** Events are named `<object>.<unix nanos in hex>`; a sequence keeps names unique within one simulated instant. */
  private nanoHex(): string {
    this.seq++;
    const nanos = BigInt(this.api.clock.now()) * 1_000_000n + BigInt(nextSequence(this.api) % 1_000_000);
    return nanos.toString(16);
  }

  private microTime(): string {
    const s = this.api.clock.nowRFC3339();
    const micros = String((this.api.clock.now() % 1000) * 1000 + (this.seq % 1000)).padStart(6, '0');
    return `${s.slice(0, -1)}.${micros}Z`;
  }
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

interface Expiry {
  at: number;
  recorder: EventRecorder;
  foldKey: string;
  folded: Folded;
}

/**
 * The --event-ttl sweep: every recorder's events in one FIFO per apiserver,
 * with a single background timer armed for the oldest. Events are created in
 * time order with the same TTL, so the FIFO is sorted by expiry and each event
 * still goes exactly one TTL after it was written (events due together go in
 * creation order), without a timer per event in a cluster holding hundreds of thousands.
 */
class ExpiryQueue {
  private items: Expiry[] = [];
  private head = 0;
  private armed = false;

  constructor(private readonly api: ApiServer) {}

  add(e: Expiry): void {
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
      e.recorder.expire(e.foldKey, e.folded.name, e.folded.namespace);
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

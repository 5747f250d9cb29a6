// Simulated time. Nothing in the runtime reads the wall clock: controllers,
// the kubelet and the apiserver ask this clock, so a lesson replays the same
// way every time and can be paused, stepped or fast-forwarded.

export type TimerId = number;

interface Timer {
  id: TimerId;
  at: number;
  fn: () => void;
}

/** 2026-01-01T00:00:00Z: a fixed, readable epoch for fresh clusters. */
export const DEFAULT_EPOCH = 1_767_225_600_000;

export interface SettleResult {
  /** Timers fired while settling. */
  fired: number;
  /** False when the bound was hit with work still pending (e.g. a crash loop). */
  settled: boolean;
}

export class Clock {
  private nowMs: number;
  private nextId = 1;
  /** A binary min-heap on (at, id): large clusters hold hundreds of thousands of timers. */
  private heap: Timer[] = [];
  private cancelled = new Set<TimerId>();
  /** Timers that are real pending work; heartbeats and resyncs are background and do not keep settle() going. */
  private work = new Set<TimerId>();
  private rng: () => number;
  /** Work queued for "now" (watch deliveries, controller syncs) runs before time moves. */
  private microtasks: ((arg: never) => void)[] = [];
  /** The argument of each microtask: watch deliveries queue (handler, event) pairs instead of a closure each. */
  private microArgs: unknown[] = [];
  /**
   * Controller syncs: same-instant work that waits until nothing else is due at
   * this instant, so a burst of changes (a node's pods starting together)
   * reaches each controller as one sync, as a client-go workqueue batches them.
   */
  private deferred: (() => void)[] = [];
  private deferredHead = 0;
  private draining = false;

  constructor(epochMs: number = DEFAULT_EPOCH, seed = 1) {
    this.nowMs = epochMs;
    this.rng = mulberry32(seed);
  }

  now(): number {
    return this.nowMs;
  }

  private stampSecond = NaN;
  private stamp = '';

  /** RFC 3339 at second precision, as metav1.Time serialises (one shared string per simulated second). */
  nowRFC3339(): string {
    const second = Math.floor(this.nowMs / 1000);
    if (second !== this.stampSecond) {
      this.stampSecond = second;
      this.stamp = toRFC3339(this.nowMs);
    }
    return this.stamp;
  }

  random(): number {
    return this.rng();
  }

  /**
   * Run fn after delayMs of simulated time. A background timer (a heartbeat, a
   * periodic resync) fires when time passes but is not work settle() waits for.
   */
  setTimer(delayMs: number, fn: () => void, background = false): TimerId {
    const id = this.nextId++;
    heapPush(this.heap, { id, at: this.nowMs + Math.max(0, delayMs), fn });
    if (!background) this.work.add(id);
    return id;
  }

  cancelTimer(id: TimerId): void {
    if (id > 0 && id < this.nextId) {
      this.cancelled.add(id);
      this.work.delete(id);
    }
  }

  /** Queue work to run at the current instant, after the caller returns. */
  enqueue(fn: () => void): void {
    this.microtasks.push(fn);
    this.microArgs.push(undefined);
  }

  /** enqueue(() => fn(arg)) without allocating the closure. */
  enqueueCall<T>(fn: (arg: T) => void, arg: T): void {
    this.microtasks.push(fn);
    this.microArgs.push(arg);
  }

  /**
   * Queue work for the current instant to run after every queued task and
   * every timer due at this instant (each with its watch deliveries) has run.
   */
  enqueueDeferred(fn: () => void): void {
    this.deferred.push(fn);
  }

  /** Pending work timers (background timers not counted). */
  pendingTimers(): number {
    return this.work.size;
  }

  nextDue(): number | undefined {
    this.prune();
    return this.heap[0]?.at;
  }

  /** Run queued same-instant work until none is left (bounded against feedback loops). */
  drain(limit = 10_000_000): number {
    return this.drainWork(limit, false);
  }

  /** With holdDeferred, deferred work waits for a later drain at this instant (more timers are due now). */
  private drainWork(limit: number, holdDeferred: boolean): number {
    if (this.draining) return 0;
    this.draining = true;
    let ran = 0;
    try {
      while (ran < limit) {
        if (this.microtasks.length > 0) {
          const batch = this.microtasks;
          const args = this.microArgs;
          this.microtasks = [];
          this.microArgs = [];
          for (let i = 0; i < batch.length; i++) {
            (batch[i] as (arg: unknown) => void)(args[i]);
            ran++;
          }
          continue;
        }
        if (holdDeferred || this.deferredHead >= this.deferred.length) break;
        // One deferred task at a time, with its deliveries drained before the next, so a later controller sees one batch.
        const fn = this.deferred[this.deferredHead++];
        if (this.deferredHead === this.deferred.length) {
          this.deferred = [];
          this.deferredHead = 0;
        }
        fn();
        ran++;
      }
    } finally {
      this.draining = false;
    }
    return ran;
  }

  private hasDeferred(): boolean {
    return this.deferredHead < this.deferred.length;
  }

  /** Move time forward by ms, firing every timer due on the way, in order. */
  advance(ms: number): number {
    const target = this.nowMs + Math.max(0, ms);
    let fired = 0;
    this.drain();
    for (;;) {
      this.prune();
      const t = this.heap[0];
      if (!t || t.at > target) break;
      this.fire(heapPop(this.heap));
      fired++;
    }
    this.drain();
    this.nowMs = target;
    return fired;
  }

  /**
   * Run until nothing is pending: jump from timer to timer. Bounded, because a
   * crash-looping container or a CronJob never runs out of timers.
   */
  settle(maxTimers = 10_000, maxSpanMs = 3_600_000): SettleResult {
    const start = this.nowMs;
    let fired = 0;
    this.drain();
    for (;;) {
      while (fired < maxTimers && this.work.size > 0) {
        this.prune();
        const t = this.heap[0];
        if (!t || t.at - start > maxSpanMs) break;
        this.fire(heapPop(this.heap));
        fired++;
      }
      if (!this.hasDeferred()) break;
      this.drain();
    }
    return { fired, settled: this.work.size === 0 && this.microtasks.length === 0 };
  }

  private fire(t: Timer): void {
    this.work.delete(t.id);
    this.nowMs = Math.max(this.nowMs, t.at);
    t.fn();
    this.prune();
    this.drainWork(10_000_000, this.heap.length > 0 && this.heap[0].at <= this.nowMs);
  }

  /** Drop cancelled timers from the top of the heap. */
  private prune(): void {
    while (this.heap.length > 0 && this.cancelled.has(this.heap[0].id)) {
      this.cancelled.delete(heapPop(this.heap).id);
    }
    if (this.heap.length === 0) this.cancelled.clear();
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}

// Sift with a hole rather than swaps: (at, id) is a total order, so the pop order is the same either way.
function heapPush(h: Timer[], t: Timer): void {
  let i = h.length;
  h.push(t);
  while (i > 0) {
    const p = (i - 1) >> 1;
    const parent = h[p];
    if (!before(t, parent)) break;
    h[i] = parent;
    i = p;
  }
  h[i] = t;
}

function heapPop(h: Timer[]): Timer {
  const top = h[0];
  const last = h.pop()!;
  const n = h.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && before(h[r], h[l]) ? r : l;
    if (!before(h[c], last)) break;
    h[i] = h[c];
    i = c;
  }
  h[i] = last;
  return top;
}

/** Format without the Date global (the runtime has no wall clock at all). */
export function toRFC3339(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86400);
  const rem = secs - days * 86400;
  const [y, m, d] = civilFromDays(days);
  const hh = Math.floor(rem / 3600);
  const mm = Math.floor((rem % 3600) / 60);
  const ss = rem % 60;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}Z`;
}

/** Parse the RFC 3339 timestamps the runtime writes (and the common variants users paste). */
export function parseRFC3339(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return undefined;
  const days = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  let ms = ((days * 24 + Number(m[4])) * 60 + Number(m[5])) * 60_000 + Number(m[6]) * 1000;
  if (m[7]) ms += Math.round(Number(m[7]) * 1000);
  if (m[8] !== 'Z' && m[8] !== 'z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    ms -= sign * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6))) * 60_000;
  }
  return ms;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Small, fast, seedable PRNG: the runtime's only source of randomness. */
export function mulberry32(seed: number): () => number {
  // The state lives in a typed array: a closure variable holding a 32-bit value past the small-integer
  // range is re-boxed as a fresh heap number on every call, and a busy cluster draws millions.
  const a = new Uint32Array([seed >>> 0]);
  return () => {
    a[0] += 0x6d2b79f5;
    let t = a[0];
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

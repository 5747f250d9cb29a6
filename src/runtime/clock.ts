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
  private timers: Timer[] = [];
  private rng: () => number;
  /** Work queued for "now" (watch deliveries, controller syncs) runs before time moves. */
  private microtasks: (() => void)[] = [];
  private draining = false;

  constructor(epochMs: number = DEFAULT_EPOCH, seed = 1) {
    this.nowMs = epochMs;
    this.rng = mulberry32(seed);
  }

  now(): number {
    return this.nowMs;
  }

  /** RFC 3339 at second precision, as metav1.Time serialises. */
  nowRFC3339(): string {
    return toRFC3339(this.nowMs);
  }

  random(): number {
    return this.rng();
  }

  setTimer(delayMs: number, fn: () => void): TimerId {
    const id = this.nextId++;
    const at = this.nowMs + Math.max(0, delayMs);
    // Keep timers sorted by due time, then by creation order, so firing is deterministic.
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1].at > at) i--;
    this.timers.splice(i, 0, { id, at, fn });
    return id;
  }

  cancelTimer(id: TimerId): void {
    const i = this.timers.findIndex((t) => t.id === id);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Queue work to run at the current instant, after the caller returns. */
  enqueue(fn: () => void): void {
    this.microtasks.push(fn);
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  nextDue(): number | undefined {
    return this.timers[0]?.at;
  }

  /** Run queued same-instant work until none is left (bounded against feedback loops). */
  drain(limit = 1_000_000): number {
    if (this.draining) return 0;
    this.draining = true;
    let ran = 0;
    try {
      while (this.microtasks.length > 0 && ran < limit) {
        const batch = this.microtasks;
        this.microtasks = [];
        for (const fn of batch) {
          fn();
          ran++;
        }
      }
    } finally {
      this.draining = false;
    }
    return ran;
  }

  /** Move time forward by ms, firing every timer due on the way, in order. */
  advance(ms: number): number {
    const target = this.nowMs + Math.max(0, ms);
    let fired = 0;
    this.drain();
    while (this.timers.length > 0 && this.timers[0].at <= target) {
      const t = this.timers.shift()!;
      this.nowMs = Math.max(this.nowMs, t.at);
      t.fn();
      fired++;
      this.drain();
    }
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
    while (this.timers.length > 0 && fired < maxTimers) {
      const t = this.timers[0];
      if (t.at - start > maxSpanMs) break;
      this.timers.shift();
      this.nowMs = Math.max(this.nowMs, t.at);
      t.fn();
      fired++;
      this.drain();
    }
    return { fired, settled: this.timers.length === 0 && this.microtasks.length === 0 };
  }
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
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

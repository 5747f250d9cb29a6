import { describe, expect, it } from 'vitest';
import { Clock, DEFAULT_EPOCH, parseRFC3339, toRFC3339 } from '../../../src/runtime/clock';

describe('Clock', () => {
  it('fires timers in due order, ties in creation order, only when time reaches them', () => {
    const c = new Clock();
    const fired: string[] = [];
    c.setTimer(300, () => fired.push('c'));
    c.setTimer(100, () => fired.push('a'));
    c.setTimer(100, () => fired.push('b'));
    c.advance(99);
    expect(fired).toEqual([]);
    c.advance(1);
    expect(fired).toEqual(['a', 'b']);
    expect(c.now()).toBe(DEFAULT_EPOCH + 100);
    c.advance(500);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(c.now()).toBe(DEFAULT_EPOCH + 600);
  });

  it('sees the time of each timer while it runs, and timers set by timers', () => {
    const c = new Clock();
    const seen: number[] = [];
    c.setTimer(10, () => {
      seen.push(c.now() - DEFAULT_EPOCH);
      c.setTimer(5, () => seen.push(c.now() - DEFAULT_EPOCH));
    });
    c.advance(100);
    expect(seen).toEqual([10, 15]);
  });

  it('cancels timers', () => {
    const c = new Clock();
    let n = 0;
    const id = c.setTimer(10, () => n++);
    c.cancelTimer(id);
    c.advance(20);
    expect(n).toBe(0);
  });

  it('runs same-instant work before time moves', () => {
    const c = new Clock();
    const order: string[] = [];
    c.setTimer(0, () => order.push('timer'));
    c.enqueue(() => order.push('queued'));
    c.advance(0);
    expect(order).toEqual(['queued', 'timer']);
  });

  it('settles a finite chain and stops at its bound on an endless one', () => {
    const c = new Clock();
    let n = 0;
    const chain = (left: number): void => {
      n++;
      if (left > 0) c.setTimer(1000, () => chain(left - 1));
    };
    c.setTimer(0, () => chain(5));
    expect(c.settle()).toEqual({ fired: 6, settled: true });
    expect(n).toBe(6);
    const loop = (): void => void c.setTimer(10_000, loop);
    loop();
    const r = c.settle(50);
    expect(r.settled).toBe(false);
    expect(r.fired).toBe(50);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = new Clock(0, 42);
    const b = new Clock(0, 42);
    const c = new Clock(0, 43);
    const xs = Array.from({ length: 5 }, () => a.random());
    expect(Array.from({ length: 5 }, () => b.random())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.random())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('formats and parses RFC 3339 timestamps without the Date global', () => {
    for (const ms of [0, DEFAULT_EPOCH, 951_782_400_000, 4_102_444_799_000]) {
      expect(toRFC3339(ms)).toBe(new Date(ms).toISOString().replace('.000Z', 'Z'));
      expect(parseRFC3339(toRFC3339(ms))).toBe(ms);
    }
    expect(parseRFC3339('2026-01-01T08:00:00+08:00')).toBe(DEFAULT_EPOCH);
    expect(parseRFC3339('yesterday')).toBeUndefined();
  });
});

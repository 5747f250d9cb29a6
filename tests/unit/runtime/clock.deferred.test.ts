import { describe, expect, it } from 'vitest';
import { Clock, DEFAULT_EPOCH } from '../../../src/runtime/clock';

describe('Clock.enqueueDeferred', () => {
  it('runs after every timer due at the same instant and their queued work, before time moves', () => {
    const c = new Clock();
    const order: string[] = [];
    const sync = (): void => {
      order.push(`sync@${c.now() - DEFAULT_EPOCH}`);
    };
    let pending = false;
    const wake = (): void => {
      if (pending) return;
      pending = true;
      c.enqueueDeferred(() => {
        pending = false;
        sync();
      });
    };
    for (const name of ['a', 'b', 'c']) {
      c.setTimer(100, () => {
        order.push(name);
        c.enqueue(() => {
          order.push(`${name}-delivered`);
          wake();
        });
      });
    }
    c.setTimer(200, () => {
      order.push('d');
      wake();
    });
    c.advance(1000);
    expect(order).toEqual(['a', 'a-delivered', 'b', 'b-delivered', 'c', 'c-delivered', 'sync@100', 'd', 'sync@200']);
  });

  it('runs one deferred task at a time, with the work it queues drained before the next', () => {
    const c = new Clock();
    const order: string[] = [];
    c.enqueueDeferred(() => {
      order.push('first');
      c.enqueue(() => order.push('first-delivered'));
    });
    c.enqueueDeferred(() => order.push('second'));
    c.drain();
    expect(order).toEqual(['first', 'first-delivered', 'second']);
  });

  it('is finished by drain() outside the timer loop and by settle()', () => {
    const c = new Clock();
    let n = 0;
    c.setTimer(0, () => c.enqueueDeferred(() => n++), true);
    c.enqueueDeferred(() => n++);
    c.drain();
    expect(n).toBe(1);
    expect(c.settle()).toEqual({ fired: 0, settled: true });
    c.advance(0);
    expect(n).toBe(2);
  });
});

// The shape every controller shares (sample-controller's pattern): watch
// events only enqueue a key; reconcile(key) re-reads current state and
// converges it. Keys are processed at the current simulated instant, once
// per burst of events (after the instant's other work, see
// Clock.enqueueDeferred), and a failed reconcile is retried with back-off.
import type { ApiServer, WatchEvent, WatchOptions } from '../api/apiserver';
import type { Clock } from '../clock';
import type { KubeObject } from '../api/types';

export type KeyFunc = (obj: KubeObject) => string | string[] | undefined;

export abstract class Controller {
  abstract readonly name: string;
  private queue = new Set<string>();
  private scheduled = false;
  private failures = new Map<string, number>();
  private stops: (() => void)[] = [];

  constructor(
    protected readonly api: ApiServer,
    protected readonly clock: Clock,
  ) {}

  protected abstract reconcile(key: string): void;

  /** Watch a resource type and map each changed object to the keys to reconcile; `accept` drops changes at write time. */
  protected watch(typeName: string, keyOf: KeyFunc = (o) => namespacedKey(o), accept?: WatchOptions['accept']): void {
    const w = this.api.watch(typeName, { accept }, (e: WatchEvent) => {
      if (e.type === 'ERROR') return;
      const keys = keyOf(e.object);
      if (typeof keys === 'string') {
        if (keys) this.enqueue(keys);
      } else if (keys) for (const k of keys) this.enqueue(k);
    });
    this.stops.push(() => w.stop());
  }

  enqueue(key: string): void {
    this.queue.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.clock.enqueueDeferred(() => this.process());
  }

  stop(): void {
    for (const s of this.stops) s();
    this.stops = [];
  }

  private process(): void {
    this.scheduled = false;
    const keys = [...this.queue];
    this.queue.clear();
    for (const key of keys) {
      try {
        this.reconcile(key);
        this.failures.delete(key);
      } catch {
        // Level-triggered: retry later with exponential back-off (5 ms doubling, capped at 1000 s, as client-go's rate limiter).
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        this.clock.setTimer(Math.min(5 * 2 ** (n - 1), 1_000_000), () => this.enqueue(key));
      }
    }
  }
}

export function namespacedKey(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name ?? ''}` : o.metadata.name ?? '';
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

// The etcd analogue: objects by resource, namespace and name, one cluster-wide
// revision counter, and an ordered event log that watches replay from.
import type { KubeObject } from './types';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  type: WatchEventType;
  /** `group/resource`, e.g. `apps/deployments` or `/pods`. */
  resource: string;
  object: KubeObject;
  /** The object before this change (for selector transitions). */
  previous?: KubeObject;
  revision: number;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * Deep-freeze: objects handed out by the store must never be mutated in place.
 * Strings are flattened on the way: a message or name built by concatenation is
 * a rope of heap nodes until something reads it flat, and stored objects live long.
 */
export function freeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    if (Array.isArray(v)) {
      for (const child of v as unknown[]) freezeValue(child);
    } else {
      const o = v as Record<string, unknown>;
      for (const k in o) freezeValue(o[k]);
    }
  }
  return v;
}

/** Kept so the optimiser cannot drop the read that flattens a string. */
const sink = { flattened: 0 };

function freezeValue(child: unknown): void {
  if (typeof child === 'string') {
    // Reading a character flattens a rope in place; the collector then drops its nodes.
    if (child.length > 1) sink.flattened ^= child.charCodeAt(0);
  } else if (typeof child === 'object' && child !== null) freeze(child);
}

export type IndexFunc = (obj: KubeObject) => string | undefined;

interface Index {
  resource: string;
  fn: IndexFunc;
  /** value → (object key → object) */
  entries: Map<string, Map<string, KubeObject>>;
}

export class Store {
  private revision = 0;
  private indexes = new Map<string, Index>();
  /** The same indexes by resource: every write reindexes only its own resource's. */
  private indexesOf = new Map<string, Index[]>();
  private tables = new Map<string, Map<string, KubeObject>>();
  private log: StoredEvent[] = [];
  private logStart = 1;
  private listeners = new Set<(e: StoredEvent) => void>();
  /** Listeners for one resource, and for pods on one node: the watch cache's indexed dispatch. */
  private byResource = new Map<string, Set<(e: StoredEvent) => void>>();
  private byNode = new Map<string, Set<(e: StoredEvent) => void>>();

  constructor(private readonly logLimit = 20_000) {}

  currentRevision(): number {
    return this.revision;
  }

  /** Oldest revision a watch can still start after. */
  oldestRevision(): number {
    return this.logStart - 1;
  }

  get(resource: string, key: string): KubeObject | undefined {
    return this.tables.get(resource)?.get(key);
  }

  list(resource: string, namespace?: string): KubeObject[] {
    const table = this.tables.get(resource);
    if (!table) return [];
    const out: KubeObject[] = [];
    for (const obj of table.values()) if (!namespace || obj.metadata.namespace === namespace) out.push(obj);
    return out;
  }

  /** Whether a resource holds any object (in a namespace), without building a list. */
  hasAny(resource: string, namespace?: string): boolean {
    const table = this.tables.get(resource);
    if (!table) return false;
    if (!namespace) return table.size > 0;
    for (const obj of table.values()) if (obj.metadata.namespace === namespace) return true;
    return false;
  }

  /**
   * A secondary index, like a client-go Indexer: objects of one resource by a
   * derived value (owner uid, node name). Controllers use it instead of listing.
   */
  addIndex(name: string, resource: string, fn: IndexFunc): void {
    const index: Index = { resource, fn, entries: new Map() };
    const previous = this.indexes.get(name);
    this.indexes.set(name, index);
    const list = (this.indexesOf.get(resource) ?? []).filter((i) => i !== previous);
    list.push(index);
    this.indexesOf.set(resource, list);
    for (const [key, obj] of this.tables.get(resource) ?? []) this.indexAdd(index, key, obj);
  }

  byIndex(name: string, value: string): KubeObject[] {
    const entries = this.indexes.get(name)?.entries.get(value);
    return entries ? [...entries.values()] : [];
  }

  private indexAdd(index: Index, key: string, obj: KubeObject): void {
    const v = index.fn(obj);
    if (v === undefined) return;
    let m = index.entries.get(v);
    if (!m) index.entries.set(v, (m = new Map<string, KubeObject>()));
    m.set(key, obj);
  }

  private indexRemove(index: Index, key: string, obj: KubeObject): void {
    const v = index.fn(obj);
    if (v === undefined) return;
    const m = index.entries.get(v);
    if (!m) return;
    m.delete(key);
    if (m.size === 0) index.entries.delete(v);
  }

  private reindex(resource: string, key: string, previous: KubeObject | undefined, next: KubeObject | undefined): void {
    const indexes = this.indexesOf.get(resource);
    if (!indexes) return;
    for (const index of indexes) {
      if (previous && next) {
        const before = index.fn(previous);
        const after = index.fn(next);
        // Most writes keep the indexed value (a status update keeps owner and node). The entry still
        // moves to the end, as a remove and add would: listers' order (and tie-breaks over it) stays the same.
        if (before === after) {
          const m = before === undefined ? undefined : index.entries.get(before);
          if (m) {
            m.delete(key);
            m.set(key, next);
          } else if (before !== undefined) this.indexAdd(index, key, next);
          continue;
        }
      }
      if (previous) this.indexRemove(index, key, previous);
      if (next) this.indexAdd(index, key, next);
    }
  }

  resources(): string[] {
    return [...this.tables.keys()];
  }

  /** Next revision, for the caller to stamp into the object before `put`. */
  nextRevision(): number {
    return this.revision + 1;
  }

  put(resource: string, key: string, obj: KubeObject): StoredEvent {
    let table = this.tables.get(resource);
    if (!table) this.tables.set(resource, (table = new Map<string, KubeObject>()));
    const previous = table.get(key);
    this.revision = Number(obj.metadata.resourceVersion);
    table.set(key, freeze(obj));
    this.reindex(resource, key, previous, obj);
    return this.record({ type: previous ? 'MODIFIED' : 'ADDED', resource, object: obj, previous, revision: this.revision });
  }

  remove(resource: string, key: string, finalState: KubeObject): StoredEvent | undefined {
    const table = this.tables.get(resource);
    const previous = table?.get(key);
    if (!table || !previous) return undefined;
    table.delete(key);
    this.reindex(resource, key, previous, undefined);
    this.revision = Number(finalState.metadata.resourceVersion);
    return this.record({ type: 'DELETED', resource, object: freeze(finalState), previous, revision: this.revision });
  }

  /** Events after `revision`, or undefined when the log no longer reaches back that far. */
  eventsSince(revision: number): StoredEvent[] | undefined {
    if (revision < this.logStart - 1) return undefined;
    return this.log.filter((e) => e.revision > revision);
  }

  /**
   * Listen to every change, or only to one resource's changes, or only to pods
   * bound to (or leaving) one node — as the apiserver's watch cache indexes the
   * kubelets' `spec.nodeName=<node>` watches, so thousands of nodes cost nothing per write.
   */
  subscribe(fn: (e: StoredEvent) => void, filter: { resource?: string; podNode?: string } = {}): () => void {
    if (filter.podNode !== undefined) return addTo(this.byNode, filter.podNode, fn);
    if (filter.resource !== undefined) return addTo(this.byResource, filter.resource, fn);
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private record(e: StoredEvent): StoredEvent {
    this.log.push(e);
    // Trim in chunks: splicing the head on every write would make each write O(log size).
    if (this.log.length > this.logLimit + (this.logLimit >> 2)) {
      this.log.splice(0, this.log.length - this.logLimit);
      this.logStart = this.log[0].revision;
    }
    for (const fn of this.listeners) fn(e);
    const own = this.byResource.get(e.resource);
    if (own) for (const fn of own) fn(e);
    if (e.resource === '/pods' && this.byNode.size > 0) {
      const now = podNode(e.object);
      const before = e.previous ? podNode(e.previous) : undefined;
      if (now) this.byNode.get(now)?.forEach((fn) => fn(e));
      if (before && before !== now) this.byNode.get(before)?.forEach((fn) => fn(e));
    }
    return e;
  }
}

function addTo(m: Map<string, Set<(e: StoredEvent) => void>>, key: string, fn: (e: StoredEvent) => void): () => void {
  let set = m.get(key);
  if (!set) m.set(key, (set = new Set()));
  set.add(fn);
  return () => {
    set.delete(fn);
    if (set.size === 0) m.delete(key);
  };
}

function podNode(pod: KubeObject): string | undefined {
  const spec = pod.spec as { nodeName?: unknown } | undefined;
  return typeof spec?.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
}

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

/**
 * Deep-freeze: objects handed out by the store must never be mutated in place.
 * Strings are flattened on the way: a message or name built by concatenation is
 * a rope of heap nodes until something reads it flat, and stored objects live long.
 */
export function freeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    if (Array.isArray(v)) {
      Object.freeze(v);
      // Indexed: a for-of here allocates an iterator per frozen array, on every stored write.
      const a = v as unknown[];
      for (let i = 0; i < a.length; i++) freezeValue(a[i]);
    } else {
      const o = v as Record<string, unknown>;
      for (const k in o) {
        let child = o[k];
        // An array grown by push keeps room for 17 elements, and a stored one never grows again:
        // an exact copy saves about 110 bytes per list (conditions, mounts, statuses) a pod keeps.
        if (Array.isArray(child) && child.length < 16 && !Object.isFrozen(child)) o[k] = child = child.slice();
        freezeValue(child);
      }
      Object.freeze(o);
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
  /** value → (object uid → object) */
  entries: Map<string, Map<string, KubeObject>>;
}

/**
 * One resource's objects, by namespace ('' when cluster-scoped), then name.
 * Two levels rather than `namespace/name` keys: a lookup hashes the caller's own
 * name string (whose hash V8 keeps) instead of a freshly joined one, no key string
 * is kept per object, and a namespace's objects list without scanning the rest.
 */
class Table {
  readonly namespaces = new Map<string, Map<string, KubeObject>>();
  size = 0;

  get(namespace: string, name: string): KubeObject | undefined {
    return this.namespaces.get(namespace)?.get(name);
  }

  set(namespace: string, name: string, obj: KubeObject): KubeObject | undefined {
    let names = this.namespaces.get(namespace);
    if (!names) this.namespaces.set(namespace, (names = new Map<string, KubeObject>()));
    const previous = names.get(name);
    names.set(name, obj);
    if (!previous) this.size++;
    return previous;
  }

  delete(namespace: string, name: string): KubeObject | undefined {
    const names = this.namespaces.get(namespace);
    const previous = names?.get(name);
    if (!names || !previous) return undefined;
    names.delete(name);
    if (names.size === 0) this.namespaces.delete(namespace);
    this.size--;
    return previous;
  }
}

function namespaceOf(obj: KubeObject): string {
  return obj.metadata.namespace ?? '';
}

export class Store {
  private revision = 0;
  private indexes = new Map<string, Index>();
  /** The same indexes by resource: every write reindexes only its own resource's. */
  private indexesOf = new Map<string, Index[]>();
  private tables = new Map<string, Table>();
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

  /** An object by namespace (undefined or '' when cluster-scoped) and name. */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.tables.get(resource)?.get(namespace ?? '', name);
  }

  list(resource: string, namespace?: string): KubeObject[] {
    const table = this.tables.get(resource);
    if (!table) return [];
    if (namespace) {
      const names = table.namespaces.get(namespace);
      return names ? [...names.values()] : [];
    }
    const out: KubeObject[] = [];
    for (const names of table.namespaces.values()) for (const obj of names.values()) out.push(obj);
    return out;
  }

  /** Whether a resource holds any object (in a namespace), without building a list. */
  hasAny(resource: string, namespace?: string): boolean {
    const table = this.tables.get(resource);
    if (!table) return false;
    return namespace ? table.namespaces.has(namespace) : table.size > 0;
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
    for (const obj of this.list(resource)) this.indexAdd(index, obj);
  }

  byIndex(name: string, value: string): KubeObject[] {
    const entries = this.indexes.get(name)?.entries.get(value);
    return entries ? [...entries.values()] : [];
  }

  // Index entries are keyed by uid: a string every stored object already holds, unique for its lifetime.
  private indexAdd(index: Index, obj: KubeObject): void {
    const v = index.fn(obj);
    if (v === undefined) return;
    let m = index.entries.get(v);
    if (!m) index.entries.set(v, (m = new Map<string, KubeObject>()));
    m.set(obj.metadata.uid ?? '', obj);
  }

  private indexRemove(index: Index, obj: KubeObject): void {
    const v = index.fn(obj);
    if (v === undefined) return;
    const m = index.entries.get(v);
    if (!m) return;
    m.delete(obj.metadata.uid ?? '');
    if (m.size === 0) index.entries.delete(v);
  }

  private reindex(resource: string, previous: KubeObject | undefined, next: KubeObject | undefined): void {
    const indexes = this.indexesOf.get(resource);
    if (!indexes) return;
    for (const index of indexes) {
      if (previous && next && previous.metadata.uid === next.metadata.uid) {
        const before = index.fn(previous);
        const after = index.fn(next);
        // Most writes keep the indexed value (a status update keeps owner and node). The entry still
        // moves to the end, as a remove and add would: listers' order (and tie-breaks over it) stays the same.
        if (before === after) {
          const m = before === undefined ? undefined : index.entries.get(before);
          if (m) {
            const uid = next.metadata.uid ?? '';
            m.delete(uid);
            m.set(uid, next);
          } else if (before !== undefined) this.indexAdd(index, next);
          continue;
        }
      }
      if (previous) this.indexRemove(index, previous);
      if (next) this.indexAdd(index, next);
    }
  }

  resources(): string[] {
    return [...this.tables.keys()];
  }

  /** Next revision, for the caller to stamp into the object before `put`. */
  nextRevision(): number {
    return this.revision + 1;
  }

  put(resource: string, obj: KubeObject): StoredEvent {
    let table = this.tables.get(resource);
    if (!table) this.tables.set(resource, (table = new Table()));
    this.revision = Number(obj.metadata.resourceVersion);
    const previous = table.set(namespaceOf(obj), obj.metadata.name ?? '', freeze(obj));
    this.reindex(resource, previous, obj);
    return this.record({ type: previous ? 'MODIFIED' : 'ADDED', resource, object: obj, previous, revision: this.revision });
  }

  /** Deletes the object `finalState` names, recording `finalState` as its last revision. */
  remove(resource: string, finalState: KubeObject): StoredEvent | undefined {
    const previous = this.tables.get(resource)?.delete(namespaceOf(finalState), finalState.metadata.name ?? '');
    if (!previous) return undefined;
    this.reindex(resource, previous, undefined);
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

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

/** Deep-freeze: objects handed out by the store must never be mutated in place. */
export function freeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v as object)) freeze(child);
  }
  return v;
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
  private tables = new Map<string, Map<string, KubeObject>>();
  private log: StoredEvent[] = [];
  private logStart = 1;
  private listeners = new Set<(e: StoredEvent) => void>();

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

  /**
   * A secondary index, like a client-go Indexer: objects of one resource by a
   * derived value (owner uid, node name). Controllers use it instead of listing.
   */
  addIndex(name: string, resource: string, fn: IndexFunc): void {
    const index: Index = { resource, fn, entries: new Map() };
    this.indexes.set(name, index);
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
    for (const index of this.indexes.values()) {
      if (index.resource !== resource) continue;
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

  subscribe(fn: (e: StoredEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private record(e: StoredEvent): StoredEvent {
    this.log.push(e);
    if (this.log.length > this.logLimit) {
      const drop = this.log.length - this.logLimit;
      this.log.splice(0, drop);
      this.logStart = this.log[0].revision;
    }
    for (const fn of this.listeners) fn(e);
    return e;
  }
}

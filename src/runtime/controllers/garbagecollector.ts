// The garbage collector (pkg/controller/garbagecollector). ownerReferences make
// a graph; when an owner goes, dependents whose owners are all gone are deleted
// (background cascading), and references to missing owners are dropped from
// dependents that still have a live owner. An owner deleted with
// propagationPolicy=Foreground keeps the `foregroundDeletion` finalizer until
// its blocking dependents are gone; one deleted with Orphan keeps `orphan`
// until its dependents no longer point at it.
import { storeResource, type ApiServer, type DeleteOptions, type Watch, type WatchEvent } from '../api/apiserver';
import type { ResourceType } from '../api/resources';
import type { KubeObject, OwnerReference } from '../api/types';
import type { Clock } from '../clock';
import { Controller, namespacedKey, splitKey } from './controller';

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

interface Item {
  resource: string;
  obj: KubeObject;
}

/** Where a dependent with a non-controller owner reference lives. */
interface DependentRef {
  resource: string;
  namespace: string | undefined;
  name: string;
}

export class GarbageCollector extends Controller {
  readonly name = 'garbage-collector-controller';
  /** Resources that have held objects with ownerReferences: the only places dependents can be. */
  private readonly ownedResources = new Set<string>();
  /** Non-controller references (controller ones are in the apiserver's owner index): owner uid → dependent uid → where. */
  private readonly extraOwners = new Map<string, Map<string, DependentRef>>();
  private readonly types = new Map<string, Map<string, ResourceType>>();
  private watcher?: Watch;

  constructor(api: ApiServer, clock: Clock) {
    super(api, clock);
  }

  start(): this {
    // Only owned, deleting or deleted objects can change the graph (an Event, the bulk of all writes, never does).
    this.watcher = this.api.watch('*', { accept: (o, type) => type === 'DELETED' || !!o.metadata.deletionTimestamp || (o.metadata.ownerReferences?.length ?? 0) > 0 }, (e) => this.onEvent(e));
    for (const resource of this.api.store.resources()) {
      for (const obj of this.api.store.list(resource)) this.onEvent({ type: 'ADDED', object: obj });
    }
    return this;
  }

  override stop(): void {
    super.stop();
    this.watcher?.stop();
  }

  // ---- the graph ---------------------------------------------------------------

  private onEvent(e: WatchEvent): void {
    if (e.type === 'ERROR') return;
    const obj = e.object;
    const t = this.typeFor(obj.apiVersion, obj.kind);
    if (!t) return;
    const resource = storeResource(t);
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length) this.recordOwners(resource, obj, refs, e.type === 'DELETED');
    if (e.type === 'DELETED') {
      this.onDeleted(obj, refs);
      return;
    }
    const finalizers = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp) {
      if (finalizers.includes(ORPHAN)) this.enqueue(graphKey(resource, obj));
      if (finalizers.includes(FOREGROUND)) {
        this.enqueue(graphKey(resource, obj));
        for (const dep of this.dependents(obj.metadata.uid ?? '')) this.enqueue(itemKey(dep));
      }
      return;
    }
    // Every owned object's every write passes here: no key, closure or iterator unless something needs doing.
    for (let i = 0; i < refs.length; i++) {
      if (this.ownerNeedsAttention(refs[i], obj)) {
        this.enqueue(graphKey(resource, obj));
        return;
      }
    }
  }

  private recordOwners(resource: string, obj: KubeObject, refs: OwnerReference[], deleted: boolean): void {
    this.ownedResources.add(resource);
    const uid = obj.metadata.uid ?? '';
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      if (r.controller === true) continue;
      let deps = this.extraOwners.get(r.uid);
      if (deleted) {
        deps?.delete(uid);
        if (deps?.size === 0) this.extraOwners.delete(r.uid);
        continue;
      }
      if (!deps) this.extraOwners.set(r.uid, (deps = new Map<string, DependentRef>()));
      deps.set(uid, { resource, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' });
    }
  }

  /** A deletion may orphan dependents, and may be what an owner in foreground deletion waits for. */
  private onDeleted(obj: KubeObject, refs: OwnerReference[]): void {
    const uid = obj.metadata.uid ?? '';
    for (const dep of this.dependents(uid)) this.enqueue(itemKey(dep));
    this.extraOwners.delete(uid);
    for (const r of refs) {
      const owner = this.owner(r, obj);
      if (owner && owner.obj.metadata.deletionTimestamp && (owner.obj.metadata.finalizers ?? []).includes(FOREGROUND)) this.enqueue(itemKey(owner));
    }
  }

  private ownerNeedsAttention(ref: OwnerReference, dependent: KubeObject): boolean {
    const t = this.typeFor(ref.apiVersion, ref.kind);
    if (!t) return false;
    const owner = this.ownerObject(t, ref, dependent);
    return !owner || (!!owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND));
  }

  /**
   * The owner a reference points at: undefined when it is gone (or a different
   * object now has its name), null when its kind is unknown, so nothing is decided.
   */
  private owner(ref: OwnerReference, dependent: KubeObject): Item | undefined | null {
    const t = this.typeFor(ref.apiVersion, ref.kind);
    if (!t) return null;
    const obj = this.ownerObject(t, ref, dependent);
    return obj ? { resource: storeResource(t), obj } : undefined;
  }

  private ownerObject(t: ResourceType, ref: OwnerReference, dependent: KubeObject): KubeObject | undefined {
    if (t.namespaced && !dependent.metadata.namespace) return undefined;
    const obj = this.api.store.get(storeResource(t), t.namespaced ? dependent.metadata.namespace : undefined, ref.name);
    return obj && obj.metadata.uid === ref.uid ? obj : undefined;
  }

  private dependents(uid: string): Item[] {
    const out: Item[] = [];
    for (const resource of this.ownedResources) {
      for (const obj of this.api.ownedBy(typeName(resource), uid)) out.push({ resource, obj });
    }
    for (const [depUid, where] of this.extraOwners.get(uid) ?? []) {
      const obj = this.api.store.get(where.resource, where.namespace, where.name);
      if (obj && obj.metadata.uid === depUid && (obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.controller !== true)) {
        out.push({ resource: where.resource, obj });
      }
    }
    return out;
  }

  private typeFor(apiVersion: string, kind: string): ResourceType | undefined {
    // By version, then kind: called for every write of every owned object and its owners, so no joined key.
    let kinds = this.types.get(apiVersion);
    if (!kinds) this.types.set(apiVersion, (kinds = new Map<string, ResourceType>()));
    let t = kinds.get(kind);
    if (!t) {
      t = this.api.registry.byGVK(apiVersion, kind);
      if (t && !t.virtual) kinds.set(kind, t);
    }
    return t?.virtual ? undefined : t;
  }

  // ---- reconcile ---------------------------------------------------------------

  protected reconcile(key: string): void {
    const bar = key.indexOf('|');
    const resource = key.slice(0, bar);
    const { namespace, name } = splitKey(key.slice(bar + 1));
    const obj = this.api.store.get(resource, namespace, name);
    if (!obj) return;
    const item = { resource, obj };
    if (!obj.metadata.deletionTimestamp) {
      this.attemptToDelete(item);
      return;
    }
    const finalizers = obj.metadata.finalizers ?? [];
    if (finalizers.includes(ORPHAN)) this.orphanDependents(item);
    else if (finalizers.includes(FOREGROUND)) this.processDeletingDependents(item);
    // Otherwise it is on its one-way trip to deletion; its dependents are handled when it is gone.
  }

  /** attemptToDeleteItem: classify owners as solid, dangling or waiting for dependents, and act. */
  private attemptToDelete(item: Item): void {
    const refs = item.obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const solid: OwnerReference[] = [];
    const drop: OwnerReference[] = [];
    let waiting = false;
    for (const ref of refs) {
      const owner = this.owner(ref, item.obj);
      if (owner === null) solid.push(ref);
      else if (!owner) drop.push(ref);
      else if (owner.obj.metadata.deletionTimestamp && (owner.obj.metadata.finalizers ?? []).includes(FOREGROUND)) {
        waiting = true;
        drop.push(ref);
      } else solid.push(ref);
    }
    if (solid.length) {
      if (drop.length) this.setOwnerReferences(item, refs.filter((r) => !drop.includes(r)));
      return;
    }
    const uid = item.obj.metadata.uid ?? '';
    if (waiting && this.dependents(uid).length) {
      // A dependent of this item also deleting in the foreground could wait on us forever: stop blocking owners first.
      if (this.dependents(uid).some((d) => isDeletingDependents(d.obj))) {
        this.setOwnerReferences(item, refs.map((r) => ({ ...r, blockOwnerDeletion: false })));
      }
      this.deleteItem(item, 'Foreground');
      return;
    }
    const finalizers = item.obj.metadata.finalizers ?? [];
    this.deleteItem(item, finalizers.includes(ORPHAN) ? 'Orphan' : finalizers.includes(FOREGROUND) ? 'Foreground' : 'Background');
  }

  /** An owner in foreground deletion goes once no dependent with blockOwnerDeletion is left. */
  private processDeletingDependents(item: Item): void {
    const uid = item.obj.metadata.uid ?? '';
    const blocking = this.dependents(uid).filter((d) => (d.obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion === true));
    if (blocking.length === 0) {
      this.removeFinalizer(item, FOREGROUND);
      return;
    }
    for (const dep of blocking) if (!isDeletingDependents(dep.obj)) this.enqueue(itemKey(dep));
  }

  private orphanDependents(item: Item): void {
    const uid = item.obj.metadata.uid ?? '';
    for (const dep of this.dependents(uid)) {
      this.setOwnerReferences(dep, (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid));
    }
    this.removeFinalizer(item, ORPHAN);
  }

  // ---- writes ------------------------------------------------------------------

  private setOwnerReferences(item: Item, refs: OwnerReference[]): void {
    const current = this.api.store.get(item.resource, item.obj.metadata.namespace, item.obj.metadata.name ?? '');
    if (!current || current.metadata.uid !== item.obj.metadata.uid) return;
    const { ownerReferences: _old, ...rest } = current.metadata;
    const metadata = refs.length ? { ...rest, ownerReferences: refs } : rest;
    this.api.update({ ...current, metadata }, { trusted: true });
  }

  private removeFinalizer(item: Item, finalizer: string): void {
    const current = this.api.store.get(item.resource, item.obj.metadata.namespace, item.obj.metadata.name ?? '');
    if (!current || current.metadata.uid !== item.obj.metadata.uid) return;
    const finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    const { finalizers: _old, ...rest } = current.metadata;
    const metadata = finalizers.length ? { ...rest, finalizers } : rest;
    this.api.update({ ...current, metadata }, { trusted: true });
  }

  private deleteItem(item: Item, propagationPolicy: NonNullable<DeleteOptions['propagationPolicy']>): void {
    try {
      this.api.delete(typeName(item.resource), item.obj.metadata.name ?? '', {
        namespace: item.obj.metadata.namespace,
        propagationPolicy,
        preconditions: { uid: item.obj.metadata.uid },
      });
    } catch (e) {
      // Gone already, or replaced by a new object of the same name: nothing left to collect.
      if (e instanceof Error && 'reason' in e && (e.reason === 'NotFound' || e.reason === 'Conflict')) return;
      throw e;
    }
  }
}

function isDeletingDependents(obj: KubeObject): boolean {
  return !!obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(FOREGROUND);
}

function itemKey(item: Item): string {
  return graphKey(item.resource, item.obj);
}

function graphKey(resource: string, obj: KubeObject): string {
  return `${resource}|${namespacedKey(obj)}`;
}

/** `apps/replicasets` → `replicasets.apps`, `/pods` → `pods`: the name api.resolve() accepts. */
function typeName(resource: string): string {
  const slash = resource.indexOf('/');
  const group = resource.slice(0, slash);
  const plural = resource.slice(slash + 1);
  return group ? `${plural}.${group}` : plural;
}

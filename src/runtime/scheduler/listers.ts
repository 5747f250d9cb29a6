// The informer listers the plugins read besides nodes and pods: claims,
// volumes and classes for VolumeBinding; Services and workload owners for the
// default spreading selector; PDBs for preemption; namespace labels for
// affinity namespace selectors. Reads go straight to the store (no sorting,
// no copies); Services are indexed by namespace from their own watch.
import type { ApiServer, Watch } from '../api/apiserver';
import { fromLabelSelector, fromMap, type Requirement, type Selector } from '../api/selectors';
import { isObject, type KubeObject, type OwnerReference } from '../api/types';
import type { PodInfo } from './podinfo';
import type { VolumeLister } from './plugins/volumebinding';

/** group/Kind of a controlling owner → its table in the store. */
const OWNER_TABLES: Record<string, string> = {
  'apps/ReplicaSet': 'apps/replicasets',
  'apps/StatefulSet': 'apps/statefulsets',
  '/ReplicationController': '/replicationcontrollers',
};
const RC_TABLE = '/replicationcontrollers';

export class Listers implements VolumeLister {
  private readonly services = new Map<string, Map<string, Record<string, string>>>();
  private watch: Watch | undefined;
  private readonly parsedSelectors = new WeakMap<object, Selector>();
  /** The last merged default selector and what it was built from (Service selectors are replaced, not changed, on update). */
  private lastMerged: { services: Record<string, string>[]; owner: Selector | undefined; reqs: Selector | undefined } | undefined;

  constructor(private readonly api: ApiServer) {}

  start(): void {
    for (const svc of this.api.store.list('/services')) this.trackService(svc, false);
    this.watch = this.api.watch('services', {}, (e) => this.trackService(e.object, e.type === 'DELETED'));
  }

  stop(): void {
    this.watch?.stop();
  }

  private trackService(svc: KubeObject, deleted: boolean): void {
    const ns = svc.metadata.namespace ?? 'default';
    const name = svc.metadata.name ?? '';
    let m = this.services.get(ns);
    if (!m) this.services.set(ns, (m = new Map<string, Record<string, string>>()));
    const sel = isObject(svc.spec) && isObject(svc.spec.selector) ? (svc.spec.selector as Record<string, string>) : undefined;
    if (deleted || !sel || Object.keys(sel).length === 0) m.delete(name);
    else m.set(name, sel);
  }

  pvc(namespace: string, name: string): KubeObject | undefined {
    return this.api.tryGet('persistentvolumeclaims', name, namespace);
  }

  pv(name: string): KubeObject | undefined {
    return name ? this.api.tryGet('persistentvolumes', name) : undefined;
  }

  storageClass(name: string): KubeObject | undefined {
    return name ? this.api.tryGet('storageclasses', name) : undefined;
  }

  pvs(): Iterable<KubeObject> {
    return this.api.store.list('/persistentvolumes');
  }

  pdbs(): KubeObject[] {
    return this.api.store.list('policy/poddisruptionbudgets');
  }

  namespaceLabels(ns: string): Record<string, string> | undefined {
    return this.api.tryGet('namespaces', ns)?.metadata.labels;
  }

  /**
   * helper.DefaultSelector: the merged selectors of the Services that select
   * the pod, plus its controlling ReplicaSet/StatefulSet/RC selector.
   */
  defaultSelector(pod: PodInfo): Selector | undefined {
    const services = this.services.get(pod.namespace);
    if (!services || services.size === 0) {
      const owner = this.ownerSelector(pod);
      return owner && owner.length > 0 ? owner : undefined;
    }
    const matched: Record<string, string>[] = [];
    for (const sel of services.values()) {
      if (Object.entries(sel).every(([k, v]) => pod.labels[k] === v)) matched.push(sel);
    }
    const ownerReqs = this.ownerSelector(pod);
    // No Service selects the pod: the owner's parsed selector itself, shared (callers only read it).
    if (matched.every((sel) => Object.keys(sel).length === 0)) return ownerReqs && ownerReqs.length > 0 ? ownerReqs : undefined;
    // The pods of a workload ask in a row with the same inputs: the same selector object serves them all.
    const last = this.lastMerged;
    if (last && last.owner === ownerReqs && last.services.length === matched.length && last.services.every((s, i) => s === matched[i])) return last.reqs;
    const merged: Record<string, string> = {};
    for (const sel of matched) Object.assign(merged, sel);
    const reqs: Requirement[] = [...fromMap(merged), ...(ownerReqs ?? [])];
    const out = reqs.length > 0 ? reqs : undefined;
    this.lastMerged = { services: matched, owner: ownerReqs, reqs: out };
    return out;
  }

  private ownerSelector(pod: PodInfo): Selector | undefined {
    const owner = controllerOf(pod.pod.metadata.ownerReferences);
    if (!owner) return undefined;
    const table = ownerTable(owner.apiVersion, owner.kind);
    if (!table) return undefined;
    // Straight from the store (as the pod lister reads pods): the type is known, no REST mapping needed.
    const obj = this.api.store.get(table, pod.namespace, owner.name);
    const sel = obj && isObject(obj.spec) ? obj.spec.selector : undefined;
    if (!isObject(sel)) return undefined;
    // Stored objects are frozen and replaced on change, so the parsed selector is cached by identity.
    let reqs = this.parsedSelectors.get(sel);
    if (!reqs) this.parsedSelectors.set(sel, (reqs = table === RC_TABLE ? fromMap(sel) : fromLabelSelector(sel)));
    return reqs;
  }
}

/** apiVersion → kind → table ('' when the kind has no selector to spread over), without building a key per pod. */
const ownerTables = new Map<string, Map<string, string>>();

function ownerTable(apiVersion: string, kind: string): string {
  let byKind = ownerTables.get(apiVersion);
  if (!byKind) ownerTables.set(apiVersion, (byKind = new Map<string, string>()));
  let table = byKind.get(kind);
  if (table === undefined) {
    const slash = apiVersion.lastIndexOf('/');
    const key = `${slash < 0 ? '' : apiVersion.slice(0, slash)}/${kind}`;
    table = Object.hasOwn(OWNER_TABLES, key) ? OWNER_TABLES[key] : '';
    // Owner references come from stored objects: the distinct versions and kinds are few.
    if (byKind.size < 64) byKind.set(kind, table);
  }
  return table;
}

function controllerOf(refs: readonly OwnerReference[] | undefined): OwnerReference | undefined {
  if (refs) for (const r of refs) if (r.controller) return r;
  return undefined;
}

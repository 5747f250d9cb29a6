// The kube-apiserver analogue. Every writer — kubectl, controllers, scheduler,
// kubelet, the UI — goes through these verbs. A request runs the real pipeline:
// decode (types, unknown fields) → defaulting → mutating admission →
// validation → validating admission → storage → watch event.
import type { Clock } from '../clock';
import { parseRFC3339, toRFC3339 } from '../clock';
import { applyDefaults } from './defaults/index';
import {
  alreadyExists,
  badRequest,
  conflict,
  invalidObject,
  notFound,
  required,
  StatusError,
  type FieldError,
} from './errors';
import { deepEqual, jsonMergePatch, jsonPatch, strategicMergePatch } from './patch';
import { qualifiedResource, ResourceRegistry, splitApiVersion, type ResourceType } from './resources';
import { decode } from './schema';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type Selector,
} from './selectors';
import { Store, type StoredEvent, type WatchEventType } from './store';
import { bumpsGeneration, hasStatusSubresource, keepsAnnotationsOnStatus, prepareForCreate, prepareForUpdate, tracksGeneration } from './strategy';
import { asArray, cloneThawed, deepClone, isObject, type KubeObject } from './types';
import { validateCreate, validateUpdate } from './validation/index';
import { evictPod, type EvictionOptions } from './eviction';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  /** Namespace of the request (kubectl's -n); defaults to the object's, then `default`. */
  namespace?: string;
  /** kubectl sends Strict; the server's own default is Warn. */
  fieldValidation?: FieldValidation;
  dryRun?: boolean;
  /** Who made the change, for managedFields-like bookkeeping and events. */
  fieldManager?: string;
  /**
   * A request from a cluster component (controller, scheduler, kubelet) that
   * builds typed objects itself: the schema decode step is skipped. Defaulting,
   * admission and validation still run.
   */
  trusted?: boolean;
  /**
   * The caller hands its request body over and never touches it again (the
   * kubelet's status updates): a status write stores the status as given
   * instead of copying it, the way the recorder hands over its Events.
   */
  handoff?: boolean;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string | Selector;
  fieldSelector?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export interface DeleteOptions {
  namespace?: string;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type PatchType = 'merge' | 'strategic' | 'json';

export interface WatchEvent {
  type: WatchEventType | 'ERROR';
  object: KubeObject;
}

export interface WatchOptions extends ListOptions {
  /** Start after this resourceVersion; omitted = from now on. */
  resourceVersion?: string;
  /**
   * A filter the watch applies when the change is written, like a field
   * selector: the runtime's own loops use it so a change they would ignore
   * (an Event, for a loop that only cares about owned objects) costs them nothing.
   */
  accept?: (object: KubeObject, type: WatchEventType) => boolean;
}

export interface Watch {
  stop(): void;
}

export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  type: ResourceType;
  object: KubeObject;
  old?: KubeObject;
  namespace: string;
  name: string;
  api: ApiServer;
  dryRun: boolean;
  subresource?: string;
}

export interface AdmissionPlugin {
  name: string;
  /** Mutating phase: may change attrs.object; throws StatusError to refuse. */
  admit?(attrs: AdmissionAttributes): void;
  /** Validating phase: throws StatusError to refuse. */
  validate?(attrs: AdmissionAttributes): void;
}

/** Called after defaulting and before validation, to fill server-allocated fields (cluster IPs …). */
export interface Allocator {
  allocate(attrs: AdmissionAttributes): FieldError[];
  release(type: ResourceType, obj: KubeObject): void;
}

const MAX_REQUEST_BYTES = 3 * 1024 * 1024;
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
const UUID_CODES = new Array<number>(36).fill(0);

export class ApiServer {
  readonly registry = new ResourceRegistry();
  readonly store: Store;
  private admission: AdmissionPlugin[] = [];
  private allocators: Allocator[] = [];

  private indexed = new Set<string>();
  private eventType?: ResourceType;

  constructor(readonly clock: Clock, store?: Store) {
    this.store = store ?? new Store();
    this.store.addIndex('pods:nodeName', '/pods', (o) => {
      const n = isObject(o.spec) ? o.spec.nodeName : undefined;
      return typeof n === 'string' && n !== '' ? n : undefined;
    });
  }

  useAdmission(...plugins: AdmissionPlugin[]): void {
    this.admission.push(...plugins);
  }

  useAllocator(a: Allocator): void {
    this.allocators.push(a);
  }

  /** Resolve a resource name the way the REST mapper does: `po`, `pods`, `deploy`, `Deployment`. */
  resolve(typeName: string): ResourceType {
    const t = this.registry.resolve(typeName) ?? this.registry.all().find((r) => r.kind.toLowerCase() === typeName.toLowerCase());
    if (!t) throw new StatusError('NotFound', `the server doesn't have a resource type "${typeName}"`);
    return t;
  }

  typeOf(obj: { apiVersion?: unknown; kind?: unknown }): ResourceType {
    const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
    const kind = typeof obj.kind === 'string' ? obj.kind : '';
    const t = this.registry.byGVK(apiVersion, kind);
    if (!t) throw new StatusError('NotFound', `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`);
    return t;
  }

  // ---- reads --------------------------------------------------------------

  get(typeName: string, name: string, namespace?: string): KubeObject {
    const t = this.resolve(typeName);
    const obj = this.store.get(storeResource(t), t.namespaced ? namespace ?? 'default' : undefined, name);
    if (!obj) throw notFound(qualifiedResource(t), name);
    return obj;
  }

  tryGet(typeName: string, name: string, namespace?: string): KubeObject | undefined {
    const t = this.resolve(typeName);
    return this.store.get(storeResource(t), t.namespaced ? namespace ?? 'default' : undefined, name);
  }

  list(typeName: string, opts: ListOptions = {}): ListResult {
    const t = this.resolve(typeName);
    const match = this.matcher(t, opts);
    const items = this.store
      .list(storeResource(t), t.namespaced ? opts.namespace : undefined)
      .filter(match)
      .sort(byNamespaceAndName);
    return { items, resourceVersion: String(this.store.currentRevision()) };
  }

  private matcher(t: ResourceType, opts: ListOptions): (o: KubeObject) => boolean {
    const labels = typeof opts.labelSelector === 'string' ? parseLabelSelector(opts.labelSelector) : opts.labelSelector ?? [];
    const fields: FieldRequirement[] = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector, t.kind) : [];
    const ns = t.namespaced ? opts.namespace : undefined;
    return (o) => (!ns || o.metadata.namespace === ns) && matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o);
  }

  /**
   * Watch a resource type (or '*' for everything). Events are delivered in
   * revision order, asynchronously at the current simulated instant.
   */
  watch(typeName: string, opts: WatchOptions, handler: (e: WatchEvent) => void): Watch {
    const all = typeName === '*';
    const t = all ? undefined : this.resolve(typeName);
    const resource = t ? storeResource(t) : undefined;
    const match = t && selects(t, opts) ? this.matcher(t, opts) : undefined;
    const accept = opts.accept;
    let stopped = false;
    const run = (ev: WatchEvent): void => {
      if (!stopped) handler(ev);
    };
    const deliver = (e: StoredEvent): void => {
      if (stopped || (resource && e.resource !== resource)) return;
      if (!match) {
        // Every watcher without a selector sees the change as stored: they share the stored event.
        if (!accept || accept(e.object, e.type)) this.clock.enqueueCall(run, e);
        return;
      }
      const now = match(e.object);
      const before = e.previous ? match(e.previous) : false;
      let type: WatchEventType | undefined;
      if (e.type === 'ADDED') type = now ? 'ADDED' : undefined;
      else if (e.type === 'DELETED') type = now || before ? 'DELETED' : undefined;
      else if (now && before) type = 'MODIFIED';
      else if (now) type = 'ADDED';
      else if (before) type = 'DELETED';
      if (type && (!accept || accept(e.object, type))) this.clock.enqueueCall(run, { type, object: e.object });
    };
    if (opts.resourceVersion !== undefined && opts.resourceVersion !== '' && opts.resourceVersion !== '0') {
      const since = Number(opts.resourceVersion);
      const past = Number.isFinite(since) ? this.store.eventsSince(since) : undefined;
      if (!past) {
        const gone = new StatusError('BadRequest', `too old resource version: ${opts.resourceVersion} (${this.store.oldestRevision()})`);
        this.clock.enqueue(() => handler({ type: 'ERROR', object: statusObject(gone, 410, 'Expired') }));
        return { stop: () => (stopped = true) };
      }
      past.forEach(deliver);
    }
    const unsubscribe = this.store.subscribe(deliver, resource ? { resource, podNode: podNodeWatch(resource, opts.fieldSelector) } : {});
    return {
      stop: () => {
        stopped = true;
        unsubscribe();
      },
    };
  }

  // ---- writes -------------------------------------------------------------

  create(input: unknown, opts: WriteOptions = {}): KubeObject {
    return this.createWithWarnings(input, opts).object;
  }

  createWithWarnings(input: unknown, opts: WriteOptions = {}): WriteResult {
    const obj = this.decodeInput(input);
    const t = this.typeOf(obj);
    const warnings = opts.trusted ? [] : this.checkDecode(t, obj, opts.fieldValidation ?? 'Warn');
    const namespace = this.requestNamespace(t, obj, opts.namespace);
    const meta = obj.metadata;
    if (meta.resourceVersion !== undefined && meta.resourceVersion !== '') {
      throw badRequest('resourceVersion should not be set on objects to be created');
    }
    if (!meta.name && !meta.generateName) throw invalidObject(t.kind, '', [required('metadata.name', 'name or generateName is required')]);
    if (hasStatusSubresource(t)) delete obj.status;
    meta.uid = this.uuid();
    meta.creationTimestamp = this.clock.nowRFC3339();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (tracksGeneration(t)) meta.generation = 1;
    else delete meta.generation;
    applyDefaults(obj);
    prepareForCreate(t, obj);
    // Mutating admission runs before the registry generates a name, so its refusals name
    // the generateName prefix (`pods "web-7d4b9c-" is forbidden: …`), as admission.NewForbidden does.
    const attrs: AdmissionAttributes = { operation: 'CREATE', type: t, object: obj, namespace, name: meta.name || meta.generateName || '', api: this, dryRun: !!opts.dryRun };
    for (const p of this.admission) p.admit?.(attrs);
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${this.randomSuffix()}`;
    const name = meta.name ?? '';
    attrs.name = name;
    const errs = validateCreate(obj, { namespaced: t.namespaced });
    if (errs.length) throw invalidObject(t.kind, name, errs);
    if (this.store.get(storeResource(t), t.namespaced ? namespace : undefined, name)) throw alreadyExists(qualifiedResource(t), name);
    for (const p of this.admission) p.validate?.(attrs);
    if (t.virtual) return { object: obj, warnings };
    const allocErrs = this.allocators.flatMap((a) => a.allocate(attrs));
    if (allocErrs.length) throw invalidObject(t.kind, name, allocErrs);
    if (opts.dryRun) return { object: obj, warnings };
    meta.resourceVersion = String(this.store.nextRevision());
    this.store.put(storeResource(t), obj);
    return { object: obj, warnings };
  }

  /**
   * core/v1 Events from the components' recorders. The recorder hands over a
   * fresh, typed object it never touches again, so it is stored without the
   * decode copy; and validation is skipped because it cannot fail for it: the
   * name is `<a stored object's name>.<hex>` (a valid path segment) and the
   * metadata holds nothing else. No defaulter exists for Events. Admission
   * still runs: NamespaceLifecycle and ResourceQuota (count/events) apply.
   */
  createEvent(event: KubeObject): KubeObject {
    const t = (this.eventType ??= this.resolve('events'));
    const meta = event.metadata;
    const namespace = meta.namespace || 'default';
    meta.namespace = namespace;
    const name = meta.name ?? '';
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('%')) return this.create(event, { trusted: true });
    meta.uid = this.uuid();
    meta.creationTimestamp = this.clock.nowRFC3339();
    const attrs: AdmissionAttributes = { operation: 'CREATE', type: t, object: event, namespace, name, api: this, dryRun: false };
    for (const p of this.admission) p.admit?.(attrs);
    const resource = storeResource(t);
    if (this.store.get(resource, namespace, name)) throw alreadyExists(qualifiedResource(t), name);
    for (const p of this.admission) p.validate?.(attrs);
    for (const a of this.allocators) {
      const errs = a.allocate(attrs);
      if (errs.length) throw invalidObject(t.kind, name, errs);
    }
    // The stored metadata is built whole: adding fields one by one to the recorder's two-field literal grows a side array per Event.
    event.metadata = { name, namespace, uid: meta.uid, creationTimestamp: meta.creationTimestamp, resourceVersion: String(this.store.nextRevision()) };
    this.store.put(resource, event);
    return event;
  }

  update(input: unknown, opts: WriteOptions = {}): KubeObject {
    return this.write(input, opts, false).object;
  }

  updateWithWarnings(input: unknown, opts: WriteOptions = {}): WriteResult {
    return this.write(input, opts, false);
  }

  /** The status subresource: only .status changes are kept. */
  updateStatus(input: unknown, opts: WriteOptions = {}): KubeObject {
    return this.write(input, opts, true).object;
  }

  private write(input: unknown, opts: WriteOptions, statusOnly: boolean): WriteResult {
    const obj = statusOnly && opts.handoff && isObject(input) ? this.handedOver(input) : this.decodeInput(input, statusOnly);
    const t = this.typeOf(obj);
    const warnings = statusOnly || opts.trusted ? [] : this.checkDecode(t, obj, opts.fieldValidation ?? 'Warn');
    const namespace = this.requestNamespace(t, obj, opts.namespace);
    const name = obj.metadata.name;
    if (!name) throw badRequest('resource name may not be empty');
    const old = this.store.get(storeResource(t), t.namespaced ? namespace : undefined, name);
    if (!old) throw notFound(qualifiedResource(t), name);
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) {
      throw conflict(qualifiedResource(t), name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    if (obj.metadata.uid !== undefined && obj.metadata.uid !== '' && obj.metadata.uid !== old.metadata.uid) {
      throw conflict(qualifiedResource(t), name, `Precondition failed: UID in precondition: ${String(obj.metadata.uid)}, UID in object meta: ${String(old.metadata.uid)}`);
    }
    let next: KubeObject;
    if (statusOnly) {
      // Stored objects are deep-frozen, so the new revision can share everything but its status.
      next = { ...old, metadata: { ...old.metadata }, status: obj.status };
      if (keepsAnnotationsOnStatus(t)) next.metadata.annotations = obj.metadata.annotations;
      if (next.status === undefined) delete next.status;
    } else {
      next = obj;
      this.keepSystemMeta(next, old);
      if (hasStatusSubresource(t)) next.status = old.status === undefined ? undefined : deepClone(old.status);
      if (next.status === undefined) delete next.status;
      applyDefaults(next);
      prepareForUpdate(t, next, old);
      if (tracksGeneration(t)) next.metadata.generation = (old.metadata.generation ?? 1) + (bumpsGeneration(t, next, old) ? 1 : 0);
    }
    const attrs: AdmissionAttributes = {
      operation: 'UPDATE',
      type: t,
      object: next,
      old,
      namespace,
      name,
      api: this,
      dryRun: !!opts.dryRun,
      subresource: statusOnly ? 'status' : undefined,
    };
    for (const p of this.admission) p.admit?.(attrs);
    if (!statusOnly) {
      const errs = validateUpdate(next, old, { namespaced: t.namespaced });
      if (errs.length) throw invalidObject(t.kind, name, errs);
    }
    for (const p of this.admission) p.validate?.(attrs);
    if (!statusOnly) {
      const allocErrs = this.allocators.flatMap((a) => a.allocate(attrs));
      if (allocErrs.length) throw invalidObject(t.kind, name, allocErrs);
    }
    if (opts.dryRun) return { object: next, warnings };
    // An update that changes nothing is a no-op: no new revision, no event (as etcd3's GuaranteedUpdate).
    if (statusOnly ? unchangedStatus(next, old) : unchanged(next, old)) return { object: old, warnings };
    if (old.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && !this.waitsForGrace(t, old)) {
      return { object: this.removeNow(t, next), warnings };
    }
    next.metadata.resourceVersion = String(this.store.nextRevision());
    this.store.put(storeResource(t), next);
    return { object: next, warnings };
  }

  /**
   * The pods/binding subresource the scheduler posts: sets spec.nodeName and
   * the PodScheduled condition, once.
   */
  bind(namespace: string, name: string, nodeName: string): KubeObject {
    const t = this.resolve('pods');
    const pod = this.store.get(storeResource(t), namespace, name);
    if (!pod) throw notFound('pods', name);
    const spec = isObject(pod.spec) ? pod.spec : {};
    if (pod.metadata.deletionTimestamp) throw conflict('pods', name, `pod ${name} is being deleted, cannot be assigned to a host`);
    if (typeof spec.nodeName === 'string' && spec.nodeName !== '') {
      throw conflict('pods', name, `pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
    }
    const status = isObject(pod.status) ? pod.status : {};
    const conditions = asArray(status.conditions).filter((c) => !(isObject(c) && c.type === 'PodScheduled'));
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.clock.nowRFC3339() });
    const next: KubeObject = {
      ...pod,
      metadata: { ...pod.metadata, resourceVersion: String(this.store.nextRevision()) },
      spec: { ...spec, nodeName },
      status: { ...status, conditions },
    };
    this.store.put(storeResource(t), next);
    return next;
  }

  /** Objects of a type whose controlling ownerReference has this uid (indexed on first use). */
  ownedBy(typeName: string, ownerUid: string): KubeObject[] {
    const t = this.resolve(typeName);
    const resource = storeResource(t);
    const name = `owner:${resource}`;
    if (!this.indexed.has(name)) {
      this.indexed.add(name);
      this.store.addIndex(name, resource, (o) => o.metadata.ownerReferences?.find((r) => r.controller)?.uid);
    }
    return this.store.byIndex(name, ownerUid);
  }

  /** Pods bound to a node (indexed). */
  podsOnNode(nodeName: string): KubeObject[] {
    return this.store.byIndex('pods:nodeName', nodeName);
  }

  /** The pods/eviction subresource: a delete that respects PodDisruptionBudgets (see eviction.ts). */
  evict(namespace: string, name: string, opts: EvictionOptions = {}): KubeObject {
    return evictPod(this, namespace, name, opts);
  }

  patch(typeName: string, name: string, patch: unknown, opts: WriteOptions & { patchType?: PatchType; status?: boolean } = {}): KubeObject {
    const t = this.resolve(typeName);
    const current = this.get(typeName, name, t.namespaced ? opts.namespace ?? 'default' : undefined);
    const type = opts.patchType ?? 'strategic';
    if (type === 'strategic' && !t.model) {
      throw new StatusError('BadRequest', 'strategic merge patch is not supported for custom resources; use --type merge or json');
    }
    const base = deepClone(current);
    let patched: unknown;
    if (type === 'json') patched = jsonPatch(base, patch);
    else if (type === 'merge') patched = jsonMergePatch(base, patch);
    else patched = strategicMergePatch(base, patch);
    if (!isObject(patched)) throw badRequest('the patch produced something that is not an object');
    const merged = patched as KubeObject;
    // A patch is unconditional unless it names a resourceVersion itself.
    const patchMeta = isObject(patch) && isObject(patch.metadata) ? patch.metadata : {};
    if (!('resourceVersion' in patchMeta)) merged.metadata = { ...merged.metadata, resourceVersion: current.metadata.resourceVersion };
    return opts.status ? this.updateStatus(merged, opts) : this.update(merged, opts);
  }

  delete(typeName: string, name: string, opts: DeleteOptions = {}): KubeObject {
    const t = this.resolve(typeName);
    const namespace = t.namespaced ? opts.namespace ?? 'default' : undefined;
    const old = this.store.get(storeResource(t), namespace, name);
    if (!old) throw notFound(qualifiedResource(t), name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw conflict(qualifiedResource(t), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(old.metadata.uid)}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(qualifiedResource(t), name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    const attrs: AdmissionAttributes = { operation: 'DELETE', type: t, object: old, old, namespace: namespace ?? '', name, api: this, dryRun: !!opts.dryRun };
    for (const p of this.admission) p.validate?.(attrs);
    if (opts.dryRun) return old;
    const next = deepClone(old);
    const meta = next.metadata;
    const finalizers = new Set(meta.finalizers ?? []);
    if (opts.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
    if (opts.propagationPolicy === 'Orphan') finalizers.add('orphan');
    const grace = this.gracePeriod(t, old, opts.gracePeriodSeconds);
    if (t.kind === 'Namespace' && t.group === '') {
      next.status = { ...(isObject(next.status) ? next.status : {}), phase: 'Terminating' };
    }
    const namespaceFinalizers = t.kind === 'Namespace' && isObject(next.spec) && Array.isArray(next.spec.finalizers) && next.spec.finalizers.length > 0;
    if (namespaceFinalizers && old.metadata.deletionTimestamp) {
      // The namespace REST storage: a second delete while content is still being removed.
      throw conflict(
        'namespaces',
        name,
        'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
      );
    }
    if (finalizers.size === 0 && grace === 0 && !namespaceFinalizers) {
      if (old.metadata.deletionTimestamp && t.kind !== 'Pod') return old;
      return this.removeNow(t, next);
    }
    if (meta.deletionTimestamp) {
      // Already terminating: a shorter grace period may still bring the deadline forward,
      // counted from when deletion started (deadline - old grace + new grace), as rest.BeforeDelete does.
      const oldGrace = meta.deletionGracePeriodSeconds ?? 0;
      if (grace < oldGrace) {
        const deadline = parseRFC3339(meta.deletionTimestamp) ?? this.clock.now();
        meta.deletionGracePeriodSeconds = grace;
        meta.deletionTimestamp = toRFC3339(deadline - oldGrace * 1000 + grace * 1000);
      } else return old;
    } else {
      meta.deletionTimestamp = toRFC3339(this.clock.now() + grace * 1000);
      // A namespace is only stamped and set Terminating; it has no grace period.
      if (!namespaceFinalizers) meta.deletionGracePeriodSeconds = grace;
      // Only the first step into deletion bumps the generation.
      if (tracksGeneration(t)) meta.generation = (meta.generation ?? 1) + 1;
    }
    if (finalizers.size) meta.finalizers = [...finalizers];
    meta.resourceVersion = String(this.store.nextRevision());
    this.store.put(storeResource(t), next);
    return next;
  }

  /** Namespaces finish deleting when their controller empties spec.finalizers (the `finalize` subresource). */
  finalizeNamespace(name: string): void {
    const ns = this.get('namespaces', name);
    const next = deepClone(ns);
    if (isObject(next.spec)) next.spec.finalizers = [];
    const t = this.resolve('namespaces');
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
      this.removeNow(t, next);
      return;
    }
    next.metadata.resourceVersion = String(this.store.nextRevision());
    this.store.put(storeResource(t), next);
  }

  // ---- helpers ------------------------------------------------------------

  private removeNow(t: ResourceType, finalState: KubeObject): KubeObject {
    finalState.metadata.resourceVersion = String(this.store.nextRevision());
    for (const a of this.allocators) a.release(t, finalState);
    this.store.remove(storeResource(t), finalState);
    return finalState;
  }

  /** Pods on a node get their grace period (the kubelet finishes the delete); everything else goes at once. */
  private gracePeriod(t: ResourceType, obj: KubeObject, requested?: number): number {
    if (!(t.kind === 'Pod' && t.group === '')) return 0;
    const spec = isObject(obj.spec) ? obj.spec : {};
    if (!spec.nodeName) return 0;
    const status = isObject(obj.status) ? obj.status : {};
    if (status.phase === 'Succeeded' || status.phase === 'Failed') return 0;
    const fromSpec = typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30;
    const g = requested ?? fromSpec;
    // rest.BeforeDelete / CheckGracefulDelete: a negative grace period means one second.
    return g < 0 ? 1 : g;
  }

  private waitsForGrace(t: ResourceType, obj: KubeObject): boolean {
    return t.kind === 'Pod' && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  private keepSystemMeta(next: KubeObject, old: KubeObject): void {
    const m = next.metadata;
    const o = old.metadata;
    m.uid = o.uid;
    m.creationTimestamp = o.creationTimestamp;
    m.namespace = o.namespace;
    if (o.deletionTimestamp) {
      m.deletionTimestamp = o.deletionTimestamp;
      m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
    } else {
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
    }
    if (m.generateName === undefined && o.generateName !== undefined) m.generateName = o.generateName;
    delete m.resourceVersion;
  }

  /** A status body handed over: only its metadata is copied, because the request path may set the namespace on it. */
  private handedOver(input: Record<string, unknown>): KubeObject {
    if (!isObject(input.metadata) || typeof input.kind !== 'string' || typeof input.apiVersion !== 'string') return this.decodeInput(input, true);
    return { ...input, metadata: ownMetadata(input.metadata) } as KubeObject;
  }

  /** The request body as the apiserver's own copy; a status write reads only metadata and status, so only those are copied. */
  private decodeInput(input: unknown, statusOnly = false): KubeObject {
    if (!isObject(input)) throw badRequest('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
    if (typeof input.kind !== 'string' || input.kind === '') throw badRequest(`Object 'Kind' is missing in '${safeJSON(input)}'`);
    if (typeof input.apiVersion !== 'string' || input.apiVersion === '') throw badRequest(`Object 'apiVersion' is missing in '${safeJSON(input)}'`);
    const copy = (statusOnly ? { ...input, metadata: ownMetadata(input.metadata), status: cloneThawed(input.status) } : deepClone(input)) as KubeObject;
    if (copy.metadata === undefined || copy.metadata === null) copy.metadata = {};
    if (!isObject(copy.metadata)) {
      throw badRequest(`${copy.kind} in version "${splitApiVersion(copy.apiVersion).version}" cannot be handled as a ${copy.kind}: json: cannot unmarshal ${Array.isArray(copy.metadata) ? 'array' : typeof copy.metadata} into Go struct field ${copy.kind}.metadata of type v1.ObjectMeta`);
    }
    return copy;
  }

  private checkDecode(t: ResourceType, obj: KubeObject, mode: FieldValidation): string[] {
    const r = decode(t, obj);
    const prefix = `${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: `;
    if (r.typeErrors.length) throw badRequest(prefix + r.typeErrors[0]);
    if (r.unknownFields.length && mode === 'Strict') throw badRequest(prefix + 'strict decoding error: ' + r.unknownFields.join(', '));
    return mode === 'Warn' ? r.unknownFields : [];
  }

  private requestNamespace(t: ResourceType, obj: KubeObject, requested?: string): string {
    if (!t.namespaced) {
      delete obj.metadata.namespace;
      return '';
    }
    const own = obj.metadata.namespace;
    if (own && requested && own !== requested) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const ns = own || requested || 'default';
    obj.metadata.namespace = ns;
    return ns;
  }

  /**
   * RFC 4122 v4 layout from the seeded random source. Built from character
   * codes: a string grown by `+=` stays a rope of one heap node per character,
   * which a cluster keeping hundreds of thousands of uids cannot afford.
   */
  uuid(): string {
    const variant = HEX_CODES[8 + Math.floor(this.clock.random() * 4)];
    const codes = UUID_CODES;
    // Positions 8, 13, 18 and 23 are dashes, 14 the version and 19 the variant; the rest are drawn in order.
    for (let j = 0; j < 36; j++) {
      if (j === 8 || j === 13 || j === 18 || j === 23) codes[j] = DASH;
      else if (j === 14) codes[j] = HEX_CODES[4];
      else if (j === 19) codes[j] = variant;
      else codes[j] = HEX_CODES[Math.floor(this.clock.random() * 16)];
    }
    return String.fromCharCode.apply(null, codes);
  }

  /** utilrand.String(5): the alphabet Kubernetes uses for generated names. */
  randomSuffix(n = 5): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    const codes = new Array<number>(n);
    for (let i = 0; i < n; i++) codes[i] = alphabet.charCodeAt(Math.floor(this.clock.random() * alphabet.length));
    return String.fromCharCode(...codes);
  }

  get maxRequestBytes(): number {
    return MAX_REQUEST_BYTES;
  }
}

/** `spec.nodeName=<node>` on pods: the kubelet's watch, served from a per-node index. */
function podNodeWatch(resource: string, fieldSelector?: string): string | undefined {
  if (resource !== '/pods' || !fieldSelector) return undefined;
  const m = /^spec\.nodeName==?([^,=!]+)$/.exec(fieldSelector.trim());
  return m ? m[1] : undefined;
}

/** One string per type: every store lookup hashes it, and a fresh concatenation would be hashed anew each time. */
const storeResources = new WeakMap<ResourceType, string>();

export function storeResource(t: ResourceType): string {
  let r = storeResources.get(t);
  if (r === undefined) storeResources.set(t, (r = `${t.group}/${t.resource}`));
  return r;
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}


function safeJSON(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s.length > 200 ? s.slice(0, 200) + '…' : s;
  } catch {
    return String(v);
  }
}

export function statusObject(e: StatusError, code = e.code, reason: string = e.reason): KubeObject {
  return { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message: e.message, reason, code };
}

/** Metadata the request path may set fields on (namespace), sharing what is frozen below it. */
function ownMetadata(m: unknown): unknown {
  return isObject(m) && Object.isFrozen(m) ? { ...m } : cloneThawed(m);
}

/** Whether list options narrow what a watch of this type sees (namespace, labels or fields). */
function selects(t: ResourceType, opts: ListOptions): boolean {
  return (t.namespaced && !!opts.namespace) || !!opts.fieldSelector || (typeof opts.labelSelector === 'string' ? opts.labelSelector.trim() !== '' : (opts.labelSelector ?? []).length > 0);
}

function unchanged(next: KubeObject, old: KubeObject): boolean {
  const { resourceVersion: _a, ...nextMeta } = next.metadata;
  const { resourceVersion: _b, ...oldMeta } = old.metadata;
  return deepEqual({ ...next, metadata: nextMeta }, { ...old, metadata: oldMeta });
}

/** A status write takes everything but status (and, for some types, annotations) from the stored object: compare those only. */
function unchangedStatus(next: KubeObject, old: KubeObject): boolean {
  for (const k in next) if (k !== 'metadata' && k !== 'status' && next[k] !== old[k]) return unchanged(next, old);
  const meta = next.metadata as Record<string, unknown>;
  const oldMeta = old.metadata as Record<string, unknown>;
  for (const k in meta) if (k !== 'resourceVersion' && k !== 'annotations' && meta[k] !== oldMeta[k]) return unchanged(next, old);
  return deepEqual(next.status, old.status) && deepEqual(meta.annotations, oldMeta.annotations);
}

// What the Endpoints and EndpointSlice controllers share (upstream
// k8s.io/endpointslice/util and pkg/api/v1/pod): which pods back a Service,
// which container port a Service port reaches on a pod, and the trigger time
// both objects are annotated with.
import type { ApiServer } from '../../api/apiserver';
import type { StoredEvent } from '../../api/store';
import { fromMap, matchesLabels, type Selector } from '../../api/selectors';
import { asArray, isObject, type KubeObject } from '../../api/types';
import { parseRFC3339, type Clock } from '../../clock';
import { podCondition, podPhase } from '../podutil';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
export const ANNOTATION_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

type Obj = Record<string, unknown>;

export function specOf(obj: KubeObject): Obj {
  return isObject(obj.spec) ? obj.spec : {};
}

/** The Service's selector; a missing or empty one selects nothing (not everything), as for these controllers. */
export function serviceSelector(svc: KubeObject): Record<string, string> | undefined {
  const sel = specOf(svc).selector;
  if (!isObject(sel) || Object.keys(sel).length === 0) return undefined;
  return Object.fromEntries(Object.entries(sel).map(([k, v]) => [k, String(v)]));
}

/** helper.IsServiceIPSet: false for headless (`None`) and for services without a ClusterIP. */
export function isServiceIPSet(svc: KubeObject): boolean {
  const ip = specOf(svc).clusterIP;
  return typeof ip === 'string' && ip !== '' && ip !== 'None';
}

export function servicePorts(svc: KubeObject): Obj[] {
  return asArray(specOf(svc).ports).filter(isObject);
}

/** The pod's IPv4 address (the sandbox is single-stack IPv4). */
export function podIPv4(pod: KubeObject): string | undefined {
  const status = isObject(pod.status) ? pod.status : undefined;
  const ip = status?.podIP;
  if (typeof ip === 'string' && ip !== '' && !ip.includes(':')) return ip;
  for (const p of asArray(status?.podIPs)) if (isObject(p) && typeof p.ip === 'string' && p.ip !== '' && !p.ip.includes(':')) return p.ip;
  return undefined;
}

/** ShouldPodBeInEndpoints: not finished, has an IP, and (unless allowed) not terminating. */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  const phase = podPhase(pod);
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!podIPv4(pod)) return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/** ShouldSetHostname: a pod with a hostname whose subdomain names this Service gets a per-pod DNS name. */
export function shouldSetHostname(pod: KubeObject, svc: KubeObject): boolean {
  const spec = specOf(pod);
  return typeof spec.hostname === 'string' && spec.hostname !== '' && spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

/**
 * podutil.FindPort: a numeric targetPort is used as is; a named one is looked
 * up among the pod's container ports (and its sidecars') with the same protocol.
 */
export function findPort(pod: KubeObject, svcPort: Obj): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  if (typeof target !== 'string') return undefined;
  const protocol = typeof svcPort.protocol === 'string' ? svcPort.protocol : 'TCP';
  const spec = specOf(pod);
  const sidecars = asArray(spec.initContainers).filter((c) => isObject(c) && c.restartPolicy === 'Always');
  for (const c of [...asArray(spec.containers), ...sidecars]) {
    if (!isObject(c)) continue;
    for (const p of asArray(c.ports)) {
      if (isObject(p) && p.name === target && (p.protocol ?? 'TCP') === protocol && typeof p.containerPort === 'number') return p.containerPort;
    }
  }
  return undefined;
}

export function objectKeyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** Pods the Service selects, in the Service's namespace. */
export function selectedPods(api: ApiServer, svc: KubeObject, selector: Record<string, string>): KubeObject[] {
  return api.list('pods', { namespace: svc.metadata.namespace, labelSelector: fromMap(selector) }).items;
}

/** Every EndpointSlice of a Service, whoever wrote it (controller, mirroring, the apiserver, a user). */
export function serviceSlices(api: ApiServer, namespace: string, name: string): KubeObject[] {
  return api.list('endpointslices', { namespace, labelSelector: `${LABEL_SERVICE_NAME}=${name}` }).items;
}

/**
 * The pod informer of the endpoint controllers: each pod change is mapped to
 * the Services selecting the pod now or before the change
 * (GetServicesToUpdateOnPodChange). It reads the store's change feed, which
 * carries the previous object as an informer's UpdateFunc(old, cur) does, and
 * delivers asynchronously like a watch. Services are indexed by one pair of
 * their selector, so a pod event looks at the few Services that could match
 * rather than at every Service in the namespace.
 */
export class PodServiceIndex {
  private byPair = new Map<string, Set<string>>();
  private indexed = new Map<string, { pair: string; label: string }>();
  private selectors = new Map<string, Selector>();
  /** How many indexed Services use each label key: a pod label no Service indexes costs no lookup. */
  private labelKeys = new Map<string, number>();
  private stops: (() => void)[] = [];

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
  ) {}

  start(onServices: (keys: string[]) => void): this {
    for (const svc of this.api.store.list('/services')) this.index(svc, false);
    this.stops.push(this.api.store.subscribe((e) => this.index(e.object, e.type === 'DELETED'), { resource: '/services' }));
    const onPodChange = (e: StoredEvent): void => {
      const keys = this.servicesFor(e.object, e.previous);
      if (keys.length) onServices(keys);
    };
    this.stops.push(this.api.store.subscribe((e) => this.clock.enqueueCall(onPodChange, e), { resource: '/pods' }));
    return this;
  }

  stop(): void {
    for (const s of this.stops) s();
    this.stops = [];
  }

  /** Keys of the Services selecting the pod now or before. */
  servicesFor(pod: KubeObject, previous?: KubeObject): string[] {
    if (this.byPair.size === 0) return [];
    let out = this.collect(pod, undefined);
    if (previous) out = this.collect(previous, out);
    return out ? [...out] : [];
  }

  private collect(p: KubeObject, out: Set<string> | undefined): Set<string> | undefined {
    const labels = p.metadata.labels;
    if (!labels) return out;
    for (const k in labels) {
      if (!this.labelKeys.has(k)) continue;
      const candidates = this.byPair.get(pairKey(p.metadata.namespace, k, labels[k]));
      if (!candidates) continue;
      for (const key of candidates) {
        const sel = this.selectors.get(key);
        if (sel && matchesLabels(sel, labels)) (out ??= new Set()).add(key);
      }
    }
    return out;
  }

  private index(svc: KubeObject, deleted: boolean): void {
    const key = objectKeyOf(svc);
    const old = this.indexed.get(key);
    if (old !== undefined) {
      this.byPair.get(old.pair)?.delete(key);
      const n = (this.labelKeys.get(old.label) ?? 1) - 1;
      if (n > 0) this.labelKeys.set(old.label, n);
      else this.labelKeys.delete(old.label);
    }
    this.indexed.delete(key);
    this.selectors.delete(key);
    const sel = deleted ? undefined : serviceSelector(svc);
    if (!sel) return;
    // A Service selects only pods carrying all its pairs, so one pair finds every candidate.
    const [k, v] = Object.entries(sel).sort(([a], [b]) => (a < b ? -1 : 1))[0];
    const pair = pairKey(svc.metadata.namespace, k, v);
    let set = this.byPair.get(pair);
    if (!set) this.byPair.set(pair, (set = new Set()));
    set.add(key);
    this.indexed.set(key, { pair, label: k });
    this.labelKeys.set(k, (this.labelKeys.get(k) ?? 0) + 1);
    this.selectors.set(key, fromMap(sel));
  }
}

function pairKey(namespace: string | undefined, k: string, v: string): string {
  return `${namespace ?? ''}\u0000${k}=${v}`;
}

/**
 * endpointsliceutil.TriggerTimeTracker: the earliest change (a pod's Ready
 * transition, or the Service's creation) not yet reflected in the objects,
 * for the `endpoints.kubernetes.io/last-change-trigger-time` annotation.
 */
export class TriggerTimeTracker {
  private state = new Map<string, { pods: Map<string, number>; service: number }>();

  compute(key: string, svc: KubeObject, pods: KubeObject[]): number | undefined {
    const prev = this.state.get(key) ?? { pods: new Map<string, number>(), service: Number.NEGATIVE_INFINITY };
    const current = new Map<string, number>();
    let earliest: number | undefined;
    const consider = (t: number): void => {
      earliest = earliest === undefined ? t : Math.min(earliest, t);
    };
    for (const pod of pods) {
      const t = readyTransition(pod);
      if (t === undefined) continue;
      const name = pod.metadata.name ?? '';
      current.set(name, t);
      if (t > (prev.pods.get(name) ?? Number.NEGATIVE_INFINITY)) consider(t);
    }
    const created = parseRFC3339(svc.metadata.creationTimestamp ?? '') ?? prev.service;
    if (created > prev.service) consider(created);
    this.state.set(key, { pods: current, service: created });
    return earliest;
  }

  delete(key: string): void {
    this.state.delete(key);
  }
}

/** Pods share a handful of timestamps: parse each once. */
const parsed = new Map<string, number | undefined>();

function readyTransition(pod: KubeObject): number | undefined {
  const t = podCondition(pod, 'Ready')?.lastTransitionTime;
  if (typeof t !== 'string') return undefined;
  if (!parsed.has(t)) {
    if (parsed.size > 4096) parsed.clear();
    parsed.set(t, parseRFC3339(t));
  }
  return parsed.get(t);
}

/** Label maps compare equal when they hold the same pairs, whatever their order. */
export function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ea = Object.entries(a ?? {});
  if (ea.length !== Object.keys(b ?? {}).length) return false;
  return ea.every(([k, v]) => (b ?? {})[k] === v);
}

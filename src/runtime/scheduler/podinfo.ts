// framework.PodInfo: everything the plugins ask about a pod, parsed once.
// Stored pods are frozen and share unchanged sub-objects between revisions,
// so a new revision reuses the parsed spec when the parts it came from are
// the same objects (binding a pod or updating its status re-parses nothing).
import { parseRFC3339 } from '../clock';
import { parseQuantity } from '../api/quantity';
import { fromLabelSelector, type Requirement, type Selector } from '../api/selectors';
import { asArray, isObject, type KubeObject } from '../api/types';

export interface Toleration {
  key: string;
  operator: string;
  value: string;
  effect: string;
}

export type NodeSelectorOp = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface NodeSelectorRequirement {
  key: string;
  op: NodeSelectorOp;
  values: string[];
}

/** One nodeSelectorTerm: all expressions and fields must match. */
export interface NodeSelectorTerm {
  exprs: NodeSelectorRequirement[];
  fields: NodeSelectorRequirement[];
}

export interface AffinityTerm {
  selector: Selector;
  /** Explicit namespaces (defaulted to the pod's own when neither list nor selector is given). */
  namespaces: ReadonlySet<string>;
  namespaceSelector: Selector | undefined;
  topologyKey: string;
  weight: number;
}

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  selector: Selector;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** The parts of a pod spec the plugins use, parsed. */
export interface ParsedSpec {
  /** Effective requests (containers, init-container rule, overhead): milli-cpu, bytes. */
  cpu: number;
  memory: number;
  ephemeral: number;
  scalar: readonly [string, number][];
  /** The same with 100m / 200Mi for containers that request nothing (scoring only). */
  nonZeroCpu: number;
  nonZeroMemory: number;
  ports: readonly HostPort[];
  tolerations: readonly Toleration[];
  nodeSelector: readonly [string, string][];
  requiredNodeTerms: readonly NodeSelectorTerm[] | undefined;
  preferredNodeTerms: readonly { weight: number; term: NodeSelectorTerm }[];
  requiredAffinity: readonly AffinityTerm[];
  requiredAntiAffinity: readonly AffinityTerm[];
  preferredAffinity: readonly AffinityTerm[];
  preferredAntiAffinity: readonly AffinityTerm[];
  spread: readonly SpreadConstraint[];
  claims: readonly { name: string; ephemeral: boolean }[];
  images: readonly string[];
  gates: number;
}

/** schedutil.DefaultMilliCPURequest and DefaultMemoryRequest. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const EMPTY_LABELS: Record<string, string> = Object.freeze({});

export class PodInfo {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly priority: number;
  readonly nodeName: string;
  terminating: boolean;
  readonly preemptNever: boolean;
  readonly schedulerName: string;
  nominatedNodeName: string;
  readonly spec: ParsedSpec;
  readonly hasAffinity: boolean;
  readonly hasRequiredAntiAffinity: boolean;

  private start: number | undefined;
  private labelKeys: readonly string[] | undefined;

  /** assumedOn: the node the scheduler assumes the pod on before its binding comes back (the revision itself has none yet). */
  constructor(
    public pod: KubeObject,
    prev?: PodInfo,
    assumedOn?: string,
  ) {
    const meta = pod.metadata;
    const spec = isObject(pod.spec) ? pod.spec : {};
    const status = isObject(pod.status) ? pod.status : {};
    this.uid = meta.uid ?? '';
    this.namespace = meta.namespace ?? 'default';
    this.name = meta.name ?? '';
    this.labels = meta.labels ?? EMPTY_LABELS;
    this.priority = typeof spec.priority === 'number' ? spec.priority : 0;
    this.nodeName = assumedOn ?? (typeof spec.nodeName === 'string' ? spec.nodeName : '');
    this.terminating = !!meta.deletionTimestamp;
    this.preemptNever = spec.preemptionPolicy === 'Never';
    this.schedulerName = typeof spec.schedulerName === 'string' ? spec.schedulerName : 'default-scheduler';
    this.nominatedNodeName = typeof status.nominatedNodeName === 'string' ? status.nominatedNodeName : '';
    this.spec = prev && sameSpecInputs(prev, pod) ? prev.spec : sharedSpec(parseSpec(spec, this.namespace, this.labels));
    if (prev && prev.labels === this.labels && prev.namespace === this.namespace) this.labelKeys = prev.labelKeys;
    const s = this.spec;
    this.hasAffinity = s.requiredAffinity.length + s.requiredAntiAffinity.length + s.preferredAffinity.length + s.preferredAntiAffinity.length > 0;
    this.hasRequiredAntiAffinity = s.requiredAntiAffinity.length > 0;
  }

  /**
   * Take a newer revision in place when nothing parsed changed (a status
   * update, the binding of an assumed pod): false means build a new PodInfo.
   */
  refresh(pod: KubeObject): boolean {
    const spec = isObject(pod.spec) ? pod.spec : {};
    if (!sameSpecInputs(this, pod) || (typeof spec.nodeName === 'string' ? spec.nodeName : '') !== this.nodeName) return false;
    const status = isObject(pod.status) ? pod.status : {};
    this.pod = pod;
    this.terminating = !!pod.metadata.deletionTimestamp;
    this.nominatedNodeName = typeof status.nominatedNodeName === 'string' ? status.nominatedNodeName : '';
    this.start = undefined;
    return true;
  }

  /** namespace/name. */
  get key(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** One `namespace\0key\0value` string per label: the keys the cache's label indexes file the pod under (built once). */
  get labelIndexKeys(): readonly string[] {
    if (this.labelKeys === undefined) {
      const keys: string[] = [];
      for (const k in this.labels) keys.push(labelIndexKey(this.namespace, k, this.labels[k]));
      this.labelKeys = interned(labelKeyLists, keys, (l) => l.join('\u0001'));
    }
    return this.labelKeys;
  }

  /** status.startTime (or creation) in ms, for preemption's "latest start time" tie-break. */
  get startTime(): number {
    if (this.start === undefined) {
      const status = isObject(this.pod.status) ? this.pod.status : {};
      const started = typeof status.startTime === 'string' ? status.startTime : this.pod.metadata.creationTimestamp;
      this.start = (started ? parseRFC3339(started) : undefined) ?? 0;
    }
    return this.start;
  }
}

const SPEC_INPUTS = ['containers', 'initContainers', 'overhead', 'affinity', 'tolerations', 'nodeSelector', 'topologySpreadConstraints', 'volumes', 'schedulingGates'];

function sameSpecInputs(prev: PodInfo, pod: KubeObject): boolean {
  const a = isObject(prev.pod.spec) ? prev.pod.spec : {};
  const b = isObject(pod.spec) ? pod.spec : {};
  if (prev.pod.metadata.labels !== pod.metadata.labels) return false;
  for (const k of SPEC_INPUTS) if (a[k] !== b[k]) return false;
  return true;
}

function parseSpec(spec: Record<string, unknown>, namespace: string, labels: Record<string, string>): ParsedSpec {
  const affinity = isObject(spec.affinity) ? spec.affinity : {};
  const nodeAff = isObject(affinity.nodeAffinity) ? affinity.nodeAffinity : {};
  const required = isObject(nodeAff.requiredDuringSchedulingIgnoredDuringExecution) ? nodeAff.requiredDuringSchedulingIgnoredDuringExecution : undefined;
  const podAff = isObject(affinity.podAffinity) ? affinity.podAffinity : {};
  const podAnti = isObject(affinity.podAntiAffinity) ? affinity.podAntiAffinity : {};
  // One literal with every field (no spread): V8 builds it with a single fixed shape.
  const r = podRequests(spec);
  return {
    cpu: r.cpu,
    memory: r.memory,
    ephemeral: r.ephemeral,
    scalar: r.scalar,
    nonZeroCpu: r.nonZeroCpu,
    nonZeroMemory: r.nonZeroMemory,
    ports: hostPorts(spec),
    tolerations: interned(tolerationLists, objects(spec.tolerations, toToleration), tolerationsKey),
    nodeSelector: isObject(spec.nodeSelector) ? Object.entries(spec.nodeSelector).map(([k, v]) => [k, String(v)]) : NONE,
    requiredNodeTerms: required ? objects(required.nodeSelectorTerms, toNodeSelectorTerm) : undefined,
    preferredNodeTerms: objects(nodeAff.preferredDuringSchedulingIgnoredDuringExecution, (p) => ({ weight: Number(p.weight ?? 0), term: toNodeSelectorTerm(isObject(p.preference) ? p.preference : {}) })),
    requiredAffinity: objects(podAff.requiredDuringSchedulingIgnoredDuringExecution, (t) => toAffinityTerm(t, 1, namespace)),
    requiredAntiAffinity: objects(podAnti.requiredDuringSchedulingIgnoredDuringExecution, (t) => toAffinityTerm(t, 1, namespace)),
    preferredAffinity: weightedTerms(podAff.preferredDuringSchedulingIgnoredDuringExecution, namespace),
    preferredAntiAffinity: weightedTerms(podAnti.preferredDuringSchedulingIgnoredDuringExecution, namespace),
    spread: objects(spec.topologySpreadConstraints, (c) => toSpreadConstraint(c, labels)),
    claims: claimsOf(spec),
    images: interned(imageLists, containerImages(spec), (l) => l.join('\u0000')),
    gates: Array.isArray(spec.schedulingGates) ? spec.schedulingGates.length : 0,
  };
}

/**
 * Pods of one workload parse to equal specs: they share one ParsedSpec, which
 * saves its memory per pod and lets the framework cache per-node results for
 * the whole class (see isSharedSpec). Only specs without affinity terms,
 * spreading constraints or claims are shared: their selectors and namespaces
 * would make the key long, and those plugins do not cache per node anyway.
 */
const specs = new Map<string, ParsedSpec>();
const sharedSpecs = new WeakSet<ParsedSpec>();

function sharedSpec(s: ParsedSpec): ParsedSpec {
  const key = specKey(s);
  if (key === undefined) return s;
  const shared = specs.get(key);
  if (shared) return shared;
  if (specs.size >= MAX_INTERNED) return s;
  Object.freeze(s);
  specs.set(key, s);
  sharedSpecs.add(s);
  return s;
}

/** Whether pods with equal spec inputs share this parsed spec (so it identifies their class). */
export function isSharedSpec(s: ParsedSpec): boolean {
  return sharedSpecs.has(s);
}

function specKey(s: ParsedSpec): string | undefined {
  if (s.requiredNodeTerms || s.preferredNodeTerms.length > 0 || s.spread.length > 0 || s.claims.length > 0) return undefined;
  if (s.requiredAffinity.length + s.requiredAntiAffinity.length + s.preferredAffinity.length + s.preferredAntiAffinity.length > 0) return undefined;
  let key = `${s.cpu}\u0001${s.memory}\u0001${s.ephemeral}\u0001${s.nonZeroCpu}\u0001${s.nonZeroMemory}\u0001${s.gates}\u0001`;
  for (const [k, v] of s.scalar) key += `${k}\u0000${v}\u0000`;
  key += '\u0001';
  for (const p of s.ports) key += `${p.ip}\u0000${p.protocol}\u0000${p.port}\u0000`;
  key += '\u0001';
  for (const [k, v] of s.nodeSelector) key += `${k}\u0000${v}\u0000`;
  return `${key}\u0001${tolerationsKey(s.tolerations)}\u0001${s.images.join('\u0000')}`;
}

/**
 * Parsed lists most pods have in common (the default not-ready/unreachable
 * tolerations, an image), shared between pods: the scheduler keeps one
 * PodInfo per assigned pod, and at 150,000 pods every byte counts.
 */
const tolerationLists = new Map<string, readonly Toleration[]>();
const imageLists = new Map<string, readonly string[]>();
/** The pods of a ReplicaSet have the same labels: one list of index keys for all of them. */
const labelKeyLists = new Map<string, readonly string[]>();
const MAX_INTERNED = 4096;

function interned<T>(pool: Map<string, readonly T[]>, list: readonly T[], keyOf: (l: readonly T[]) => string): readonly T[] {
  if (list.length === 0) return NONE;
  const key = keyOf(list);
  const shared = pool.get(key);
  if (shared) return shared;
  // A pool full of one-off lists stops growing; lists already shared stay shared.
  if (pool.size < MAX_INTERNED) pool.set(key, Object.freeze(list));
  return list;
}

function tolerationsKey(list: readonly Toleration[]): string {
  let key = '';
  for (const t of list) key += `${t.key}\u0000${t.operator}\u0000${t.value}\u0000${t.effect}\u0001`;
  return key;
}

/** Most pods have no affinity, spreading, ports or claims: their parsed lists are all this one frozen empty list. */
const NONE: readonly never[] = Object.freeze([]);

/** fn over the objects in a list field (other entries are skipped). */
function objects<T>(list: unknown, fn: (o: Record<string, unknown>) => T): readonly T[] {
  if (!Array.isArray(list) || list.length === 0) return NONE;
  const out: T[] = [];
  for (const v of list) if (isObject(v)) out.push(fn(v));
  return out;
}

function containerImages(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const list of [spec.initContainers, spec.containers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) if (isObject(c)) out.push(str(c.image));
  }
  return out;
}

type Requests = Pick<ParsedSpec, 'cpu' | 'memory' | 'ephemeral' | 'scalar' | 'nonZeroCpu' | 'nonZeroMemory'>;

/** A resource list as numbers: cpu in millicores, everything else in base units. */
type ResourceVector = Map<string, number>;

function containerRequests(c: Record<string, unknown>, nonZero: boolean): ResourceVector {
  const out: ResourceVector = new Map();
  const req = isObject(c.resources) && isObject(c.resources.requests) ? c.resources.requests : {};
  for (const [k, v] of Object.entries(req)) {
    const q = parseQuantity(v)?.value ?? 0;
    out.set(k, k === 'cpu' ? Math.ceil(Math.round(q * 1e6) / 1e3) : Math.ceil(q));
  }
  if (nonZero) {
    if (!out.has('cpu')) out.set('cpu', DEFAULT_MILLI_CPU_REQUEST);
    if (!out.has('memory')) out.set('memory', DEFAULT_MEMORY_REQUEST);
  }
  return out;
}

function add(into: ResourceVector, v: ResourceVector): void {
  for (const [k, n] of v) into.set(k, (into.get(k) ?? 0) + n);
}

function max(into: ResourceVector, v: ResourceVector): void {
  for (const [k, n] of v) if (n > (into.get(k) ?? 0)) into.set(k, n);
}

/**
 * resourcehelper.PodRequests: regular containers and sidecars add up; each
 * classic init container runs alone (beside the sidecars started before it),
 * so the pod needs the larger of the two; pod overhead comes on top.
 */
function aggregate(spec: Record<string, unknown>, nonZero: boolean): ResourceVector {
  const reqs: ResourceVector = new Map();
  for (const c of asArray(spec.containers).filter(isObject)) add(reqs, containerRequests(c, nonZero));
  const sidecars: ResourceVector = new Map();
  const initMax: ResourceVector = new Map();
  for (const c of asArray(spec.initContainers).filter(isObject)) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      add(reqs, r);
      add(sidecars, r);
      max(initMax, sidecars);
    } else {
      const alone: ResourceVector = new Map(r);
      add(alone, sidecars);
      max(initMax, alone);
    }
  }
  max(reqs, initMax);
  if (isObject(spec.overhead)) add(reqs, containerRequests({ resources: { requests: spec.overhead } }, false));
  return reqs;
}

function podRequests(spec: Record<string, unknown>): Requests {
  const r = aggregate(spec, false);
  const nz = aggregate(spec, true);
  const scalar: [string, number][] = [];
  for (const [k, v] of r) if (k !== 'cpu' && k !== 'memory' && k !== 'ephemeral-storage' && k !== 'pods' && v > 0) scalar.push([k, v]);
  return {
    cpu: r.get('cpu') ?? 0,
    memory: r.get('memory') ?? 0,
    ephemeral: r.get('ephemeral-storage') ?? 0,
    scalar: scalar.length === 0 ? NONE : scalar,
    nonZeroCpu: nz.get('cpu') ?? 0,
    nonZeroMemory: nz.get('memory') ?? 0,
  };
}

function hostPorts(spec: Record<string, unknown>): readonly HostPort[] {
  let out: HostPort[] | undefined;
  const sidecars = asArray(spec.initContainers).filter((c) => isObject(c) && c.restartPolicy === 'Always');
  for (const c of sidecars.length === 0 ? asArray(spec.containers) : [...asArray(spec.containers), ...sidecars]) {
    if (!isObject(c)) continue;
    for (const p of asArray(c.ports)) {
      if (!isObject(p) || typeof p.hostPort !== 'number' || p.hostPort <= 0) continue;
      (out ??= []).push({ ip: typeof p.hostIP === 'string' && p.hostIP ? p.hostIP : '0.0.0.0', protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP', port: p.hostPort });
    }
  }
  return out ?? NONE;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function toToleration(t: Record<string, unknown>): Toleration {
  return { key: str(t.key), operator: str(t.operator), value: str(t.value), effect: str(t.effect) };
}

function toRequirement(e: unknown): NodeSelectorRequirement | undefined {
  if (!isObject(e) || typeof e.key !== 'string') return undefined;
  return { key: e.key, op: String(e.operator) as NodeSelectorOp, values: asArray(e.values).map(String) };
}

export function toNodeSelectorTerm(t: Record<string, unknown>): NodeSelectorTerm {
  const reqs = (v: unknown): NodeSelectorRequirement[] => asArray(v).map(toRequirement).filter((r): r is NodeSelectorRequirement => !!r);
  return { exprs: reqs(t.matchExpressions), fields: reqs(t.matchFields) };
}

function toAffinityTerm(t: Record<string, unknown>, weight: number, namespace: string): AffinityTerm {
  const namespaces = asArray(t.namespaces).map(String);
  const nsSelector = isObject(t.namespaceSelector) ? fromLabelSelector(t.namespaceSelector) : undefined;
  // An empty namespaces list with no namespaceSelector means "this pod's namespace".
  if (namespaces.length === 0 && !nsSelector) namespaces.push(namespace);
  return { selector: isObject(t.labelSelector) ? fromLabelSelector(t.labelSelector) : NOTHING, namespaces: new Set(namespaces), namespaceSelector: nsSelector, topologyKey: str(t.topologyKey), weight };
}

/** A nil labelSelector in an affinity term selects no pods. */
const NOTHING: Selector = [{ key: '', op: 'in', values: [] }];

function weightedTerms(list: unknown, namespace: string): readonly AffinityTerm[] {
  return objects(list, (w) => toAffinityTerm(isObject(w.podAffinityTerm) ? w.podAffinityTerm : {}, Number(w.weight ?? 0), namespace));
}

function toSpreadConstraint(c: Record<string, unknown>, labels: Record<string, string>): SpreadConstraint {
  const selector: Requirement[] = isObject(c.labelSelector) ? [...fromLabelSelector(c.labelSelector)] : [...NOTHING];
  // matchLabelKeys: the incoming pod's values for those keys narrow the selector.
  for (const key of asArray(c.matchLabelKeys).map(String)) {
    if (key in labels) selector.push({ key, op: 'in', values: [labels[key]] });
  }
  return {
    maxSkew: Number(c.maxSkew ?? 1),
    topologyKey: str(c.topologyKey),
    whenUnsatisfiable: c.whenUnsatisfiable === 'ScheduleAnyway' ? 'ScheduleAnyway' : 'DoNotSchedule',
    selector,
    minDomains: typeof c.minDomains === 'number' ? c.minDomains : 1,
    nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
    nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
  };
}

function claimsOf(spec: Record<string, unknown>): readonly { name: string; ephemeral: boolean }[] {
  let out: { name: string; ephemeral: boolean }[] | undefined;
  for (const v of asArray(spec.volumes)) {
    if (!isObject(v)) continue;
    if (isObject(v.persistentVolumeClaim)) (out ??= []).push({ name: str(v.persistentVolumeClaim.claimName), ephemeral: false });
    else if (isObject(v.ephemeral)) (out ??= []).push({ name: str(v.name), ephemeral: true });
  }
  return out ?? NONE;
}

export function labelIndexKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

/** An equality requirement the label index can look up, if the selector has one. */
export function indexableRequirement(sel: Selector): [string, string] | undefined {
  for (const r of sel) if ((r.op === '=' || r.op === 'in') && r.values.length === 1) return [r.key, r.values[0]];
  return undefined;
}

// The disruption controller (pkg/controller/disruption): keeps each
// PodDisruptionBudget's status current — how many selected pods are healthy,
// how many must be, and so how many voluntary disruptions (evictions) are
// allowed right now. The eviction API reads and decrements that budget.
import { qualifiedResource } from '../api/resources';
import type { ApiServer } from '../api/apiserver';
import { deepEqual } from '../api/patch';
import { fromLabelSelector, matchesLabels, type Selector } from '../api/selectors';
import { asArray, isObject, type KubeObject } from '../api/types';
import { parseRFC3339, type Clock, type TimerId } from '../clock';
import { EventRecorder } from '../events/recorder';
import { Controller } from './controller';
import { controllerRef, isPodReady } from './podutil';

/** How long an approved eviction keeps a pod out of currentHealthy before the controller stops waiting for it. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;
const PDB_RESOURCE = 'policy/poddisruptionbudgets';

export class DisruptionController extends Controller {
  readonly name = 'disruption-controller';
  private readonly recorder: EventRecorder;
  private readonly rechecks = new Map<string, { at: number; timer: TimerId }>();

  constructor(api: ApiServer, clock: Clock) {
    super(api, clock);
    this.recorder = new EventRecorder(api, { component: 'controllermanager' });
  }

  start(): this {
    this.watch('poddisruptionbudgets');
    // A budget created later enqueues itself, so pods in namespaces without one are dropped at write time.
    this.watch(
      'pods',
      (pod) => {
        const pdb = pdbsForPod(this.api, pod)[0];
        return pdb ? `${pdb.metadata.namespace ?? ''}/${pdb.metadata.name ?? ''}` : undefined;
      },
      (pod) => this.api.store.hasAny(PDB_RESOURCE, pod.metadata.namespace ?? 'default'),
    );
    return this;
  }

  override stop(): void {
    super.stop();
    for (const r of this.rechecks.values()) this.clock.cancelTimer(r.timer);
  }

  protected reconcile(key: string): void {
    const i = key.indexOf('/');
    const pdb = this.api.tryGet('poddisruptionbudgets', key.slice(i + 1), key.slice(0, i));
    if (!pdb) return;
    try {
      this.trySync(pdb);
    } catch (e) {
      if (e instanceof Error && 'reason' in e && e.reason === 'Conflict') throw e;
      this.failSafe(pdb, e instanceof Error ? e.message : String(e));
    }
  }

  private trySync(pdb: KubeObject): void {
    const pods = podsForPdb(this.api, pdb);
    if (pods.length === 0) this.recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');
    let expected: ReturnType<typeof expectedPodCount>;
    try {
      expected = expectedPodCount(this.api, pdb, pods);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.recorder.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${message}`);
      throw e;
    }
    if (expected.unmanaged.length) {
      this.recorder.event(
        pdb,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelector(isObject(pdb.spec) ? pdb.spec.selector : undefined)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    const now = this.clock.now();
    const { disrupted, recheckAt } = this.disruptedPodMap(pods, pdb, now);
    const healthy = countHealthyPods(pods, disrupted, now);
    this.updateStatus(pdb, healthy, expected.desiredHealthy, expected.expectedCount, disrupted);
    if (recheckAt !== undefined) this.recheckAt(pdb, recheckAt);
  }

  /** buildDisruptedPodMap: keep approved evictions that have not yet shown up as deletions, for up to two minutes. */
  private disruptedPodMap(pods: KubeObject[], pdb: KubeObject, now: number): { disrupted: Record<string, string>; recheckAt?: number } {
    const status = isObject(pdb.status) ? pdb.status : {};
    const previous = isObject(status.disruptedPods) ? status.disruptedPods : {};
    const disrupted: Record<string, string> = {};
    let recheckAt: number | undefined;
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      const at = previous[pod.metadata.name ?? ''];
      if (typeof at !== 'string') continue;
      const expectedDeletion = (parseRFC3339(at) ?? now) + DELETION_TIMEOUT_MS;
      if (expectedDeletion < now) {
        this.recorder.event(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace ?? ''}/${pdb.metadata.namespace ?? ''} to be deleted but it wasn't`);
      } else {
        recheckAt = recheckAt === undefined ? expectedDeletion : Math.min(recheckAt, expectedDeletion);
        disrupted[pod.metadata.name ?? ''] = at;
      }
    }
    return { disrupted, recheckAt };
  }

  private recheckAt(pdb: KubeObject, at: number): void {
    const key = `${pdb.metadata.namespace ?? ''}/${pdb.metadata.name ?? ''}`;
    const existing = this.rechecks.get(key);
    if (existing && existing.at <= at) return;
    if (existing) this.clock.cancelTimer(existing.timer);
    const timer = this.clock.setTimer(Math.max(0, at - this.clock.now()) + 1, () => {
      this.rechecks.delete(key);
      this.enqueue(key);
    });
    this.rechecks.set(key, { at, timer });
  }

  private updateStatus(pdb: KubeObject, currentHealthy: number, desiredHealthy: number, expectedPods: number, disrupted: Record<string, string>): void {
    // A budget that selects nothing yet allows nothing, so the first pods are safe before the next sync.
    const allowed = expectedPods <= 0 || currentHealthy - desiredHealthy <= 0 ? 0 : currentHealthy - desiredHealthy;
    const status = isObject(pdb.status) ? pdb.status : {};
    const generation = pdb.metadata.generation ?? 1;
    const previous = isObject(status.disruptedPods) ? status.disruptedPods : {};
    const upToDate =
      status.currentHealthy === currentHealthy &&
      status.desiredHealthy === desiredHealthy &&
      status.expectedPods === expectedPods &&
      status.disruptionsAllowed === allowed &&
      deepEqual(previous, disrupted) &&
      status.observedGeneration === generation &&
      conditionsAreUpToDate(status, generation, allowed);
    if (upToDate) return;
    const next: Record<string, unknown> = {
      observedGeneration: generation,
      ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
      disruptionsAllowed: allowed,
      currentHealthy,
      desiredHealthy,
      expectedPods,
    };
    next.conditions = disruptionAllowedConditions(asArray(status.conditions), allowed, generation, this.clock.nowRFC3339());
    this.api.updateStatus({ ...pdb, status: next }, { trusted: true });
  }

  /** failSafe: when the budget cannot be computed, allow no disruptions rather than guess. */
  private failSafe(pdb: KubeObject, message: string): void {
    const status = isObject(pdb.status) ? pdb.status : {};
    const observedGeneration = typeof status.observedGeneration === 'number' ? status.observedGeneration : 0;
    const conditions = setCondition(asArray(status.conditions), { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message, observedGeneration }, this.clock.nowRFC3339());
    this.api.updateStatus({ ...pdb, status: { ...status, disruptionsAllowed: 0, conditions } }, { trusted: true });
  }
}

// ---- shared with the eviction subresource ---------------------------------------

function pdbSelector(pdb: KubeObject): Selector | undefined {
  const sel = isObject(pdb.spec) ? pdb.spec.selector : undefined;
  return isObject(sel) ? fromLabelSelector(sel) : undefined;
}

/** PDBs in the pod's namespace whose (non-empty) selector matches it, as the lister and the eviction handler find them. */
export function pdbsForPod(api: ApiServer, pod: KubeObject): KubeObject[] {
  const out: KubeObject[] = [];
  for (const pdb of api.store.list(PDB_RESOURCE, pod.metadata.namespace)) {
    const sel = pdbSelector(pdb);
    if (sel && sel.length && matchesLabels(sel, pod.metadata.labels)) out.push(pdb);
  }
  return out.sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
}

/** getPodsForPdb: a missing selector selects nothing, an empty one everything in the namespace. */
function podsForPdb(api: ApiServer, pdb: KubeObject): KubeObject[] {
  const sel = pdbSelector(pdb);
  if (!sel) return [];
  return api.store.list('/pods', pdb.metadata.namespace).filter((p) => matchesLabels(sel, p.metadata.labels));
}

/** countHealthyPods: Ready pods that are neither being deleted nor already promised to an eviction. */
export function countHealthyPods(pods: KubeObject[], disrupted: Record<string, unknown>, now: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disrupted[pod.metadata.name ?? ''];
    if (typeof at === 'string' && (parseRFC3339(at) ?? 0) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/** intstr.GetScaledValueFromIntOrPercent with rounding up. */
export function scaledValue(v: unknown, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v));
  if (!m) throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(String(v))}`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** getExpectedPodCount: an integer minAvailable counts pods; anything else counts the owning controllers' replicas. */
export function expectedPodCount(api: ApiServer, pdb: KubeObject, pods: KubeObject[]): { expectedCount: number; desiredHealthy: number; unmanaged: string[] } {
  const spec = isObject(pdb.spec) ? pdb.spec : {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { scale, unmanaged } = expectedScale(api, pods);
    return { expectedCount: scale, desiredHealthy: Math.max(0, scale - scaledValue(spec.maxUnavailable, scale)), unmanaged };
  }
  if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanaged: [] };
  if (typeof spec.minAvailable === 'string') {
    const { scale, unmanaged } = expectedScale(api, pods);
    return { expectedCount: scale, desiredHealthy: scaledValue(spec.minAvailable, scale), unmanaged };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanaged: [] };
}

/** getExpectedScale: the sum of spec.replicas over the distinct controllers of the selected pods. */
function expectedScale(api: ApiServer, pods: KubeObject[]): { scale: number; unmanaged: string[] } {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerRef(pod);
    if (!ref) {
      unmanaged.push(pod.metadata.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = findController(api, ref, pod.metadata.namespace ?? '');
    if (!found) throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata.name ?? '')}`);
    scales.set(found.uid, found.scale);
  }
  let scale = 0;
  for (const s of scales.values()) scale += s;
  return { scale, unmanaged };
}

function replicasOf(obj: KubeObject): number {
  const r = isObject(obj.spec) ? obj.spec.replicas : undefined;
  return typeof r === 'number' ? r : 1;
}

/** The finders, in upstream order: a ReplicaSet owned by a Deployment counts as the Deployment. */
function findController(api: ApiServer, ref: { apiVersion: string; kind: string; name: string; uid: string }, namespace: string): { uid: string; scale: number } | undefined {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.lastIndexOf('/')) : '';
  const get = (type: string, name: string): KubeObject | undefined => api.tryGet(type, name, namespace);
  if (ref.kind === 'ReplicaSet' && (group === 'apps' || group === 'extensions')) {
    const rs = get('replicasets.apps', ref.name);
    if (rs && rs.metadata.uid === ref.uid) {
      const owner = controllerRef(rs);
      if (owner?.kind === 'Deployment') {
        const d = get('deployments.apps', owner.name);
        if (d && d.metadata.uid === owner.uid) return { uid: owner.uid, scale: replicasOf(d) };
      } else return { uid: ref.uid, scale: replicasOf(rs) };
    }
  }
  const known: Record<string, string> = { ReplicationController: 'replicationcontrollers', StatefulSet: 'statefulsets.apps' };
  const typeName = known[ref.kind];
  if (typeName) {
    const obj = get(typeName, ref.name);
    if (obj && obj.metadata.uid === ref.uid) return { uid: ref.uid, scale: replicasOf(obj) };
  }
  return scaleController(api, ref, namespace);
}

/** getScaleController: anything else must serve the scale subresource. */
function scaleController(api: ApiServer, ref: { apiVersion: string; kind: string; name: string; uid: string }, namespace: string): { uid: string; scale: number } | undefined {
  const t = api.registry.byGVK(ref.apiVersion, ref.kind);
  if (!t) throw new Error(`no matches for kind ${JSON.stringify(ref.kind)} in version ${JSON.stringify(ref.apiVersion)}`);
  const scalable = ['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers'].includes(t.resource);
  const obj = api.tryGet(t.group ? `${t.resource}.${t.group}` : t.resource, ref.name, namespace);
  if (!scalable && !(obj && isObject(obj.spec) && typeof obj.spec.replicas === 'number' && !t.model)) {
    throw new Error(`${qualifiedResource(t)} does not implement the scale subresource`);
  }
  if (!obj || obj.metadata.uid !== ref.uid) return undefined;
  return { uid: ref.uid, scale: replicasOf(obj) };
}

// ---- the DisruptionAllowed condition (component-helpers/apps/poddisruptionbudget) ----

function conditionsAreUpToDate(status: Record<string, unknown>, generation: number, allowed: number): boolean {
  const cond = asArray(status.conditions).find((c): c is Record<string, unknown> => isObject(c) && c.type === 'DisruptionAllowed');
  if (!cond || status.observedGeneration !== generation) return false;
  return allowed > 0 ? cond.status === 'True' && cond.reason === 'SufficientPods' : cond.status === 'False' && cond.reason === 'InsufficientPods';
}

/** UpdateDisruptionAllowedCondition. */
export function disruptionAllowedConditions(conditions: unknown[], allowed: number, observedGeneration: number, now: string): unknown[] {
  const cond =
    allowed > 0
      ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration }
      : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration };
  return setCondition(conditions, cond, now);
}

/** apimeta.SetStatusCondition: lastTransitionTime moves only when the status does. */
function setCondition(conditions: unknown[], cond: { type: string; status: string; reason: string; message: string; observedGeneration: number }, now: string): unknown[] {
  const old = conditions.find((c): c is Record<string, unknown> => isObject(c) && c.type === cond.type);
  const lastTransitionTime = old && old.status === cond.status && typeof old.lastTransitionTime === 'string' ? old.lastTransitionTime : now;
  const next = { type: cond.type, status: cond.status, observedGeneration: cond.observedGeneration, lastTransitionTime, reason: cond.reason, message: cond.message };
  return old ? conditions.map((c) => (c === old ? next : c)) : [...conditions, next];
}

/** Go's %v of a *metav1.LabelSelector (its generated String method). */
function goLabelSelector(sel: unknown): string {
  if (!isObject(sel)) return '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}';
  const labels = isObject(sel.matchLabels) ? sel.matchLabels : {};
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}: ${String(labels[k])},`)
    .join('');
  const exprs = asArray(sel.matchExpressions)
    .filter(isObject)
    .map((e) => `LabelSelectorRequirement{Key:${String(e.key)},Operator:${String(e.operator)},Values:[${asArray(e.values).map(String).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${pairs}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

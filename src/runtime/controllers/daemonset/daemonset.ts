// The DaemonSet controller (pkg/controller/daemon): one pod per eligible node.
// Pods are not bound by the controller: each is created pinned to its node
// through a required node affinity on metadata.name, and the scheduler binds
// it (as upstream does since 1.12). A ControllerRevision per template drives
// RollingUpdate / OnDelete.
import { deepEqual } from '../../api/patch';
import { fromLabelSelector, matchesLabels } from '../../api/selectors';
import { isStatusError } from '../../api/errors';
import { isObject, type KubeObject } from '../../api/types';
import { EventRecorder } from '../../events/recorder';
import { Controller, splitKey } from '../controller';
import { ensureRevision, fnv32, goJSON, ownedRevisions, REVISION_HASH_LABEL, safeEncodeString, truncateHistory } from '../history';
import { controlledBy, controllerKey, isPodAvailable, isPodReady, podPhase } from '../podutil';
import { podFromTemplate, templateOf } from '../podtemplate';
import { affinityForNode, nodeShouldRunDaemonPod, targetNodeName, withDaemonTolerations, type NodeVerdict } from './predicates';
import { isUpdated, planRollingUpdate } from './update';

type Obj = Record<string, unknown>;

const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** controller.ComputeHash stands in: FNV-1a over the template as JSON (real clusters hash Go's struct dump, so values differ). */
function templateHash(data: unknown, collisionCount: number): string {
  const template = isObject(data) && isObject(data.spec) ? data.spec.template : undefined;
  return safeEncodeString(String(fnv32(goJSON(template) + (collisionCount ? String(collisionCount) : ''), '1a')));
}

const byCreation = (a: KubeObject, b: KubeObject): number =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

export class DaemonSetController extends Controller {
  readonly name = 'daemonset-controller';
  private readonly recorder = new EventRecorder(this.api, { component: 'daemonset-controller' });
  /** What the placement of daemons depends on, per node: only a change there resyncs every DaemonSet. */
  private readonly nodeFingerprints = new Map<string, string>();

  start(): this {
    this.watch('daemonsets');
    this.watch('pods', (o) => controllerKey(o, 'DaemonSet'), (o) => controlledBy(o, 'DaemonSet'));
    this.watch('nodes', (node) => (this.nodeChanged(node) ? this.allKeys() : undefined));
    return this;
  }

  private nodeChanged(node: KubeObject): boolean {
    const name = node.metadata.name ?? '';
    const exists = !!this.api.tryGet('nodes', name);
    const print = exists ? JSON.stringify([node.metadata.labels, isObject(node.spec) ? [node.spec.taints, node.spec.unschedulable] : null]) : '';
    if (this.nodeFingerprints.get(name) === print) return false;
    if (exists) this.nodeFingerprints.set(name, print);
    else this.nodeFingerprints.delete(name);
    return true;
  }

  private allKeys(): string[] {
    return this.api.store.list('apps/daemonsets').map((d) => `${d.metadata.namespace ?? 'default'}/${d.metadata.name ?? ''}`);
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const ds = this.api.tryGet('daemonsets', name, namespace);
    if (!ds) return;
    const status: Obj = isObject(ds.status) ? ds.status : {};
    const revisions = ownedRevisions(this.api, ds);
    const { revision, collisionCount } = ensureRevision(this.api, ds, revisions, num(status.collisionCount), templateHash);
    const hash = revision.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
    const nodes = this.api.store.list('/nodes');
    const template = this.podTemplate(ds, hash);
    const tolerations = (template.spec as Obj).tolerations as Obj[];
    const verdicts = new Map(nodes.map((n) => [n.metadata.name ?? '', nodeShouldRunDaemonPod(template.spec as Obj, tolerations, n)]));
    if (!ds.metadata.deletionTimestamp) {
      this.manage(ds, template, verdicts);
      const strategy = isObject(ds.spec) && isObject(ds.spec.updateStrategy) ? ds.spec.updateStrategy.type : 'RollingUpdate';
      if (strategy === 'RollingUpdate') this.rollingUpdate(ds, template, verdicts, hash);
    }
    const nodePods = this.podsByNode(ds);
    this.writeStatus(ds, this.computeStatus(ds, verdicts, nodePods, hash, collisionCount));
    const live = new Set([hash, ...[...nodePods.values()].flat().map((p) => p.metadata.labels?.[REVISION_HASH_LABEL] ?? '')]);
    const limit = isObject(ds.spec) && typeof ds.spec.revisionHistoryLimit === 'number' ? ds.spec.revisionHistoryLimit : 10;
    truncateHistory(this.api, ownedRevisions(this.api, ds), (r) => live.has(r.metadata.labels?.[REVISION_HASH_LABEL] ?? ''), limit);
  }

  /** util.CreatePodTemplate: the daemon tolerations, the revision hash and the legacy generation label. */
  private podTemplate(ds: KubeObject, hash: string): Obj {
    const t = templateOf(ds);
    const meta = isObject(t.metadata) ? t.metadata : {};
    const spec = isObject(t.spec) ? t.spec : {};
    const labels: Record<string, string> = { ...(isObject(meta.labels) ? (meta.labels as Record<string, string>) : {}) };
    const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
    if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = generation;
    labels[REVISION_HASH_LABEL] = hash;
    return { ...t, metadata: { ...meta, labels }, spec: { ...spec, tolerations: withDaemonTolerations(spec) } };
  }

  private podsByNode(ds: KubeObject): Map<string, KubeObject[]> {
    const selector = fromLabelSelector(isObject(ds.spec) ? ds.spec.selector : undefined);
    const out = new Map<string, KubeObject[]>();
    for (const pod of this.api.ownedBy('pods', ds.metadata.uid ?? '')) {
      if (!matchesLabels(selector, pod.metadata.labels)) continue;
      const terminal = podPhase(pod) === 'Succeeded' || podPhase(pod) === 'Failed';
      if (terminal && pod.metadata.deletionTimestamp) continue;
      const node = targetNodeName(pod);
      if (node === undefined) continue;
      const list = out.get(node) ?? [];
      list.push(pod);
      out.set(node, list);
    }
    for (const list of out.values()) list.sort(byCreation);
    return out;
  }

  /**
   * manage / podsShouldBeOnNode: create where missing, remove failed, duplicate and misplaced pods.
   * Pods left on a deleted node are the pod garbage collector's, not ours.
   */
  private manage(ds: KubeObject, template: Obj, verdicts: Map<string, NodeVerdict>): void {
    const nodePods = this.podsByNode(ds);
    const create: string[] = [];
    const remove: KubeObject[] = [];
    for (const [node, v] of verdicts) {
      const pods = nodePods.get(node) ?? [];
      if (v.shouldRun && pods.length === 0) create.push(node);
      else if (v.shouldContinueRunning) {
        const running: KubeObject[] = [];
        for (const pod of pods) {
          if (pod.metadata.deletionTimestamp) continue;
          if (podPhase(pod) === 'Failed') {
            const msg = `Found failed daemon pod ${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''} on node ${node}, will try to kill it`;
            this.recorder.event(ds, 'Warning', 'FailedDaemonPod', msg);
            remove.push(pod);
          } else running.push(pod);
        }
        // Without surge a node keeps only its oldest daemon pod.
        if (!this.allowsSurge(ds) && running.length > 1) remove.push(...running.slice(1));
      } else remove.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
    }
    for (const pod of remove) this.deletePod(ds, pod);
    for (const node of create) this.createPod(ds, template, node);
  }

  private allowsSurge(ds: KubeObject): boolean {
    const s = isObject(ds.spec) && isObject(ds.spec.updateStrategy) ? ds.spec.updateStrategy : {};
    const r = isObject(s.rollingUpdate) ? s.rollingUpdate : {};
    return s.type === 'RollingUpdate' && r.maxSurge !== undefined && r.maxSurge !== 0 && r.maxSurge !== '0%';
  }

  private rollingUpdate(ds: KubeObject, template: Obj, verdicts: Map<string, NodeVerdict>, hash: string): void {
    const desired = [...verdicts.values()].filter((v) => v.shouldRun).length;
    const plan = planRollingUpdate(ds, this.podsByNode(ds), hash, desired, this.clock.now());
    for (const pod of plan.deletePods) this.deletePod(ds, pod);
    for (const node of plan.surgeNodes) this.createPod(ds, template, node);
  }

  private createPod(ds: KubeObject, template: Obj, node: string): void {
    const pod = podFromTemplate(template, ds);
    const spec = pod.spec as Obj;
    spec.affinity = affinityForNode(spec.affinity, node);
    let created: KubeObject;
    try {
      created = this.api.create(pod, { trusted: true });
    } catch (e) {
      this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
    this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name ?? ''}`);
  }

  private deletePod(ds: KubeObject, pod: KubeObject): void {
    try {
      this.api.delete('pods', pod.metadata.name ?? '', { namespace: pod.metadata.namespace });
    } catch (e) {
      if (isStatusError(e) && e.reason === 'NotFound') return;
      throw e;
    }
    this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`);
  }

  private computeStatus(ds: KubeObject, verdicts: Map<string, NodeVerdict>, nodePods: Map<string, KubeObject[]>, hash: string, collisionCount: number): Obj {
    const minReady = isObject(ds.spec) && typeof ds.spec.minReadySeconds === 'number' ? ds.spec.minReadySeconds : 0;
    let desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
    for (const [node, v] of verdicts) {
      const pods = nodePods.get(node) ?? [];
      if (!v.shouldRun) {
        if (pods.length) misscheduled++;
        continue;
      }
      desired++;
      if (!pods.length) continue;
      current++;
      const oldest = pods[0];
      if (isPodReady(oldest)) {
        ready++;
        if (isPodAvailable(oldest, minReady, this.clock.now())) available++;
      }
      if (isUpdated(oldest, hash)) updated++;
    }
    const old: Obj = isObject(ds.status) ? ds.status : {};
    const status: Obj = { currentNumberScheduled: current, numberMisscheduled: misscheduled, desiredNumberScheduled: desired, numberReady: ready };
    status.observedGeneration = ds.metadata.generation ?? 1;
    if (updated) status.updatedNumberScheduled = updated;
    if (available) status.numberAvailable = available;
    if (desired - available) status.numberUnavailable = desired - available;
    if (collisionCount || old.collisionCount !== undefined) status.collisionCount = collisionCount;
    if (old.conditions !== undefined) status.conditions = old.conditions;
    return status;
  }

  private writeStatus(ds: KubeObject, status: Obj): void {
    if (deepEqual(ds.status, status)) return;
    this.api.updateStatus({ ...ds, status }, { trusted: true });
  }
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

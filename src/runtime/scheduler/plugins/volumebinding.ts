// VolumeBinding: a pod's PersistentVolumeClaims must exist; claims of an
// Immediate class must already be bound; bound volumes must be reachable from
// the node (PV node affinity); WaitForFirstConsumer claims need a matching
// free PV on the node or a class that can provision one. PreBind then binds
// the chosen PV, or marks the claim with the selected node for provisioning.
import { parseQuantity } from '../../api/quantity';
import { fromLabelSelector, matchesLabels } from '../../api/selectors';
import { asArray, isObject, type KubeObject } from '../../api/types';
import type { NodeInfo } from '../nodeinfo';
import { termMatches } from '../nodeselector';
import { toNodeSelectorTerm, type PodInfo } from '../podinfo';
import { SKIP, status, StateKey, type CycleState, type FilterPlugin, type PreFilterPlugin, type Skip, type Status } from '../types';

export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

export interface VolumeLister {
  pvc(namespace: string, name: string): KubeObject | undefined;
  pv(name: string): KubeObject | undefined;
  storageClass(name: string): KubeObject | undefined;
  pvs(): Iterable<KubeObject>;
}

class ClaimsState {
  constructor(
    readonly bound: KubeObject[],
    readonly delayed: KubeObject[],
  ) {}
  clone(): ClaimsState {
    return this;
  }
}

const KEY = new StateKey<ClaimsState>('PreFilterVolumeBinding');

const spec = (o: KubeObject | undefined): Record<string, unknown> => (o && isObject(o.spec) ? o.spec : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What PreBind writes for one WaitForFirstConsumer claim on the chosen node. */
export interface VolumeBindingPlan {
  pvc: KubeObject;
  /** A matching existing PV to bind; undefined = ask the provisioner for one on this node. */
  pv?: KubeObject;
}

export class VolumeBinding implements PreFilterPlugin, FilterPlugin {
  readonly name = 'VolumeBinding';

  constructor(private readonly lister: VolumeLister) {}

  preFilter(state: CycleState, pod: PodInfo): Status | Skip | undefined {
    if (pod.spec.claims.length === 0) return SKIP;
    const bound: KubeObject[] = [];
    const delayed: KubeObject[] = [];
    let immediate = false;
    for (const claim of pod.spec.claims) {
      const name = claim.ephemeral ? `${pod.name}-${claim.name}` : claim.name;
      const pvc = this.lister.pvc(pod.namespace, name);
      const problem = this.claimProblem(pvc, name, claim.ephemeral);
      if (problem || !pvc) return status('UnschedulableAndUnresolvable', problem ?? '');
      if (str(spec(pvc).volumeName) !== '') bound.push(pvc);
      else if (this.delaysBinding(pvc)) delayed.push(pvc);
      else immediate = true;
    }
    // The PV controller binds Immediate claims on its own; the pod is retried when it does.
    if (immediate) return status('UnschedulableAndUnresolvable', UNBOUND_IMMEDIATE);
    state.write(KEY, new ClaimsState(bound, delayed));
    return undefined;
  }

  private claimProblem(pvc: KubeObject | undefined, name: string, ephemeral: boolean): string | undefined {
    if (!pvc) {
      return ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"` : `persistentvolumeclaim "${name}" not found`;
    }
    if (isObject(pvc.status) && pvc.status.phase === 'Lost') {
      return `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${str(spec(pvc).volumeName)}"`;
    }
    if (pvc.metadata.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
    return undefined;
  }

  private delaysBinding(pvc: KubeObject): boolean {
    const className = str(spec(pvc).storageClassName);
    if (className === '') return false;
    return this.lister.storageClass(className)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
    const st = state.read(KEY);
    if (!st) return null;
    const reasons: string[] = [];
    let pvMissing = false;
    let conflict = false;
    for (const pvc of st.bound) {
      const pv = this.lister.pv(str(spec(pvc).volumeName));
      if (!pv) pvMissing = true;
      else if (!pvReachable(pv, node)) conflict = true;
    }
    if (conflict) reasons.push(ERR_REASON_NODE_CONFLICT);
    if (st.delayed.length > 0 && !this.plan(st.delayed, node)) reasons.push(ERR_REASON_BIND_CONFLICT);
    if (pvMissing) reasons.push(ERR_REASON_PV_NOT_EXIST);
    return reasons.length ? status('UnschedulableAndUnresolvable', ...reasons) : null;
  }

  /** PreBind's plan for the chosen node: undefined if a claim cannot be satisfied there. */
  bindingPlan(state: CycleState, node: NodeInfo): VolumeBindingPlan[] | undefined {
    const st = state.read(KEY);
    return st ? this.plan(st.delayed, node) : [];
  }

  private plan(claims: readonly KubeObject[], node: NodeInfo): VolumeBindingPlan[] | undefined {
    const taken = new Set<string>();
    const out: VolumeBindingPlan[] = [];
    for (const pvc of claims) {
      const pv = this.findMatchingVolume(pvc, node, taken);
      if (pv) {
        taken.add(pv.metadata.name ?? '');
        out.push({ pvc, pv });
        continue;
      }
      const cls = this.lister.storageClass(str(spec(pvc).storageClassName));
      if (!cls || cls.provisioner === 'kubernetes.io/no-provisioner' || !allowedTopology(cls, node)) return undefined;
      out.push({ pvc });
    }
    return out;
  }

  /** The smallest free PV of the claim's class, size, modes and selector that the node can reach. */
  private findMatchingVolume(pvc: KubeObject, node: NodeInfo, taken: Set<string>): KubeObject | undefined {
    const want = spec(pvc);
    const request = parseQuantity(field2(want.resources, 'requests', 'storage'))?.value ?? 0;
    const modes = asArray(want.accessModes).map(String);
    const selector = isObject(want.selector) ? fromLabelSelector(want.selector) : undefined;
    let best: KubeObject | undefined;
    let bestSize = Infinity;
    for (const pv of this.lister.pvs()) {
      const s = spec(pv);
      const name = pv.metadata.name ?? '';
      if (taken.has(name) || pv.metadata.deletionTimestamp) continue;
      if (str(s.storageClassName) !== str(want.storageClassName)) continue;
      const ref = isObject(s.claimRef) ? s.claimRef : undefined;
      if (ref && !(ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name)) continue;
      if (!ref && isObject(pv.status) && pv.status.phase !== undefined && pv.status.phase !== 'Available') continue;
      const size = parseQuantity(field2(s.capacity, 'storage'))?.value ?? 0;
      const pvModes = asArray(s.accessModes).map(String);
      if (size < request || !modes.every((m) => pvModes.includes(m))) continue;
      if ((str(s.volumeMode) || 'Filesystem') !== (str(want.volumeMode) || 'Filesystem')) continue;
      if (selector && !matchesLabels(selector, pv.metadata.labels)) continue;
      if (!pvReachable(pv, node)) continue;
      if (size < bestSize) {
        best = pv;
        bestSize = size;
      }
    }
    return best;
  }
}

function field2(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const k of path) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

/** A PV's spec.nodeAffinity.required must select the node. */
function pvReachable(pv: KubeObject, node: NodeInfo): boolean {
  const required = field2(pv.spec, 'nodeAffinity', 'required');
  if (!isObject(required)) return true;
  return asArray(required.nodeSelectorTerms).filter(isObject).map(toNodeSelectorTerm).some((t) => termMatches(t, node));
}

/** StorageClass.allowedTopologies: provisioning only where one term's label values match the node. */
function allowedTopology(cls: KubeObject, node: NodeInfo): boolean {
  const terms = asArray(cls.allowedTopologies).filter(isObject);
  if (terms.length === 0) return true;
  return terms.some((t) =>
    asArray(t.matchLabelExpressions)
      .filter(isObject)
      .every((e) => asArray(e.values).map(String).includes(node.labels[String(e.key)] ?? '\u0000')),
  );
}

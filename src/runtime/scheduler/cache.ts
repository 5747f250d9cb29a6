// The scheduler cache (pkg/scheduler/backend/cache): NodeInfo per node, kept
// current from node and pod watch events, including pods the scheduler has
// assumed on a node before it sees its own binding come back. Nodes are
// listed zone by zone, round robin (the cache's nodeTree), so the first nodes
// a cycle examines are spread over zones.
import { isObject, type KubeObject } from '../api/types';
import { NodeInfo } from './nodeinfo';
import { PodInfo } from './podinfo';
import type { ClusterView } from './types';

export class SchedulerCache implements ClusterView {
  private readonly infos = new Map<string, NodeInfo>();
  /** zone key → node names in insertion order. */
  private readonly zones = new Map<string, string[]>();
  private list: NodeInfo[] | undefined;
  /** uid → the PodInfo counted on a node (assigned or assumed). */
  private readonly assigned = new Map<string, PodInfo>();
  private readonly byNamespace = new Map<string, Set<PodInfo>>();
  private readonly byLabel = new Map<string, Set<PodInfo>>();
  private readonly affinityNodes = new Set<NodeInfo>();
  private readonly antiAffinityNodes = new Set<NodeInfo>();
  /** nominated node → pending pods nominated there by preemption. */
  private readonly nominated = new Map<string, Map<string, PodInfo>>();
  private readonly nominatedOf = new Map<string, string>();
  /** Does any node report images? (ImageLocality is a no-op until one does.) */
  imagesKnown = false;

  constructor(private readonly nsLabels: (ns: string) => Record<string, string> | undefined) {}

  // ---- nodes ------------------------------------------------------------

  /** Returns whether the node is new or changed in a way that may let waiting pods fit. */
  upsertNode(node: KubeObject): boolean {
    const name = node.metadata.name ?? '';
    let info = this.infos.get(name);
    if (!info) this.infos.set(name, (info = new NodeInfo(name)));
    const hadNode = !!info.node;
    const oldZone = hadNode ? zoneKey(info.labels) : undefined;
    if (!info.setNode(node)) return false;
    if (info.images.size > 0) this.imagesKnown = true;
    const zone = zoneKey(info.labels);
    if (oldZone !== zone) {
      if (oldZone !== undefined) this.removeFromZone(oldZone, name);
      const names = this.zones.get(zone) ?? [];
      names.push(name);
      this.zones.set(zone, names);
      this.list = undefined;
    }
    return true;
  }

  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info?.node) return;
    this.removeFromZone(zoneKey(info.labels), name);
    info.node = undefined;
    if (info.pods.size === 0) this.infos.delete(name);
    this.list = undefined;
  }

  private removeFromZone(zone: string, name: string): void {
    const names = this.zones.get(zone);
    if (!names) return;
    const i = names.indexOf(name);
    if (i >= 0) names.splice(i, 1);
    if (names.length === 0) this.zones.delete(zone);
  }

  nodes(): readonly NodeInfo[] {
    if (!this.list) {
      const out: NodeInfo[] = [];
      const zones = [...this.zones.values()];
      for (let i = 0, added = true; added; i++) {
        added = false;
        for (const names of zones) {
          if (i >= names.length) continue;
          const info = this.infos.get(names[i]);
          if (info) {
            info.index = out.length;
            out.push(info);
          }
          added = true;
        }
      }
      this.list = out;
    }
    return this.list;
  }

  node(name: string): NodeInfo | undefined {
    const n = this.infos.get(name);
    return n?.node ? n : undefined;
  }

  // ---- pods ---------------------------------------------------------------

  assignedPod(uid: string): PodInfo | undefined {
    return this.assigned.get(uid);
  }

  /** Count a pod on its node (an assigned pod from a watch event, or one the scheduler assumes). */
  addPod(p: PodInfo): void {
    const prev = this.assigned.get(p.uid);
    if (prev) this.removePod(prev.uid);
    let info = this.infos.get(p.nodeName);
    if (!info) this.infos.set(p.nodeName, (info = new NodeInfo(p.nodeName)));
    info.addPod(p);
    this.assigned.set(p.uid, p);
    this.indexPod(p, true);
    this.trackAffinity(info);
  }

  removePod(uid: string): PodInfo | undefined {
    const p = this.assigned.get(uid);
    if (!p) return undefined;
    this.assigned.delete(uid);
    const info = this.infos.get(p.nodeName);
    if (info) {
      info.removePod(uid);
      this.trackAffinity(info);
      if (!info.node && info.pods.size === 0) this.infos.delete(p.nodeName);
    }
    this.indexPod(p, false);
    return p;
  }

  /** Assume a pod on a node before the binding is observed (cache.AssumePod). */
  assume(p: PodInfo, nodeName: string): PodInfo {
    const pod: KubeObject = { ...p.pod, spec: { ...(isObject(p.pod.spec) ? p.pod.spec : {}), nodeName } };
    const assumed = new PodInfo(pod, p);
    this.addPod(assumed);
    return assumed;
  }

  private trackAffinity(info: NodeInfo): void {
    if (info.podsWithAffinity > 0) this.affinityNodes.add(info);
    else this.affinityNodes.delete(info);
    if (info.podsWithRequiredAntiAffinity > 0) this.antiAffinityNodes.add(info);
    else this.antiAffinityNodes.delete(info);
  }

  private indexPod(p: PodInfo, add: boolean): void {
    const touch = (map: Map<string, Set<PodInfo>>, key: string): void => {
      let set = map.get(key);
      if (add) {
        if (!set) map.set(key, (set = new Set()));
        set.add(p);
      } else if (set) {
        set.delete(p);
        if (set.size === 0) map.delete(key);
      }
    };
    touch(this.byNamespace, p.namespace);
    for (const k in p.labels) touch(this.byLabel, labelKey(p.namespace, k, p.labels[k]));
  }

  *candidatePods(namespace: string | undefined, kv: [string, string] | undefined): Iterable<PodInfo> {
    const namespaces = namespace === undefined ? [...this.byNamespace.keys()] : [namespace];
    for (const ns of namespaces) {
      const set = kv ? this.byLabel.get(labelKey(ns, kv[0], kv[1])) : this.byNamespace.get(ns);
      if (set) yield* set;
    }
  }

  nodesWithAffinityPods(): Iterable<NodeInfo> {
    return this.affinityNodes;
  }

  nodesWithRequiredAntiAffinityPods(): Iterable<NodeInfo> {
    return this.antiAffinityNodes;
  }

  namespaceLabels(namespace: string): Record<string, string> | undefined {
    return this.nsLabels(namespace);
  }

  // ---- nominated pods (the nominator) ---------------------------------------

  setNominated(p: PodInfo, nodeName: string): void {
    this.clearNominated(p.uid);
    if (!nodeName) return;
    let m = this.nominated.get(nodeName);
    if (!m) this.nominated.set(nodeName, (m = new Map<string, PodInfo>()));
    m.set(p.uid, p);
    this.nominatedOf.set(p.uid, nodeName);
  }

  clearNominated(uid: string): void {
    const node = this.nominatedOf.get(uid);
    if (node === undefined) return;
    this.nominatedOf.delete(uid);
    const m = this.nominated.get(node);
    m?.delete(uid);
    if (m?.size === 0) this.nominated.delete(node);
  }

  nominatedPods(nodeName: string): Iterable<PodInfo> {
    return this.nominated.get(nodeName)?.values() ?? [];
  }

  hasNominated(): boolean {
    return this.nominated.size > 0;
  }
}

function labelKey(ns: string, k: string, v: string): string {
  return `${ns}\u0000${k}\u0000${v}`;
}

/** utilnode.GetZoneKey: region and zone; nodes without either share one "zone". */
function zoneKey(labels: Record<string, string>): string {
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

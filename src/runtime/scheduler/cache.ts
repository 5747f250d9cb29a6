// The scheduler cache (pkg/scheduler/backend/cache): NodeInfo per node, kept
// current from node and pod watch events, including pods the scheduler has
// assumed on a node before it sees its own binding come back. Nodes are
// listed zone by zone, round robin (the cache's nodeTree), so the first nodes
// a cycle examines are spread over zones. Running totals the plugins would
// otherwise recount every cycle (matching pods per node for spreading,
// topology domains, nodes per image, cordoned nodes) follow the same events.
import type { KubeObject } from '../api/types';
import type { Selector } from '../api/selectors';
import { NodeInfo } from './nodeinfo';
import { PodCountIndex } from './podcounts';
import { indexableRequirement, labelIndexKey, PodInfo } from './podinfo';
import type { ClusterView, PodsByNode, TopologyDomains } from './types';

export class SchedulerCache implements ClusterView {
  private readonly infos = new Map<string, NodeInfo>();
  /** zone key → node names in insertion order. */
  private readonly zones = new Map<string, string[]>();
  private list: NodeInfo[] | undefined;
  /** Each listed node's NodeInfo.generation by index: per-node caches compare stamps without touching the nodes. */
  private gens = new Float64Array(0);
  /** image name → how many listed nodes report it (ImageLocality's spread). */
  private readonly imageNodes = new Map<string, number>();
  /** Names of cordoned nodes. */
  private readonly cordoned = new Set<string>();
  /** topology key → each listed node's domain id; dropped whenever the list or any node's labels change. */
  private readonly topologies = new Map<string, TopologyDomains>();
  /** uid → the PodInfo counted on a node (assigned or assumed). */
  private readonly assigned = new Map<string, PodInfo>();
  private readonly byNamespace = new Map<string, Set<PodInfo>>();
  private readonly byLabel = new Map<string, Set<PodInfo>>();
  private readonly podCounts = new PodCountIndex();
  private readonly affinityNodes = new Set<NodeInfo>();
  private readonly antiAffinityNodes = new Set<NodeInfo>();
  /** nominated node → pending pods nominated there by preemption. */
  private readonly nominated = new Map<string, Map<string, PodInfo>>();
  private readonly nominatedOf = new Map<string, string>();
  /** Does any node report images? (ImageLocality is a no-op until one does.) */
  imagesKnown = false;
  /**
   * Bumped whenever a Node object changes what the plugins read, or the node
   * list changes: per-node results cached across cycles may read other nodes
   * too (ImageLocality's spread of an image over the nodes).
   */
  nodesEpoch = 0;

  constructor(private readonly nsLabels: (ns: string) => Record<string, string> | undefined) {}

  // ---- nodes ------------------------------------------------------------

  /** Returns whether the node is new or changed in a way that may let waiting pods fit. */
  upsertNode(node: KubeObject): boolean {
    const name = node.metadata.name ?? '';
    let info = this.infos.get(name);
    if (!info) this.infos.set(name, (info = new NodeInfo(name)));
    const hadNode = !!info.node;
    const oldZone = hadNode ? zoneKey(info.labels) : undefined;
    const oldLabels = info.labels;
    const oldImages = info.images;
    if (!info.setNode(node)) return false;
    this.nodesEpoch++;
    this.touched(info);
    if (hadNode) this.countImages(oldImages, -1);
    this.countImages(info.images, 1);
    if (info.images.size > 0) this.imagesKnown = true;
    if (info.unschedulable) this.cordoned.add(name);
    else this.cordoned.delete(name);
    if (info.labels !== oldLabels) this.topologies.clear();
    const zone = zoneKey(info.labels);
    if (oldZone !== zone) {
      if (oldZone !== undefined) this.removeFromZone(oldZone, name);
      const names = this.zones.get(zone) ?? [];
      names.push(name);
      this.zones.set(zone, names);
      this.invalidateList();
    }
    return true;
  }

  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info?.node) return;
    this.removeFromZone(zoneKey(info.labels), name);
    this.cordoned.delete(name);
    this.countImages(info.images, -1);
    info.node = undefined;
    if (info.pods.size === 0) this.infos.delete(name);
    this.invalidateList();
  }

  private countImages(images: ReadonlyMap<string, number>, by: 1 | -1): void {
    for (const name of images.keys()) {
      const n = (this.imageNodes.get(name) ?? 0) + by;
      if (n > 0) this.imageNodes.set(name, n);
      else this.imageNodes.delete(name);
    }
  }

  nodesWithImage(image: string): number {
    return this.imageNodes.get(image) ?? 0;
  }

  private invalidateList(): void {
    this.nodesEpoch++;
    this.list = undefined;
    this.topologies.clear();
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
      this.gens = new Float64Array(out.length);
      for (let i = 0; i < out.length; i++) this.gens[i] = out[i].generation;
    }
    return this.list;
  }

  /** NodeInfo.generation of nodes()[i] at [i] (valid with the list nodes() returned last). */
  generations(): Float64Array {
    return this.gens;
  }

  private touched(info: NodeInfo): void {
    if (this.list && this.list[info.index] === info) this.gens[info.index] = info.generation;
  }

  node(name: string): NodeInfo | undefined {
    const n = this.infos.get(name);
    return n?.node ? n : undefined;
  }

  topology(key: string): TopologyDomains {
    let t = this.topologies.get(key);
    if (!t) this.topologies.set(key, (t = buildTopology(key, this.nodes())));
    return t;
  }

  hasUnschedulableNodes(): boolean {
    return this.cordoned.size > 0;
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
    this.touched(info);
    if (!p.terminating) this.podCounts.update(p, info, 1);
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
      this.touched(info);
      if (!p.terminating) this.podCounts.update(p, info, -1);
      this.trackAffinity(info);
      if (!info.node && info.pods.size === 0) this.infos.delete(p.nodeName);
    }
    this.indexPod(p, false);
    return p;
  }

  /** Take a newer revision of an assigned pod in place (PodInfo.refresh), keeping the spreading counts right. */
  refreshPod(p: PodInfo, pod: KubeObject): boolean {
    const wasTerminating = p.terminating;
    if (!p.refresh(pod)) return false;
    const info = this.infos.get(p.nodeName);
    if (info && this.assigned.get(p.uid) === p && p.terminating !== wasTerminating) this.podCounts.update(p, info, p.terminating ? -1 : 1);
    return true;
  }

  /** Assume a pod on a node before the binding is observed (cache.AssumePod). */
  assume(p: PodInfo, nodeName: string): PodInfo {
    const assumed = new PodInfo(p.pod, p, nodeName);
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
    touch(this.byNamespace, p.namespace, p, add);
    for (const key of p.labelIndexKeys) touch(this.byLabel, key, p, add);
  }

  *candidatePods(namespace: string | undefined, kv: [string, string] | undefined): Iterable<PodInfo> {
    const namespaces = namespace === undefined ? [...this.byNamespace.keys()] : [namespace];
    for (const ns of namespaces) {
      const set = kv ? this.byLabel.get(labelIndexKey(ns, kv[0], kv[1])) : this.byNamespace.get(ns);
      if (set) yield* set;
    }
  }

  matchingPodsByNode(namespace: string, selector: Selector): PodsByNode {
    const existing = (): Iterable<PodInfo> => this.candidatePods(namespace, indexableRequirement(selector));
    return this.podCounts.get(namespace, selector, existing, (p) => this.infos.get(p.nodeName));
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

function buildTopology(key: string, nodes: readonly NodeInfo[]): TopologyDomains {
  const ids = new Int32Array(nodes.length);
  const present = new Uint8Array(nodes.length);
  const byValue = new Map<string, number>();
  let labeled = 0;
  for (let i = 0; i < nodes.length; i++) {
    const labels = nodes[i].labels;
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = has ? labels[key] : '';
    let id = byValue.get(value);
    if (id === undefined) byValue.set(value, (id = byValue.size));
    ids[i] = id;
    present[i] = has ? 1 : 0;
    if (has) labeled++;
  }
  return { ids, present, size: byValue.size, labeled };
}

function touch(map: Map<string, Set<PodInfo>>, key: string, p: PodInfo, add: boolean): void {
  let set = map.get(key);
  if (add) {
    if (!set) map.set(key, (set = new Set()));
    set.add(p);
  } else if (set) {
    set.delete(p);
    if (set.size === 0) map.delete(key);
  }
}

/** utilnode.GetZoneKey: region and zone; nodes without either share one "zone". */
function zoneKey(labels: Record<string, string>): string {
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

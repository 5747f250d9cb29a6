// ImageLocality: prefer nodes that already hold the pod's images, weighted
// by image size and by how many nodes have it (so one node does not attract
// every pod). Nodes here report no status.images until a kubelet records
// pulls, and then every node scores 0, as upstream does for unknown images.
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { MAX_NODE_SCORE, type ClusterView, type CycleState, type ScorePlugin, StateKey } from '../types';

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

class ImageSpread {
  constructor(readonly spread: Map<string, number>) {}
  clone(): ImageSpread {
    return this;
  }
}

const KEY = new StateKey<ImageSpread>('PreScoreImageLocality');
/** Until a node reports images the spread is empty for every pod: one shared, never-written instance. */
const NO_IMAGES = new ImageSpread(new Map<string, number>());

/** normalizedImageName: an image without a tag means :latest. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') && !name.includes('@') ? `${name}:latest` : name;
}

export class ImageLocality implements ScorePlugin {
  readonly name = 'ImageLocality';
  readonly nodeLocal = true;
  readonly weight = 1;

  constructor(private readonly imagesKnown: () => boolean) {}

  preScore(state: CycleState, pod: PodInfo, _nodes: readonly NodeInfo[], view: ClusterView): boolean {
    if (!this.imagesKnown()) {
      state.write(KEY, NO_IMAGES);
      return true;
    }
    const spread = new Map<string, number>();
    const total = view.nodes().length;
    for (const image of pod.spec.images.map(normalizedImageName)) spread.set(image, total === 0 ? 0 : view.nodesWithImage(image) / total);
    state.write(KEY, new ImageSpread(spread));
    return true;
  }

  scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, n: number): void {
    // No node has reported images yet (imagesKnown only ever turns true): all score 0 without touching them.
    if (!this.imagesKnown()) {
      out.fill(0, 0, n);
      return;
    }
    for (let i = 0; i < n; i++) out[i] = nodes[i].images.size === 0 ? 0 : this.score(state, pod, nodes[i]);
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    // No node reports images: every node scores the floor, 0.
    if (node.images.size === 0) return 0;
    const spread = state.read(KEY)?.spread;
    let sum = 0;
    if (spread) {
      for (const [image, share] of spread) sum += (node.images.get(image) ?? 0) * share;
    }
    const maxThreshold = MAX_CONTAINER_THRESHOLD * Math.max(1, pod.spec.images.length);
    const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), maxThreshold);
    return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
  }
}

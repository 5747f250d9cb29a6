// The cluster runs here, off the UI thread, as a remote apiserver would; the
// page only receives summaries (later: watch streams) and sends requests.
import { createCluster } from '../runtime/index';

export interface ClusterSummary {
  nodes: number;
  readyNodes: number;
  pods: number;
  namespaces: number;
  objects: number;
  apiServerIP: string;
  simulatedTime: string;
}

const cluster = createCluster();

function summary(): ClusterSummary {
  const store = cluster.api.store;
  const objects = store.resources().reduce((n, r) => n + store.list(r).length, 0);
  const kubernetes = cluster.api.get('services', 'kubernetes', 'default');
  const spec = kubernetes.spec as { clusterIP?: string };
  const nodes = store.list('/nodes');
  const ready = nodes.filter((n) => {
    const conditions = (n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  });
  return {
    nodes: nodes.length,
    readyNodes: ready.length,
    pods: store.list('/pods').length,
    namespaces: cluster.api.list('namespaces').items.length,
    objects,
    apiServerIP: spec.clusterIP ?? '',
    simulatedTime: cluster.clock.nowRFC3339(),
  };
}

self.postMessage({ type: 'summary', summary: summary() });

// Simulated time runs at wall-clock speed for now; pause, step and speed controls come with the UI issue.
const TICK_MS = 1000;
setInterval(() => {
  cluster.advance(TICK_MS);
  self.postMessage({ type: 'summary', summary: summary() });
}, TICK_MS);

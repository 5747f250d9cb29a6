// The cluster runs here, off the UI thread, as a remote apiserver would; the
// page only receives summaries (later: watch streams) and sends requests.
import { createCluster } from '../runtime/index';

export interface ClusterSummary {
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
  return {
    namespaces: cluster.api.list('namespaces').items.length,
    objects,
    apiServerIP: spec.clusterIP ?? '',
    simulatedTime: cluster.clock.nowRFC3339(),
  };
}

self.postMessage({ type: 'summary', summary: summary() });

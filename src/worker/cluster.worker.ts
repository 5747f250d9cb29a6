// The cluster runs here, off the UI thread, as a remote apiserver would; the
// page receives summaries and terminal output, and sends requests (typed in
// ./protocol). Simulated time advances one second per wall-clock second.
import { createCluster } from '../runtime/index';
import type { ClusterSummary, WorkerMessage, WorkerRequest } from './protocol';
import { TerminalHost } from './terminalhost';

export type { ClusterSummary } from './protocol';

const cluster = createCluster();
const post = (message: WorkerMessage): void => self.postMessage(message);
const terminal = new TerminalHost(cluster, post);

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

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  terminal.handle(event.data);
  // A command may have changed the cluster: show it without waiting for the next tick.
  if (event.data.type !== 'complete') post({ type: 'summary', summary: summary() });
};

post({ type: 'summary', summary: summary() });

// Simulated time runs at wall-clock speed for now; pause, step and speed controls come with the UI issue.
const TICK_MS = 1000;
setInterval(() => {
  cluster.advance(TICK_MS);
  post({ type: 'summary', summary: summary() });
}, TICK_MS);

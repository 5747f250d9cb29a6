// The whole pipeline at scale: Deployments applied as YAML become ReplicaSets,
// pods, scheduling decisions, kubelet machines and Running pods, in simulated
// time. Prints wall seconds, pods/s, scheduler-only pods/s, peak heap and (for
// the pipelines) the heap kept after a full GC, for each scenario. Not a test:
// nothing here fails on a slow machine.
//
//   E1 scheduling   5,000 nodes, 10,000 pods with requests (scheduler only)
//   E2 busy cluster 1,000 nodes, 300 Deployments x 100 replicas, apply → all Running
//   E3 envelope     5,000 nodes, 150,000 pods, apply → all Running
//
// Run one: `npm run bench -- runtime E2` (bundled as the app ships, see run.js),
// or scale one down with SCALE=0.1.
import { performance } from 'node:perf_hooks';
import { createCluster, type Cluster, type NodeSpec } from '../src/runtime/index';
import type { KubeObject } from '../src/runtime/api/types';

const SCALE = Number(process.env.SCALE ?? 1);
const only = process.argv[2];

let peakHeap = 0;
function sampleHeap(): void {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function nodes(n: number): NodeSpec[] {
  const out: NodeSpec[] = [{ name: 'control-plane', role: 'control-plane', cpu: '8', memory: '32Gi' }];
  for (let i = 1; i < n; i++) out.push({ name: `worker-${i}`, role: 'worker', cpu: '32', memory: '128Gi', pods: 110 });
  return out;
}

function deployments(count: number, replicas: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
        resources:
          requests: {cpu: 100m, memory: 128Mi}
`);
  }
  return docs.join('---\n');
}

/** The scheduler times its own scheduling and binding cycles with a profiler clock the bench hands it. */
function timeScheduler(cluster: Cluster): () => number {
  cluster.scheduler.setProfiler(() => performance.now());
  return () => cluster.scheduler.stats.busyMs / 1000;
}

/** Pods, bound pods and Running pods, kept current from the store's change feed as the bench's own informer. */
function podCounter(cluster: Cluster): () => { total: number; running: number; bound: number } {
  const BOUND = 1;
  const RUNNING = 2;
  // By uid (a string the pod already holds) and as bit flags: the counter's own cost is part of the wall time.
  const seen = new Map<string, number>();
  let bound = 0;
  let running = 0;
  const track = (pod: KubeObject, deleted: boolean): void => {
    const uid = pod.metadata.uid ?? '';
    const before = seen.get(uid) ?? 0;
    const now = deleted
      ? 0
      : ((pod.spec as { nodeName?: string }).nodeName ? BOUND : 0) | ((pod.status as { phase?: string } | undefined)?.phase === 'Running' ? RUNNING : 0);
    bound += (now & BOUND) - (before & BOUND);
    running += ((now & RUNNING) - (before & RUNNING)) >> 1;
    if (deleted) seen.delete(uid);
    else seen.set(uid, now);
  };
  for (const p of cluster.api.store.list('/pods')) track(p, false);
  cluster.api.store.subscribe((e) => track(e.object, e.type === 'DELETED'), { resource: '/pods' });
  return () => ({ total: seen.size, running, bound });
}

function report(label: string, wall: number, pods: number, schedSeconds: number, extra = ''): void {
  console.log(
    `${label.padEnd(16)} wall ${wall.toFixed(2).padStart(7)} s   ${Math.round(pods / wall).toString().padStart(7)} pods/s   ` +
      `scheduler-only ${Number.isFinite(schedSeconds) ? Math.round(pods / schedSeconds).toString().padStart(7) : '    n/a'} pods/s   ` +
      `peak heap ${(peakHeap / 1048576).toFixed(0)} MiB${extra}`,
  );
}

function pipeline(label: string, nodeCount: number, deploys: number, replicas: number): void {
  gc();
  peakHeap = 0;
  const t0 = performance.now();
  const cluster = createCluster({ nodes: nodes(nodeCount) });
  const tBoot = performance.now();
  const schedTime = timeScheduler(cluster);
  const want = deploys * replicas;
  const text = deployments(deploys, replicas);
  // kubectl apply takes files up to the sandbox's 2 MB limit; split like a user would.
  const docs = text.split('---\n');
  for (let i = 0; i < docs.length; i += 1000) cluster.apply(docs.slice(i, i + 1000).join('---\n'));
  let simulated = 0;
  const counts = podCounter(cluster);
  let c = counts();
  while (c.running < want && simulated < 600_000) {
    cluster.advance(1000);
    simulated += 1000;
    sampleHeap();
    c = counts();
  }
  const wall = (performance.now() - tBoot) / 1000;
  sampleHeap();
  // Peak heap includes garbage not yet collected; what the running cluster keeps is measured after a full collection.
  gc();
  const retained = process.memoryUsage().heapUsed / 1048576;
  report(
    label,
    wall,
    c.running,
    schedTime(),
    `, ${retained.toFixed(0)} MiB kept after GC   (${c.running}/${want} Running after ${simulated / 1000} s simulated; cluster boot ${((tBoot - t0) / 1000).toFixed(2)} s)`,
  );
  cluster.stop();
}

function schedulingOnly(label: string, nodeCount: number, podCount: number): void {
  gc();
  peakHeap = 0;
  const cluster = createCluster({ nodes: nodes(nodeCount) });
  const schedTime = timeScheduler(cluster);
  const t0 = performance.now();
  for (let i = 0; i < podCount; i++) {
    cluster.api.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p-${i}`, namespace: 'default' },
        spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
      },
      { trusted: true },
    );
    if (i % 1000 === 999) {
      cluster.clock.drain();
      sampleHeap();
    }
  }
  cluster.clock.drain();
  const wall = (performance.now() - t0) / 1000;
  const c = podCounter(cluster)();
  sampleHeap();
  report(label, wall, c.bound, schedTime(), `   (${c.bound}/${podCount} bound)`);
  cluster.stop();
}

const scenarios: Record<string, () => void> = {
  E1: () => schedulingOnly('E1 scheduling', Math.round(5000 * SCALE), Math.round(10000 * SCALE)),
  E2: () => pipeline('E2 busy cluster', Math.round(1000 * SCALE), Math.round(300 * SCALE), 100),
  E3: () => pipeline('E3 envelope', Math.round(5000 * SCALE), Math.round(1500 * SCALE), 100),
};

for (const [name, run] of Object.entries(scenarios)) {
  if (only && only !== name) continue;
  run();
}

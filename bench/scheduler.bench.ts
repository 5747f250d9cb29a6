// kube-scheduler at scale. E1: 5,000 nodes, 10,000 pods with cpu/memory
// requests, the full default plugin set. Reports wall time, scheduler-only
// throughput (time inside scheduling and binding cycles, measured with a
// profiler clock the bench hands to the scheduler) and peak heap.
import { performance } from 'node:perf_hooks';
import { createCluster, type NodeSpec } from '../src/runtime/index';

const NODES = Number(process.env.NODES ?? 5000);
const PODS = Number(process.env.PODS ?? 10000);
const TRACE = process.env.TRACE !== '0';

let peak = 0;
function sampleHeap(): void {
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}

function heapMiB(bytes = process.memoryUsage().heapUsed): string {
  return (bytes / 1048576).toFixed(0);
}

const zones = ['zone-a', 'zone-b', 'zone-c'];
const nodes: NodeSpec[] = Array.from({ length: NODES }, (_, i) => ({
  name: `node-${String(i).padStart(5, '0')}`,
  role: 'worker',
  cpu: '32',
  memory: '128Gi',
  zone: zones[i % zones.length],
}));

let t0 = performance.now();
const cluster = createCluster({ nodes });
cluster.clock.drain();
console.log(`E1 cluster with ${NODES} nodes created in ${((performance.now() - t0) / 1000).toFixed(2)} s, heap ${heapMiB()} MiB`);

const sizes = [
  { cpu: '100m', memory: '128Mi' },
  { cpu: '250m', memory: '256Mi' },
  { cpu: '500m', memory: '512Mi' },
  { cpu: '1', memory: '1Gi' },
];

// Wall time by default; CLOCK=cpu uses process CPU time (which also counts GC helper threads).
const CLOCK = process.env.CLOCK ?? 'wall';
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
cluster.scheduler.setProfiler(CLOCK === 'cpu' ? cpuMs : () => performance.now());
cluster.scheduler.setTracing(TRACE);
t0 = performance.now();
for (let i = 0; i < PODS; i++) {
  const requests = sizes[i % sizes.length];
  cluster.api.create(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p-${i}`, namespace: 'default', labels: { app: `a${i % 50}` } },
      spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'], resources: { requests } }] },
    },
    { trusted: true },
  );
  if (i % 1000 === 0) sampleHeap();
}
const created = performance.now();
cluster.clock.drain();
sampleHeap();
const wall = (performance.now() - t0) / 1000;
const s = cluster.scheduler.stats;
const busy = s.busyMs / 1000;
console.log(`E1 create ${PODS} pods: ${((created - t0) / 1000).toFixed(2)} s; create + schedule (drain): ${wall.toFixed(2)} s wall`);
console.log(
  `E1 scheduled ${s.scheduled}/${PODS} (unschedulable ${s.unschedulable}, errors ${s.errors}) in ${busy.toFixed(2)} s scheduler-only (${CLOCK} time): ${Math.round(s.scheduled / busy)} pods/s (target >= 5000); Scheduled events written asynchronously in ${(s.eventMs / 1000).toFixed(2)} s`,
);
console.log(`E1 peak heap ${heapMiB(peak)} MiB (tracing ${TRACE ? 'on' : 'off'})`);

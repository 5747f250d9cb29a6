// The apiserver's own cost: how fast YAML becomes stored, validated,
// defaulted objects, and how fast reads and watches answer at scale.
import { performance } from 'node:perf_hooks';
import { createCluster } from '../src/runtime/index';

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  labels: {app: web-${i}, tier: frontend}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web-${i}}
  template:
    metadata:
      labels: {app: web-${i}, tier: frontend}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
        resources:
          requests: {cpu: 100m, memory: 128Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web-${i}
spec:
  selector: {app: web-${i}}
  ports:
  - port: 80
`;
}

function pod(i: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${i}`, labels: { app: `a${i % 50}` } },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
  };
}

function heapMiB(): string {
  (globalThis as { gc?: () => void }).gc?.();
  return (process.memoryUsage().heapUsed / 1048576).toFixed(0);
}

function time<T>(label: string, n: number, unit: string, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(44)} ${s.toFixed(2).padStart(7)} s  ${Math.round(n / s).toString().padStart(8)} ${unit}/s  heap ${heapMiB()} MiB`);
  return out;
}

const N = Number(process.env.N ?? 2000);
const cluster = createCluster();
const text = Array.from({ length: N }, (_, i) => deployment(i)).join('---\n');
console.log(`apply text: ${(text.length / 1048576).toFixed(2)} MB, ${2 * N} objects`);
time(`apply ${N} Deployments + ${N} Services (one text)`, 2 * N, 'objects', () => {
  // Apply in slices below the 2 MB limit, as a user would split files.
  const docs = text.split('---\n');
  for (let i = 0; i < docs.length; i += 500) cluster.apply(docs.slice(i, i + 500).join('---\n'));
});
time(`re-apply the same (all unchanged)`, 2 * N, 'objects', () => {
  const docs = text.split('---\n');
  for (let i = 0; i < docs.length; i += 500) cluster.apply(docs.slice(i, i + 500).join('---\n'));
});
const P = Number(process.env.P ?? 20000);
time(`api.create ${P} Pods`, P, 'pods', () => {
  for (let i = 0; i < P; i++) cluster.api.create(pod(i));
});
let seen = 0;
const w = cluster.api.watch('pods', { labelSelector: 'app=a7' }, () => seen++);
time(`update ${P} Pods' labels with a selective watch`, P, 'updates', () => {
  for (let i = 0; i < P; i++) {
    const cur = cluster.api.get('pods', `p-${i}`);
    cluster.api.update({ ...cur, metadata: { ...cur.metadata, labels: { app: `a${(i + 7) % 50}` } } });
  }
  cluster.clock.drain();
});
w.stop();
console.log(`selective watch delivered ${seen} events`);
time(`list pods -l app=a3 (x200)`, 200, 'lists', () => {
  for (let i = 0; i < 200; i++) cluster.api.list('pods', { namespace: 'default', labelSelector: 'app=a3' });
});

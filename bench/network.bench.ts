// What the terminal and the network view ask of the runtime on a busy
// workshop cluster: kubectl tables and describe over a few hundred pods,
// packet traces and request spreading through kube-proxy. Prints figures.
import { performance } from 'node:perf_hooks';
import { runKubectl } from '../src/kubectl/kubectl';
import { DEFAULT_KUBECONFIG } from '../src/kubectl/types';
import { createCluster } from '../src/runtime/index';

const APPS = Number(process.env.APPS ?? 40);

function app(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web-${i}}
spec:
  replicas: 5
  selector: {matchLabels: {app: web-${i}}}
  template:
    metadata: {labels: {app: web-${i}}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources: {requests: {cpu: 10m, memory: 16Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: web-${i}}
spec:
  selector: {app: web-${i}}
  ports: [{port: 80}]
`;
}

function timed(label: string, runs: number, fn: () => unknown): void {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) fn();
  const ms = (performance.now() - t0) / runs;
  console.log(`${label.padEnd(44)} ${ms.toFixed(ms < 1 ? 3 : 1).padStart(9)} ms/op`);
}

const t0 = performance.now();
const cluster = createCluster({ nodes: Array.from({ length: 10 }, (_, i) => ({ name: `worker-${i + 1}`, role: 'worker' as const, cpu: '16', memory: '32Gi' })) });
cluster.apply(Array.from({ length: APPS }, (_, i) => app(i)).join('---\n'));
cluster.advance(120_000);
const pods = cluster.api.list('pods').items.length;
console.log(`cluster: ${APPS} deployments + services, ${pods} pods Running in ${((performance.now() - t0) / 1000).toFixed(2)} s wall`);

const env = { cluster, config: { ...DEFAULT_KUBECONFIG } };
const kubectl = (line: string) => runKubectl(line.split(' '), env);
timed('kubectl get pods -A', 20, () => kubectl('get pods -A'));
timed('kubectl get pods -o wide', 20, () => kubectl('get pods -o wide'));
timed('kubectl get all', 10, () => kubectl('get all'));
timed('kubectl describe node worker-1', 20, () => kubectl('describe node worker-1'));
timed('kubectl describe deployment web-0', 50, () => kubectl('describe deployment web-0'));
timed('kubectl get pods -o yaml', 5, () => kubectl('get pods -o yaml'));
const pod = cluster.api.list('pods', { namespace: 'default', labelSelector: 'app=web-1' }).items[0].metadata.name;
timed('trace pod → svc (cross-node)', 200, () => cluster.network.trace(`pod/${pod}`, 'svc/web-2'));
timed('trace pod → service DNS name', 200, () => cluster.network.trace(`pod/${pod}`, 'web-3.default.svc.cluster.local'));
const t1 = performance.now();
const spread = cluster.network.sendRequests('svc/web-0', 10_000);
console.log(`${'sendRequests(svc/web-0, 10000)'.padEnd(44)} ${(performance.now() - t1).toFixed(1).padStart(9)} ms   (per pod: ${spread.pods.map((p) => p.count).join(', ')})`);
console.log(`peak heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

// A behaviour fingerprint for performance work: every store write of a scripted
// scenario (Deployments, a bad image, a crash loop, a Job, a StatefulSet, a
// LoadBalancer Service, a rolling update, a host power-off with eviction, a
// cascading delete), hashed. A change meant to be behaviour-neutral must print
// the same hash before and after; the dump (argument 1) shows what moved.
//
//   node --import tsx scripts/fingerprint.ts /tmp/writes.txt
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createCluster, type NodeSpec } from '../src/runtime/index';
const nodes: NodeSpec[] = [{ name: 'control-plane', role: 'control-plane', cpu: '8', memory: '32Gi' }];
for (let i = 1; i < 12; i++) nodes.push({ name: `worker-${i}`, role: 'worker', cpu: '4', memory: '16Gi', pods: 110, zone: `zone-${i % 3}` });
const c = createCluster({ nodes, seed: 7 });
const lines: string[] = [];
c.api.store.subscribe((e) => lines.push(`${e.type} ${e.resource} ${e.revision} ${JSON.stringify(e.object)}`));
const docs: string[] = [];
for (let i = 0; i < 8; i++) docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}}
spec:
  replicas: ${10 + i * 3}
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      containers:
      - name: web
        image: ${i === 3 ? 'nginx:nope' : 'nginx:1.27'}
        ports: [{containerPort: 80}]
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
`);
docs.push(`apiVersion: v1
kind: Service
metadata: {name: app-0}
spec: {selector: {app: app-0}, ports: [{port: 80}], type: LoadBalancer}
---
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec: {containers: [{name: c, image: busybox, command: [sh, -c, "echo boom; exit 1"]}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec: {completions: 3, parallelism: 2, template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox, command: [sh, -c, "echo 3.14"]}]}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: redis:7, resources: {requests: {cpu: 200m}}}]}
`);
c.apply(docs.join('---\n'));
c.advance(60_000);
c.apply(docs[1].replace('nginx:1.27', 'nginx:1.28'));
c.advance(30_000);
c.hosts.powerOff('worker-2');
c.advance(420_000);
c.api.delete('deployments', 'app-4', { namespace: 'default' });
c.advance(60_000);
const text = lines.join('\n');
if (process.argv[2]) writeFileSync(process.argv[2], text);
console.log(lines.length, 'writes', createHash('sha256').update(text).digest('hex').slice(0, 16));

// Byte-for-byte describer output for services, ingresses, jobs, statefulsets,
// namespaces with quotas, claims and volumes, config objects and the generic
// (unstructured) describer; and the Events table's ages for repeated events.
import { describe, expect, it } from 'vitest';
import { describeEvents } from '../../../src/kubectl/describe/events';
import { smartLabel } from '../../../src/kubectl/describe/generic';
import { tabbedString } from '../../../src/kubectl/describe/writer';
import type { KubeObject } from '../../../src/runtime/api/types';
import { fixture, lab } from './describe.helpers';

/** A Service without a selector whose EndpointSlice points at two VMs outside the cluster (one not ready). */
const LEGACY_BACKEND = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
spec:
  ports:
  - name: http
    port: 8080
    targetPort: 80
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-vms
  labels:
    kubernetes.io/service-name: web
addressType: IPv4
ports:
- name: http
  port: 80
  protocol: TCP
endpoints:
- addresses: ["10.140.0.50"]
  conditions: {ready: true}
- addresses: ["10.140.0.51"]
  conditions: {ready: true}
- addresses: ["10.140.0.52"]
  conditions: {ready: false}
`;

describe('describe service and ingress', () => {
  it('describes a service with its ready endpoints', () => {
    const k = lab();
    k.apply(LEGACY_BACKEND);
    const ip = (k.cluster.api.get('services', 'web', 'default').spec as { clusterIP: string }).clusterIP;
    expect(k.kubectl('describe', 'svc', 'web').stdout).toBe(
      'Name:                     web\n' +
        'Namespace:                default\n' +
        'Labels:                   app=web\n' +
        'Annotations:              <none>\n' +
        'Selector:                 <none>\n' +
        'Type:                     ClusterIP\n' +
        'IP Family Policy:         SingleStack\n' +
        'IP Families:              IPv4\n' +
        `IP:                       ${ip}\n` +
        `IPs:                      ${ip}\n` +
        'Port:                     http  8080/TCP\n' +
        'TargetPort:               80/TCP\n' +
        'Endpoints:                10.140.0.50:80,10.140.0.51:80\n' +
        'Session Affinity:         None\n' +
        'Internal Traffic Policy:  Cluster\n' +
        'Events:                   <none>\n',
    );
  });

  it('describes an ingress with its rules and each backend\'s endpoints', () => {
    const k = lab();
    k.apply(LEGACY_BACKEND);
    k.apply(fixture('service/networking/example-ingress.yaml').replace('number: 8080', 'name: http'));
    k.apply(fixture('service/networking/minimal-ingress.yaml'));
    expect(k.kubectl('describe', 'ingress').stdout).toBe(
      'Name:             example-ingress\n' +
        'Labels:           <none>\n' +
        'Namespace:        default\n' +
        'Address:          \n' +
        'Ingress Class:    nginx\n' +
        'Default backend:  <default>\n' +
        'Rules:\n' +
        '  Host                 Path  Backends\n' +
        '  ----                 ----  --------\n' +
        '  hello-world.example  \n' +
        '                       /   web:http (10.140.0.50:80,10.140.0.51:80)\n' +
        'Annotations:           <none>\n' +
        'Events:                <none>\n' +
        '\n\n' +
        'Name:             minimal-ingress\n' +
        'Labels:           <none>\n' +
        'Namespace:        default\n' +
        'Address:          \n' +
        'Ingress Class:    nginx-example\n' +
        'Default backend:  <default>\n' +
        'Rules:\n' +
        '  Host        Path  Backends\n' +
        '  ----        ----  --------\n' +
        '  *           \n' +
        '              /testpath   test:80 (<error: services "test" not found>)\n' +
        'Annotations:  <none>\n' +
        'Events:       <none>\n',
    );
  });
});

describe('describe batch and stateful workloads', () => {
  it('describes a completed job', () => {
    const k = lab();
    k.apply(fixture('controllers/job.yaml'));
    k.cluster.advance(22_000);
    const job = k.cluster.api.get('jobs.batch', 'pi', 'default');
    const uid = job.metadata.uid ?? '';
    const pod = k.cluster.api.list('pods').items[0].metadata.name ?? '';
    expect(k.kubectl('describe', 'job', 'pi').stdout).toBe(
      'Name:             pi\n' +
        'Namespace:        default\n' +
        `Selector:         batch.kubernetes.io/controller-uid=${uid}\n` +
        `Labels:           batch.kubernetes.io/controller-uid=${uid}\n` +
        '                  batch.kubernetes.io/job-name=pi\n' +
        `                  controller-uid=${uid}\n` +
        '                  job-name=pi\n' +
        'Annotations:      <none>\n' +
        'Parallelism:      1\n' +
        'Completions:      1\n' +
        'Completion Mode:  NonIndexed\n' +
        'Suspend:          false\n' +
        'Backoff Limit:    4\n' +
        'Start Time:       Thu, 01 Jan 2026 00:00:00 +0000\n' +
        'Completed At:     Thu, 01 Jan 2026 00:00:10 +0000\n' +
        'Duration:         10s\n' +
        'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n' +
        'Pod Template:\n' +
        `  Labels:  batch.kubernetes.io/controller-uid=${uid}\n` +
        '           batch.kubernetes.io/job-name=pi\n' +
        `           controller-uid=${uid}\n` +
        '           job-name=pi\n' +
        '  Containers:\n' +
        '   pi:\n' +
        '    Image:      perl\n' +
        '    Port:       <none>\n' +
        '    Host Port:  <none>\n' +
        '    Command:\n' +
        '      perl\n' +
        '      -Mbignum=bpi\n' +
        '      -wle\n' +
        '      "print bpi(2000)"\n' +
        '    Environment:   <none>\n' +
        '    Mounts:        <none>\n' +
        '  Volumes:         <none>\n' +
        '  Node-Selectors:  <none>\n' +
        '  Tolerations:     <none>\n' +
        'Events:\n' +
        '  Type    Reason            Age   From            Message\n' +
        '  ----    ------            ----  ----            -------\n' +
        `  Normal  SuccessfulCreate  22s   job-controller  Created pod: ${pod}\n` +
        '  Normal  Completed         12s   job-controller  Job completed\n',
    );
  });

  it('describes a statefulset with its volume claim templates', () => {
    const k = lab();
    k.apply(fixture('application/web/web.yaml'));
    k.cluster.advance(22_000);
    expect(k.kubectl('describe', 'sts', 'web').stdout).toBe(
      'Name:               web\n' +
        'Namespace:          default\n' +
        'CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000\n' +
        'Selector:           app=nginx\n' +
        'Labels:             <none>\n' +
        'Annotations:        <none>\n' +
        'Replicas:           2 desired | 2 total\n' +
        'Update Strategy:    RollingUpdate\n' +
        '  Partition:        0\n' +
        'Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n' +
        'Pod Template:\n' +
        '  Labels:  app=nginx\n' +
        '  Containers:\n' +
        '   nginx:\n' +
        '    Image:        registry.k8s.io/nginx-slim:0.8\n' +
        '    Port:         80/TCP\n' +
        '    Host Port:    0/TCP\n' +
        '    Environment:  <none>\n' +
        '    Mounts:\n' +
        '      /usr/share/nginx/html from www (rw)\n' +
        '  Volumes:         <none>\n' +
        '  Node-Selectors:  <none>\n' +
        '  Tolerations:     <none>\n' +
        'Volume Claims:\n' +
        '  Name:          www\n' +
        '  StorageClass:  \n' +
        '  Labels:        <none>\n' +
        '  Annotations:   <none>\n' +
        '  Capacity:      1Gi\n' +
        '  Access Modes:  [ReadWriteOnce]\n' +
        'Events:\n' +
        '  Type    Reason            Age   From                    Message\n' +
        '  ----    ------            ----  ----                    -------\n' +
        '  Normal  SuccessfulCreate  22s   statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success\n' +
        '  Normal  SuccessfulCreate  22s   statefulset-controller  create Pod web-0 in StatefulSet web successful\n' +
        '  Normal  SuccessfulCreate  16s   statefulset-controller  create Claim www-web-1 Pod web-1 in StatefulSet web success\n' +
        '  Normal  SuccessfulCreate  16s   statefulset-controller  create Pod web-1 in StatefulSet web successful\n',
    );
  });
});

const TEAM_A = `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
  namespace: team-a
spec:
  hard:
    requests.cpu: "2"
    requests.memory: 2Gi
    limits.cpu: "4"
    pods: "10"
---
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: team-a
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 256Mi}
    defaultRequest: {cpu: 250m, memory: 128Mi}
---
apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: team-a
spec:
  containers:
  - name: app
    image: nginx:1.27
`;

describe('describe namespaces, quotas and limit ranges', () => {
  it('shows a namespace with its quota usage and limit range defaults', () => {
    const k = lab();
    k.apply(TEAM_A);
    k.cluster.advance(10_000);
    expect(k.kubectl('describe', 'ns', 'team-a').stdout).toBe(
      'Name:         team-a\n' +
        'Labels:       kubernetes.io/metadata.name=team-a\n' +
        'Annotations:  <none>\n' +
        'Status:       Active\n' +
        '\n' +
        'Resource Quotas\n' +
        '  Name:            compute\n' +
        '  Resource         Used   Hard\n' +
        '  --------         ---    ---\n' +
        '  limits.cpu       500m   4\n' +
        '  pods             1      10\n' +
        '  requests.cpu     250m   2\n' +
        '  requests.memory  128Mi  2Gi\n' +
        '\n' +
        'Resource Limits\n' +
        ' Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio\n' +
        ' ----       --------  ---  ---  ---------------  -------------  -----------------------\n' +
        ' Container  cpu       -    -    250m             500m           -\n' +
        ' Container  memory    -    -    128Mi            256Mi          -\n',
    );
    expect(k.kubectl('describe', 'quota', 'compute', '-n', 'team-a').stdout).toBe(
      'Name:            compute\n' +
        'Namespace:       team-a\n' +
        'Resource         Used   Hard\n' +
        '--------         ----   ----\n' +
        'limits.cpu       500m   4\n' +
        'pods             1      10\n' +
        'requests.cpu     250m   2\n' +
        'requests.memory  128Mi  2Gi\n',
    );
    expect(k.kubectl('describe', 'ns', 'default').stdout).toBe(
      'Name:         default\n' +
        'Labels:       kubernetes.io/metadata.name=default\n' +
        'Annotations:  <none>\n' +
        'Status:       Active\n' +
        '\n' +
        'No resource quota.\n' +
        '\n' +
        'No LimitRange resource.\n',
    );
  });
});

describe('describe storage', () => {
  it('describes a bound claim, the volume it is bound to, and the default storage class', () => {
    const k = lab();
    k.apply(fixture('pods/storage/pv-volume.yaml'));
    k.apply(fixture('pods/storage/pv-claim.yaml'));
    k.apply(fixture('pods/storage/pv-pod.yaml'));
    k.cluster.advance(20_000);
    expect(k.kubectl('describe', 'pvc', 'task-pv-claim').stdout).toBe(
      'Name:          task-pv-claim\n' +
        'Namespace:     default\n' +
        'StorageClass:  manual\n' +
        'Status:        Bound\n' +
        'Volume:        task-pv-volume\n' +
        'Labels:        <none>\n' +
        'Annotations:   pv.kubernetes.io/bind-completed: yes\n' +
        '               pv.kubernetes.io/bound-by-controller: yes\n' +
        'Finalizers:    [kubernetes.io/pvc-protection]\n' +
        'Capacity:      10Gi\n' +
        'Access Modes:  RWO\n' +
        'VolumeMode:    Filesystem\n' +
        'Used By:       task-pv-pod\n' +
        'Events:        <none>\n',
    );
    expect(k.kubectl('describe', 'pv', 'task-pv-volume').stdout).toBe(
      'Name:            task-pv-volume\n' +
        'Labels:          type=local\n' +
        'Annotations:     pv.kubernetes.io/bound-by-controller: yes\n' +
        'Finalizers:      [kubernetes.io/pv-protection]\n' +
        'StorageClass:    manual\n' +
        'Status:          Bound\n' +
        'Claim:           default/task-pv-claim\n' +
        'Reclaim Policy:  Retain\n' +
        'Access Modes:    RWO\n' +
        'VolumeMode:      Filesystem\n' +
        'Capacity:        10Gi\n' +
        'Node Affinity:   <none>\n' +
        'Message:         \n' +
        'Source:\n' +
        '    Type:          HostPath (bare host directory volume)\n' +
        '    Path:          /mnt/data\n' +
        '    HostPathType:  \n' +
        'Events:            <none>\n',
    );
    expect(k.kubectl('describe', 'sc', 'standard').stdout).toBe(
      'Name:                  standard\n' +
        'IsDefaultClass:        Yes\n' +
        'Annotations:           storageclass.kubernetes.io/is-default-class=true\n' +
        'Provisioner:           csi.vsphere.vmware.com\n' +
        'Parameters:            <none>\n' +
        'AllowVolumeExpansion:  True\n' +
        'MountOptions:          <none>\n' +
        'ReclaimPolicy:         Delete\n' +
        'VolumeBindingMode:     Immediate\n' +
        'Events:                <none>\n',
    );
  });
});

describe('describe config objects and the generic describer', () => {
  it('shows secret sizes, never values, and config map data', () => {
    const k = lab();
    k.apply(fixture('secret/dotfile-secret.yaml'));
    k.apply(fixture('configmap/configmaps.yaml'));
    expect(k.kubectl('describe', 'secret', 'dotfile-secret').stdout).toBe(
      'Name:         dotfile-secret\n' +
        'Namespace:    default\n' +
        'Labels:       <none>\n' +
        'Annotations:  <none>\n' +
        '\n' +
        'Type:  Opaque\n' +
        '\n' +
        'Data\n' +
        '====\n' +
        '.secret-file:  11 bytes\n',
    );
    expect(k.kubectl('describe', 'cm', 'special-config').stdout).toBe(
      'Name:         special-config\n' +
        'Namespace:    default\n' +
        'Labels:       <none>\n' +
        'Annotations:  <none>\n' +
        '\n' +
        'Data\n' +
        '====\n' +
        'special.how:\n' +
        '----\n' +
        'very\n' +
        '\n' +
        '\n' +
        'BinaryData\n' +
        '====\n' +
        '\n' +
        'Events:  <none>\n',
    );
  });

  it('prints every field of kinds without a describer, with smart labels', () => {
    const k = lab();
    k.cluster.advance(20_000);
    const lease = k.cluster.api.get('leases.coordination.k8s.io', 'worker-1', 'kube-node-lease');
    const owner = lease.metadata.ownerReferences?.[0];
    expect(k.kubectl('describe', 'lease', 'worker-1', '-n', 'kube-node-lease').stdout).toBe(
      'Name:         worker-1\n' +
        'Namespace:    kube-node-lease\n' +
        'Labels:       <none>\n' +
        'Annotations:  <none>\n' +
        'API Version:  coordination.k8s.io/v1\n' +
        'Kind:         Lease\n' +
        'Metadata:\n' +
        '  Creation Timestamp:  2026-01-01T00:00:00Z\n' +
        '  Owner References:\n' +
        '    API Version:     v1\n' +
        '    Kind:            Node\n' +
        '    Name:            worker-1\n' +
        `    UID:             ${owner?.uid}\n` +
        `  Resource Version:  ${lease.metadata.resourceVersion}\n` +
        `  UID:               ${lease.metadata.uid}\n` +
        'Spec:\n' +
        '  Holder Identity:         worker-1\n' +
        '  Lease Duration Seconds:  40\n' +
        '  Renew Time:              2026-01-01T00:00:20.000000Z\n' +
        'Events:                    <none>\n',
    );
    expect(['apiVersion', 'creationTimestamp', 'uid', 'holderIdentity', 'podCIDRs', 'HTMLParser', 'x-y', 'a.b'].map(smartLabel)).toEqual([
      'API Version',
      'Creation Timestamp',
      'UID',
      'Holder Identity',
      'Pod CID Rs',
      'HTML Parser',
      'X - Y',
      'a.b',
    ]);
  });
});

describe('the Events table', () => {
  const now = Date.UTC(2026, 0, 1, 0, 10, 0);
  const event = (over: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: String(over.reason) },
    type: 'Normal',
    source: { component: 'kubelet' },
    message: '  padded message \n',
    ...over,
  });

  it('prints <none> without events, and ages, counts and series as DescribeEvents does, oldest last-seen first', () => {
    expect(tabbedString((w) => describeEvents([], w, now))).toBe('Events:  <none>\n');
    const text = tabbedString((w) =>
      describeEvents(
        [
          event({ reason: 'BackOff', type: 'Warning', firstTimestamp: '2026-01-01T00:01:00Z', lastTimestamp: '2026-01-01T00:09:30Z', count: 7 }),
          event({ reason: 'Scheduled', source: {}, reportingComponent: 'default-scheduler', eventTime: '2026-01-01T00:00:00.000001Z' }),
          event({ reason: 'Pulled', eventTime: '2026-01-01T00:05:00.000000Z', series: { count: 3, lastObservedTime: '2026-01-01T00:08:00.000000Z' } }),
          event({ reason: 'Killing', firstTimestamp: '2026-01-01T00:08:00Z', lastTimestamp: '2026-01-01T00:08:00Z', count: 1 }),
        ],
        w,
        now,
      ),
    );
    expect(text).toBe(
      'Events:\n' +
        '  Type     Reason     Age               From               Message\n' +
        '  ----     ------     ----              ----               -------\n' +
        '  Normal   Scheduled  10m               default-scheduler  padded message\n' +
        '  Normal   Pulled     2m (x3 over 5m)   kubelet            padded message\n' +
        '  Normal   Killing    2m                kubelet            padded message\n' +
        '  Warning  BackOff    30s (x7 over 9m)  kubelet            padded message\n',
    );
  });
});

describe('describe: RBAC, terminal safety and events without a uid', () => {
  it('breaks role rules down per resource and sorts them as kubectl does', () => {
    const k = lab();
    k.apply(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "watch", "list"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  resourceNames: ["web"]
  verbs: ["get"]
`);
    expect(k.kubectl('describe', 'role', 'pod-reader').stdout).toBe(
      'Name:         pod-reader\n' +
        'Labels:       <none>\n' +
        'Annotations:  <none>\n' +
        'PolicyRule:\n' +
        '  Resources         Non-Resource URLs  Resource Names  Verbs\n' +
        '  ---------         -----------------  --------------  -----\n' +
        '  pods/log          []                 []              [get watch list]\n' +
        '  pods              []                 []              [get watch list]\n' +
        '  deployments.apps  []                 [web]           [get]\n',
    );
  });

  it('escapes terminal control characters that come from object text', () => {
    const k = lab();
    k.cluster.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ansi', namespace: 'default', annotations: { note: '\x1b[2Jgone\rback' } } });
    const out = k.kubectl('describe', 'cm', 'ansi').stdout;
    expect(out).toContain('Annotations:  note: ^[[2Jgone\\rback\n');
    expect(out).not.toContain('\x1b');
  });

  it('lists events recorded without a uid under the object they name', () => {
    const k = lab();
    k.apply(fixture('pods/probe/tcp-liveness-readiness.yaml'));
    k.cluster.advance(5_000);
    k.cluster.api.createEvent({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'goproxy.eviction', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'goproxy', namespace: 'default', apiVersion: 'v1' },
      reason: 'TaintManagerEviction',
      message: 'Marking for deletion Pod default/goproxy',
      type: 'Normal',
      source: { component: 'taint-eviction-controller' },
      firstTimestamp: '2026-01-01T00:00:05Z',
      lastTimestamp: '2026-01-01T00:00:05Z',
      count: 1,
    });
    const events = k.kubectl('describe', 'pod', 'goproxy').stdout.split('Events:\n')[1];
    expect(events.split('\n').at(-2)).toBe('  Normal  TaintManagerEviction  0s    taint-eviction-controller  Marking for deletion Pod default/goproxy');
  });
});

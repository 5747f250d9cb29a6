// kubectl describe: the command's behaviour (names, prefixes, selectors,
// errors, separators) and byte-for-byte describer output for pods,
// deployments and nodes, laid out as staging/src/k8s.io/kubectl/pkg/describe/describe.go
// prints them (tabwriter minwidth 0, padding 2; RFC1123Z times; HumanDuration ages).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, lab, podIds } from './describe.helpers';

const GOLDEN = new URL('./golden', import.meta.url).pathname;

const TOLERATIONS =
  'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n' +
  '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n';

function projectedVolume(token: string): string {
  return (
    'Volumes:\n' +
    `  ${token}:\n` +
    '    Type:                    Projected (a volume that contains injected data from multiple sources)\n' +
    '    TokenExpirationSeconds:  3607\n' +
    '    ConfigMapName:           kube-root-ca.crt\n' +
    '    Optional:                false\n' +
    '    DownwardAPI:             true\n'
  );
}

describe('kubectl describe pod', () => {
  it('describes a running pod with TCP liveness and readiness probes', () => {
    const k = lab();
    k.apply(fixture('pods/probe/tcp-liveness-readiness.yaml'));
    k.cluster.advance(56_000);
    const ids = podIds(k.pod('goproxy'));
    const r = k.kubectl('describe', 'pod', 'goproxy');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'Name:             goproxy\n' +
        'Namespace:        default\n' +
        'Priority:         0\n' +
        'Service Account:  default\n' +
        'Node:             worker-1/10.140.0.11\n' +
        'Start Time:       Thu, 01 Jan 2026 00:00:00 +0000\n' +
        'Labels:           app.kubernetes.io/name=goproxy\n' +
        'Annotations:      <none>\n' +
        'Status:           Running\n' +
        `IP:               ${ids.ip}\n` +
        'IPs:\n' +
        `  IP:  ${ids.ip}\n` +
        'Containers:\n' +
        '  goproxy:\n' +
        `    Container ID:   ${ids.containerID}\n` +
        '    Image:          registry.k8s.io/goproxy:0.1\n' +
        `    Image ID:       ${ids.imageID}\n` +
        '    Port:           8080/TCP\n' +
        '    Host Port:      0/TCP\n' +
        '    State:          Running\n' +
        '      Started:      Thu, 01 Jan 2026 00:00:01 +0000\n' +
        '    Ready:          True\n' +
        '    Restart Count:  0\n' +
        '    Liveness:       tcp-socket :8080 delay=15s timeout=1s period=10s #success=1 #failure=3\n' +
        '    Readiness:      tcp-socket :8080 delay=15s timeout=1s period=10s #success=1 #failure=3\n' +
        '    Environment:    <none>\n' +
        '    Mounts:\n' +
        `      /var/run/secrets/kubernetes.io/serviceaccount from ${ids.token} (ro)\n` +
        'Conditions:\n' +
        '  Type                        Status\n' +
        '  PodReadyToStartContainers   True \n' +
        '  Initialized                 True \n' +
        '  Ready                       True \n' +
        '  ContainersReady             True \n' +
        '  PodScheduled                True \n' +
        projectedVolume(ids.token) +
        'QoS Class:                   BestEffort\n' +
        'Node-Selectors:              <none>\n' +
        TOLERATIONS +
        'Events:\n' +
        '  Type    Reason     Age   From               Message\n' +
        '  ----    ------     ----  ----               -------\n' +
        '  Normal  Scheduled  56s   default-scheduler  Successfully assigned default/goproxy to worker-1\n' +
        '  Normal  Pulling    55s   kubelet            Pulling image "registry.k8s.io/goproxy:0.1"\n' +
        '  Normal  Pulled     55s   kubelet            Successfully pulled image "registry.k8s.io/goproxy:0.1" in 674ms (674ms including waiting). Image size: 2972141 bytes.\n' +
        '  Normal  Created    55s   kubelet            Created container: goproxy\n' +
        '  Normal  Started    55s   kubelet            Started container goproxy\n',
    );
  });

  it('describes a pod in CrashLoopBackOff: Waiting state, Last State, limits copied to requests, repeated events', () => {
    const k = lab();
    k.apply(`apiVersion: v1
kind: Pod
metadata:
  name: crash
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo starting; exit 1"]
    resources:
      limits: {cpu: 200m, memory: 64Mi}
`);
    k.cluster.advance(45_000);
    const ids = podIds(k.pod('crash'));
    const r = k.kubectl('describe', 'pods/crash');
    expect(r.stdout).toBe(
      'Name:             crash\n' +
        'Namespace:        default\n' +
        'Priority:         0\n' +
        'Service Account:  default\n' +
        'Node:             worker-1/10.140.0.11\n' +
        'Start Time:       Thu, 01 Jan 2026 00:00:00 +0000\n' +
        'Labels:           <none>\n' +
        'Annotations:      <none>\n' +
        'Status:           Running\n' +
        `IP:               ${ids.ip}\n` +
        'IPs:\n' +
        `  IP:  ${ids.ip}\n` +
        'Containers:\n' +
        '  app:\n' +
        `    Container ID:  ${ids.containerID}\n` +
        '    Image:         busybox:1.36\n' +
        `    Image ID:      ${ids.imageID}\n` +
        '    Port:          <none>\n' +
        '    Host Port:     <none>\n' +
        '    Command:\n' +
        '      sh\n' +
        '      -c\n' +
        '      echo starting; exit 1\n' +
        '    State:          Waiting\n' +
        '      Reason:       CrashLoopBackOff\n' +
        '    Last State:     Terminated\n' +
        '      Reason:       Error\n' +
        '      Exit Code:    1\n' +
        '      Started:      Thu, 01 Jan 2026 00:00:32 +0000\n' +
        '      Finished:     Thu, 01 Jan 2026 00:00:32 +0000\n' +
        '    Ready:          False\n' +
        '    Restart Count:  3\n' +
        '    Limits:\n' +
        '      cpu:     200m\n' +
        '      memory:  64Mi\n' +
        '    Requests:\n' +
        '      cpu:        200m\n' +
        '      memory:     64Mi\n' +
        '    Environment:  <none>\n' +
        '    Mounts:\n' +
        `      /var/run/secrets/kubernetes.io/serviceaccount from ${ids.token} (ro)\n` +
        'Conditions:\n' +
        '  Type                        Status\n' +
        '  PodReadyToStartContainers   True \n' +
        '  Initialized                 True \n' +
        '  Ready                       False \n' +
        '  ContainersReady             False \n' +
        '  PodScheduled                True \n' +
        projectedVolume(ids.token) +
        'QoS Class:                   Guaranteed\n' +
        'Node-Selectors:              <none>\n' +
        TOLERATIONS +
        'Events:\n' +
        '  Type     Reason     Age                From               Message\n' +
        '  ----     ------     ----               ----               -------\n' +
        '  Normal   Scheduled  45s                default-scheduler  Successfully assigned default/crash to worker-1\n' +
        '  Normal   Pulling    44s                kubelet            Pulling image "busybox:1.36"\n' +
        '  Normal   Pulled     44s                kubelet            Successfully pulled image "busybox:1.36" in 654ms (654ms including waiting). Image size: 2155502 bytes.\n' +
        '  Normal   Created    13s (x4 over 44s)  kubelet            Created container: app\n' +
        '  Normal   Started    13s (x4 over 44s)  kubelet            Started container app\n' +
        '  Normal   Pulled     13s (x3 over 43s)  kubelet            Container image "busybox:1.36" already present on machine\n' +
        `  Warning  BackOff    12s (x3 over 42s)  kubelet            Back-off restarting failed container app in pod crash_default(${ids.uid})\n`,
    );
  });
});

describe('kubectl describe deployment', () => {
  it('shows a rolling update in progress: counts, Progressing=ReplicaSetUpdated, old and new ReplicaSets, scaling events', () => {
    const k = lab();
    const v1 = fixture('application/deployment.yaml').replace('replicas: 2', 'replicas: 4');
    k.apply(v1);
    k.cluster.advance(65_000);
    k.apply(v1.replace('nginx:1.14.2', 'nginx:1.16.1'));
    k.cluster.advance(1_000);
    const r = k.kubectl('describe', 'deploy', 'nginx-deployment');
    expect(r.stdout).toBe(
      'Name:                   nginx-deployment\n' +
        'Namespace:              default\n' +
        'CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000\n' +
        'Labels:                 <none>\n' +
        'Annotations:            deployment.kubernetes.io/revision: 2\n' +
        'Selector:               app=nginx\n' +
        'Replicas:               4 desired | 2 updated | 5 total | 3 available | 2 unavailable\n' +
        'StrategyType:           RollingUpdate\n' +
        'MinReadySeconds:        0\n' +
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge\n' +
        'Pod Template:\n' +
        '  Labels:  app=nginx\n' +
        '  Containers:\n' +
        '   nginx:\n' +
        '    Image:         nginx:1.16.1\n' +
        '    Port:          80/TCP\n' +
        '    Host Port:     0/TCP\n' +
        '    Environment:   <none>\n' +
        '    Mounts:        <none>\n' +
        '  Volumes:         <none>\n' +
        '  Node-Selectors:  <none>\n' +
        '  Tolerations:     <none>\n' +
        'Conditions:\n' +
        '  Type           Status  Reason\n' +
        '  ----           ------  ------\n' +
        '  Available      True    MinimumReplicasAvailable\n' +
        '  Progressing    True    ReplicaSetUpdated\n' +
        'OldReplicaSets:  nginx-deployment-cf4cd4db7 (3/3 replicas created)\n' +
        'NewReplicaSet:   nginx-deployment-cff86b44d (2/2 replicas created)\n' +
        'Events:\n' +
        '  Type    Reason             Age   From                   Message\n' +
        '  ----    ------             ----  ----                   -------\n' +
        '  Normal  ScalingReplicaSet  66s   deployment-controller  Scaled up replica set nginx-deployment-cf4cd4db7 from 0 to 4\n' +
        '  Normal  ScalingReplicaSet  1s    deployment-controller  Scaled up replica set nginx-deployment-cff86b44d from 0 to 1\n' +
        '  Normal  ScalingReplicaSet  1s    deployment-controller  Scaled down replica set nginx-deployment-cf4cd4db7 from 4 to 3\n' +
        '  Normal  ScalingReplicaSet  1s    deployment-controller  Scaled up replica set nginx-deployment-cff86b44d from 1 to 2\n',
    );
  });
});

describe('kubectl describe node', () => {
  it('shows roles, taints, lease, conditions, capacity, system info, the pods it runs and their share, and kubelet + controller events', () => {
    const k = lab();
    k.cluster.hosts.add({
      name: 'esxi-lab-07',
      role: 'worker',
      cpu: '8',
      memory: '16Gi',
      labels: { 'node-role.kubernetes.io/lab': '' },
      taints: [{ key: 'dedicated', value: 'lab', effect: 'NoSchedule' }],
    });
    k.apply(`apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  nodeSelector: {kubernetes.io/hostname: esxi-lab-07}
  tolerations: [{key: dedicated, operator: Equal, value: lab, effect: NoSchedule}]
  containers:
  - name: postgres
    image: postgres:16
    resources:
      requests: {cpu: 500m, memory: 1Gi}
      limits: {cpu: "1", memory: 2Gi}
`);
    k.cluster.advance(30_000);
    const info = (k.cluster.api.get('nodes', 'esxi-lab-07').status as { nodeInfo: Record<string, string> }).nodeInfo;
    const r = k.kubectl('describe', 'no', 'esxi-lab-07');
    expect(r.stdout).toBe(
      'Name:               esxi-lab-07\n' +
        'Roles:              lab\n' +
        'Labels:             beta.kubernetes.io/arch=amd64\n' +
        '                    beta.kubernetes.io/os=linux\n' +
        '                    kubernetes.io/arch=amd64\n' +
        '                    kubernetes.io/hostname=esxi-lab-07\n' +
        '                    kubernetes.io/os=linux\n' +
        '                    node-role.kubernetes.io/lab=\n' +
        '                    topology.kubernetes.io/zone=zone-a\n' +
        'Annotations:        node.alpha.kubernetes.io/ttl: 0\n' +
        '                    volumes.kubernetes.io/controller-managed-attach-detach: true\n' +
        'CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000\n' +
        'Taints:             dedicated=lab:NoSchedule\n' +
        'Unschedulable:      false\n' +
        'Lease:\n' +
        '  HolderIdentity:  esxi-lab-07\n' +
        '  AcquireTime:     <unset>\n' +
        '  RenewTime:       Thu, 01 Jan 2026 00:00:30 +0000\n' +
        'Conditions:\n' +
        '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message\n' +
        '  ----             ------  -----------------                 ------------------                ------                       -------\n' +
        '  MemoryPressure   False   Thu, 01 Jan 2026 00:00:10 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available\n' +
        '  DiskPressure     False   Thu, 01 Jan 2026 00:00:10 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure\n' +
        '  PIDPressure      False   Thu, 01 Jan 2026 00:00:10 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available\n' +
        '  Ready            True    Thu, 01 Jan 2026 00:00:10 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletReady                 kubelet is posting ready status\n' +
        'Addresses:\n' +
        '  InternalIP:  10.140.0.14\n' +
        '  Hostname:    esxi-lab-07\n' +
        'Capacity:\n' +
        '  cpu:                8\n' +
        '  ephemeral-storage:  100Gi\n' +
        '  hugepages-1Gi:      0\n' +
        '  hugepages-2Mi:      0\n' +
        '  memory:             16Gi\n' +
        '  pods:               110\n' +
        'Allocatable:\n' +
        '  cpu:                8\n' +
        '  ephemeral-storage:  96636764160\n' +
        '  hugepages-1Gi:      0\n' +
        '  hugepages-2Mi:      0\n' +
        '  memory:             16284Mi\n' +
        '  pods:               110\n' +
        'System Info:\n' +
        `  Machine ID:                 ${info.machineID}\n` +
        `  System UUID:                ${info.systemUUID}\n` +
        `  Boot ID:                    ${info.bootID}\n` +
        '  Kernel Version:             6.8.0-87-generic\n' +
        '  OS Image:                   Ubuntu 24.04.3 LTS\n' +
        '  Operating System:           linux\n' +
        '  Architecture:               amd64\n' +
        '  Container Runtime Version:  containerd://2.1.4\n' +
        '  Kubelet Version:            v1.34.1\n' +
        '  Kube-Proxy Version:         \n' +
        'PodCIDR:                      10.40.4.0/24\n' +
        'PodCIDRs:                     10.40.4.0/24\n' +
        `ProviderID:                   vsphere://${info.systemUUID}\n` +
        'Non-terminated Pods:          (1 in total)\n' +
        '  Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age\n' +
        '  ---------                   ----    ------------  ----------  ---------------  -------------  ---\n' +
        '  default                     db      500m (6%)     1 (12%)     1Gi (6%)         2Gi (12%)      30s\n' +
        'Allocated resources:\n' +
        '  (Total limits may be over 100 percent, i.e., overcommitted.)\n' +
        '  Resource           Requests   Limits\n' +
        '  --------           --------   ------\n' +
        '  cpu                500m (6%)  1 (12%)\n' +
        '  memory             1Gi (6%)   2Gi (12%)\n' +
        '  ephemeral-storage  0 (0%)     0 (0%)\n' +
        '  hugepages-1Gi      0 (0%)     0 (0%)\n' +
        '  hugepages-2Mi      0 (0%)     0 (0%)\n' +
        'Events:\n' +
        '  Type    Reason                   Age   From             Message\n' +
        '  ----    ------                   ----  ----             -------\n' +
        '  Normal  Starting                 30s   kubelet          Starting kubelet.\n' +
        '  Normal  NodeAllocatableEnforced  30s   kubelet          Updated Node Allocatable limit across pods\n' +
        '  Normal  NodeHasSufficientMemory  30s   kubelet          Node esxi-lab-07 status is now: NodeHasSufficientMemory\n' +
        '  Normal  NodeHasNoDiskPressure    30s   kubelet          Node esxi-lab-07 status is now: NodeHasNoDiskPressure\n' +
        '  Normal  NodeHasSufficientPID     30s   kubelet          Node esxi-lab-07 status is now: NodeHasSufficientPID\n' +
        '  Normal  RegisteredNode           25s   node-controller  Node esxi-lab-07 event: Registered Node esxi-lab-07 in Controller\n',
    );
  });
});

describe('kubectl describe (command)', () => {
  function twoPods(): ReturnType<typeof lab> {
    const k = lab();
    k.apply(fixture('application/deployment.yaml'));
    k.cluster.advance(10_000);
    return k;
  }

  it('gives the real kubectl\'s client-side errors (recorded by scripts/record-kubectl-golden.sh)', () => {
    const k = lab();
    const golden = (name: string): string => readFileSync(`${GOLDEN}/describe-${name}.err`, 'utf8');
    expect(k.kubectl('describe')).toEqual({ stdout: '', stderr: golden('no-type'), exitCode: 1 });
    expect(k.kubectl('describe', '--show-events=maybe', 'pods')).toEqual({ stdout: '', stderr: golden('bad-show-events'), exitCode: 1 });
    expect(k.kubectl('describe', '--chunk-size=x', 'pods')).toEqual({ stdout: '', stderr: golden('bad-chunk-size'), exitCode: 1 });
  });

  it('reports unknown types and missing objects, and still prints what it found', () => {
    const k = twoPods();
    expect(k.kubectl('describe', 'foo')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
    expect(k.kubectl('describe', 'pod', 'x')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "x" not found\n', exitCode: 1 });
    expect(k.kubectl('describe', 'pods/x')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "x" not found\n', exitCode: 1 });
    const name = k.cluster.api.list('pods').items[0].metadata.name ?? '';
    const both = k.kubectl('describe', 'pod', 'x', name);
    expect(both.stdout.startsWith(`Name:             ${name}\n`)).toBe(true);
    expect(both.stderr).toBe('Error from server (NotFound): pods "x" not found\n');
    expect(both.exitCode).toBe(1);
  });

  it('falls back to a name prefix when there is no exact match, each description followed by a blank line', () => {
    const k = twoPods();
    const [a, b] = k.cluster.api.list('pods').items.map((p) => p.metadata.name ?? '');
    const exactA = k.kubectl('describe', 'pod', a).stdout;
    const exactB = k.kubectl('describe', 'pod', b).stdout;
    const r = k.kubectl('describe', 'pod', 'nginx-deployment');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${exactA}\n${exactB}\n`);
    // TYPE/NAME never falls back to a prefix.
    expect(k.kubectl('describe', 'pod/nginx-deployment').stderr).toBe('Error from server (NotFound): pods "nginx-deployment" not found\n');
  });

  it('separates several objects with two newlines, filters with -l, and says so when nothing matched', () => {
    const k = twoPods();
    const [a, b] = k.cluster.api.list('pods').items.map((p) => p.metadata.name ?? '');
    const all = k.kubectl('describe', 'pods');
    expect(all.stdout).toBe(`${k.kubectl('describe', 'pod', a).stdout}\n\n${k.kubectl('describe', 'pod', b).stdout}`);
    expect(k.kubectl('describe', 'pods', '-l', 'app=nginx').stdout).toBe(all.stdout);
    expect(k.kubectl('describe', 'pods', '-l', 'app=other')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(k.kubectl('describe', 'pods', '-n', 'kube-public')).toEqual({ stdout: '', stderr: 'No resources found in kube-public namespace.\n', exitCode: 0 });
    expect(k.kubectl('describe', 'pvc', '-A')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
    expect(k.kubectl('describe', 'pod', a, '-A').stderr).toBe('error: a resource cannot be retrieved by name across all namespaces\n');
  });

  it('leaves the Events section out with --show-events=false and accepts --chunk-size', () => {
    const k = twoPods();
    const name = k.cluster.api.list('pods').items[0].metadata.name ?? '';
    const withEvents = k.kubectl('describe', 'pod', name).stdout;
    const without = k.kubectl('describe', 'pod', name, '--show-events=false', '--chunk-size=10').stdout;
    expect(withEvents.startsWith(without)).toBe(true);
    expect(without).not.toContain('Events:');
    expect(withEvents.slice(without.length).startsWith('Events:\n  Type    Reason     Age')).toBe(true);
  });

  it('describes the objects a manifest names with -f (here from stdin)', () => {
    const k = twoPods();
    k.env.stdin = fixture('application/deployment.yaml');
    expect(k.kubectl('describe', '-f', '-')).toEqual(k.kubectl('describe', 'deployment', 'nginx-deployment'));
  });

  it('describes every object of a type across namespaces with -A', () => {
    const k = twoPods();
    const r = k.kubectl('describe', 'sa', '-A');
    const names = [...r.stdout.matchAll(/^Name:\s+(\S+)\nNamespace:\s+(\S+)$/gm)].map((m) => `${m[2]}/${m[1]}`);
    const all = k.cluster.api.list('serviceaccounts').items.map((sa) => `${sa.metadata.namespace}/${sa.metadata.name}`);
    expect(names).toEqual(all);
    expect(names).toEqual(expect.arrayContaining(['default/default', 'kube-node-lease/default', 'kube-public/default', 'kube-system/default']));
    expect(k.kubectl('describe', 'sa').stdout.match(/^Name:/gm)).toHaveLength(1);
  });
});

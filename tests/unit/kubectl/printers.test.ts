// The table printers' tricky cells (printPod's STATUS/READY/RESTARTS, jobs,
// services, endpoints, ingresses, HPAs, quotas, events), JSONPath and
// custom columns, against upstream's algorithms and formats.
import { describe, expect, it } from 'vitest';
import { parseCustomColumns, parseCustomColumnsFile, printCustomColumns } from '../../../src/kubectl/printers/customcolumns';
import { executeJSONPath, relaxedJSONPath } from '../../../src/kubectl/printers/jsonpath';
import { endpointsPrinter } from '../../../src/kubectl/printers/table/endpoints';
import { eventPrinter } from '../../../src/kubectl/printers/table/event';
import { horizontalPodAutoscalerPrinter } from '../../../src/kubectl/printers/table/horizontalpodautoscaler';
import { ingressPrinter } from '../../../src/kubectl/printers/table/ingress';
import { jobPrinter } from '../../../src/kubectl/printers/table/job';
import { podPrinter } from '../../../src/kubectl/printers/table/pod';
import { resourceQuotaPrinter } from '../../../src/kubectl/printers/table/resourcequota';
import { servicePrinter } from '../../../src/kubectl/printers/table/service';
import { naturalCompare, sortByField } from '../../../src/kubectl/printers/table/sort';
import type { KubeObject } from '../../../src/runtime/api/types';
import { DEFAULT_EPOCH, toRFC3339 } from '../../../src/runtime/clock';

const NOW = DEFAULT_EPOCH + 3_600_000;
const ago = (ms: number): string => toRFC3339(NOW - ms);
const ctx = { now: NOW, wide: true };

type Status = Record<string, unknown>;

/** A pod built like the kubelet reports it: container statuses, phase, conditions. */
function pod(o: { init?: Status[]; initSpecs?: Status[]; containers?: Status[]; phase?: string; conditions?: Status[]; reason?: string; deleting?: boolean; specContainers?: number }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: ago(600_000), ...(o.deleting ? { deletionTimestamp: ago(1000) } : {}) },
    spec: {
      initContainers: o.initSpecs ?? (o.init ?? []).map((_, i) => ({ name: `init-${i}` })),
      containers: Array.from({ length: o.specContainers ?? Math.max(1, (o.containers ?? []).length) }, (_, i) => ({ name: `c${i}` })),
    },
    status: {
      phase: o.phase ?? 'Pending',
      ...(o.reason ? { reason: o.reason } : {}),
      conditions: o.conditions ?? [],
      initContainerStatuses: (o.init ?? []).map((s, i) => ({ name: `init-${i}`, restartCount: 0, ...s })),
      containerStatuses: (o.containers ?? []).map((s, i) => ({ name: `c${i}`, restartCount: 0, ready: false, ...s })),
    },
  };
}

const running = { state: { running: { startedAt: ago(60_000) } }, ready: true };
const waiting = (reason: string): Status => ({ state: { waiting: { reason } } });
const terminated = (t: Status): Status => ({ state: { terminated: { exitCode: 0, ...t } } });
/** READY, STATUS, RESTARTS of a pod. */
const summary = (p: KubeObject): unknown[] => podPrinter.row(p, ctx).slice(1, 4);

describe('pod table (printPod)', () => {
  it.each([
    ['Init:0/2 while the first init container runs', pod({ init: [{ state: { running: {} } }, waiting('PodInitializing')], containers: [waiting('PodInitializing')] }), ['0/1', 'Init:0/2', '0']],
    ['Init:1/2 once the first has succeeded', pod({ init: [terminated({ reason: 'Completed' }), { state: { running: {} } }], containers: [waiting('PodInitializing')] }), ['0/1', 'Init:1/2', '0']],
    [
      'Init:CrashLoopBackOff with the init restarts and their age',
      pod({ init: [{ ...waiting('CrashLoopBackOff'), restartCount: 3, lastState: { terminated: { exitCode: 1, finishedAt: ago(125_000) } } }], containers: [waiting('PodInitializing')] }),
      ['0/1', 'Init:CrashLoopBackOff', '3 (2m5s ago)'],
    ],
    ['Init:Error', pod({ init: [terminated({ exitCode: 1, reason: 'Error' })] }), ['0/1', 'Init:Error', '0']],
    ['Init:ExitCode:2 without a reason', pod({ init: [terminated({ exitCode: 2 })] }), ['0/1', 'Init:ExitCode:2', '0']],
    ['Init:Signal:9', pod({ init: [terminated({ exitCode: 137, signal: 9 })] }), ['0/1', 'Init:Signal:9', '0']],
    ['ContainerCreating', pod({ containers: [waiting('ContainerCreating')] }), ['0/1', 'ContainerCreating', '0']],
    ['ImagePullBackOff', pod({ containers: [waiting('ImagePullBackOff')] }), ['0/1', 'ImagePullBackOff', '0']],
    [
      'CrashLoopBackOff with "(Xm ago)" from the last termination',
      pod({ phase: 'Running', containers: [{ ...waiting('CrashLoopBackOff'), restartCount: 5, lastState: { terminated: { exitCode: 1, finishedAt: ago(754_000) } } }] }),
      ['0/1', 'CrashLoopBackOff', '5 (12m ago)'],
    ],
    ['Completed', pod({ phase: 'Succeeded', containers: [terminated({ reason: 'Completed' })] }), ['0/1', 'Completed', '0']],
    ['Error (OOMKilled keeps its reason)', pod({ phase: 'Failed', containers: [terminated({ exitCode: 137, reason: 'OOMKilled' })] }), ['0/1', 'OOMKilled', '0']],
    ['ExitCode:3 without a reason', pod({ phase: 'Failed', containers: [terminated({ exitCode: 3 })] }), ['0/1', 'ExitCode:3', '0']],
    ['Running and ready', pod({ phase: 'Running', containers: [running, running] }), ['2/2', 'Running', '0']],
    [
      'Completed beside a running container becomes Running with Ready=True',
      pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containers: [running, terminated({ reason: 'Completed' })] }),
      ['1/2', 'Running', '0'],
    ],
    ['… or NotReady without it', pod({ phase: 'Running', containers: [running, terminated({ reason: 'Completed' })] }), ['1/2', 'NotReady', '0']],
    ['Terminating while deleted and not finished', pod({ phase: 'Running', deleting: true, containers: [running] }), ['1/1', 'Terminating', '0']],
    ['Completed stays Completed when deleted', pod({ phase: 'Succeeded', deleting: true, containers: [terminated({ reason: 'Completed' })] }), ['0/1', 'Completed', '0']],
    ['Unknown for a deleted pod on a lost node', pod({ phase: 'Running', deleting: true, reason: 'NodeLost', containers: [running] }), ['1/1', 'Unknown', '0']],
    ['SchedulingGated', pod({ conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), ['0/1', 'SchedulingGated', '0']],
    [
      'a started sidecar counts in READY and its restarts stay counted',
      pod({
        phase: 'Running',
        initSpecs: [{ name: 'init-0', restartPolicy: 'Always' }],
        init: [{ ...running, started: true, restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(30_000) } } }],
        conditions: [{ type: 'Initialized', status: 'True' }],
        containers: [running],
      }),
      ['2/2', 'Running', '1 (30s ago)'],
    ],
  ])('%s', (_, p, want) => {
    expect(summary(p)).toEqual(want);
  });

  it('fills the wide cells with <none> until the pod has an IP and a node', () => {
    expect(podPrinter.row(pod({}), ctx).slice(4)).toEqual(['10m', '<none>', '<none>', '<none>', '<none>']);
    const gated = pod({ phase: 'Running', containers: [running], conditions: [{ type: 'example.com/lb', status: 'True' }] });
    (gated.spec as Status).readinessGates = [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }];
    (gated.spec as Status).nodeName = 'worker-1';
    (gated.status as Status).podIPs = [{ ip: '10.40.1.7' }];
    expect(podPrinter.row(gated, ctx).slice(5)).toEqual(['10.40.1.7', 'worker-1', '<none>', '1/2']);
  });
});

describe('other printers', () => {
  const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: ago(7_200_000) });

  it('jobs: completions with parallelism, running duration, status order', () => {
    const job = (spec: Status, status: Status, deleting = false): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { ...meta('j'), ...(deleting ? { deletionTimestamp: ago(0) } : {}) },
      spec: { template: { spec: { containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'perl' }] } }, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, ...spec },
      status,
    });
    expect(jobPrinter.row(job({ parallelism: 3 }, { startTime: ago(90_000), succeeded: 1 }), ctx)).toEqual([
      'j', 'Running', '1/1 of 3', '90s', '120m', 'a,b', 'busybox,perl', 'batch.kubernetes.io/controller-uid=u',
    ]);
    const done = job({ completions: 5 }, { startTime: ago(600_000), completionTime: ago(300_000), succeeded: 5, conditions: [{ type: 'Complete', status: 'True' }] });
    expect(jobPrinter.row(done, ctx).slice(1, 4)).toEqual(['Complete', '5/5', '5m']);
    expect(jobPrinter.row(job({}, { conditions: [{ type: 'Suspended', status: 'True' }] }, true), ctx).slice(1, 4)).toEqual(['Terminating', '0/1', '']);
  });

  it('services: LoadBalancer addresses sorted and de-duplicated, node ports, ExternalName', () => {
    const svc = (spec: Status, status: Status = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: meta('s'), spec, status });
    const lb = svc(
      { type: 'LoadBalancer', clusterIPs: ['10.96.0.20'], ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { b: '2', a: '1' } },
      { loadBalancer: { ingress: [{ ip: '192.168.10.21' }, { hostname: 'lb.example.com' }, { ip: '192.168.10.21' }] } },
    );
    expect(servicePrinter.row(lb, ctx)).toEqual(['s', 'LoadBalancer', '10.96.0.20', '192.168.10.21,lb.example.com', '80:31000/TCP,53/UDP', '120m', 'a=1,b=2']);
    expect(servicePrinter.row(svc({ type: 'ClusterIP', clusterIPs: ['None'], externalIPs: ['1.2.3.4', '5.6.7.8'] }), ctx).slice(2, 5)).toEqual(['None', '1.2.3.4,5.6.7.8', '<none>']);
  });

  it('endpoints: three addresses at most, then "+ N more..."', () => {
    const ep: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta('web'),
      subsets: [{ addresses: [{ ip: '10.40.1.2' }, { ip: '10.40.2.2' }], ports: [{ port: 80 }, { port: 443 }] }],
    };
    expect(endpointsPrinter.row(ep, ctx)[1]).toBe('10.40.1.2:80,10.40.2.2:80,10.40.1.2:443 + 1 more...');
    expect(endpointsPrinter.row({ ...ep, subsets: undefined }, ctx)[1]).toBe('<none>');
  });

  it('ingresses: hosts, TLS ports and class', () => {
    const ing: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('i'),
      spec: { rules: [{ host: 'a.example.com' }, {}, { host: 'b.example.com' }, { host: 'c.example.com' }, { host: 'd.example.com' }], tls: [{ hosts: ['a.example.com'] }] },
      status: { loadBalancer: { ingress: [{ ip: '192.168.10.30' }] } },
    };
    expect(ingressPrinter.row(ing, ctx)).toEqual(['i', '<none>', 'a.example.com,b.example.com,c.example.com + 2 more...', '192.168.10.30', '80, 443', '120m']);
  });

  it('HPAs: current/target per metric, two at most; v1 objects read as one CPU metric', () => {
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
          { type: 'Pods', pods: { target: { averageValue: '1k' } } },
        ],
      },
      status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42 } } }] },
    };
    expect(horizontalPodAutoscalerPrinter.row(hpa, ctx)).toEqual(['web', 'Deployment/web', 'cpu: 42%/80%, memory: <unknown>/500Mi + 1 more...', '<unset>', 10, 2, '120m']);
    const v1: KubeObject = { ...hpa, apiVersion: 'autoscaling/v1', spec: { scaleTargetRef: { kind: 'ReplicaSet', name: 'f' }, minReplicas: 3, maxReplicas: 5, targetCPUUtilizationPercentage: 50 }, status: {} };
    expect(horizontalPodAutoscalerPrinter.row(v1, ctx).slice(1, 4)).toEqual(['ReplicaSet/f', 'cpu: <unknown>/50%', '3']);
  });

  it('resource quotas: sorted used/hard pairs, limits.* in LIMIT', () => {
    const q: KubeObject = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('q'),
      status: { hard: { pods: '10', 'limits.memory': '4Gi', 'requests.cpu': '2', 'limits.cpu': '4' }, used: { pods: '3', 'requests.cpu': '250m' } },
    };
    expect(resourceQuotaPrinter.row(q, ctx)).toEqual(['q', 'pods: 3/10, requests.cpu: 250m/2', 'limits.cpu: 0/4, limits.memory: 0/4Gi', '120m']);
  });

  it('events: series count and last time, singletons count 1, trimmed message', () => {
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{nginx}' },
      reason: 'BackOff',
      type: 'Warning',
      message: 'Back-off restarting failed container\n',
      firstTimestamp: ago(300_000),
      lastTimestamp: ago(200_000),
      count: 0,
      source: { component: 'kubelet', host: 'worker-1' },
    };
    expect(eventPrinter.row(ev, ctx)).toEqual(['3m20s', 'Warning', 'BackOff', 'pod/web', 'spec.containers{nginx}', 'kubelet, worker-1', 'Back-off restarting failed container', '5m', 1, 'web.1']);
    const series = { ...ev, series: { count: 7, lastObservedTime: ago(10_000) } };
    expect([eventPrinter.row(series, ctx)[0], eventPrinter.row(series, ctx)[8]]).toEqual(['10s', 7]);
  });
});

describe('JSONPath', () => {
  const list = {
    kind: 'List',
    items: [
      { metadata: { name: 'a', labels: { app: 'web', tier: 'fe' } }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] }, spec: { containers: [{ image: 'nginx' }, { image: 'envoy' }] } },
      { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] }, spec: { containers: [{ image: 'redis' }] } },
    ],
  };

  it.each([
    ['{.items[*].metadata.name}', 'a b'],
    ['{range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[*].image}{"\\n"}{end}', 'a\tnginx envoy\nb\tredis\n'],
    ['{.items[?(@.metadata.name=="b")].spec.containers[0].image}', 'redis'],
    ['{.items[0].status.conditions[?(@.type=="Ready")].status}', 'True'],
    ['{.items[-1:].metadata.name}', 'b'],
    ['{.items[0:1].metadata.name}', 'a'],
    ['{..image}', 'nginx envoy redis'],
    ['{.items[0].metadata.labels}', '{"app":"web","tier":"fe"}'],
    ["{.items[0].metadata['name','labels']}", 'a {"app":"web","tier":"fe"}'],
    ['{.items[0].spec.containers[0,1].image}', 'nginx envoy'],
    ['{.items[*].metadata.missing}', ''],
    ['name: {.items[1].metadata.name}', 'name: b'],
  ])('%s', (template, want) => {
    expect(executeJSONPath(template, list)).toBe(want);
  });

  it('reports parse and execution errors with kubectl wording', () => {
    expect(() => executeJSONPath('{.items[0}', list)).toThrow('error parsing jsonpath {.items[0}, unclosed array expect ]');
    expect(() => executeJSONPath('{.items[5].metadata}', list)).toThrow('error executing jsonpath "{.items[5].metadata}": Error executing template: array index out of bounds: index 5, length 2.');
    expect(() => executeJSONPath('{.a', list)).toThrow('error parsing jsonpath {.a, unclosed action');
  });

  it('relaxes custom-column and sort-by paths', () => {
    expect(['a.b', '.a.b', '{a.b}', '{.a.b}'].map(relaxedJSONPath)).toEqual(['{.a.b}', '{.a.b}', '{.a.b}', '{.a.b}']);
  });
});

describe('custom columns', () => {
  const objs = [
    { metadata: { name: 'web-1', labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx:1.27' }, { image: 'envoy:1.30' }] } },
    { metadata: { name: 'db' }, spec: { containers: [{ image: 'postgres:16' }] } },
  ];

  it('joins several results with commas, <none> for none, %v for maps', () => {
    const cols = parseCustomColumns('NAME:.metadata.name,IMAGES:.spec.containers[*].image,LABELS:metadata.labels');
    expect(printCustomColumns(cols, objs, false)).toBe(
      'NAME    IMAGES                  LABELS\n' + 'web-1   nginx:1.27,envoy:1.30   map[app:web]\n' + 'db      postgres:16             <none>\n',
    );
    expect(printCustomColumns(cols, objs, true).split('\n')[0]).toBe('web-1   nginx:1.27,envoy:1.30   map[app:web]');
  });

  it('reads the two-line file form and reports bad specs', () => {
    expect(printCustomColumns(parseCustomColumnsFile('NAME  IMAGE\n.metadata.name  .spec.containers[0].image\n'), objs, false)).toBe('NAME    IMAGE\nweb-1   nginx:1.27\ndb      postgres:16\n');
    expect(() => parseCustomColumns('NAME')).toThrow('unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>');
    expect(() => parseCustomColumnsFile('A B\n.x\n')).toThrow("number of headers (2) and field specifications (1) don't match");
  });
});

describe('--sort-by', () => {
  it('orders numbers, quantities and natural strings; missing fields first', () => {
    const items = [{ n: 'pod-10', q: '1Gi' }, { n: 'pod-9', q: '512Mi' }, { q: '2' }, { n: 'pod-100', q: '1500m' }];
    expect(sortByField(items, (x) => x, '.n').map((x) => x.n)).toEqual([undefined, 'pod-9', 'pod-10', 'pod-100']);
    expect(sortByField(items, (x) => x, '{.q}').map((x) => x.q)).toEqual(['1500m', '2', '512Mi', '1Gi']);
    expect(naturalCompare('a2', 'a10')).toBeLessThan(0);
  });
});

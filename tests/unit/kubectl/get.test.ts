// kubectl get against a running simulated cluster: tables per kind with
// kubectl's layout (byte for byte), the -o formats, selectors, errors, and
// -w rows streaming as simulated time runs.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { DEFAULT_KUBECONFIG, type KubectlEnv } from '../../../src/kubectl/types';
import { humanDuration } from '../../../src/kubectl/printers/duration';
import { formatTable } from '../../../src/kubectl/printers/tabwriter';
import { asArray, field, type KubeObject } from '../../../src/runtime/api/types';
import { createCluster, parseRFC3339, type Cluster } from '../../../src/runtime/index';

const FIXTURES = new URL('../../../../shared/fixtures/k8s-examples/', import.meta.url);
const fixture = (path: string): string => readFileSync(new URL(path, FIXTURES), 'utf8');

function applyOk(c: Cluster, text: string): void {
  const errors = c.apply(text).filter((r) => 'error' in r);
  expect(errors).toEqual([]);
}

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web, tier: frontend}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}
`;

const TROUBLE = `apiVersion: v1
kind: Pod
metadata: {name: crash, labels: {app: crash}}
spec:
  containers: [{name: app, image: busybox:1.36, command: [sh, -c, "exit 1"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: typo}
spec:
  containers: [{name: app, image: "nginxx:1.27"}]
---
apiVersion: v1
kind: Pod
metadata: {name: waiter}
spec:
  initContainers: [{name: wait-db, image: busybox:1.36, command: [sh, -c, "sleep 3600"]}]
  containers: [{name: app, image: nginx:1.27}]
`;

/** A settled two-replica deployment, then three pods in trouble two minutes in. */
function workloads(): KubectlEnv {
  const cluster = createCluster();
  applyOk(cluster, WEB);
  cluster.settle();
  applyOk(cluster, TROUBLE);
  cluster.advance(120_000);
  return { cluster, config: { ...DEFAULT_KUBECONFIG } };
}

describe('kubectl get: pods and their decorations', () => {
  let env: KubectlEnv;
  const k = (...argv: string[]) => runKubectl(argv, env);
  beforeAll(() => {
    env = workloads();
  });

  it('prints pod status reasons, restarts with their age, and wide columns', () => {
    expect(k('get', 'pods', '-o', 'wide')).toEqual({
      stdout:
        'NAME                   READY   STATUS             RESTARTS      AGE     IP          NODE       NOMINATED NODE   READINESS GATES\n' +
        'crash                  0/1     CrashLoopBackOff   4 (47s ago)   2m      10.40.1.3   worker-1   <none>           <none>\n' +
        'typo                   0/1     ImagePullBackOff   0             2m      10.40.3.3   worker-3   <none>           <none>\n' +
        'waiter                 0/1     Init:0/1           0             2m      10.40.2.4   worker-2   <none>           <none>\n' +
        'web-766486c5b6-66tbp   1/1     Running            0             2m14s   10.40.2.2   worker-2   <none>           <none>\n' +
        'web-766486c5b6-zhn8l   1/1     Running            0             2m14s   10.40.1.2   worker-1   <none>           <none>\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('prints get all as one table per type, kind/name, blank lines between', () => {
    expect(k('get', 'all').stdout).toBe(
      'NAME                       READY   STATUS             RESTARTS      AGE\n' +
        'pod/crash                  0/1     CrashLoopBackOff   4 (47s ago)   2m\n' +
        'pod/typo                   0/1     ImagePullBackOff   0             2m\n' +
        'pod/waiter                 0/1     Init:0/1           0             2m\n' +
        'pod/web-766486c5b6-66tbp   1/1     Running            0             2m14s\n' +
        'pod/web-766486c5b6-zhn8l   1/1     Running            0             2m14s\n' +
        '\n' +
        'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n' +
        'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   2m14s\n' +
        '\n' +
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n' +
        'deployment.apps/web   2/2     2            2           2m14s\n' +
        '\n' +
        'NAME                             DESIRED   CURRENT   READY   AGE\n' +
        'replicaset.apps/web-766486c5b6   2         2         2       2m14s\n',
    );
  });

  it('adds NAMESPACE with -A, label columns with -L and --show-labels, kind with --show-kind', () => {
    expect(k('get', 'pods', '-A', '-l', 'app=web').stdout).toBe(
      'NAMESPACE   NAME                   READY   STATUS    RESTARTS   AGE\n' +
        'default     web-766486c5b6-66tbp   1/1     Running   0          2m14s\n' +
        'default     web-766486c5b6-zhn8l   1/1     Running   0          2m14s\n',
    );
    expect(k('get', 'deploy', '--show-labels', '-L', 'app,tier').stdout).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE     APP   TIER       LABELS\n' + 'web    2/2     2            2           2m14s   web   frontend   app=web,tier=frontend\n',
    );
    expect(k('get', 'deploy', 'web', '--show-kind').stdout).toBe(
      'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n' + 'deployment.apps/web   2/2     2            2           2m14s\n',
    );
    expect(k('get', 'pods', '--no-headers', '-l', 'app=web').stdout).toBe(
      'web-766486c5b6-66tbp   1/1   Running   0     2m14s\n' + 'web-766486c5b6-zhn8l   1/1   Running   0     2m14s\n',
    );
  });

  it('sorts, and leaves out the blank line between tables without headers', () => {
    expect(k('get', 'nodes,ns', '--sort-by=.metadata.name', '--no-headers', '-l', 'kubernetes.io/hostname!=control-plane,kubernetes.io/metadata.name!=ingress-nginx').stdout).toBe(
      'node/worker-1   Ready   <none>   2m14s   v1.34.1\n' +
        'node/worker-2   Ready   <none>   2m14s   v1.34.1\n' +
        'node/worker-3   Ready   <none>   2m14s   v1.34.1\n' +
        'namespace/default           Active   2m14s\n' +
        'namespace/kube-node-lease   Active   2m14s\n' +
        'namespace/kube-public       Active   2m14s\n' +
        'namespace/kube-system       Active   2m14s\n',
    );
    expect(k('get', 'pods', '--sort-by={.status.containerStatuses[0].restartCount}', '-o', 'name', '-l', 'app in (crash,web)').stdout.split('\n')[2]).toBe('pod/crash');
  });

  it('prints names, JSONPath and custom columns', () => {
    expect(k('get', 'pods', '-o', 'name').stdout).toBe('pod/crash\npod/typo\npod/waiter\npod/web-766486c5b6-66tbp\npod/web-766486c5b6-zhn8l\n');
    expect(k('get', 'no', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}').stdout).toBe('10.140.0.10 10.140.0.11 10.140.0.12 10.140.0.13');
    expect(k('get', 'pod', 'crash', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.reason}').stdout).toBe('CrashLoopBackOff');
    expect(k('get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName', '--field-selector=status.phase=Running').stdout).toBe(
      'NAME                   NODE\ncrash                  worker-1\nweb-766486c5b6-66tbp   worker-2\nweb-766486c5b6-zhn8l   worker-1\n',
    );
  });

  it('wraps several objects in a v1 List, prints one named object alone', () => {
    const list = JSON.parse(k('get', 'deploy,svc', '-o', 'json').stdout) as { apiVersion: string; kind: string; metadata: unknown; items: { kind: string }[] };
    expect([list.apiVersion, list.kind, list.metadata, list.items.map((i) => i.kind)]).toEqual(['v1', 'List', { resourceVersion: '' }, ['Deployment', 'Service']]);
    expect(k('get', 'pods', '-l', 'app=nothing', '-o', 'yaml').stdout).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    const one = k('get', 'deploy', 'web', '-o', 'yaml').stdout;
    expect(one.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n')).toBe(true);
  });

  it('reports missing objects per name and still prints the rest', () => {
    expect(k('get', 'pods', 'nope', 'crash')).toEqual({
      stdout: 'NAME    READY   STATUS             RESTARTS      AGE\ncrash   0/1     CrashLoopBackOff   4 (47s ago)   2m\n',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
    expect(k('get', 'deploy/nope', '-o', 'yaml')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n', exitCode: 1 });
    expect(k('get', 'pods', 'nope', '--ignore-not-found')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('gets the objects a manifest names with -f', () => {
    const files: Record<string, string> = { 'web.yaml': WEB, 'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: ghost}\n' };
    const e: KubectlEnv = { ...env, readFile: (path) => (path in files ? { text: files[path] } : { error: `open ${path}: no such file or directory` }) };
    expect(runKubectl(['get', '-f', 'web.yaml'], e).stdout).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           2m14s\n');
    expect(runKubectl(['get', '-f', 'web.yaml', '-o', 'name'], e).stdout).toBe('deployment.apps/web\n');
    expect(runKubectl(['get', '-f', 'bad.yaml'], e)).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "ghost" not found\n', exitCode: 1 });
    expect(runKubectl(['get', '-f', 'nope.yaml'], e).stderr).toBe('error: the path "nope.yaml" does not exist\n');
  });

  it('says when nothing matched, on stderr', () => {
    expect(k('get', 'pods,svc', '-n', 'kube-public')).toEqual({ stdout: '', stderr: 'No resources found in kube-public namespace.\n', exitCode: 0 });
    expect(k('get', 'pods', '-A', '-l', 'app=nothing').stderr).toBe('No resources found\n');
    expect(k('get', 'pv').stderr).toBe('No resources found\n');
  });

  it("fails with kubectl's errors", () => {
    expect(k('get', 'foo')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
    expect(k('get').stderr).toBe(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples\n",
    );
    expect(k('get', 'pods', '-o', 'foo').stderr).toBe(
      'error: unable to match a printer suitable for the output format "foo", allowed formats are: ' +
        'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
    );
    expect(k('get', 'pods', '--show-labels', '-o', 'yaml').stderr).toBe('error: --show-labels option cannot be used with yaml printer\n');
    expect(k('get', 'pods', '--output-watch-events').stderr).toBe('error: --output-watch-events option can only be used with --watch or --watch-only\n');
    expect(k('get', 'pods', '-o', 'jsonpath').stderr).toBe('error: template format specified but no template given\n');
    expect(k('get', 'pods', '-o', 'custom-columns=NAME').stderr).toBe('error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n');
    expect(k('get', 'pods,svc', '-w').stderr).toBe('error: watch is only supported on individual resources and resource collections - more than 1 resource was found\n');
    expect(k('get', 'pods', 'crash', '-l', 'app=crash').stderr).toBe('error: name cannot be provided when a selector is specified\n');
  });
});

describe('kubectl get -w', () => {
  it('streams a row per change, widths kept from the first table', () => {
    const env = workloads();
    const r = runKubectl(['get', 'deploy', '-w', '--output-watch-events'], env);
    expect(r.stdout).toBe('EVENT      NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nADDED      web    2/2     2            2           2m14s\n');
    const rows: string[] = [];
    const stop = r.follow?.start((o) => rows.push(o.stdout ?? ''), () => undefined);
    env.cluster.api.patch('deployments.apps', 'web', { spec: { replicas: 3 } }, { namespace: 'default' });
    env.cluster.advance(10_000);
    stop?.();
    expect(rows[0]).toBe('MODIFIED   web    2/3     2            2           2m14s\n');
    expect(rows[rows.length - 1]).toBe('MODIFIED   web    3/3     3            3           2m17s\n');
    env.cluster.api.patch('deployments.apps', 'web', { spec: { replicas: 1 } }, { namespace: 'default' });
    env.cluster.advance(10_000);
    expect(rows[rows.length - 1]).toBe('MODIFIED   web    3/3     3            3           2m17s\n');
  });

  it('prints pods appearing and terminating after a scale-down', () => {
    const env = workloads();
    const r = runKubectl(['get', 'pods', '-l', 'app=web', '--watch-only'], env);
    expect(r.stdout).toBe('');
    const out: string[] = [];
    r.follow?.start((o) => out.push(o.stdout ?? ''), () => undefined);
    env.cluster.api.patch('deployments.apps', 'web', { spec: { replicas: 1 } }, { namespace: 'default' });
    env.cluster.advance(1000);
    expect(out[0]).toBe('NAME                   READY   STATUS        RESTARTS   AGE\nweb-766486c5b6-66tbp   1/1     Terminating   0          2m14s\n');
  });
});

describe('kubectl get: one golden table per kind', () => {
  let env: KubectlEnv;
  const table = (...argv: string[]) => runKubectl(['get', ...argv], env).stdout;
  beforeAll(() => {
    const cluster = createCluster();
    for (const f of [
      'controllers/job.yaml',
      'controllers/daemonset.yaml',
      'pods/storage/pv-volume.yaml',
      'pods/storage/pv-claim.yaml',
      'service/networking/minimal-ingress.yaml',
      'service/networking/networkpolicy.yaml',
      'controllers/frontend.yaml',
      'controllers/hpa-rs.yaml',
    ]) {
      applyOk(cluster, fixture(f));
    }
    applyOk(cluster, KINDS);
    cluster.settle();
    // Like kubectl, the custom resource can only be applied once its CRD is served.
    applyOk(cluster, CRONTAB);
    cluster.advance(600_000);
    env = { cluster, config: { ...DEFAULT_KUBECONFIG } };
  });

  it.each([
    [['job', 'pi'], 'NAME   STATUS     COMPLETIONS   DURATION   AGE\npi     Complete   1/1           10s        10m\n'],
    [
      ['ds', '-n', 'kube-system', 'fluentd-elasticsearch', '-o', 'wide'],
      'NAME                    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE   CONTAINERS              IMAGES                                  SELECTOR\n' +
        'fluentd-elasticsearch   3         3         3       3            3           <none>          10m   fluentd-elasticsearch   k8s.gcr.io/fluentd-elasticsearch:1.20   name=fluentd-elasticsearch\n',
    ],
    [
      ['pv'],
      'NAME             CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM                   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n' +
        'task-pv-volume   10Gi       RWO            Retain           Bound    default/task-pv-claim   manual         <unset>                          10m\n',
    ],
    [
      ['pvc', '-o', 'wide'],
      'NAME            STATUS   VOLUME           CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE   VOLUMEMODE\n' +
        'task-pv-claim   Bound    task-pv-volume   10Gi       RWO            manual         <unset>                 10m   Filesystem\n',
    ],
    [['ingressclass', 'nginx-example'], 'NAME            CONTROLLER             PARAMETERS   AGE\nnginx-example   k8s.io/ingress-nginx   <none>       10m\n'],
    [['netpol'], 'NAME                  POD-SELECTOR   AGE\ntest-network-policy   role=db        10m\n'],
    [
      ['rs,hpa'],
      'NAME                       DESIRED   CURRENT   READY   AGE\nreplicaset.apps/frontend   3         3         3       10m\n\n' +
        'NAME                                                  REFERENCE             TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\n' +
        'horizontalpodautoscaler.autoscaling/frontend-scaler   ReplicaSet/frontend   cpu: <unknown>/50%   3         10        3          10m\n',
    ],
    [['cm', 'app-config'], 'NAME         DATA   AGE\napp-config   3      10m\n'],
    [['secret', 'db-pass'], 'NAME      TYPE     DATA   AGE\ndb-pass   Opaque   2      10m\n'],
    [['quota'], 'NAME      REQUEST                                                 LIMIT             AGE\ncompute   pods: 3/10, requests.cpu: 0/2, requests.memory: 0/2Gi   limits.cpu: 0/4   10m\n'],
    [['limits'], 'NAME              CREATED AT\nmem-limit-range   2026-01-01T00:00:00Z\n'],
    [['pdb'], 'NAME           MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nfrontend-pdb   2               N/A               1                     10m\n'],
    [['pc', 'high-priority', '-o', 'wide'], 'NAME            VALUE     GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\nhigh-priority   1000000   false            10m   PreemptLowerPriority\n'],
    [
      ['roles,rolebindings', '-o', 'wide'],
      'NAME                                        CREATED AT\nrole.rbac.authorization.k8s.io/pod-reader   2026-01-01T00:00:00Z\n\n' +
        'NAME                                              ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS\n' +
        'rolebinding.rbac.authorization.k8s.io/read-pods   Role/pod-reader   10m   jane             default/default\n',
    ],
    [['crd'], 'NAME                          CREATED AT\ncrontabs.stable.example.com   2026-01-01T00:00:00Z\n'],
    [['ct'], 'NAME                 SPEC          REPLICAS   AGE\nmy-new-cron-object   * * * * */5   1          10m\n'],
    [['sa', 'default'], 'NAME      SECRETS   AGE\ndefault   0         10m\n'],
    [['sc'], 'NAME                 PROVISIONER              RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE\nstandard (default)   csi.vsphere.vmware.com   Delete          Immediate           true                   10m\n'],
    [['lease', '-n', 'kube-node-lease', 'worker-1'], 'NAME       HOLDER     AGE\nworker-1   worker-1   10m\n'],
    [['ns', 'default'], 'NAME      STATUS   AGE\ndefault   Active   10m\n'],
  ])('get %j', (argv, want) => {
    expect(table(...argv)).toBe(want);
  });

  // Addresses, node ports and schedule times come from the allocators, the
  // load-balancer and ingress controllers and the CronJob controller: the cells
  // are read from the objects, the layout is kubectl's.
  const get = (type: string, name: string): KubeObject => env.cluster.api.get(type, name, 'default');
  const lbIP = (o: KubeObject): string => {
    const ip = field(o, 'status', 'loadBalancer', 'ingress', 0, 'ip');
    return typeof ip === 'string' ? ip : '';
  };

  it('get svc -o wide: ExternalName, LoadBalancer and NodePort cells', () => {
    const lb = get('services', 'web-lb');
    const np = get('services', 'web-np');
    expect(table('svc', 'ext', 'web-lb', 'web-np', '-o', 'wide')).toBe(
      formatTable([
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'],
        ['ext', 'ExternalName', '<none>', 'db.example.com', '<none>', '10m', '<none>'],
        ['web-lb', 'LoadBalancer', String(field(lb, 'spec', 'clusterIP')), lbIP(lb) || '<pending>', `443:${String(field(lb, 'spec', 'ports', 0, 'nodePort'))}/TCP`, '10m', 'app=web'],
        ['web-np', 'NodePort', String(field(np, 'spec', 'clusterIP')), '<none>', '80:30080/TCP', '10m', 'app=web'],
      ]),
    );
  });

  it('get ing: class, hosts, address, ports', () => {
    const address = lbIP(get('ingresses.networking.k8s.io', 'minimal-ingress'));
    expect(table('ing')).toBe(formatTable([['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'], ['minimal-ingress', 'nginx-example', '*', address, '80', '10m']]));
  });

  it('get cj: schedule, suspend, active jobs and the last schedule age', () => {
    const cj = get('cronjobs.batch', 'hello');
    const last = parseRFC3339(String(field(cj, 'status', 'lastScheduleTime'))) ?? 0;
    expect(table('cj')).toBe(
      formatTable([
        ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
        ['hello', '*/5 * * * *', '<none>', 'False', String(asArray(field(cj, 'status', 'active')).length), humanDuration(env.cluster.clock.now() - last), '10m'],
      ]),
    );
  });
});

const KINDS = `apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {a: "1", b: "2"}
binaryData: {c: aGk=}
---
apiVersion: v1
kind: Secret
metadata: {name: db-pass}
type: Opaque
stringData: {password: s3cret, user: admin}
---
apiVersion: v1
kind: Service
metadata: {name: web-np}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 443, protocol: TCP}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: db.example.com
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: hello, image: busybox:1.36, command: [sh, -c, date]}]
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute}
spec:
  hard: {requests.cpu: "2", requests.memory: 2Gi, limits.cpu: "4", pods: "10"}
---
apiVersion: v1
kind: LimitRange
metadata: {name: mem-limit-range}
spec:
  limits: [{type: Container, default: {memory: 512Mi}, defaultRequest: {memory: 256Mi}}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: frontend-pdb}
spec:
  minAvailable: 2
  selector: {matchLabels: {tier: frontend}}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high-priority}
value: 1000000
description: important
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx-example}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods}
subjects:
- {kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: default, namespace: default}
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.stable.example.com}
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    additionalPrinterColumns:
    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
`;

const CRONTAB = `apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: my-new-cron-object}
spec: {cronSpec: "* * * * */5", image: my-awesome-cron-image, replicas: 1}
`;

describe('kubectl get: server warnings', () => {
  it('v1 Endpoints reads carry the v1.33+ deprecation warning on stderr; EndpointSlices do not', () => {
    const env: KubectlEnv = { cluster: createCluster(), config: { ...DEFAULT_KUBECONFIG } };
    const ep = runKubectl(['get', 'ep', 'kubernetes'], env);
    expect(ep.stderr).toBe('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n');
    expect(ep.stdout).toMatch(/^NAME +ENDPOINTS +AGE\nkubernetes +10\.140\.0\.10:6443 +0s\n$/);
    expect(runKubectl(['get', 'endpointslices'], env).stderr).toBe('');
  });
});

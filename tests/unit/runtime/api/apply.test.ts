// Client-side `kubectl apply`: what it reports per object, the three-way
// merge against the last-applied-configuration annotation, the annotation's
// exact bytes, and how it fails on bad input.
//
// Upstream sources the expectations were checked against:
//  - kubectl pkg/cmd/apply/apply.go (warningNoLastAppliedConfigAnnotation, created/configured/unchanged)
//  - kubectl pkg/util/apply.go GetModifiedConfiguration (annotation = json encoding of the
//    object without the annotation, keys sorted, HTML-escaped, trailing newline)
//  - cli-runtime pkg/resource/mapper.go ("resource mapping not found … ensure CRDs are installed first")
//  - the real annotation of a Namespace applied by kubectl:
//    {"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"name":"rdbms"}}
import { describe, expect, it } from 'vitest';
import { createCluster, isApplyError, LAST_APPLIED, type ApplyResult, type KubeObject } from '../../../../src/runtime/index';
import { crdYaml } from '../helpers';

const deploymentYaml = (image = 'nginx:1.14.2', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
${extra}`;

function summary(results: ApplyResult[]): string[] {
  return results.map((r) => (isApplyError(r) ? `error: ${r.error}` : `${r.resource}/${r.name} ${r.action}`));
}

function errorOf(r: ApplyResult): string {
  if (!isApplyError(r)) throw new Error(`expected an error, got ${r.resource}/${r.name} ${r.action}`);
  return r.error;
}

type Container = { name: string; image: string; env?: { name: string; value: string }[]; ports?: unknown[] };
const containers = (d: KubeObject) => (d.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;

describe('created, configured, unchanged', () => {
  it('follows kubectl’s sequence', () => {
    const c = createCluster();
    expect(summary(c.apply(deploymentYaml()))).toEqual(['deployment.apps/nginx-deployment created']);
    expect(summary(c.apply(deploymentYaml()))).toEqual(['deployment.apps/nginx-deployment unchanged']);
    expect(summary(c.apply(deploymentYaml('nginx:1.16.1')))).toEqual(['deployment.apps/nginx-deployment configured']);
    expect(containers(c.api.get('deployments', 'nginx-deployment'))[0].image).toBe('nginx:1.16.1');
    expect(summary(c.apply(deploymentYaml('nginx:1.16.1')))).toEqual(['deployment.apps/nginx-deployment unchanged']);
  });

  it('what admission added to a Pod (token volume, tolerations, LimitRange defaults) does not make it "configured"', () => {
    const c = createCluster();
    c.apply('apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: lr\nspec:\n  limits:\n  - type: Container\n    default:\n      cpu: 500m\n');
    const podYaml = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: ${image}\n`;
    expect(summary(c.apply(podYaml('nginx:1.27')))).toEqual(['pod/web created']);
    expect(summary(c.apply(podYaml('nginx:1.27')))).toEqual(['pod/web unchanged']);
    expect(summary(c.apply(podYaml('nginx:1.28')))).toEqual(['pod/web configured']);
    const p = c.api.get('pods', 'web');
    expect(p.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu request for container web; cpu limit for container web');
    expect((p.spec as { containers: Container[]; volumes: unknown[] }).volumes).toHaveLength(1);
  });

  it('an unchanged apply writes nothing: same resourceVersion', () => {
    const c = createCluster();
    c.apply(deploymentYaml());
    const rv = c.api.get('deployments', 'nginx-deployment').metadata.resourceVersion;
    c.apply(deploymentYaml());
    expect(c.api.get('deployments', 'nginx-deployment').metadata.resourceVersion).toBe(rv);
  });

  it('reports core kinds without a group, cluster-scoped kinds without a namespace', () => {
    const c = createCluster();
    const r = c.apply(`apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: fast
`);
    expect(summary(r)).toEqual(['namespace/shop created', 'configmap/settings created']);
    expect(r[0]).toMatchObject({ kind: 'Namespace', namespace: undefined });
    expect(r[1]).toMatchObject({ kind: 'ConfigMap', namespace: 'shop' });
  });

  it('-n puts objects without a namespace there, and refuses a conflicting one', () => {
    const c = createCluster();
    c.apply('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n');
    c.settle();
    expect(c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', { namespace: 'team' })[0]).toMatchObject({ namespace: 'team', action: 'created' });
    expect(errorOf(c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  namespace: other\n', { namespace: 'team' })[0])).toBe(
      `error: the namespace from the provided object "other" does not match the namespace "team". You must pass '--namespace=other' to perform this operation.`,
    );
  });

  it('warns when the live object was not created by apply, then takes it over', () => {
    const c = createCluster();
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth' }, data: { a: '1' } });
    const [r] = c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  a: "2"\n');
    expect(r).toMatchObject({ action: 'configured' });
    expect(isApplyError(r) ? [] : r.warnings).toEqual([
      'resource configmaps/aws-auth is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.',
    ]);
    const [again] = c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  a: "2"\n');
    expect(again).toMatchObject({ action: 'unchanged', warnings: [] });
  });

  it('a dry run reports what would happen and changes nothing', () => {
    const c = createCluster();
    expect(c.apply(deploymentYaml(), { dryRun: true })[0]).toMatchObject({ action: 'created', dryRun: true });
    expect(c.api.tryGet('deployments', 'nginx-deployment')).toBeUndefined();
  });
});

describe('three-way merge', () => {
  it('a field removed from the manifest is removed from the object', () => {
    const c = createCluster();
    c.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  labels:
    app: web
    tier: frontend
data:
  keep: "1"
  drop: "2"
`);
    c.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  labels:
    app: web
data:
  keep: "1"
`);
    const cm = c.api.get('configmaps', 'cfg');
    expect(cm.data).toEqual({ keep: '1' });
    expect(cm.metadata.labels).toEqual({ app: 'web' });
  });

  it('an env var removed from a container is removed; containers merge by name', () => {
    const c = createCluster();
    c.apply(deploymentYaml('nginx:1.14.2', '        env:\n        - name: A\n          value: "1"\n        - name: B\n          value: "2"\n'));
    c.apply(deploymentYaml('nginx:1.14.2', '        env:\n        - name: A\n          value: "1"\n'));
    expect(containers(c.api.get('deployments', 'nginx-deployment'))[0].env).toEqual([{ name: 'A', value: '1' }]);
  });

  it('a container removed from the manifest is removed', () => {
    const c = createCluster();
    const sidecar = '      - name: sidecar\n        image: busybox:1.36\n';
    c.apply(deploymentYaml('nginx:1.14.2', sidecar));
    expect(containers(c.api.get('deployments', 'nginx-deployment')).map((x) => x.name)).toEqual(['nginx', 'sidecar']);
    c.apply(deploymentYaml());
    expect(containers(c.api.get('deployments', 'nginx-deployment')).map((x) => x.name)).toEqual(['nginx']);
  });

  it('a container injected by someone else keeps its live place; new manifest containers follow the manifest', () => {
    const c = createCluster();
    c.apply(deploymentYaml());
    // e.g. a mutating webhook or `kubectl patch` put a proxy in front.
    c.api.patch('deployments', 'nginx-deployment', { spec: { template: { spec: { containers: [{ name: 'proxy', image: 'envoy:1.30' }] } } } });
    expect(containers(c.api.get('deployments', 'nginx-deployment')).map((x) => x.name)).toEqual(['proxy', 'nginx']);
    c.apply(deploymentYaml('nginx:1.14.2', '      - name: logger\n        image: fluent-bit:3.0\n'));
    expect(containers(c.api.get('deployments', 'nginx-deployment')).map((x) => x.name)).toEqual(['proxy', 'nginx', 'logger']);
  });

  it('replicas dropped from the manifest go back to the default, as with real kubectl', () => {
    const c = createCluster();
    const withReplicas = deploymentYaml().replace('spec:\n  selector', 'spec:\n  replicas: 3\n  selector');
    c.apply(withReplicas);
    expect((c.api.get('deployments', 'nginx-deployment').spec as { replicas: number }).replicas).toBe(3);
    c.apply(deploymentYaml());
    expect((c.api.get('deployments', 'nginx-deployment').spec as { replicas: number }).replicas).toBe(1);
  });

  it('fields set by others survive: replicas scaled via the API when the manifest has none', () => {
    const c = createCluster();
    c.apply(deploymentYaml());
    expect((c.api.get('deployments', 'nginx-deployment').spec as { replicas: number }).replicas).toBe(1); // defaulted
    c.api.patch('deployments', 'nginx-deployment', { spec: { replicas: 5 } });
    c.api.patch('deployments', 'nginx-deployment', { metadata: { labels: { owner: 'ops' } } });
    expect(summary(c.apply(deploymentYaml('nginx:1.16.1')))).toEqual(['deployment.apps/nginx-deployment configured']);
    const d = c.api.get('deployments', 'nginx-deployment');
    expect((d.spec as { replicas: number }).replicas).toBe(5);
    expect(d.metadata.labels).toEqual({ app: 'nginx', owner: 'ops' });
    expect(containers(d)[0].image).toBe('nginx:1.16.1');
    // Defaults the server filled in stay too.
    expect(containers(d)[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' });
  });

  it('a field the manifest sets wins over a change made by others', () => {
    const c = createCluster();
    c.apply(deploymentYaml('nginx:1.14.2').replace('spec:\n  selector', 'spec:\n  replicas: 3\n  selector'));
    c.api.patch('deployments', 'nginx-deployment', { spec: { replicas: 7 } });
    expect(summary(c.apply(deploymentYaml('nginx:1.14.2').replace('spec:\n  selector', 'spec:\n  replicas: 3\n  selector')))).toEqual([
      'deployment.apps/nginx-deployment configured',
    ]);
    expect((c.api.get('deployments', 'nginx-deployment').spec as { replicas: number }).replicas).toBe(3);
  });

  it('a Service keeps its allocated clusterIP and nodePort across applies', () => {
    const c = createCluster();
    const svc = (port: number) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: ${port}
    targetPort: 8080
`;
    c.apply(svc(80));
    const before = c.api.get('services', 'web').spec as { clusterIP: string; ports: { nodePort: number }[] };
    c.apply(svc(80).replace('app: web', 'app: web2'));
    const after = c.api.get('services', 'web').spec as { clusterIP: string; ports: { nodePort: number }[]; selector: unknown };
    expect(after.clusterIP).toBe(before.clusterIP);
    expect(after.ports[0].nodePort).toBe(before.ports[0].nodePort);
    expect(after.selector).toEqual({ app: 'web2' });
  });
});

describe('the last-applied-configuration annotation', () => {
  it('is Go’s json encoding of the manifest: sorted keys, namespace filled in, "annotations":{}, newline', () => {
    const c = createCluster();
    c.apply(deploymentYaml());
    const d = c.api.get('deployments', 'nginx-deployment');
    // The kubernetes.io Deployment example, as real kubectl records it.
    expect(d.metadata.annotations?.[LAST_APPLIED]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"nginx"},"name":"nginx-deployment","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80}]}]}}}}\n',
    );
  });

  it('cluster-scoped objects carry no namespace', () => {
    const c = createCluster();
    c.apply('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: rdbms\n');
    expect(c.api.get('namespaces', 'rdbms').metadata.annotations?.[LAST_APPLIED]).toBe('{"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"name":"rdbms"}}\n');
  });

  it('keeps the manifest’s own annotations, numbers, booleans and HTML-escaped strings', () => {
    const c = createCluster();
    c.apply(`kind: ConfigMap
apiVersion: v1
metadata:
  name: cfg
  namespace: kube-public
  annotations:
    note: "a<b & c>d"
data:
  z: "last"
  a: "first"
`);
    const cm = c.api.get('configmaps', 'cfg', 'kube-public');
    expect(cm.metadata.annotations?.note).toBe('a<b & c>d');
    expect(cm.metadata.annotations?.[LAST_APPLIED]).toBe(
      '{"apiVersion":"v1","data":{"a":"first","z":"last"},"kind":"ConfigMap","metadata":{"annotations":{"note":"a\\u003cb \\u0026 c\\u003ed"},"name":"cfg","namespace":"kube-public"}}\n',
    );
    c.apply(`apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  publishNotReadyAddresses: true
  ports:
  - port: 53
    protocol: UDP
`);
    expect(c.api.get('services', 's').metadata.annotations?.[LAST_APPLIED]).toBe(
      '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"s","namespace":"default"},"spec":{"ports":[{"port":53,"protocol":"UDP"}],"publishNotReadyAddresses":true}}\n',
    );
  });

  it('escapes U+2028 and U+2029 as Go does', () => {
    const c = createCluster();
    c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sep\ndata:\n  s: "a\\u2028b\\u2029c"\n');
    expect(c.api.get('configmaps', 'sep').metadata.annotations?.[LAST_APPLIED]).toContain('"s":"a\\u2028b\\u2029c"');
  });

  it('an old annotation in the manifest is not nested into the new one', () => {
    const c = createCluster();
    c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: "{}"\n');
    expect(c.api.get('configmaps', 'x').metadata.annotations?.[LAST_APPLIED]).toBe(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{},"name":"x","namespace":"default"}}\n',
    );
  });
});

describe('documents and lists', () => {
  it('one bad document in the middle does not stop the others', () => {
    const c = createCluster();
    const r = c.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: first
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  replicas: -1
  selector:
    matchLabels:
      app: x
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
      - name: c
        image: nginx
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: third
`);
    expect(r).toHaveLength(3);
    expect(summary([r[0], r[2]])).toEqual(['configmap/first created', 'configmap/third created']);
    expect(errorOf(r[1])).toBe(
      'The Deployment "broken" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(r[1]).toMatchObject({ kind: 'Deployment', name: 'broken', line: 6 });
  });

  it('a YAML syntax error is reported with its line and column, and the other documents still apply', () => {
    const c = createCluster();
    const r = c.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: before
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
data:
  a: b
 c: d
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: after
`);
    expect(summary([r[0], r[2]])).toEqual(['configmap/before created', 'configmap/after created']);
    const bad = r[1];
    expect(errorOf(bad)).toMatch(/^error: error parsing STDIN: error converting YAML to JSON: yaml: line 12/);
    expect(bad).toMatchObject({ line: 12, column: 2 });
  });

  it('kind: List applies each item', () => {
    const c = createCluster();
    const r = c.apply(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: one
- apiVersion: v1
  kind: Secret
  metadata:
    name: two
  stringData:
    password: s3cret
`);
    expect(summary(r)).toEqual(['configmap/one created', 'secret/two created']);
  });

  it('comments, document markers and empty documents are ignored', () => {
    const c = createCluster();
    const r = c.apply(`# a leading comment
---
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: only
...
---
# trailing
`);
    expect(summary(r)).toEqual(['configmap/only created']);
    expect(errorOf(c.apply('# nothing here\n')[0])).toBe('error: no objects passed to apply');
  });

  it('a document without apiVersion or kind', () => {
    const c = createCluster();
    expect(errorOf(c.apply('metadata:\n  name: x\n')[0])).toBe(
      'error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false',
    );
    expect(errorOf(c.apply('kind: ConfigMap\nmetadata:\n  name: x\n', { filename: 'cm.yaml' })[0])).toBe(
      'error: error validating "cm.yaml": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false',
    );
  });

  it('unknown fields are refused (kubectl sends fieldValidation=Strict)', () => {
    const c = createCluster();
    const [r] = c.apply(deploymentYaml().replace('spec:\n  selector', 'spec:\n  replica: 3\n  selector'));
    expect(errorOf(r)).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
    );
  });

  it('a server-side refusal names the file and the verb', () => {
    const c = createCluster();
    const [r] = c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: missing\n', { filename: 'cm.yaml' });
    expect(errorOf(r)).toBe('Error from server (NotFound): error when creating "cm.yaml": namespaces "missing" not found');
  });
});

describe('input that is not a manifest', () => {
  it('a Helm template gets a clear error', () => {
    const c = createCluster();
    const r = c.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Values.name }}
data:
  a: b
`);
    expect(r).toHaveLength(1);
    expect(errorOf(r[0])).toMatch(/Helm template/);
    expect(errorOf(r[0])).toMatch(/helm template/);
    expect(c.api.list('configmaps', { namespace: 'default' }).items.map((x) => x.metadata.name)).toEqual(['kube-root-ca.crt']);
    // Even when the template happens to parse as YAML.
    expect(errorOf(c.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app: "{{ .Release.Name }}"\n')[0])).toMatch(/Helm template/);
  });

  it('more than 2 MB is refused quickly, before parsing', () => {
    const c = createCluster();
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: "${'x'.repeat(2 * 1024 * 1024)}"\n`;
    const started = performance.now();
    const r = c.apply(big);
    expect(performance.now() - started).toBeLessThan(200);
    expect(r).toHaveLength(1);
    expect(errorOf(r[0])).toMatch(/^error: STDIN is 2\.0 MB; PodSphere applies at most 2 MB at a time/);
    expect(c.api.tryGet('configmaps', 'big')).toBeUndefined();
  });
});

describe('kinds and versions the cluster does not serve', () => {
  it('removed API versions get kubectl’s mapping error', () => {
    const c = createCluster();
    expect(errorOf(c.apply('apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: fluentd\n  namespace: kube-system\n', { filename: 'ds.yaml' })[0])).toBe(
      'error: resource mapping not found for name: "fluentd" namespace: "kube-system" from "ds.yaml": no matches for kind "DaemonSet" in version "extensions/v1beta1"\nensure CRDs are installed first',
    );
    expect(errorOf(c.apply('apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: pdb\n')[0])).toBe(
      'error: resource mapping not found for name: "pdb" namespace: "" from "STDIN": no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"\nensure CRDs are installed first',
    );
  });

  it('a custom kind is refused before its CRD and accepted after', () => {
    const c = createCluster();
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 3\n';
    expect(errorOf(c.apply(widget)[0])).toBe(
      'error: resource mapping not found for name: "w1" namespace: "" from "STDIN": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first',
    );
    expect(summary(c.apply(crdYaml))).toEqual(['customresourcedefinition.apiextensions.k8s.io/widgets.example.com created']);
    expect(summary(c.apply(widget))).toEqual(['widget.example.com/w1 created']);
    expect(summary(c.apply(widget))).toEqual(['widget.example.com/w1 unchanged']);
    expect(summary(c.apply(widget.replace('size: 3', 'size: 4')))).toEqual(['widget.example.com/w1 configured']);
    const w = c.api.get('widgets', 'w1');
    expect(w.spec).toEqual({ size: 4 });
    expect(w.metadata.generation).toBe(2);
  });

  it('a custom resource in the same file as its CRD fails the first time, as with kubectl', () => {
    // kubectl maps every document before applying any, so the kind is unknown on the first run.
    const c = createCluster();
    const both = `${crdYaml}---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n`;
    const first = c.apply(both);
    expect(summary([first[0]])).toEqual(['customresourcedefinition.apiextensions.k8s.io/widgets.example.com created']);
    expect(errorOf(first[1])).toMatch(/no matches for kind "Widget" in version "example.com\/v1"\nensure CRDs are installed first$/);
    expect(summary(c.apply(both))).toEqual(['customresourcedefinition.apiextensions.k8s.io/widgets.example.com unchanged', 'widget.example.com/w1 created']);
  });
});


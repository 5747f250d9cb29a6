// create/run/expose/autoscale without --dry-run: the object reaches the
// apiserver, kubectl prints `kind.group/name created`, errors read as kubectl's.
import { describe, expect, it } from 'vitest';
import { kubectl, workspaceEnv } from './kubectlenv';
import { WEB_DEPLOYMENT } from './fixtures';

describe('create generators against the cluster', () => {
  it('creates a deployment whose pods run after settle', () => {
    const env = workspaceEnv();
    const r = kubectl(env, 'create deployment web --image=nginx:1.27 --replicas=3');
    expect(r).toMatchObject({ stdout: 'deployment.apps/web created\n', stderr: '', exitCode: 0 });
    env.cluster.settle();
    const pods = env.cluster.api.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items;
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => (p.status as { phase?: string }).phase === 'Running')).toBe(true);
  });

  it('reports AlreadyExists with the generator prefix, and -n targets the namespace', () => {
    const env = workspaceEnv();
    expect(kubectl(env, 'create namespace shop').stdout).toBe('namespace/shop created\n');
    expect(kubectl(env, 'create deployment web --image=nginx -n shop').stdout).toBe('deployment.apps/web created\n');
    expect(env.cluster.api.get('deployments', 'web', 'shop').metadata.namespace).toBe('shop');
    const again = kubectl(env, 'create deployment web --image=nginx -n shop');
    expect(again).toMatchObject({ stdout: '', stderr: 'error: failed to create deployment: deployments.apps "web" already exists\n', exitCode: 1 });
    const ns = kubectl(env, 'create namespace shop');
    expect(ns.stderr).toBe('Error from server (AlreadyExists): namespaces "shop" already exists\n');
  });

  it('prints the created object with -o yaml, as the server stored it', () => {
    const env = workspaceEnv();
    const r = kubectl(env, 'create configmap settings --from-literal=mode=prod -o yaml');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual(['apiVersion: v1', 'data:', '  mode: prod', 'kind: ConfigMap', 'metadata:']);
    expect(lines[5]).toBe(`  creationTimestamp: "${env.cluster.clock.nowRFC3339()}"`);
    expect(lines.slice(6, 8)).toEqual(['  name: settings', '  namespace: default']);
    expect(lines[8]).toMatch(/^ {2}resourceVersion: "\d+"$/);
    expect(lines[9]).toMatch(/^ {2}uid: [0-9a-f-]{36}$/);
    expect(lines.slice(10)).toEqual(['']);
  });

  it('--dry-run=server validates without storing', () => {
    const env = workspaceEnv();
    const r = kubectl(env, 'create service nodeport web --tcp=80:8080 --node-port=30080 --dry-run=server');
    expect(r.stdout).toBe('service/web created (server dry run)\n');
    expect(env.cluster.api.tryGet('services', 'web', 'default')).toBeUndefined();
  });

  it('create -f creates every object and reports per object', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT + '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n' });
    expect(kubectl(env, 'create -f web.yaml').stdout).toBe('deployment.apps/web created\nservice/web created\n');
    const again = kubectl(env, 'create -f web.yaml');
    expect(again.stderr).toBe(
      'Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists\n' +
        'Error from server (AlreadyExists): error when creating "web.yaml": services "web" already exists\n',
    );
    expect(again.exitCode).toBe(1);
  });

  it('create without -f or a generator, and with -k', () => {
    const env = workspaceEnv();
    expect(kubectl(env, 'create').stderr).toBe('error: must specify one of -f and -k\n');
    expect(kubectl(env, 'create -f missing.yaml').stderr).toBe('error: the path "missing.yaml" does not exist\n');
    expect(kubectl(env, 'create -k overlays/prod').stderr).toMatch(/^error: kustomize \(-k\) is not available in PodSphere/);
  });

  it('job --from=cronjob copies the template, owned by the CronJob', () => {
    const env = workspaceEnv();
    kubectl(env, ['create', 'cronjob', 'backup', '--image=busybox', '--schedule=0 2 * * *', '--', 'date']);
    const r = kubectl(env, 'create job backup-now --from=cronjob/backup -o json --dry-run=client');
    const job = JSON.parse(r.stdout) as { metadata: { annotations: Record<string, string>; ownerReferences: { kind: string; name: string; controller: boolean }[] }; spec: { template: { spec: { containers: { command: string[] }[] } } } };
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences[0]).toMatchObject({ kind: 'CronJob', name: 'backup', controller: true });
    expect(job.spec.template.spec.containers[0].command).toEqual(['date']);
    expect(kubectl(env, 'create job x --from=cronjob/nope').stderr).toBe('Error from server (NotFound): cronjobs.batch "nope" not found\n');
  });

  it('run creates a pod, and --expose a service first', () => {
    const env = workspaceEnv();
    const r = kubectl(env, 'run web --image=nginx --port=80 --expose');
    expect(r.stdout).toBe('service/web created\npod/web created\n');
    const svc = env.cluster.api.get('services', 'web', 'default') as unknown as { spec: { selector: Record<string, string>; ports: { port: number; targetPort: number }[] } };
    expect(svc.spec.selector).toEqual({ run: 'web' });
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: 80 });
  });
});

describe('expose', () => {
  it('takes selector and port from a deployment', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
    kubectl(env, 'apply -f web.yaml');
    const r = kubectl(env, 'expose deployment web --port=8080 --target-port=80 --type=NodePort --name=web-svc');
    expect(r.stdout).toBe('service/web-svc exposed\n');
    const svc = env.cluster.api.get('services', 'web-svc', 'default') as unknown as { metadata: { labels: Record<string, string> }; spec: { type: string; selector: Record<string, string>; ports: Record<string, unknown>[] } };
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.selector).toEqual({ app: 'web' });
    expect(svc.metadata.labels).toEqual({ app: 'web' });
    expect(svc.spec.ports[0]).toMatchObject({ protocol: 'TCP', port: 8080, targetPort: 80 });
  });

  it('introspects the container port and names several ports', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
    kubectl(env, 'apply -f web.yaml');
    const r = kubectl(env, 'expose deploy web --dry-run=client -o yaml');
    expect(r.stdout).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: web\nstatus:\n  loadBalancer: {}\n',
    );
  });

  it("says when there is no port to expose, as kubectl does", () => {
    const env = workspaceEnv();
    kubectl(env, 'run bare --image=busybox');
    const r = kubectl(env, 'expose pod bare');
    expect(r.stderr).toBe("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n");
    expect(r.exitCode).toBe(1);
  });
});

describe('autoscale', () => {
  it('creates an autoscaling/v2 HPA with a CPU utilization target', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
    kubectl(env, 'apply -f web.yaml');
    expect(kubectl(env, 'autoscale deployment web --min=2 --max=5 --cpu=80%').stdout).toBe('horizontalpodautoscaler.autoscaling/web autoscaled\n');
    const hpa = env.cluster.api.get('horizontalpodautoscalers.autoscaling', 'web', 'default') as unknown as { apiVersion: string; spec: Record<string, unknown> };
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  it('prints the v2 object in client dry runs and checks its flags', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
    kubectl(env, 'apply -f web.yaml');
    const r = kubectl(env, 'autoscale deploy web --max=4 --cpu=500m --memory=200 --dry-run=client -o yaml');
    expect(r.stdout).toBe(
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 4\n  metrics:\n  - resource:\n      name: cpu\n      target:\n        averageValue: 500m\n        type: AverageValue\n    type: Resource\n  - resource:\n      name: memory\n      target:\n        averageValue: 200Mi\n        type: AverageValue\n    type: Resource\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\nstatus:\n  desiredReplicas: 0\n',
    );
    expect(kubectl(env, 'autoscale deploy web --min=5 --max=2').stderr).toBe('error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5\n');
    expect(kubectl(env, 'autoscale deploy web').stderr).toBe('error: required flag(s) "max" not set\n');
  });
});

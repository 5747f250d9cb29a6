// kubectl apply -f through the runtime's client-side apply: messages per
// object, directories, stdin, errors that leave the rest applying.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { kubectl, workspaceEnv } from './kubectlenv';
import { WEB_DEPLOYMENT } from './fixtures';

const FIXTURES = '/work/shared/fixtures/k8s-examples';

describe('kubectl apply', () => {
  it('creates, then reports unchanged, then configured', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
    expect(kubectl(env, 'apply -f web.yaml')).toMatchObject({ stdout: 'deployment.apps/web created\n', stderr: '', exitCode: 0 });
    expect(kubectl(env, 'apply -f web.yaml').stdout).toBe('deployment.apps/web unchanged\n');
    const env2 = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT.replace('replicas: 2', 'replicas: 4') }, env.cluster);
    expect(kubectl(env2, 'apply -f web.yaml').stdout).toBe('deployment.apps/web configured\n');
    env.cluster.settle();
    expect(env.cluster.api.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items).toHaveLength(4);
  });

  it('applies a directory in name order, only .yaml/.yml/.json, subdirectories with -R', () => {
    const files = {
      'k8s/10-ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
      'k8s/20-cm.yml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: shop\ndata:\n  a: "1"\n',
      'k8s/README.md': '# not a manifest',
      'k8s/extra/svc.json': '{"apiVersion":"v1","kind":"Service","metadata":{"name":"api","namespace":"shop"},"spec":{"ports":[{"port":80}]}}',
    };
    const env = workspaceEnv(files);
    expect(kubectl(env, 'apply -f k8s').stdout).toBe('namespace/shop created\nconfigmap/cfg created\n');
    expect(kubectl(env, 'apply -R -f k8s').stdout).toBe('namespace/shop unchanged\nconfigmap/cfg unchanged\nservice/api created\n');
  });

  it('reads -f - from stdin and names it STDIN in errors', () => {
    const env = workspaceEnv();
    env.stdin = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pasted\n';
    expect(kubectl(env, 'apply -f -').stdout).toBe('configmap/pasted created\n');
    env.stdin = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [\n';
    const r = kubectl(env, 'apply -f -');
    expect(r.stderr).toMatch(/^error: error parsing STDIN: error converting YAML to JSON: yaml: line \d+/);
    expect(r.exitCode).toBe(1);
  });

  it('keeps applying after a broken document and exits 1', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n---\napiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n';
    const env = workspaceEnv({ 'mixed.yaml': text });
    const r = kubectl(env, 'apply -f mixed.yaml');
    expect(r.stdout).toBe('configmap/one created\nconfigmap/two created\n');
    expect(r.stderr).toBe('error: resource mapping not found for name: "w" namespace: "" from "mixed.yaml": no matches for kind "Widget" in version "v1"\nensure CRDs are installed first\n');
    expect(r.exitCode).toBe(1);
  });

  it('warns when the live object was not created by apply', () => {
    const env = workspaceEnv({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "2"\n' });
    kubectl(env, 'create configmap cfg --from-literal=a=1');
    const r = kubectl(env, 'apply -f cm.yaml');
    expect(r.stdout).toBe('configmap/cfg configured\n');
    expect(r.stderr).toBe(
      'Warning: resource configmaps/cfg is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
  });

  it('dry runs mark the output and change nothing', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
    expect(kubectl(env, 'apply -f web.yaml --dry-run=client').stdout).toBe('deployment.apps/web created (dry run)\n');
    expect(kubectl(env, 'apply -f web.yaml --dry-run=server').stdout).toBe('deployment.apps/web created (server dry run)\n');
    expect(env.cluster.api.tryGet('deployments', 'web', 'default')).toBeUndefined();
  });

  it('-o name and -o yaml print the applied objects', () => {
    const env = workspaceEnv({ 'web.yaml': WEB_DEPLOYMENT });
    expect(kubectl(env, 'apply -f web.yaml -o name').stdout).toBe('deployment.apps/web\n');
    const y = kubectl(env, 'apply -f web.yaml -o yaml').stdout;
    expect(y.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    deployment.kubernetes.io/revision: "1"\n    kubectl.kubernetes.io/last-applied-configuration: |\n')).toBe(true);
  });

  it('refuses -n that contradicts the object, -k, --prune and missing paths', () => {
    const env = workspaceEnv({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: prod\n' });
    expect(kubectl(env, 'apply -f cm.yaml -n dev').stderr).toBe(
      `error: the namespace from the provided object "prod" does not match the namespace "dev". You must pass '--namespace=prod' to perform this operation.\n`,
    );
    expect(kubectl(env, 'apply -k base').stderr).toMatch(/^error: kustomize \(-k\) is not available in PodSphere/);
    expect(kubectl(env, 'apply -f cm.yaml --prune -l app=x').stderr).toMatch(/^error: --prune is not supported in PodSphere/);
    expect(kubectl(env, 'apply -f nope.yaml').stderr).toBe('error: the path "nope.yaml" does not exist\n');
    expect(kubectl(env, 'apply').stderr).toBe('error: must specify one of -f and -k\n');
  });

  it('applies the upstream examples', () => {
    const text = readFileSync(`${FIXTURES}/application/nginx-app.yaml`, 'utf8');
    const env = workspaceEnv({ 'nginx-app.yaml': text });
    const r = kubectl(env, 'apply -f nginx-app.yaml');
    expect(r.stdout).toBe('service/my-nginx-svc created\ndeployment.apps/my-nginx created\n');
    expect(r.exitCode).toBe(0);
  });
});

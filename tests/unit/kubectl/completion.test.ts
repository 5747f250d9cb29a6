import { describe, expect, it } from 'vitest';
import { complete } from '../../../src/kubectl/completion';
import { DEFAULT_KUBECONFIG, type KubectlEnv } from '../../../src/kubectl/types';
import { createCluster } from '../../../src/runtime/index';
import { readWorkspaceDir, readWorkspaceFile } from '../../../src/worker/workspace';

function env(): KubectlEnv {
  const cluster = createCluster();
  cluster.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  cluster.settle();
  for (const [ns, name] of [['default', 'web-1'], ['default', 'web-2'], ['default', 'db-0'], ['shop', 'cart-0']]) {
    cluster.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { containers: [{ name: 'app', image: 'nginx' }, { name: 'sidecar', image: 'busybox' }] } });
  }
  cluster.settle();
  const files = { 'workspace.yaml': 'kind: Pod\n', 'web.yaml': '' };
  return { cluster, config: { ...DEFAULT_KUBECONFIG }, readFile: (p) => readWorkspaceFile(files, p), readDir: (p) => readWorkspaceDir(files, p) };
}

const candidates = (e: KubectlEnv, line: string): string[] => complete(e, line).candidates;

describe('tab completion', () => {
  const e = env();

  it('completes the first word and kubectl commands', () => {
    expect(candidates(e, 'ku')).toEqual(['kubectl']);
    expect(candidates(e, 'kubectl desc')).toEqual(['describe']);
    expect(candidates(e, 'k ge')).toEqual(['get']);
    expect(complete(e, 'kubectl desc')).toEqual({ start: 8, end: 12, candidates: ['describe'] });
  });

  it('completes resource types, by plural name or else by short and singular names', () => {
    expect(candidates(e, 'kubectl get deploy')).toEqual(['deployments']);
    expect(candidates(e, 'kubectl get svc')).toEqual(['svc']);
    expect(candidates(e, 'kubectl get no')).toEqual(['nodes']);
    expect(candidates(e, 'kubectl describe persistentvolumec')).toEqual(['persistentvolumeclaims']);
  });

  it('completes object names live, in the namespace the line aims at', () => {
    expect(candidates(e, 'kubectl get pods ')).toEqual(['db-0', 'web-1', 'web-2']);
    expect(candidates(e, 'kubectl get po we')).toEqual(['web-1', 'web-2']);
    expect(candidates(e, 'kubectl -n shop get pods ')).toEqual(['cart-0']);
    expect(candidates(e, 'kubectl get pods -A ca')).toEqual(['cart-0']);
    expect(candidates(e, 'kubectl get pods -A ')).toEqual(expect.arrayContaining(['cart-0', 'db-0', 'web-1', 'web-2']));
    expect(candidates(e, 'kubectl describe pod/w')).toEqual(['pod/web-1', 'pod/web-2']);
    expect(candidates(e, 'kubectl logs ')).toEqual(['db-0', 'web-1', 'web-2']);
    expect(candidates(e, 'kubectl get nodes worker-')).toEqual(['worker-1', 'worker-2', 'worker-3']);
  });

  it('completes flags and flag values', () => {
    expect(candidates(e, 'kubectl get pods --all-n')).toEqual(['--all-namespaces']);
    expect(candidates(e, 'kubectl get pods -n kube-')).toEqual(['kube-node-lease', 'kube-public', 'kube-system']);
    expect(candidates(e, 'kubectl get pods -n s')).toEqual(['shop']);
    expect(candidates(e, 'kubectl get pods --namespace=kube-s')).toEqual(['--namespace=kube-system']);
    expect(candidates(e, 'kubectl get pods -o ')).toEqual(['custom-columns=', 'json', 'jsonpath=', 'name', 'wide', 'yaml']);
    expect(candidates(e, 'kubectl logs web-1 -c ')).toEqual(['app', 'sidecar']);
  });

  it('completes workspace files and the filters after a pipe', () => {
    expect(candidates(e, 'kubectl apply -f ')).toEqual(['web.yaml', 'workspace.yaml']);
    expect(candidates(e, 'cat w')).toEqual(['web.yaml', 'workspace.yaml']);
    expect(candidates(e, 'kubectl get pods | g')).toEqual(['grep']);
  });
});

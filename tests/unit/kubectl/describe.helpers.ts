// Shared setup for the describe tests: a fresh cluster, upstream example
// manifests read from the shared fixtures, and a kubectl runner.
import { readFileSync } from 'node:fs';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { DEFAULT_KUBECONFIG, type KubectlEnv, type KubectlResult } from '../../../src/kubectl/types';
import { createCluster, type Cluster } from '../../../src/runtime/index';
import type { KubeObject } from '../../../src/runtime/api/types';

export const FIXTURES = '/work/shared/fixtures/k8s-examples';

export function fixture(path: string): string {
  return readFileSync(`${FIXTURES}/${path}`, 'utf8');
}

export interface Lab {
  cluster: Cluster;
  env: KubectlEnv;
  kubectl(...argv: string[]): KubectlResult;
  apply(text: string): void;
  pod(name: string, namespace?: string): KubeObject;
}

export function lab(): Lab {
  const cluster = createCluster();
  const env: KubectlEnv = { cluster, config: { ...DEFAULT_KUBECONFIG } };
  return {
    cluster,
    env,
    kubectl: (...argv) => runKubectl(argv, env),
    apply: (text) => {
      for (const r of cluster.apply(text)) if ('error' in r) throw new Error(String(r.error));
    },
    pod: (name, namespace = 'default') => cluster.api.get('pods', name, namespace),
  };
}

/** The volatile identity values of a pod, read back from the cluster for interpolation. */
export function podIds(p: KubeObject): { uid: string; ip: string; containerID: string; imageID: string; token: string } {
  const status = p.status as { podIP: string; containerStatuses: { containerID: string; imageID: string }[] };
  const spec = p.spec as { volumes: { name: string }[] };
  return {
    uid: p.metadata.uid ?? '',
    ip: status.podIP,
    containerID: status.containerStatuses[0].containerID,
    imageID: status.containerStatuses[0].imageID,
    token: spec.volumes.find((v) => v.name.startsWith('kube-api-access-'))?.name ?? '',
  };
}

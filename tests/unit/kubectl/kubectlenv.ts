// A KubectlEnv over an in-memory workspace, for the kubectl tests.
import { createCluster, type Cluster } from '../../../src/runtime/index';
import { DEFAULT_KUBECONFIG, type KubectlEnv } from '../../../src/kubectl/types';
import { runKubectl } from '../../../src/kubectl/kubectl';

export function workspaceEnv(files: Record<string, string> = {}, cluster: Cluster = createCluster()): KubectlEnv {
  const norm = (p: string): string => p.replace(/^\.\//, '').replace(/\/+$/, '');
  return {
    cluster,
    config: { ...DEFAULT_KUBECONFIG },
    readFile(path) {
      const text = files[norm(path)];
      return text === undefined ? { error: `open ${path}: no such file or directory` } : { text };
    },
    readDir(path) {
      const dir = norm(path);
      const prefix = dir === '.' || dir === '' ? '' : `${dir}/`;
      const names = new Set<string>();
      for (const f of Object.keys(files)) if (f.startsWith(prefix) && f !== dir) names.add(f.slice(prefix.length).split('/')[0]);
      return names.size && !(dir in files) ? [...names] : undefined;
    },
  };
}

/** Run kubectl with argv split on spaces (tests that need spaces inside an argument pass an array). */
export function kubectl(env: KubectlEnv, argv: string | string[]): ReturnType<typeof runKubectl> {
  return runKubectl(typeof argv === 'string' ? argv.split(' ').filter((a) => a !== '') : argv, env);
}

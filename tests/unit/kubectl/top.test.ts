import { describe, expect, it } from 'vitest';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { DEFAULT_KUBECONFIG, type KubectlEnv } from '../../../src/kubectl/types';
import { createCluster, type Cluster } from '../../../src/runtime/index';

const MI = 1024 * 1024;

/** Two pods on known nodes with fixed usage, replacing whatever the kubelets scraped. */
function setup(): { cluster: Cluster; k: (line: string) => ReturnType<typeof runKubectl> } {
  const cluster = createCluster();
  const pod = (name: string, node: string, ns = 'default'): string =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name.split('-')[0]}}}\nspec:\n  nodeName: ${node}\n  containers: [{name: app, image: nginx}, {name: log, image: busybox, command: [sleep, "99999"]}]\n---\n`;
  cluster.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n${pod('web-a', 'worker-1')}${pod('web-b', 'worker-2')}${pod('db-0', 'worker-1', 'shop')}`);
  cluster.advance(40_000);
  for (const m of cluster.metrics.allPods()) cluster.metrics.forget(m.namespace, m.name);
  const usage = (name: string, ns: string, node: string, app: [number, number], log: [number, number]): void =>
    cluster.metrics.record({ namespace: ns, name, uid: name, nodeName: node, timestamp: cluster.clock.now(), containers: [{ name: 'app', cpu: app[0], memory: app[1] }, { name: 'log', cpu: log[0], memory: log[1] }] });
  usage('web-a', 'default', 'worker-1', [250, 64 * MI], [1, MI / 2]);
  usage('web-b', 'default', 'worker-2', [12, 128 * MI + 5], [2, 3 * MI]);
  usage('db-0', 'shop', 'worker-1', [800, 900 * MI], [1, MI]);
  const env: KubectlEnv = { cluster, config: { ...DEFAULT_KUBECONFIG } };
  return { cluster, k: (line) => runKubectl(line.split(' '), env) };
}

describe('kubectl top', () => {
  const { cluster, k } = setup();

  it('prints pods with kubectl units and the padded trailing column', () => {
    expect(k('top pods')).toEqual({
      stdout: 'NAME    CPU(cores)   MEMORY(bytes)   \n' + 'web-a   251m         64Mi            \n' + 'web-b   14m          131Mi           \n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('supports -A, --containers, --sort-by, --no-headers, --sum and -l', () => {
    expect(k('top pods -A --sort-by=cpu').stdout).toBe(
      'NAMESPACE   NAME    CPU(cores)   MEMORY(bytes)   \n' + 'shop        db-0    801m         901Mi           \n' + 'default     web-a   251m         64Mi            \n' + 'default     web-b   14m          131Mi           \n',
    );
    expect(k('top pod web-b --containers --no-headers').stdout).toBe('web-b   app   12m   128Mi   \n' + 'web-b   log   2m    3Mi     \n');
    expect(k('top pods -l app=web --sum').stdout).toBe(
      'NAME    CPU(cores)   MEMORY(bytes)   \n' + 'web-a   251m         64Mi            \n' + 'web-b   14m          131Mi           \n' + '        ________     ________        \n' + '        265m         195Mi           \n',
    );
  });

  it('prints nodes with usage against allocatable', () => {
    const r = k('top nodes');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('NAME            CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ');
    // worker-1: its pods (251m + 801m, 64.5Mi + 901Mi) plus the node's own system usage.
    const alloc = cluster.api.get('nodes', 'worker-1') as unknown as { status: { allocatable: { cpu: string; memory: string } } };
    expect(alloc.status.allocatable.cpu).toBe('4');
    const w1 = /^worker-1\s+(\d+)m\s+(\d+)%\s+(\d+)Mi\s+(\d+)%\s+$/.exec(lines[2]);
    expect(w1).not.toBeNull();
    const [cpu, cpuPct] = [Number(w1?.[1]), Number(w1?.[2])];
    expect(cpu).toBeGreaterThan(1052);
    expect(cpuPct).toBe(Math.trunc((cpu / 4000) * 100));
    expect(r.stdout.split('\n').map((l) => l.split(' ')[0])).toEqual(['NAME', 'control-plane', 'worker-1', 'worker-2', 'worker-3', '']);
  });

  it('gives kubectl\'s errors', () => {
    expect(k('top pod nope').stderr).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n');
    expect(k('top node nope').stderr).toBe('Error from server (NotFound): nodemetrics.metrics.k8s.io "nope" not found\n');
    expect(k('top pods --sort-by=name').stderr).toBe('error: --sort-by accepts only cpu or memory\n');
    expect(k('top pod a b').stderr).toBe("error: pod [NAME | -l label]\nSee 'kubectl top pod -h' for help and examples\n");
    expect(k('top node a b').stderr).toBe("error: node [NAME | -l label]\nSee 'kubectl top node -h' for help and examples\n");
    expect(k('top pods -n empty')).toEqual({ stdout: '', stderr: 'No resources found in empty namespace.\n', exitCode: 0 });
  });

  it('says metrics are not available before the first scrape', () => {
    const fresh = createCluster();
    const env: KubectlEnv = { cluster: fresh, config: { ...DEFAULT_KUBECONFIG } };
    expect(runKubectl(['top', 'nodes'], env).stderr).toBe('error: metrics not available yet\n');
    fresh.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx}]\n');
    expect(runKubectl(['top', 'pods'], env).stderr).toBe('error: metrics not available yet\n');
  });
});

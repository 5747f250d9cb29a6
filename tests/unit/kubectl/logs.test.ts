import { describe, expect, it } from 'vitest';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { rfc3339Nano } from '../../../src/kubectl/commands/logs';
import { DEFAULT_KUBECONFIG, type KubectlEnv, type Output } from '../../../src/kubectl/types';
import { createCluster, type Cluster } from '../../../src/runtime/index';

function setup(yaml: string, ms = 30_000): { cluster: Cluster; env: KubectlEnv; k: (line: string) => ReturnType<typeof runKubectl> } {
  const cluster = createCluster();
  cluster.apply(yaml);
  cluster.settle();
  cluster.advance(ms);
  const env: KubectlEnv = { cluster, config: { ...DEFAULT_KUBECONFIG } };
  return { cluster, env, k: (line) => runKubectl(line.split(' '), env) };
}

const COUNTER = `apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  containers:
  - name: count
    image: busybox:1.36
    command: [sh, -c, 'while true; do echo tick; sleep 10; done']
  - name: side
    image: busybox:1.36
    command: [sh, -c, 'echo side ready; sleep 3600']
`;

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
`;

const NGINX_BANNER =
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n' +
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/\n' +
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh\n' +
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf\n' +
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n' +
  '/docker-entrypoint.sh: Configuration complete; ready for start up\n';

describe('kubectl logs', () => {
  it('defaults to the first container and says so on stderr when the pod has several', () => {
    const { k } = setup(COUNTER);
    const r = k('logs counter --tail=2');
    expect(r.stderr).toBe('Defaulted container "count" out of: count, side\n');
    expect(r.stdout).toBe('tick\ntick\n');
    expect(r.exitCode).toBe(0);
    expect(k('logs counter -c side')).toMatchObject({ stdout: 'side ready\n', stderr: '', exitCode: 0 });
    expect(k('logs counter side').stdout).toBe('side ready\n');
  });

  it('honours the default-container annotation', () => {
    const { k } = setup(COUNTER.replace('metadata: {name: counter}', 'metadata: {name: counter, annotations: {kubectl.kubernetes.io/default-container: side}}'));
    expect(k('logs counter')).toMatchObject({ stdout: 'side ready\n', stderr: '' });
  });

  it('picks one pod of a deployment and reports how many there were', () => {
    const { k, cluster } = setup(WEB);
    const r = k('logs deploy/web');
    const pods = cluster.api.list('pods', { namespace: 'default' }).items.map((p) => p.metadata.name);
    const chosen = /using pod\/(\S+)/.exec(r.stderr)?.[1];
    expect(pods).toContain(chosen);
    expect(r.stderr).toBe(`Found 3 pods, using pod/${chosen}\n`);
    expect(r.stdout).toBe(NGINX_BANNER);
  });

  it('prefixes lines with --prefix and applies the selector tail of 10', () => {
    const { k, cluster } = setup(COUNTER.replace('metadata: {name: counter}', 'metadata: {name: counter, labels: {app: c}}'), 200_000);
    const r = k('logs -l app=c --prefix');
    expect(r.stderr).toBe('Defaulted container "count" out of: count, side\n');
    expect(r.stdout).toBe('[pod/counter/count] tick\n'.repeat(10));
    expect(cluster.kubelet.logs('default', 'counter', 'count').length).toBeGreaterThan(10);
    expect(k('logs -l app=none')).toMatchObject({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
  });

  it('prints timestamps in RFC 3339 with nanosecond precision trimmed as Go does', () => {
    expect(rfc3339Nano(Date.UTC(2026, 0, 1, 0, 0, 5, 50))).toBe('2026-01-01T00:00:05.05Z');
    expect(rfc3339Nano(Date.UTC(2026, 0, 1, 0, 0, 5))).toBe('2026-01-01T00:00:05Z');
    const { k, cluster } = setup(COUNTER);
    const lines = cluster.kubelet.logs('default', 'counter', 'count');
    const last = lines[lines.length - 1];
    expect(k('logs counter -c count --tail=1 --timestamps').stdout).toBe(`${rfc3339Nano(last.t)} tick\n`);
  });

  it('fails as kubectl does', () => {
    const { k } = setup(COUNTER);
    expect(k('logs nope')).toMatchObject({ stderr: 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n', exitCode: 1 });
    expect(k('logs deploy/nope').stderr).toBe('error: error from server (NotFound): deployments.apps "nope" not found in namespace "default"\n');
    expect(k('logs counter -c nope').stderr).toBe('error: container nope is not valid for pod counter\n');
    expect(k('logs').stderr).toBe(
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
    );
    expect(k('logs counter -l app=x').stderr).toBe("error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n");
    expect(k('logs counter --all-containers -c side').stderr).toBe('error: --all-containers=true should not be specified with container name side\n');
    expect(k('logs counter side -c side').stderr).toBe('error: only one of -c or an inline [CONTAINER] arg is allowed\n');
    expect(k('logs counter --tail=-2').stderr).toBe('error: --tail must be greater than or equal to -1\n');
    expect(k('logs counter -c count -p').stderr).toBe('Error from server (BadRequest): previous terminated container "count" in pod "counter" not found\n');
    expect(k('logs cm/kube-root-ca.crt').stderr).toBe('error: cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n');
  });

  it('reports containers that have not started, in the kubelet\'s words', () => {
    const cluster = createCluster();
    cluster.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  containers: [{name: c, image: "nginx:no-such-tag"}]\n');
    const env: KubectlEnv = { cluster, config: { ...DEFAULT_KUBECONFIG } };
    cluster.advance(300);
    expect(runKubectl(['logs', 'bad'], env).stderr).toBe('Error from server (BadRequest): container "c" in pod "bad" is waiting to start: ContainerCreating\n');
    cluster.advance(60_000);
    expect(runKubectl(['logs', 'bad'], env).stderr).toBe('Error from server (BadRequest): container "c" in pod "bad" is waiting to start: trying and failing to pull image\n');
  });

  it('shows the previous instance of a crashed container with -p', () => {
    const { k } = setup('apiVersion: v1\nkind: Pod\nmetadata: {name: crash}\nspec:\n  containers: [{name: c, image: busybox, command: [sh, -c, "echo boom; exit 1"]}]\n');
    expect(k('logs crash -p')).toMatchObject({ stdout: 'boom\n', exitCode: 0 });
  });

  it('follows new lines as simulated time runs and stops when the container exits', () => {
    const cluster = createCluster();
    cluster.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: job}\nspec:\n  restartPolicy: Never\n  containers: [{name: c, image: busybox, command: [sh, -c, "echo one; sleep 5; echo two; sleep 5; echo three"]}]\n');
    cluster.advance(4000);
    const r = runKubectl(['logs', 'job', '-f'], { cluster, config: { ...DEFAULT_KUBECONFIG } });
    expect(r.stdout).toBe('one\n');
    const out: Output[] = [];
    let code: number | undefined;
    const stop = r.follow?.start((o) => out.push(o), (c) => (code = c));
    expect(stop).toBeTypeOf('function');
    cluster.advance(6000);
    expect(out.map((o) => o.stdout).join('')).toBe('two\n');
    expect(code).toBeUndefined();
    cluster.advance(10_000);
    expect(out.map((o) => o.stdout).join('')).toBe('two\nthree\n');
    expect(code).toBe(0);
  });

  it('refuses to follow more streams than --max-log-requests', () => {
    const { k } = setup(WEB.replace('containers: [{name: nginx, image: nginx:1.27}]', 'containers: [{name: nginx, image: nginx:1.27}, {name: b, image: nginx:1.27}]'));
    expect(k('logs -l app=web -f --all-containers').stderr).toBe(
      'error: you are attempting to follow 6 log streams, but maximum allowed concurrency is 5, use --max-log-requests to increase the limit\n',
    );
  });
});

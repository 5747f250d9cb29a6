import { describe, expect, it } from 'vitest';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { DEFAULT_KUBECONFIG, type KubectlEnv } from '../../../src/kubectl/types';
import { createCluster, type Cluster } from '../../../src/runtime/index';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nothing}
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {greeting: hello}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
data: {password: czNjcjN0}
---
apiVersion: v1
kind: Pod
metadata: {name: bb, labels: {tier: debug}}
spec:
  containers:
  - name: bb
    image: "busybox:1.36"
    command: [sleep, "100000"]
    env: [{name: GREETING, valueFrom: {configMapKeyRef: {name: cfg, key: greeting}}}]
    volumeMounts:
    - {name: cfg, mountPath: /etc/cfg}
    - {name: creds, mountPath: /etc/creds}
    - {name: info, mountPath: /etc/podinfo}
  volumes:
  - {name: cfg, configMap: {name: cfg}}
  - {name: creds, secret: {secretName: creds}}
  - name: info
    downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}, {path: name, fieldRef: {fieldPath: metadata.name}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: old}
spec:
  containers: [{name: c, image: "busybox:1.28", command: [sleep, "100000"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: hello}
spec:
  containers: [{name: hello, image: "gcr.io/google-samples/hello-app:1.0"}]
---
apiVersion: v1
kind: Pod
metadata: {name: httpd}
spec:
  containers: [{name: httpd, image: "httpd:2.4"}]
`;

function setup(): { cluster: Cluster; k: (...argv: string[]) => ReturnType<typeof runKubectl> } {
  const cluster = createCluster();
  cluster.apply(APP);
  cluster.advance(20_000);
  const env: KubectlEnv = { cluster, config: { ...DEFAULT_KUBECONFIG } };
  return { cluster, k: (...argv) => runKubectl(argv, env) };
}

const ip = (cluster: Cluster, kind: 'pods' | 'services', name: string): string => {
  const o = cluster.api.get(kind, name, 'default') as { spec?: { clusterIP?: string }; status?: { podIP?: string } };
  return (kind === 'pods' ? o.status?.podIP : o.spec?.clusterIP) ?? '';
};

describe('kubectl exec', () => {
  const { cluster, k } = setup();

  it('shows the container environment, mounted ConfigMaps, Secrets and downward API files', () => {
    const env = k('exec', 'bb', '--', 'env');
    expect(env.exitCode).toBe(0);
    const kubeIP = ip(cluster, 'services', 'kubernetes');
    expect(env.stdout).toContain('HOSTNAME=bb\nGREETING=hello\n');
    expect(env.stdout).toContain(`KUBERNETES_SERVICE_HOST=${kubeIP}\nKUBERNETES_SERVICE_PORT=443\nHOME=/root\n`);
    expect(k('exec', 'bb', '--', 'printenv', 'GREETING').stdout).toBe('hello\n');
    expect(k('exec', 'bb', '--', 'cat', '/etc/cfg/greeting', '/etc/creds/password').stdout).toBe('hellos3cr3t');
    expect(k('exec', 'bb', '--', 'cat', '/etc/podinfo/labels').stdout).toBe('tier="debug"');
    expect(k('exec', 'bb', '--', 'hostname').stdout).toBe('bb\n');
  });

  it('has the files the kubelet writes: resolv.conf, hosts and the service account', () => {
    expect(k('exec', 'bb', '--', 'cat', '/etc/resolv.conf').stdout).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(k('exec', 'bb', '--', 'cat', '/etc/hosts').stdout).toBe(
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
        `${ip(cluster, 'pods', 'bb')}\tbb\n`,
    );
    const sa = '/var/run/secrets/kubernetes.io/serviceaccount';
    expect(k('exec', 'bb', '--', 'ls', sa).stdout).toBe('ca.crt\nnamespace\ntoken\n');
    expect(k('exec', 'bb', '--', 'cat', `${sa}/namespace`).stdout).toBe('default');
    const token = k('exec', 'bb', '--', 'cat', `${sa}/token`).stdout;
    const [, payload] = token.split('.');
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub: string; 'kubernetes.io': { pod: { name: string } } };
    expect(claims.sub).toBe('system:serviceaccount:default:default');
    expect(claims['kubernetes.io'].pod.name).toBe('bb');
    const ca = cluster.api.get('configmaps', 'kube-root-ca.crt', 'default') as { data?: Record<string, string> };
    expect(k('exec', 'bb', '--', 'cat', `${sa}/ca.crt`).stdout).toBe(ca.data?.['ca.crt']);
  });

  it('resolves service names with nslookup in both busybox formats', () => {
    const svc = ip(cluster, 'services', 'web');
    expect(k('exec', 'bb', '--', 'nslookup', 'web').stdout).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${svc}\n\n`);
    expect(k('exec', 'old', '--', 'nslookup', 'web').stdout).toBe(
      `Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web\nAddress 1: ${svc} web.default.svc.cluster.local\n`,
    );
    expect(k('exec', 'old', '--', 'nslookup', 'nope')).toMatchObject({
      stdout: 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n',
      stderr: "nslookup: can't resolve 'nope'\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
  });

  it('reaches services and pods over HTTP, with the body of the image that answers', () => {
    const page = k('exec', 'bb', '--', 'wget', '-qO-', 'http://web').stdout;
    expect(page).toContain('<title>Welcome to nginx!</title>');
    expect(page.endsWith('</html>\n')).toBe(true);
    expect(k('exec', 'bb', '--', 'wget', '-qO-', `http://${ip(cluster, 'pods', 'httpd')}`).stdout).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect(k('exec', 'deploy/web', '--', 'curl', '-s', `${ip(cluster, 'pods', 'hello')}:8080`).stdout).toBe('Hello, world!\nVersion: 1.0.0\nHostname: hello\n');
  });

  it('words network failures as curl and wget do', () => {
    expect(k('exec', 'bb', '--', 'wget', '-qO-', 'http://empty')).toMatchObject({
      stderr: `wget: can't connect to remote host (${ip(cluster, 'services', 'empty')}): Connection refused\ncommand terminated with exit code 1\n`,
      exitCode: 1,
    });
    expect(k('exec', 'bb', '--', 'wget', '-qO-', 'http://nope').stderr).toBe("wget: bad address 'nope'\ncommand terminated with exit code 1\n");
    expect(k('exec', 'deploy/web', '--', 'curl', '-sS', 'http://nope')).toMatchObject({ stderr: 'curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n', exitCode: 6 });
    expect(k('exec', 'deploy/web', '--', 'curl', '-sS', 'http://empty').stderr).toBe("curl: (7) Failed to connect to empty port 80 after 1 ms: Couldn't connect to server\ncommand terminated with exit code 7\n");
    const meter = k('exec', 'deploy/web', '--', 'curl', 'http://nope').stderr;
    expect(meter).toBe(
      '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n' +
        '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\ncurl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n',
    );
  });

  it('runs sh -c with the image shell wording and exit codes', () => {
    expect(k('exec', 'bb', '--', 'sh', '-c', 'foo; echo $?')).toMatchObject({ stdout: '127\n', stderr: 'sh: foo: not found\n', exitCode: 0 });
    expect(k('exec', 'deploy/web', '--', 'sh', '-c', 'foo')).toMatchObject({ stderr: 'sh: 1: foo: not found\ncommand terminated with exit code 127\n', exitCode: 127 });
    expect(k('exec', 'deploy/web', '--', 'bash', '-c', 'foo').stderr).toBe('bash: line 1: foo: command not found\ncommand terminated with exit code 127\n');
    expect(k('exec', 'bb', '--', 'sh', '-c', 'exit 3')).toMatchObject({ stdout: '', stderr: 'command terminated with exit code 3\n', exitCode: 3 });
    expect(k('exec', 'bb', '--', 'sh', '-c', 'echo $HOSTNAME > /tmp/h && cat /tmp/h | wc -l')).toMatchObject({ stdout: '1\n', exitCode: 0 });
    expect(k('exec', 'bb', '--', 'cat', '/nope')).toMatchObject({ stderr: "cat: can't open '/nope': No such file or directory\ncommand terminated with exit code 1\n", exitCode: 1 });
    expect(k('exec', 'deploy/web', '--', 'cat', '/nope').stderr).toBe('cat: /nope: No such file or directory\ncommand terminated with exit code 1\n');
  });

  it('fails like containerd when the image has no such binary', () => {
    const r = k('exec', 'hello', '--', 'sh');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in \$PATH: unknown\n$/,
    );
    expect(k('exec', 'bb', '--', '/bin/bash').stderr).toContain('exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown\n');
  });

  it('opens an interactive shell with the image prompt', () => {
    const r = k('exec', '-it', 'bb', '--', 'sh');
    expect(r.exitCode).toBe(0);
    const s = r.session;
    if (!s) throw new Error('no session');
    expect(s.prompt()).toBe('/ # ');
    expect(s.input('cd /etc/cfg')).toEqual({ stdout: '' });
    expect(s.prompt()).toBe('/etc/cfg # ');
    expect(s.input('cat greeting; echo')).toEqual({ stdout: 'hello\n' });
    expect(s.input('nosuch')).toEqual({ stdout: 'sh: nosuch: not found\n' });
    expect(s.input('exit 4')).toEqual({ stdout: '', stderr: 'command terminated with exit code 4\n', exited: 4 });
    const bash = k('exec', '-it', 'deploy/web', '--', 'bash').session;
    expect(bash?.prompt()).toMatch(/^root@web-[a-z0-9]+-[a-z0-9]{5}:\/# $/);
    expect(k('exec', '-it', 'deploy/web', '--', 'sh').session?.prompt()).toBe('# ');
  });

  it('gives kubectl\'s errors', () => {
    expect(k('exec', 'bb', 'ls').stderr).toBe("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n");
    expect(k('exec', 'bb').stderr).toBe('error: you must specify at least one command for the container\n');
    expect(k('exec', '--', 'ls').stderr).toBe('error: pod, type/name or --filename must be specified\n');
    expect(k('exec', 'nope', '--', 'ls').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(k('exec', 'bb', '-c', 'x', '--', 'ls').stderr).toBe('Error from server (BadRequest): container x is not valid for pod bb\n');
  });
});

describe('kubectl exec into pods that are not running', () => {
  it('refuses completed pods and containers that have not started', () => {
    const cluster = createCluster();
    cluster.apply(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: done}\nspec:\n  restartPolicy: Never\n  containers: [{name: c, image: busybox, command: [sh, -c, "exit 0"]}]\n---\n' +
        'apiVersion: v1\nkind: Pod\nmetadata: {name: pulling}\nspec:\n  containers: [{name: c, image: "nginx:no-such-tag"}]\n---\n' +
        'apiVersion: v1\nkind: Pod\nmetadata: {name: huge}\nspec:\n  containers: [{name: c, image: nginx, resources: {requests: {cpu: "64"}}}]\n',
    );
    cluster.advance(20_000);
    const env: KubectlEnv = { cluster, config: { ...DEFAULT_KUBECONFIG } };
    expect(runKubectl(['exec', 'done', '--', 'ls'], env).stderr).toBe('error: cannot exec into a container in a completed pod; current phase is Succeeded\n');
    expect(runKubectl(['exec', 'pulling', '--', 'ls'], env).stderr).toBe('error: unable to upgrade connection: container not found ("c")\n');
    expect(runKubectl(['exec', 'huge', '--', 'ls'], env).stderr).toBe('Error from server (BadRequest): pod huge does not have a host assigned\n');
  });
});

describe('kubectl exec and the network path', () => {
  it('times out where a NetworkPolicy drops the connection, and resolves nothing without CoreDNS', () => {
    const cluster = createCluster();
    cluster.apply(
      APP +
        '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-web}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n',
    );
    cluster.advance(20_000);
    const env: KubectlEnv = { cluster, config: { ...DEFAULT_KUBECONFIG } };
    const k = (...argv: string[]): ReturnType<typeof runKubectl> => runKubectl(argv, env);
    expect(k('exec', 'bb', '--', 'wget', '-T', '5', '-qO-', 'http://web').stderr).toBe('wget: download timed out\ncommand terminated with exit code 1\n');
    // The httpd pod has no policy: it still answers.
    expect(k('exec', 'bb', '--', 'wget', '-qO-', `http://${ip(cluster, 'pods', 'httpd')}`).stdout).toBe('<html><body><h1>It works!</h1></body></html>\n');
    cluster.api.patch('deployments.apps', 'coredns', { spec: { replicas: 0 } }, { namespace: 'kube-system', patchType: 'merge' });
    cluster.advance(60_000);
    expect(k('exec', 'bb', '--', 'nslookup', 'web')).toMatchObject({ stdout: ';; connection timed out; no servers could be reached\n\n', exitCode: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { DEFAULT_KUBECONFIG, type KubectlEnv, type Output } from '../../../src/kubectl/types';
import { createCluster } from '../../../src/runtime/index';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27", ports: [{name: http, containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: web, port: 8000, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: noselector}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: solo}
spec:
  containers: [{name: nginx, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Pod
metadata: {name: pending}
spec:
  containers: [{name: nginx, image: "nginx:1.27", resources: {requests: {cpu: "64"}}}]
`;

function setup() {
  const cluster = createCluster();
  cluster.apply(APP);
  cluster.advance(20_000);
  const env: KubectlEnv = { cluster, config: { ...DEFAULT_KUBECONFIG } };
  return { cluster, k: (line: string) => runKubectl(line.split(' '), env) };
}

describe('kubectl port-forward', () => {
  const { cluster, k } = setup();

  it('prints the listening lines for both loopbacks and keeps running', () => {
    const r = k('port-forward pod/solo 8080:80');
    expect(r).toMatchObject({ stdout: 'Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n', stderr: '', exitCode: 0 });
    expect(r.follow).toBeDefined();
    expect(k('port-forward solo 9090 --address 0.0.0.0').stdout).toBe('Forwarding from 0.0.0.0:9090 -> 9090\n');
  });

  it('translates a service port to the target port of one of its pods', () => {
    expect(k('port-forward svc/web 8080:8000').stdout).toBe('Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n');
    expect(k('port-forward deploy/web 7000:http').stdout).toBe('Forwarding from 127.0.0.1:7000 -> 80\nForwarding from [::1]:7000 -> 80\n');
    expect(k('port-forward svc/web :8000').stdout).toMatch(/^Forwarding from 127\.0\.0\.1:(\d+) -> 80\nForwarding from \[::1\]:\1 -> 80\n$/);
  });

  it('gives kubectl\'s errors', () => {
    expect(k('port-forward solo').stderr).toBe("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n");
    expect(k('port-forward svc/web 8080:80').stderr).toBe('error: Service web does not have a service port 80\n');
    expect(k('port-forward svc/nope 8080:80').stderr).toBe('Error from server (NotFound): services "nope" not found\n');
    expect(k('port-forward svc/noselector 80').stderr).toBe("error: cannot attach to *v1.Service: invalid service 'noselector': Service is defined without a selector\n");
    expect(k('port-forward solo 8080:http').stderr).toBe("error: Pod 'solo' does not have a named port 'http'\n");
    expect(k('port-forward solo abc:80').stderr).toBe('error: error parsing local port \'abc\': strconv.ParseUint: parsing "abc": invalid syntax\n');
    expect(k('port-forward solo 8080:70000').stderr).toBe('error: error parsing remote port \'70000\': strconv.ParseUint: parsing "70000": value out of range\n');
    expect(k('port-forward pending 8080:80').stderr).toBe('error: unable to forward port because pod is not running. Current status=Pending\n');
  });

  it('ends with lost connection when the pod goes away', () => {
    const r = k('port-forward pod/solo 8080:80');
    const out: Output[] = [];
    let code: number | undefined;
    r.follow?.start((o) => out.push(o), (c) => (code = c));
    cluster.advance(5000);
    expect(code).toBeUndefined();
    cluster.api.delete('pods', 'solo', { namespace: 'default', gracePeriodSeconds: 0 });
    cluster.advance(1000);
    expect(out).toEqual([{ stderr: 'error: lost connection to pod\n' }]);
    expect(code).toBe(1);
  });
});

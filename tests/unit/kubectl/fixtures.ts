// Manifests and helpers shared by the kubectl writing-command tests.
import type { Follow, Output } from '../../../src/kubectl/types';
import type { Cluster } from '../../../src/runtime/index';

export const WEB_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
`;

/** Run a follow while the cluster settles; returns what it wrote and how it ended. */
export function runFollow(cluster: Cluster, follow: Follow | undefined, advance?: () => void): { stdout: string; stderr: string; code: number | undefined } {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  if (!follow) return { stdout, stderr, code };
  const stop = follow.start(
    (o: Output) => {
      stdout += o.stdout ?? '';
      stderr += o.stderr ?? '';
    },
    (c) => (code = c),
  );
  if (advance) advance();
  else cluster.settle();
  if (code === undefined) stop();
  return { stdout, stderr, code };
}

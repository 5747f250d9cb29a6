// Two small per-namespace controllers from kube-controller-manager: the
// service account controller (every namespace gets a `default` ServiceAccount)
// and the root CA publisher (every namespace gets the `kube-root-ca.crt` ConfigMap).
import { Controller } from './controller';

/** A placeholder certificate body: the sandbox has no real PKI. */
const SANDBOX_CA = '-----BEGIN CERTIFICATE-----\nPodSphere sandbox CA (simulated; no real key material)\n-----END CERTIFICATE-----\n';

export class ServiceAccountController extends Controller {
  readonly name = 'serviceaccount-controller';

  start(): this {
    this.watch('namespaces', (o) => o.metadata.name);
    this.watch('serviceaccounts', (o) => (o.metadata.name === 'default' ? o.metadata.namespace : undefined));
    this.watch('configmaps', (o) => (o.metadata.name === 'kube-root-ca.crt' ? o.metadata.namespace : undefined));
    return this;
  }

  protected reconcile(namespace: string): void {
    const ns = this.api.tryGet('namespaces', namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    if (!this.api.tryGet('serviceaccounts', 'default', namespace)) {
      this.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } });
    }
    if (!this.api.tryGet('configmaps', 'kube-root-ca.crt', namespace)) {
      this.api.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
        data: { 'ca.crt': SANDBOX_CA },
      });
    }
  }
}

// The kubelet's node lease (component-helpers lease controller): a Lease in
// kube-node-lease named after the node, renewed every 10 s. The node
// lifecycle controller reads renewTime to tell a live node from a dead one.
import type { ApiServer } from '../api/apiserver';
import type { KubeObject } from '../api/types';

export const LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;
/** renewInterval = 0.25 × leaseDuration. */
export const LEASE_RENEW_MS = 10_000;

/** metav1.MicroTime: RFC 3339 with six fractional digits. */
export function microTime(ms: number, rfc3339: string): string {
  return `${rfc3339.slice(0, -1)}.${String((ms % 1000) * 1000).padStart(6, '0')}Z`;
}

export function renewLease(api: ApiServer, node: KubeObject): void {
  const name = node.metadata.name ?? '';
  const renewTime = microTime(api.clock.now(), api.clock.nowRFC3339());
  const current = api.tryGet('leases', name, LEASE_NAMESPACE);
  if (!current) {
    api.create(
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace: LEASE_NAMESPACE, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }] },
        spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
      },
      { trusted: true },
    );
    return;
  }
  const spec = (current.spec ?? {}) as Record<string, unknown>;
  api.update({ ...current, spec: { ...spec, holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime } }, { trusted: true });
}

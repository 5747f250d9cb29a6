import { describe, expect, it } from 'vitest';
import { createCluster, isApplyError } from '../../../src/runtime/index';

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx}]
`;

describe('createCluster', () => {
  it('boots like a fresh kubeadm cluster', () => {
    const c = createCluster();
    // kubeadm's four namespaces, plus the ingress-nginx add-on's.
    expect(c.api.list('namespaces').items.map((n) => n.metadata.name)).toEqual(['default', 'ingress-nginx', 'kube-node-lease', 'kube-public', 'kube-system']);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      expect(c.api.tryGet('serviceaccounts', 'default', ns)).toBeDefined();
      expect(c.api.tryGet('configmaps', 'kube-root-ca.crt', ns)).toBeDefined();
    }
    const svc = c.api.get('services', 'kubernetes', 'default');
    expect(svc.spec).toMatchObject({ clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], type: 'ClusterIP', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] });
    expect(c.api.get('storageclasses', 'standard').metadata.annotations).toMatchObject({ 'storageclass.kubernetes.io/is-default-class': 'true' });
    expect(c.spec.nodes.map((n) => n.role)).toEqual(['control-plane', 'worker', 'worker', 'worker']);
  });

  it('node capacity and allocatable are stored in canonical quantity form, as the apiserver serialises them', () => {
    const c = createCluster();
    const status = c.api.get('nodes', 'worker-1').status as { capacity: Record<string, string>; allocatable: Record<string, string> };
    // The kubelet reports 8388608Ki; 8Gi less the 100Mi eviction reserve is 8092Mi; a size that is not a whole MiB stays in Ki.
    expect(status.capacity).toMatchObject({ cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi', pods: '110' });
    expect(status.allocatable).toMatchObject({ cpu: '4', memory: '8092Mi', 'ephemeral-storage': '96636764160' });
    c.hosts.add({ name: 'odd', role: 'worker', cpu: '2', memory: '4000001Ki' });
    expect((c.api.get('nodes', 'odd').status as { capacity: Record<string, string> }).capacity.memory).toBe('4000001Ki');
  });

  it('is reproducible: the same seed gives the same uids, names and IPs', () => {
    const run = (seed: number): unknown[] => {
      const c = createCluster({ seed });
      c.apply(web + '---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: NodePort, selector: {app: web}, ports: [{port: 80}]}\n');
      c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'job-' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      const pods: unknown[] = c.api.list('pods').items.map((p) => [p.metadata.name, p.metadata.uid]);
      return [...pods, c.api.get('deploy', 'web').metadata.uid, c.api.get('svc', 'web').spec];
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('new namespaces get their default ServiceAccount, so pods can be created right after', () => {
    const c = createCluster();
    const r = c.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers: [{name: c, image: nginx}]\n`);
    expect(r.filter(isApplyError)).toEqual([]);
    expect(c.api.get('pods', 'p', 'shop').spec).toMatchObject({ serviceAccountName: 'default' });
  });

  it('claims without a class get the default StorageClass', () => {
    const c = createCluster();
    c.apply(`apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n`);
    expect(c.api.get('pvc', 'data').spec).toMatchObject({ storageClassName: 'standard' });
  });

  it('keeps ResourceQuota status.used current', () => {
    const c = createCluster();
    c.apply(`apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec:\n  hard: {pods: "4", requests.memory: 1Gi, configmaps: "10"}\n`);
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { memory: '256Mi' } } }] } });
    c.settle();
    expect(c.api.get('quota', 'q').status).toEqual({
      hard: { pods: '4', 'requests.memory': '1Gi', configmaps: '10' },
      used: { pods: '1', 'requests.memory': '256Mi', configmaps: '1' },
    });
    c.api.delete('pods', 'a');
    c.settle();
    expect((c.api.get('quota', 'q').status as { used: unknown }).used).toEqual({ pods: '0', 'requests.memory': '0', configmaps: '1' });
  });
});

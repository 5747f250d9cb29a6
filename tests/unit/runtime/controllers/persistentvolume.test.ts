import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../../../src/runtime/cluster';
import type { KubeObject } from '../../../../src/runtime/api/types';
import { eventsFor } from '../../../../src/runtime/events/recorder';

const EXTERNAL = (p: string): string =>
  `Waiting for a volume to be created either by the external provisioner '${p}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;

function claim(c: Cluster, name: string, opts: { size?: string; cls?: string | null; modes?: string[]; selector?: Record<string, string>; volumeName?: string } = {}): KubeObject {
  const spec: Record<string, unknown> = { accessModes: opts.modes ?? ['ReadWriteOnce'], resources: { requests: { storage: opts.size ?? '1Gi' } } };
  if (opts.cls !== undefined) spec.storageClassName = opts.cls;
  if (opts.selector) spec.selector = { matchLabels: opts.selector };
  if (opts.volumeName) spec.volumeName = opts.volumeName;
  return c.api.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec });
}

function volume(c: Cluster, name: string, size: string, opts: { cls?: string; policy?: string; labels?: Record<string, string>; modes?: string[]; path?: string } = {}): KubeObject {
  return c.api.create({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, labels: opts.labels },
    spec: {
      capacity: { storage: size },
      accessModes: opts.modes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: opts.policy ?? 'Retain',
      storageClassName: opts.cls ?? '',
      hostPath: { path: opts.path ?? `/mnt/${name}` },
    },
  });
}

/** schedulerName 'manual' keeps a pod away from the default scheduler, so a test can place it. */
function podUsing(c: Cluster, name: string, claimName: string, nodeName?: string, schedulerName?: string): KubeObject {
  return c.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      ...(schedulerName ? { schedulerName } : {}),
      containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
    },
  });
}

const pvc = (c: Cluster, name: string): KubeObject => c.api.get('persistentvolumeclaims', name, 'default');
const pv = (c: Cluster, name: string): KubeObject => c.api.get('persistentvolumes', name);
const reasons = (c: Cluster, o: KubeObject): [string, string, string][] =>
  eventsFor(c.api, o).map((e) => [String(e.reason), String(e.message), String((e.source as { component?: string }).component)]);

describe('PersistentVolume binder: static volumes', () => {
  it('binds a claim to the smallest matching Available volume, both ways', () => {
    const c = createCluster();
    volume(c, 'small', '500Mi');
    volume(c, 'big', '10Gi');
    volume(c, 'fit', '2Gi');
    volume(c, 'other-class', '1Gi', { cls: 'gold' });
    c.settle();
    expect(pv(c, 'fit').status).toMatchObject({ phase: 'Available' });
    claim(c, 'data', { cls: '' });
    c.settle();

    const bound = pvc(c, 'data');
    expect(bound.spec).toMatchObject({ volumeName: 'fit' });
    expect(bound.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(bound.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' } });
    expect(bound.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);

    const vol = pv(c, 'fit');
    expect(vol.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(vol.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    expect(vol.spec).toMatchObject({
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: bound.metadata.uid, apiVersion: 'v1' },
    });
    expect((vol.spec as { claimRef: { resourceVersion?: string } }).claimRef.resourceVersion).toMatch(/^\d+$/);
    expect(vol.status).toMatchObject({ phase: 'Bound' });
    for (const n of ['small', 'big', 'other-class']) expect(pv(c, n).status).toMatchObject({ phase: 'Available' });
  });

  it('honours the label selector and access modes (fewest extra modes first)', () => {
    const c = createCluster();
    volume(c, 'rwx', '1Gi', { modes: ['ReadWriteOnce', 'ReadWriteMany'], labels: { tier: 'db' } });
    volume(c, 'rwo-web', '1Gi', { labels: { tier: 'web' } });
    volume(c, 'rwo-db', '5Gi', { labels: { tier: 'db' } });
    c.settle();
    claim(c, 'db', { cls: '', selector: { tier: 'db' } });
    claim(c, 'shared', { cls: '', modes: ['ReadWriteMany'] });
    c.settle();
    expect(pvc(c, 'db').spec).toMatchObject({ volumeName: 'rwo-db' });
    expect(pvc(c, 'shared').spec).toMatchObject({ volumeName: 'rwx' });
    expect(pv(c, 'rwo-web').status).toMatchObject({ phase: 'Available' });
  });

  it('a claim with no class and no fitting volume reports FailedBinding and stays Pending', () => {
    const c = createCluster();
    const cl = claim(c, 'lonely', { cls: '', size: '100Gi' });
    c.settle();
    expect(pvc(c, 'lonely').status).toEqual({ phase: 'Pending' });
    expect(reasons(c, cl)).toEqual([['FailedBinding', 'no persistent volumes available for this claim and no storage class is set', 'persistentvolume-controller']]);
  });

  it('binds a pre-bound claim (spec.volumeName) without the bound-by-controller mark on the claim', () => {
    const c = createCluster();
    volume(c, 'mine', '1Gi');
    c.settle();
    claim(c, 'pick', { cls: '', volumeName: 'mine' });
    c.settle();
    expect(pvc(c, 'pick').metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes' });
    expect(pvc(c, 'pick').status).toMatchObject({ phase: 'Bound' });
    expect(pv(c, 'mine').metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' });
  });

  it('refuses a requested volume that is too small, with VolumeMismatch', () => {
    const c = createCluster();
    volume(c, 'tiny', '100Mi');
    c.settle();
    const cl = claim(c, 'want', { cls: '', volumeName: 'tiny' });
    c.settle();
    expect(pvc(c, 'want').status).toEqual({ phase: 'Pending' });
    expect(reasons(c, cl)).toEqual([['VolumeMismatch', 'Cannot bind to requested volume "tiny": requested PV is too small', 'persistentvolume-controller']]);
  });
});

describe('PersistentVolume reclaim policies', () => {
  it('Retain: deleting the claim leaves the volume Released with its claimRef', () => {
    const c = createCluster();
    volume(c, 'keep', '1Gi', { policy: 'Retain' });
    claim(c, 'data', { cls: '' });
    c.settle();
    c.api.delete('persistentvolumeclaims', 'data', { namespace: 'default' });
    c.settle();
    expect(c.api.tryGet('persistentvolumeclaims', 'data', 'default')).toBeUndefined();
    expect(pv(c, 'keep').status).toMatchObject({ phase: 'Released' });
    expect(pv(c, 'keep').spec).toMatchObject({ claimRef: { name: 'data', namespace: 'default' } });
  });

  it('Delete on a hostPath outside /tmp fails the volume with the plugin message', () => {
    const c = createCluster();
    volume(c, 'hp', '1Gi', { policy: 'Delete', path: '/data/pv' });
    claim(c, 'data', { cls: '' });
    c.settle();
    c.api.delete('persistentvolumeclaims', 'data', { namespace: 'default' });
    c.settle();
    const vol = pv(c, 'hp');
    expect(vol.status).toMatchObject({ phase: 'Failed', message: 'host_path deleter only supports /tmp/.+ but received provided /data/pv' });
    expect(reasons(c, vol)).toEqual([['VolumeFailedDelete', 'host_path deleter only supports /tmp/.+ but received provided /data/pv', 'persistentvolume-controller']]);
  });

  it('Delete on a hostPath under /tmp removes the volume', () => {
    const c = createCluster();
    volume(c, 'scratch', '1Gi', { policy: 'Delete', path: '/tmp/scratch' });
    claim(c, 'data', { cls: '' });
    c.settle();
    c.api.delete('persistentvolumeclaims', 'data', { namespace: 'default' });
    c.settle();
    expect(c.api.tryGet('persistentvolumes', 'scratch')).toBeUndefined();
  });
});

describe('dynamic provisioning through the default StorageClass (vSphere CSI)', () => {
  it('provisions pvc-<uid>, binds it, and records the upstream event sequence', () => {
    const c = createCluster();
    const cl = claim(c, 'web-data', { size: '5Gi' });
    c.settle();
    const uid = cl.metadata.uid ?? '';
    const name = `pvc-${uid}`;

    const bound = pvc(c, 'web-data');
    expect(bound.metadata.annotations).toEqual({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': 'csi.vsphere.vmware.com',
      'volume.kubernetes.io/storage-provisioner': 'csi.vsphere.vmware.com',
    });
    expect(bound.spec).toMatchObject({ volumeName: name, storageClassName: 'standard' });
    expect(bound.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' } });

    const vol = pv(c, name);
    expect(vol.metadata.annotations).toEqual({
      'pv.kubernetes.io/provisioned-by': 'csi.vsphere.vmware.com',
      'volume.kubernetes.io/provisioner-deletion-secret-name': '',
      'volume.kubernetes.io/provisioner-deletion-secret-namespace': '',
    });
    expect(vol.metadata.finalizers).toEqual(['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection']);
    expect(vol.spec).toMatchObject({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '5Gi' },
      claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'web-data', uid, apiVersion: 'v1' },
      csi: { driver: 'csi.vsphere.vmware.com', fsType: 'ext4', volumeAttributes: { type: 'vSphere CNS Block Volume' } },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
    });
    const csi = (vol.spec as { csi: { volumeHandle: string; volumeAttributes: Record<string, string> } }).csi;
    expect(csi.volumeHandle).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(csi.volumeAttributes['storage.kubernetes.io/csiProvisionerIdentity']).toMatch(/^\d+-\d{1,4}-csi\.vsphere\.vmware\.com$/);
    expect(vol.status).toMatchObject({ phase: 'Bound' });

    const events = reasons(c, bound);
    expect(events.map(([r]) => r)).toEqual(['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded']);
    expect(events[0]).toEqual(['ExternalProvisioning', EXTERNAL('csi.vsphere.vmware.com'), 'persistentvolume-controller']);
    expect(events[1][1]).toBe('External provisioner is provisioning volume for claim "default/web-data"');
    expect(events[1][2]).toMatch(/^csi\.vsphere\.vmware\.com_vsphere-csi-controller-[a-z0-9]+-[a-z0-9]{5}_[0-9a-f-]{36}$/);
    expect(events[2]).toEqual(['ProvisioningSucceeded', `Successfully provisioned volume ${name}`, events[1][2]]);
  });

  it('takes a couple of simulated seconds: the claim is Pending meanwhile', () => {
    const c = createCluster();
    claim(c, 'slow');
    c.advance(1000);
    expect(pvc(c, 'slow').status).toEqual({ phase: 'Pending' });
    expect(c.api.list('persistentvolumes').items).toEqual([]);
    c.advance(1500);
    expect(pvc(c, 'slow').status).toMatchObject({ phase: 'Bound' });
  });

  it('rounds the disk up to whole MiB, as CNS allocates it', () => {
    const c = createCluster();
    claim(c, 'decimal', { size: '1G' });
    c.settle();
    expect(pvc(c, 'decimal').status).toMatchObject({ capacity: { storage: '954Mi' } });
  });

  it('Delete policy: deleting the claim deletes the provisioned volume', () => {
    const c = createCluster();
    const cl = claim(c, 'tmp');
    c.settle();
    const name = `pvc-${cl.metadata.uid ?? ''}`;
    c.api.delete('persistentvolumeclaims', 'tmp', { namespace: 'default' });
    c.advance(10);
    expect(pv(c, name).status).toMatchObject({ phase: 'Released' });
    c.settle();
    expect(c.api.tryGet('persistentvolumes', name)).toBeUndefined();
  });

  it('a class with reclaimPolicy Retain keeps the provisioned volume Released', () => {
    const c = createCluster();
    c.apply(`apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: keep}\nprovisioner: csi.vsphere.vmware.com\nreclaimPolicy: Retain\n`);
    const cl = claim(c, 'precious', { cls: 'keep' });
    c.settle();
    const name = `pvc-${cl.metadata.uid ?? ''}`;
    expect(pv(c, name).metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    c.api.delete('persistentvolumeclaims', 'precious', { namespace: 'default' });
    c.settle();
    expect(pv(c, name).status).toMatchObject({ phase: 'Released' });
    expect(pv(c, name).spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain' });
  });

  it('a missing class is a ProvisioningFailed warning', () => {
    const c = createCluster();
    const cl = claim(c, 'typo', { cls: 'fast-ssd' });
    c.settle();
    expect(pvc(c, 'typo').status).toEqual({ phase: 'Pending' });
    expect(reasons(c, cl)).toEqual([['ProvisioningFailed', 'storageclass.storage.k8s.io "fast-ssd" not found', 'persistentvolume-controller']]);
  });

  it('repeats ExternalProvisioning on every resync while no provisioner answers', () => {
    const c = createCluster();
    c.apply(`apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: nfs}\nprovisioner: nfs.csi.k8s.io\n`);
    const cl = claim(c, 'share', { cls: 'nfs' });
    c.settle();
    c.advance(45_000);
    const [ev] = eventsFor(c.api, cl);
    expect(ev).toMatchObject({ reason: 'ExternalProvisioning', message: EXTERNAL('nfs.csi.k8s.io') });
    expect(Number(ev.count)).toBeGreaterThanOrEqual(4);
    expect(pvc(c, 'share').status).toEqual({ phase: 'Pending' });
  });
});

describe('WaitForFirstConsumer', () => {
  const wffc = `apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: late}\nprovisioner: csi.vsphere.vmware.com\nvolumeBindingMode: WaitForFirstConsumer\n`;

  it('waits for a consumer, then provisions once the scheduler selects a node', () => {
    const c = createCluster();
    c.apply(wffc);
    const cl = claim(c, 'data', { cls: 'late' });
    c.settle();
    expect(pvc(c, 'data').status).toEqual({ phase: 'Pending' });
    expect(reasons(c, cl)).toEqual([['WaitForFirstConsumer', 'waiting for first consumer to be created before binding', 'persistentvolume-controller']]);
    expect(c.api.list('persistentvolumes').items).toEqual([]);

    podUsing(c, 'app', 'data', undefined, 'manual');
    c.advance(15_000);
    expect(reasons(c, cl).map(([r, m]) => [r, m])).toContainEqual(['WaitForPodScheduled', 'waiting for pod app to be scheduled']);

    // What the scheduler's VolumeBinding plugin does for a real consumer: pick the node and say so on the claim.
    const current = pvc(c, 'data');
    c.api.update({ ...current, metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, 'volume.kubernetes.io/selected-node': 'worker-2' } } });
    c.settle();
    expect(pvc(c, 'data').status).toMatchObject({ phase: 'Bound' });
    expect(pvc(c, 'data').spec).toMatchObject({ volumeName: `pvc-${cl.metadata.uid ?? ''}` });
  });

  it('with the real scheduler, a consumer pod gets its node picked, the volume provisioned, and runs', () => {
    const c = createCluster();
    c.apply(wffc);
    claim(c, 'data', { cls: 'late' });
    podUsing(c, 'app', 'data');
    c.settle();
    const pod = c.api.get('pods', 'app', 'default');
    const node = (pod.spec as { nodeName?: string }).nodeName;
    expect(node).toMatch(/^worker-/);
    expect(pvc(c, 'data').metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(node);
    expect(pvc(c, 'data').status).toMatchObject({ phase: 'Bound' });
    expect((pod.status as { phase?: string }).phase).toBe('Running');
  });
});

describe('pvc-protection and pv-protection', () => {
  it('a claim used by a scheduled pod stays Terminating until the pod is gone', () => {
    const c = createCluster();
    claim(c, 'data');
    c.settle();
    podUsing(c, 'db', 'data', 'worker-1');
    c.settle();
    c.api.delete('persistentvolumeclaims', 'data', { namespace: 'default' });
    c.settle();
    const terminating = pvc(c, 'data');
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    expect(terminating.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(terminating.status).toMatchObject({ phase: 'Bound' });

    c.api.delete('pods', 'db', { namespace: 'default', gracePeriodSeconds: 0 });
    c.settle();
    expect(c.api.tryGet('persistentvolumeclaims', 'data', 'default')).toBeUndefined();
  });

  it('a claim only referenced by an unscheduled pod is deleted at once', () => {
    const c = createCluster();
    claim(c, 'data');
    podUsing(c, 'pending', 'data', undefined, 'manual');
    c.settle();
    c.api.delete('persistentvolumeclaims', 'data', { namespace: 'default' });
    c.settle();
    expect(c.api.tryGet('persistentvolumeclaims', 'data', 'default')).toBeUndefined();
  });

  it('a Bound volume stays Terminating while bound, and goes once released', () => {
    const c = createCluster();
    volume(c, 'vol', '1Gi');
    claim(c, 'data', { cls: '' });
    c.settle();
    c.api.delete('persistentvolumes', 'vol');
    c.settle();
    expect(pv(c, 'vol').metadata.deletionTimestamp).toBeDefined();
    expect(pv(c, 'vol').status).toMatchObject({ phase: 'Bound' });
    c.api.delete('persistentvolumeclaims', 'data', { namespace: 'default' });
    c.settle();
    expect(c.api.tryGet('persistentvolumes', 'vol')).toBeUndefined();
  });
});

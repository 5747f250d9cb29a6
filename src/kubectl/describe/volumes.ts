// describeVolumes and the volume-source blocks: one `Type:` line that says
// what the source is, then its fields, for pod volumes and PV sources alike.
import { isObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { goBool, goSlice, list, num, obj, quantity, sortedKeys, str } from './format';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, nestedWriter, type PrefixWriter } from './writer';

type Source = Record<string, unknown>;
/** A field's label and how fmt's %v prints it. */
type FieldLine = [label: string, value: (s: Source) => string];

const text = (key: string) => (s: Source) => str(s[key]);
const bool = (key: string) => (s: Source) => goBool(s[key]);
const slice = (key: string) => (s: Source) => goSlice(s[key]);
/** %v of an optional *LocalObjectReference / *SecretReference. */
const ref = (key: string) => (s: Source) => (isObject(s[key]) ? `&{${Object.values(s[key]).map(str).join(' ')}}` : '<nil>');

/** Sources printed as a Type line then `    Label:\tvalue` lines. */
const SIMPLE: Record<string, [type: string, fields: FieldLine[]]> = {
  gcePersistentDisk: ['GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)', [['PDName', text('pdName')], ['FSType', text('fsType')], ['Partition', (s) => String(num(s.partition))], ['ReadOnly', bool('readOnly')]]],
  awsElasticBlockStore: ['AWSElasticBlockStore (a Persistent Disk resource in AWS)', [['VolumeID', text('volumeID')], ['FSType', text('fsType')], ['Partition', (s) => String(num(s.partition))], ['ReadOnly', bool('readOnly')]]],
  gitRepo: ['GitRepo (a volume that is pulled from git when the pod is created)', [['Repository', text('repository')], ['Revision', text('revision')]]],
  nfs: ['NFS (an NFS mount that lasts the lifetime of a pod)', [['Server', text('server')], ['Path', text('path')], ['ReadOnly', bool('readOnly')]]],
  quobyte: ["Quobyte (a Quobyte mount on the host that shares a pod's lifetime)", [['Registry', text('registry')], ['Volume', text('volume')], ['ReadOnly', bool('readOnly')]]],
  portworxVolume: ['PortworxVolume (a Portworx Volume resource)', [['VolumeID', text('volumeID')]]],
  vsphereVolume: ['vSphereVolume (a Persistent Disk resource in vSphere)', [['VolumePath', text('volumePath')], ['FSType', text('fsType')], ['StoragePolicyName', text('storagePolicyName')]]],
  photonPersistentDisk: ['PhotonPersistentDisk (a Persistent Disk resource in photon platform)', [['PdID', text('pdID')], ['FSType', text('fsType')]]],
  cinder: ['Cinder (a Persistent Disk resource in OpenStack)', [['VolumeID', text('volumeID')], ['FSType', text('fsType')], ['ReadOnly', bool('readOnly')], ['SecretRef', ref('secretRef')]]],
  cephfs: ["CephFS (a CephFS mount on the host that shares a pod's lifetime)", [['Monitors', slice('monitors')], ['Path', text('path')], ['User', text('user')], ['SecretFile', text('secretFile')], ['SecretRef', ref('secretRef')], ['ReadOnly', bool('readOnly')]]],
  storageos: ['StorageOS (a StorageOS Persistent Disk resource)', [['VolumeName', text('volumeName')], ['VolumeNamespace', text('volumeNamespace')], ['FSType', text('fsType')], ['ReadOnly', bool('readOnly')]]],
  flocker: ['Flocker (a Flocker volume mounted by the Flocker agent)', [['DatasetName', text('datasetName')], ['DatasetUUID', text('datasetUUID')]]],
  fc: ['FC (a Fibre Channel disk)', [['TargetWWNs', (s) => (Array.isArray(s.targetWWNs) ? s.targetWWNs.map(str).join(', ') : '')], ['LUN', (s) => (typeof s.lun === 'number' ? String(s.lun) : '<none>')], ['FSType', text('fsType')], ['ReadOnly', bool('readOnly')]]],
  azureFile: ['AzureFile (an Azure File Service mount on the host and bind mount to the pod)', [['SecretName', text('secretName')], ['ShareName', text('shareName')], ['ReadOnly', bool('readOnly')]]],
  flexVolume: ['FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)', [['Driver', text('driver')], ['FSType', text('fsType')], ['SecretRef', ref('secretRef')], ['ReadOnly', bool('readOnly')], ['Options', (s) => `map[${sortedKeys(s.options).map((k) => `${k}:${str(obj(s.options)[k])}`).join(' ')}]`]]],
  image: ['Image (a container image or OCI artifact)', [['Reference', text('reference')], ['PullPolicy', text('pullPolicy')]]],
  hostPath: ['HostPath (bare host directory volume)', [['Path', text('path')], ['HostPathType', (s) => (typeof s.type === 'string' ? s.type : '<none>')]]],
  local: ['LocalVolume (a persistent volume backed by local storage on a node)', [['Path', text('path')]]],
};

/** PersistentVolume sources that print more fields than the pod-volume form. */
const PV_ONLY: Record<string, [type: string, fields: FieldLine[]]> = {
  azureFile: ['AzureFile (an Azure File Service mount on the host and bind mount to the pod)', [['SecretName', text('secretName')], ['SecretNamespace', text('secretNamespace')], ['ShareName', text('shareName')], ['ReadOnly', bool('readOnly')]]],
  glusterfs: ["Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)", [['EndpointsName', text('endpoints')], ['EndpointsNamespace', (s) => (typeof s.endpointsNamespace === 'string' ? s.endpointsNamespace : '<unset>')], ['Path', text('path')], ['ReadOnly', bool('readOnly')]]],
};

function writeSimple(w: PrefixWriter, [type, fields]: [string, FieldLine[]], s: Source): void {
  w.write(LEVEL_2, `Type:\t${type}\n` + fields.map(([label, v]) => `    ${label}:\t${v(s)}\n`).join(''));
}

/** describeVolumes: `Volumes:` and each volume's source, or `Volumes:\t<none>`. */
export function describeVolumes(volumes: unknown, w: PrefixWriter, space: string): void {
  const items = list(volumes);
  if (items.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of items) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${str(v.name)}:\n`);
    describeVolumeSource(v, w);
  }
}

function describeVolumeSource(v: Source, w: PrefixWriter): void {
  const kind = Object.keys(v).find((k) => k !== 'name' && isObject(v[k]));
  const s = kind ? obj(v[kind]) : {};
  switch (kind) {
    case 'emptyDir': {
      const limit = quantity(s.sizeLimit);
      w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${str(s.medium)}\n    SizeLimit:\t${s.sizeLimit !== undefined && !limit.startsWith('-') && limit !== '0' ? limit : '<unset>'}\n`);
      return;
    }
    case 'secret':
      w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${str(s.secretName)}\n    Optional:\t${goBool(s.optional)}\n`);
      return;
    case 'configMap':
      w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${str(s.name)}\n    Optional:\t${goBool(s.optional)}\n`);
      return;
    case 'persistentVolumeClaim':
      w.write(LEVEL_2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${str(s.claimName)}\n    ReadOnly:\t${goBool(s.readOnly)}\n`);
      return;
    case 'ephemeral':
      w.write(LEVEL_2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
      if (isObject(s.volumeClaimTemplate)) printClaimTemplate(nestedWriter(w, LEVEL_2), s.volumeClaimTemplate);
      return;
    case 'downwardAPI':
      printDownwardAPI(s, w);
      return;
    case 'projected':
      printProjected(s, w);
      return;
    case 'csi':
      w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${str(s.driver)}\n    FSType:\t${str(s.fsType)}\n    ReadOnly:\t${goBool(s.readOnly)}\n`);
      printCSIAttributes(w, s.volumeAttributes);
      return;
    default:
      if (kind && SIMPLE[kind]) writeSimple(w, SIMPLE[kind], s);
      else w.write(LEVEL_1, '<unknown>\n');
  }
}

function printDownwardAPI(s: Source, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
  for (const item of list(s.items)) {
    if (isObject(item.fieldRef)) w.write(LEVEL_3, `${str(item.fieldRef.fieldPath)} -> ${str(item.path)}\n`);
    if (isObject(item.resourceFieldRef)) w.write(LEVEL_3, `${str(item.resourceFieldRef.resource)} -> ${str(item.path)}\n`);
  }
}

function printProjected(s: Source, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
  for (const src of list(s.sources)) {
    if (isObject(src.secret)) {
      w.write(LEVEL_2, `SecretName:\t${str(src.secret.name)}\n    Optional:\t${goBool(src.secret.optional)}\n`);
    } else if (isObject(src.downwardAPI)) {
      w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
    } else if (isObject(src.configMap)) {
      w.write(LEVEL_2, `ConfigMapName:\t${str(src.configMap.name)}\n    Optional:\t${goBool(src.configMap.optional)}\n`);
    } else if (isObject(src.serviceAccountToken)) {
      w.write(LEVEL_2, `TokenExpirationSeconds:\t${num(src.serviceAccountToken.expirationSeconds)}\n`);
    }
  }
}

const MAX_ANNOTATION_LEN = 140;

function printCSIAttributes(w: PrefixWriter, attributes: unknown): void {
  w.write(LEVEL_2, 'VolumeAttributes:\t');
  const keys = sortedKeys(attributes);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_2, '');
      w.write(LEVEL_2, '\t');
    }
    const line = `${key}=${str(obj(attributes)[key])}`;
    w.write(LEVEL_2, line.length > MAX_ANNOTATION_LEN ? `${line.slice(0, MAX_ANNOTATION_LEN)}...\n` : `${line}\n`);
  });
}

/** A PersistentVolume's `Source:` block. */
export function describePVSource(pvSpec: Source, w: PrefixWriter): void {
  const kind = Object.keys(pvSpec).find((k) => k in SIMPLE || k in PV_ONLY || k === 'csi' || k === 'iscsi' || k === 'rbd' || k === 'scaleIO' || k === 'azureDisk');
  const s = kind ? obj(pvSpec[kind]) : {};
  if (kind === 'csi') {
    w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${str(s.driver)}\n    FSType:\t${str(s.fsType)}\n    VolumeHandle:\t${str(s.volumeHandle)}\n    ReadOnly:\t${goBool(s.readOnly)}\n`);
    printCSIAttributes(w, s.volumeAttributes);
  } else if (kind && PV_ONLY[kind]) {
    writeSimple(w, PV_ONLY[kind], s);
  } else if (kind && SIMPLE[kind]) {
    writeSimple(w, SIMPLE[kind], s);
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

/** printPersistentVolumeClaim for an ephemeral volume's claim template (not a full PVC). */
function printClaimTemplate(w: PrefixWriter, template: Record<string, unknown>): void {
  const s = obj(template.spec);
  const meta = obj(template.metadata);
  w.write(LEVEL_0, `StorageClass:\t${str(s.storageClassName)}\n`);
  w.write(LEVEL_0, `Volume:\t${str(s.volumeName)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, 'Capacity:\t\n');
  w.write(LEVEL_0, 'Access Modes:\t\n');
  if (typeof s.volumeMode === 'string') w.write(LEVEL_0, `VolumeMode:\t${s.volumeMode}\n`);
}

/** storageutil.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order. */
export function accessModesString(modes: unknown): string {
  const set = new Set(Array.isArray(modes) ? modes.map(str) : []);
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

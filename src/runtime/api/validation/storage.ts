// PersistentVolumeClaim and PersistentVolume.
// Upstream: pkg/apis/core/validation/validation.go (ValidatePersistentVolumeClaim,
// ValidatePersistentVolumeClaimSpec, ValidatePersistentVolumeClaimUpdate,
// ValidatePersistentVolume, ValidatePersistentVolumeSpec,
// ValidatePersistentVolumeUpdate).
import { parseQuantity } from '../quantity';
import { forbiddenField, invalid, required, unsupported, type FieldError } from '../errors';
import { deepClone, type KubeObject } from '../types';
import { nameIsDNSSubdomain } from './names';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { quantityText } from './podspec';
import { child, goMap, immutable, key, list, obj, semanticEqual, str, type Obj } from './util';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];

function accessModes(modes: unknown, path: string, requiredDetail: string): FieldError[] {
  const errs: FieldError[] = [];
  const all = list(modes).map(str);
  if (all.length === 0) errs.push(required(path, requiredDetail));
  let rwop = false;
  let other = false;
  for (const m of all) {
    if (!ACCESS_MODES.includes(m)) errs.push(unsupported(path, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbiddenField(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function className(value: unknown, path: string): FieldError[] {
  const v = str(value);
  return v ? nameIsDNSSubdomain(v, false).map((m) => invalid(path, v, m)) : [];
}

function pvcSpec(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const modes = list(spec.accessModes);
  if (modes.length === 0) errs.push(required(child(path, 'accessModes'), 'at least 1 access mode is required'));
  if (spec.selector !== undefined && spec.selector !== null) errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  errs.push(...accessModes(modes, child(path, 'accessModes'), '').filter((e) => e.type !== 'Required value'));
  const requests = obj(obj(spec.resources)?.requests) ?? {};
  const storagePath = key(child(path, 'resources'), 'storage');
  if (!('storage' in requests)) errs.push(required(storagePath));
  else {
    const q = parseQuantity(requests.storage);
    if (q && q.value <= 0) errs.push(invalid(storagePath, quantityText(requests.storage), 'must be greater than zero'));
  }
  errs.push(...className(spec.storageClassName, child(path, 'storageClassName')));
  if (typeof spec.volumeMode === 'string' && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(unsupported(child(path, 'volumeMode'), spec.volumeMode, VOLUME_MODES));
  for (const f of ['dataSource', 'dataSourceRef']) {
    const ds = obj(spec[f]);
    if (!ds) continue;
    const p = child(path, f);
    if (!str(ds.name)) errs.push(required(child(p, 'name')));
    if (!str(ds.kind)) errs.push(required(child(p, 'kind')));
    if (!str(ds.apiGroup) && ds.kind !== 'PersistentVolumeClaim') errs.push(invalid(p, str(ds.kind), "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (typeof spec.volumeAttributesClassName === 'string' && spec.volumeAttributesClassName) {
    errs.push(...className(spec.volumeAttributesClassName, child(path, 'volumeAttributesClassName')));
  }
  return errs;
}

export function validatePVC(pvc: KubeObject): FieldError[] {
  return [...validateObjectMeta(pvc.metadata, true, nameIsDNSSubdomain), ...pvcSpec(obj(pvc.spec) ?? {}, 'spec')];
}

/** v1 PersistentVolumeClaimSpec fields in the internal type's order, with their Go names. */
const PVC_SPEC_FIELDS: [string, string][] = [
  ['accessModes', 'AccessModes'],
  ['selector', 'Selector'],
  ['resources', 'Resources'],
  ['volumeName', 'VolumeName'],
  ['storageClassName', 'StorageClassName'],
  ['volumeMode', 'VolumeMode'],
  ['dataSource', 'DataSource'],
  ['dataSourceRef', 'DataSourceRef'],
  ['volumeAttributesClassName', 'VolumeAttributesClassName'],
];

/** A go-cmp style summary (see pod.ts): changed fields as -/+ lines. */
function structDiff(typeName: string, fields: [string, string][], a: Obj, b: Obj): string {
  const lines = [`  ${typeName}{`];
  let same = 0;
  const flush = (): void => {
    if (same > 0) lines.push(`  \t... // ${same} identical ${same === 1 ? 'field' : 'fields'}`);
    same = 0;
  };
  for (const [v1, goName] of fields) {
    if (semanticEqual(a[v1], b[v1])) {
      same++;
      continue;
    }
    flush();
    if (a[v1] !== undefined) lines.push(`- \t${goName}: ${JSON.stringify(a[v1])},`);
    if (b[v1] !== undefined) lines.push(`+ \t${goName}: ${JSON.stringify(b[v1])},`);
  }
  flush();
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}

export function validatePVCUpdate(pvc: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pvc.metadata, old.metadata), ...validatePVC(pvc)];
  const spec: Obj = deepClone(obj(pvc.spec) ?? {});
  const oldSpec: Obj = deepClone(obj(old.spec) ?? {});
  // The volume controller binds the claim by setting volumeName once.
  if (!str(oldSpec.volumeName)) oldSpec.volumeName = spec.volumeName;
  // A claim without a class may get one once (the default-class upgrade path).
  if ((oldSpec.storageClassName === undefined || oldSpec.storageClassName === null) && typeof spec.storageClassName === 'string') {
    spec.storageClassName = oldSpec.storageClassName;
  }
  const bound = str(obj(pvc.status)?.phase) === 'Bound';
  if (bound) {
    const requests = obj(obj(spec.resources)?.requests);
    const oldRequests = obj(obj(oldSpec.resources)?.requests) ?? {};
    if (requests) requests.storage = oldRequests.storage;
    if (spec.volumeAttributesClassName !== undefined) spec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  }
  if (!semanticEqual(spec, oldSpec)) {
    errs.push(
      forbiddenField(
        'spec',
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${structDiff('core.PersistentVolumeClaimSpec', PVC_SPEC_FIELDS, oldSpec, spec)}`,
      ),
    );
  }
  const newSize = parseQuantity(obj(obj(obj(pvc.spec)?.resources)?.requests)?.storage)?.value;
  const oldSize = parseQuantity(obj(obj(obj(old.spec)?.resources)?.requests)?.storage)?.value;
  const statusSize = parseQuantity(obj(obj(old.status)?.capacity)?.storage)?.value ?? 0;
  if (newSize !== undefined && oldSize !== undefined && newSize < oldSize && newSize <= statusSize) {
    // RecoverVolumeExpansionFailure (on in v1.34): shrinking is allowed down to, not to or below, status.capacity.
    errs.push(forbiddenField('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  // Upstream builds this path without "spec.".
  errs.push(...immutable(obj(pvc.spec)?.volumeMode ?? null, obj(old.spec)?.volumeMode ?? null, 'volumeMode'));
  return errs;
}

// ---- PersistentVolume ------------------------------------------------------------------------

const PV_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];

/** The v1 keys that travel in the internal PersistentVolumeSource. */
function pvSource(spec: Obj): Obj {
  const out: Obj = {};
  for (const s of PV_SOURCES) if (spec[s] !== undefined) out[s] = spec[s];
  return out;
}

function pvSpec(spec: Obj): FieldError[] {
  const errs = accessModes(spec.accessModes, 'spec.accessModes', '');
  const capacity = obj(spec.capacity) ?? {};
  if (Object.keys(capacity).length === 0) errs.push(required('spec.capacity'));
  if (!('storage' in capacity) || Object.keys(capacity).length > 1) errs.push(unsupported('spec.capacity', goMap(spec.capacity), ['storage']));
  for (const [name, raw] of Object.entries(capacity)) {
    const q = parseQuantity(raw);
    if (q && q.value <= 0) errs.push(invalid(key('spec.capacity', name), quantityText(raw), 'must be greater than zero'));
  }
  const policy = str(spec.persistentVolumeReclaimPolicy);
  if (policy && !RECLAIM_POLICIES.includes(policy)) errs.push(unsupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  let count = 0;
  for (const s of PV_SOURCES) {
    if (spec[s] === undefined || spec[s] === null) continue;
    if (count > 0 && s !== 'flexVolume') {
      errs.push(forbiddenField(`spec.${s === 'cephfs' ? 'cephFS' : s}`, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    const src = obj(spec[s]) ?? {};
    if (s === 'hostPath' || s === 'local') {
      const p = str(src.path);
      if (!p) errs.push(required(`spec.${s}.path`));
      else if (p.split('/').includes('..')) errs.push(invalid(`spec.${s}.path`, p, "must not contain '..'"));
      if (s === 'local' && !obj(spec.nodeAffinity)) errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
    } else if (s === 'nfs') {
      if (!str(src.server)) errs.push(required('spec.nfs.server'));
      if (!str(src.path)) errs.push(required('spec.nfs.path'));
      if (!str(src.path).startsWith('/')) errs.push(invalid('spec.nfs.path', str(src.path), 'must be an absolute path'));
    } else if (s === 'csi') {
      if (!str(src.driver)) errs.push(required('spec.csi.driver'));
      if (!str(src.volumeHandle)) errs.push(required('spec.csi.volumeHandle'));
    }
  }
  if (count === 0) errs.push(required('spec', 'must specify a volume type'));
  const hostPath = obj(spec.hostPath);
  if (hostPath && str(hostPath.path).startsWith('/') && str(hostPath.path).split('/').every((x) => x === '' || x === '.') && policy === 'Recycle') {
    errs.push(forbiddenField('spec.persistentVolumeReclaimPolicy', "may not be 'recycle' for a hostPath mount of '/'"));
  }
  errs.push(...className(spec.storageClassName, 'spec.storageClassName'));
  if (typeof spec.volumeMode === 'string' && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(unsupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  return errs;
}

export function validatePV(pv: KubeObject): FieldError[] {
  return [...validateObjectMeta(pv.metadata, false, nameIsDNSSubdomain), ...pvSpec(obj(pv.spec) ?? {})];
}

export function validatePVUpdate(pv: KubeObject, old: KubeObject): FieldError[] {
  const errs = validatePV(pv);
  const spec = obj(pv.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};
  const now = pvSource(spec);
  const before = pvSource(oldSpec);
  if (!semanticEqual(now, before)) {
    const fields = PV_SOURCES.map((s): [string, string] => [s, s.charAt(0).toUpperCase() + s.slice(1)]);
    errs.push(forbiddenField('spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n${structDiff('core.PersistentVolumeSource', fields, before, now)}`));
  }
  errs.push(...immutable(spec.volumeMode ?? null, oldSpec.volumeMode ?? null, 'volumeMode'));
  if (obj(oldSpec.nodeAffinity) && !semanticEqual(spec.nodeAffinity, oldSpec.nodeAffinity)) {
    errs.push(invalid('nodeAffinity', spec.nodeAffinity ?? null, 'field is immutable, except for updating from beta label to GA'));
  }
  return errs;
}

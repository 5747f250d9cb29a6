// PodSpec validation: volumes, containers, init containers and the pod-level
// fields, in the order ValidatePodSpec runs them.
// Upstream: pkg/apis/core/validation/validation.go (ValidatePodSpec,
// ValidateVolumes, validateContainers, validateInitContainers,
// validateContainerCommon, validateContainerPorts, ValidateEnv, ValidateEnvFrom,
// ValidateVolumeMounts, validateResourceRequirements, validateProbe,
// validateHandler, ValidateTolerations, validateAffinity,
// validateTopologySpreadConstraints, validatePodDNSConfig, ValidatePodTemplateSpec).
import { parseQuantity, canonical } from '../quantity';
import { duplicate, forbiddenField, invalid, notFoundField, required, tooLong, unsupported, type FieldError } from '../errors';
import {
  inclusiveRangeError,
  IP_INVALID,
  isDNS1123Label,
  isDNS1123Subdomain,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  isConfigMapKey,
  nameIsDNSSubdomain,
  parseIPSloppy,
  regexError,
} from './names';
import { labelsInto, validateAnnotations, validateLabelName, validateLabels, validateLabelSelector } from './objectmeta';
import { at, child, has, index, intOrStringInt, key, list, nonNegative, NOT_POSITIVE, num, obj, pushAll, str, type Obj } from './util';

export interface PodSpecOptions {
  /** The spec belongs to a Pod (not a template in some controller). */
  resourceIsPod: boolean;
}

const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
const MAX_INT32 = 2147483647;
const MAX_ID = 4294967295;

// ---- small shared checks ------------------------------------------------------------------

function dns1123Label(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((m) => invalid(path, value, m));
}

function dns1123Subdomain(value: string, path: string): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => invalid(path, value, m));
}

function dns1123LabelInto(errs: FieldError[], value: string, base: string, field: string): void {
  const msgs = isDNS1123Label(value);
  if (msgs.length) for (const m of msgs) errs.push(invalid(at(base, field), value, m));
}

function dns1123SubdomainInto(errs: FieldError[], value: string, base: string, field: string): void {
  const msgs = isDNS1123Subdomain(value);
  if (msgs.length) for (const m of msgs) errs.push(invalid(at(base, field), value, m));
}

function qualifiedName(value: string, path: string): FieldError[] {
  return isQualifiedName(value).map((m) => invalid(path, value, m));
}

function validIP(value: string, path: string): FieldError[] {
  return parseIPSloppy(value) ? [] : [invalid(path, value, IP_INVALID)];
}

function fileMode(mode: unknown, path: string): FieldError[] {
  const m = num(mode);
  return m !== undefined && (m > 0o777 || m < 0) ? [invalid(path, m, FILE_MODE_MSG)] : [];
}

/** ValidatePortNumOrName for an intstr value. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  const n = intOrStringInt(port);
  return isValidPortNum(n).map((m) => invalid(path, n, m));
}

const isAbs = (p: string): boolean => p.startsWith('/');

function noBacksteps(target: string, path: string): FieldError[] {
  if (!target.includes('..')) return [];
  return target.replace(/\\/g, '/').split('/').includes('..') ? [invalid(path, target, "must not contain '..'")] : [];
}

function localDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isAbs(target)) errs.push(invalid(path, target, 'must be a relative path'));
  errs.push(...noBacksteps(target, path));
  return errs;
}

function localNonReservedPath(target: string, path: string): FieldError[] {
  const errs = localDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}

// ---- volumes -------------------------------------------------------------------------------

type SourceCheck = (src: Obj, path: string, ctx: VolumeContext) => FieldError[];

interface VolumeContext {
  opts: PodSpecOptions;
}

function keyToPath(kp: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(kp.key)) errs.push(required(child(path, 'key')));
  if (!str(kp.path)) errs.push(required(child(path, 'path')));
  errs.push(...localNonReservedPath(str(kp.path), child(path, 'path')));
  errs.push(...fileMode(kp.mode, child(path, 'mode')));
  return errs;
}

function items(src: Obj, path: string): FieldError[] {
  return list(src.items).flatMap((kp, i) => keyToPath(obj(kp) ?? {}, index(child(path, 'items'), i)));
}

const VOLUME_FIELD_EXPRESSIONS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const ENV_FIELD_EXPRESSIONS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
const CONTAINER_RESOURCE_EXPRESSIONS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const DOWNWARD_LABELS = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** fieldpath.SplitMaybeSubscriptedPath */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const open = fieldPath.indexOf("['");
  if (open < 0) return undefined;
  return [fieldPath.slice(0, open), fieldPath.slice(open + 2, -2)];
}

/** pods.ConvertDownwardAPIFieldLabel for v1: the internal path, or the conversion error. */
function convertFieldLabel(version: string, label: string): { path: string } | { error: string } {
  if (version !== 'v1') return { error: `unsupported pod version: ${version}` };
  const sub = splitSubscript(label);
  if (sub) {
    return sub[0] === 'metadata.annotations' || sub[0] === 'metadata.labels' ? { path: label } : { error: `field label does not support subscript: ${label}` };
  }
  if (DOWNWARD_LABELS.has(label)) return { path: label };
  if (label === 'spec.host') return { path: 'spec.nodeName' };
  return { error: `field label not supported: ${label}` };
}

function objectFieldSelector(fs: Obj, expressions: string[], path: string): FieldError[] {
  if (!str(fs.apiVersion)) return [required(child(path, 'apiVersion'))];
  const fieldPath = str(fs.fieldPath);
  if (!fieldPath) return [required(child(path, 'fieldPath'))];
  const converted = convertFieldLabel(str(fs.apiVersion), fieldPath);
  if ('error' in converted) return [invalid(child(path, 'fieldPath'), fieldPath, `error converting fieldPath: ${converted.error}`)];
  const sub = splitSubscript(converted.path);
  if (sub) {
    if (sub[0] === 'metadata.annotations') return qualifiedName(sub[1].toLowerCase(), path);
    if (sub[0] === 'metadata.labels') return qualifiedName(sub[1], path);
    return [invalid(path, sub[0], 'does not support subscript')];
  }
  if (!expressions.includes(converted.path)) return [unsupported(child(path, 'fieldPath'), converted.path, expressions)];
  return [];
}

function resourceFieldSelector(fs: Obj, path: string, volume: boolean): FieldError[] {
  if (volume && !str(fs.containerName)) return [required(child(path, 'containerName'))];
  const resource = str(fs.resource);
  if (!resource) return [required(child(path, 'resource'))];
  const hugePages = resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-');
  if (!CONTAINER_RESOURCE_EXPRESSIONS.includes(resource) && !hugePages) {
    return [unsupported(child(path, 'resource'), resource, CONTAINER_RESOURCE_EXPRESSIONS)];
  }
  return [];
}

/** validateDownwardAPIVolumeFile: upstream passes the volume source's own path, not an indexed one. */
function downwardAPIFile(file: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(file.path)) errs.push(required(child(path, 'path')));
  errs.push(...localNonReservedPath(str(file.path), child(path, 'path')));
  const fieldRef = obj(file.fieldRef);
  const resourceRef = obj(file.resourceFieldRef);
  if (fieldRef) {
    errs.push(...objectFieldSelector(fieldRef, VOLUME_FIELD_EXPRESSIONS, child(path, 'fieldRef')));
    if (resourceRef) errs.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (resourceRef) {
    errs.push(...resourceFieldSelector(resourceRef, child(path, 'resourceFieldRef'), true));
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...fileMode(file.mode, child(path, 'mode')));
  return errs;
}

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

const checkEmptyDir: SourceCheck = (src, path) => {
  const q = parseQuantity(src.sizeLimit);
  return q && q.value < 0 ? [forbiddenField(child(path, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity')] : [];
};

const checkHostPath: SourceCheck = (src, path) => {
  const p = str(src.path);
  if (!p) return [required(child(path, 'path'))];
  const errs = noBacksteps(p, child(path, 'path'));
  if (typeof src.type === 'string' && !HOST_PATH_TYPES.includes(src.type)) errs.push(unsupported(child(path, 'type'), src.type, HOST_PATH_TYPES));
  return errs;
};

const checkSecret: SourceCheck = (src, path) => [
  ...(str(src.secretName) ? [] : [required(child(path, 'secretName'))]),
  ...fileMode(src.defaultMode, child(path, 'defaultMode')),
  ...items(src, path),
];

const checkConfigMap: SourceCheck = (src, path) => [
  ...(str(src.name) ? [] : [required(child(path, 'name'))]),
  ...fileMode(src.defaultMode, child(path, 'defaultMode')),
  ...items(src, path),
];

const checkNFS: SourceCheck = (src, path) => {
  const errs: FieldError[] = [];
  if (!str(src.server)) errs.push(required(child(path, 'server')));
  if (!str(src.path)) errs.push(required(child(path, 'path')));
  if (!isAbs(str(src.path))) errs.push(invalid(child(path, 'path'), str(src.path), 'must be an absolute path'));
  return errs;
};

const checkPVC: SourceCheck = (src, path) => (str(src.claimName) ? [] : [required(child(path, 'claimName'))]);

const checkDownwardAPI: SourceCheck = (src, path) => [
  ...fileMode(src.defaultMode, child(path, 'defaultMode')),
  ...list(src.items).flatMap((f) => downwardAPIFile(obj(f) ?? {}, path)),
];

/**
 * For checks that read only their source: a frozen source can never change (pods share the
 * service account token projection), so once it validates clean it is clean at any path.
 */
function cleanOnce(check: SourceCheck): SourceCheck {
  const clean = new WeakSet<object>();
  return (src, path, ctx) => {
    if (clean.has(src)) return [];
    const errs = check(src, path, ctx);
    if (errs.length === 0 && Object.isFrozen(src)) clean.add(src);
    return errs;
  };
}

const checkProjected: SourceCheck = (src, path) => {
  const errs = fileMode(src.defaultMode, child(path, 'defaultMode'));
  const seen = new Set<string>();
  const claimPath = (p: string, name: string): void => {
    if (!p) return;
    if (seen.has(p)) errs.push(invalid(path, name, 'conflicting duplicate paths'));
    else seen.add(p);
  };
  list(src.sources).forEach((s, i) => {
    const source = obj(s) ?? {};
    const srcPath = index(child(path, 'sources'), i);
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      const ref = obj(source[kind]);
      if (!ref) continue;
      count++;
      const p = child(srcPath, kind);
      if (!str(ref.name)) errs.push(required(child(p, 'name')));
      list(ref.items).forEach((kp, j) => {
        const item = obj(kp) ?? {};
        errs.push(...keyToPath(item, index(child(p, 'items'), j)));
        claimPath(str(item.path), str(ref.name));
      });
    }
    const downward = obj(source.downwardAPI);
    if (downward) {
      count++;
      for (const f of list(downward.items)) {
        const file = obj(f) ?? {};
        errs.push(...downwardAPIFile(file, child(srcPath, 'downwardAPI')));
        if (str(file.path)) {
          if (seen.has(str(file.path))) errs.push(invalid(path, str(file.path), 'conflicting duplicate paths'));
          else seen.add(str(file.path));
        }
      }
    }
    const token = obj(source.serviceAccountToken);
    if (token) {
      count++;
      const p = child(srcPath, 'serviceAccountToken');
      const exp = num(token.expirationSeconds) ?? 0;
      if (exp < 600) errs.push(invalid(child(p, 'expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(invalid(child(p, 'expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'));
      if (!str(token.path)) errs.push(required(child(path, 'path')));
      else errs.push(...localNonReservedPath(str(token.path), child(path, 'path')));
    }
    if (source.clusterTrustBundle !== undefined && source.clusterTrustBundle !== null) count++;
    if (count > 1) errs.push(forbiddenField(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
};

const checkCSI: SourceCheck = (src, path) => {
  const driver = str(src.driver);
  const errs: FieldError[] = [];
  if (!driver) errs.push(required(child(path, 'driver')));
  if (driver.length > 63) errs.push(tooLong(child(path, 'driver'), 63));
  for (const m of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalid(child(path, 'driver'), driver, m));
  return errs;
};

const checkEphemeral: SourceCheck = (src, path) => (src.volumeClaimTemplate ? [] : [required(child(path, 'volumeClaimTemplate'))]);

const checkImage: SourceCheck = (src, path, ctx) => {
  const errs: FieldError[] = [];
  if (ctx.opts.resourceIsPod && !str(src.reference)) errs.push(required(child(path, 'reference')));
  if (src.pullPolicy !== undefined) errs.push(...pullPolicy(src.pullPolicy, child(path, 'pullPolicy')));
  return errs;
};

const checkRequiredFields =
  (...fields: string[]): SourceCheck =>
  (src, path) =>
    fields.filter((f) => !has(src, f) || src[f] === '').map((f) => required(child(path, f)));

/** [field, path used for the "more than 1" error, path used for validation, check] in upstream order. */
const VOLUME_SOURCES: [string, string, string, SourceCheck?][] = [
  ['emptyDir', 'emptyDir', 'emptyDir', checkEmptyDir],
  ['hostPath', 'hostPath', 'hostPath', checkHostPath],
  ['gitRepo', 'gitRepo', 'gitRepo', (s, p) => [...(str(s.repository) ? [] : [required(child(p, 'repository'))]), ...localDescendingPath(str(s.directory), child(p, 'directory'))]],
  ['gcePersistentDisk', 'gcePersistentDisk', 'persistentDisk', checkRequiredFields('pdName')],
  ['awsElasticBlockStore', 'awsElasticBlockStore', 'awsElasticBlockStore', checkRequiredFields('volumeID')],
  ['secret', 'secret', 'secret', checkSecret],
  ['nfs', 'nfs', 'nfs', checkNFS],
  ['iscsi', 'iscsi', 'iscsi', checkRequiredFields('targetPortal', 'iqn')],
  ['glusterfs', 'glusterfs', 'glusterfs', checkRequiredFields('endpoints', 'path')],
  ['flocker', 'flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim', 'persistentVolumeClaim', checkPVC],
  ['rbd', 'rbd', 'rbd', checkRequiredFields('monitors', 'image')],
  ['cinder', 'cinder', 'cinder', checkRequiredFields('volumeID')],
  ['cephfs', 'cephFS', 'cephfs', checkRequiredFields('monitors')],
  ['quobyte', 'quobyte', 'quobyte'],
  // The typo in the forbidden path is upstream's.
  ['downwardAPI', 'downwarAPI', 'downwardAPI', checkDownwardAPI],
  ['fc', 'fc', 'fc'],
  ['flexVolume', 'flexVolume', 'flexVolume', checkRequiredFields('driver')],
  ['configMap', 'configMap', 'configMap', checkConfigMap],
  ['azureFile', 'azureFile', 'azureFile', checkRequiredFields('secretName', 'shareName')],
  ['vsphereVolume', 'vsphereVolume', 'vsphereVolume', checkRequiredFields('volumePath')],
  ['photonPersistentDisk', 'photonPersistentDisk', 'photonPersistentDisk', checkRequiredFields('pdID')],
  ['portworxVolume', 'portworxVolume', 'portworxVolume', checkRequiredFields('volumeID')],
  ['azureDisk', 'azureDisk', 'azureDisk', checkRequiredFields('diskName', 'diskURI')],
  ['storageos', 'storageos', 'storageos', checkRequiredFields('volumeName')],
  ['projected', 'projected', 'projected', cleanOnce(checkProjected)],
  ['scaleIO', 'scaleIO', 'scaleIO', checkRequiredFields('gateway', 'system', 'volumeName')],
  ['csi', 'csi', 'csi', checkCSI],
  ['ephemeral', 'ephemeral', 'ephemeral', checkEphemeral],
  ['image', 'image', 'image', checkImage],
];

const SOURCE_OF_FIELD = new Map(VOLUME_SOURCES.map((s) => [s[0], s]));

function volumeSourceInto(errs: FieldError[], vol: Obj, path: string, ctx: VolumeContext): void {
  // Nearly every volume names one source: find it among the volume's own keys
  // rather than probing every source field; with several, go in upstream order.
  let only: (typeof VOLUME_SOURCES)[number] | undefined;
  let present = 0;
  for (const k in vol) {
    const source = SOURCE_OF_FIELD.get(k);
    if (source === undefined || vol[k] === undefined || vol[k] === null) continue;
    only = source;
    present++;
  }
  if (present === 0) {
    errs.push(required(path, 'must specify a volume type'));
    return;
  }
  if (present === 1 && only) {
    const [field, , checkName, check] = only;
    if (check) pushAll(errs, check(obj(vol[field]) ?? {}, child(path, checkName), ctx));
    return;
  }
  let count = 0;
  for (const [field, forbidName, checkName, check] of VOLUME_SOURCES) {
    if (vol[field] === undefined || vol[field] === null) continue;
    if (count > 0) {
      errs.push(forbiddenField(child(path, forbidName), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    if (check) pushAll(errs, check(obj(vol[field]) ?? {}, child(path, checkName), ctx));
  }
}

/** ValidateVolumes: only volumes without errors become mountable. */
function volumesInto(errs: FieldError[], volumes: unknown, path: string, ctx: VolumeContext): Map<string, Obj> {
  const mountable = new Map<string, Obj>();
  const all = list(volumes);
  for (let i = 0; i < all.length; i++) {
    const vol = obj(all[i]) ?? {};
    const p = index(path, i);
    const name = str(vol.name);
    const before = errs.length;
    volumeSourceInto(errs, vol, p, ctx);
    if (!name) errs.push(required(child(p, 'name')));
    else dns1123LabelInto(errs, name, p, 'name');
    if (mountable.has(name)) errs.push(duplicate(child(p, 'name'), name));
    if (errs.length === before) mountable.set(name, vol);
  }
  return mountable;
}

// ---- containers ----------------------------------------------------------------------------

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
/** A shared empty result, for checks that are only read. */
const NO_ERRORS: readonly FieldError[] = Object.freeze([]);
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function pullPolicy(policy: unknown, path: string): readonly FieldError[] {
  const p = str(policy);
  if (PULL_POLICIES.includes(p)) return NO_ERRORS;
  if (p === '') return [required(path)];
  return [unsupported(path, p, PULL_POLICIES)];
}

function containerPortsInto(errs: FieldError[], ports: unknown, containerPath: string): void {
  const all = list(ports);
  if (all.length === 0) return;
  const path = child(containerPath, 'ports');
  let names: Set<string> | undefined;
  for (let i = 0; i < all.length; i++) {
    const port = obj(all[i]) ?? {};
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(child(index(path, i), 'name'), name, m));
      else if (names?.has(name)) errs.push(duplicate(child(index(path, i), 'name'), name));
      else (names ??= new Set()).add(name);
    }
    const containerPort = num(port.containerPort) ?? 0;
    if (containerPort === 0) errs.push(required(child(index(path, i), 'containerPort')));
    else for (const m of isValidPortNum(containerPort)) errs.push(invalid(child(index(path, i), 'containerPort'), containerPort, m));
    const hostPort = num(port.hostPort) ?? 0;
    if (hostPort !== 0) for (const m of isValidPortNum(hostPort)) errs.push(invalid(child(index(path, i), 'hostPort'), hostPort, m));
    const protocol = str(port.protocol);
    if (!protocol) errs.push(required(child(index(path, i), 'protocol')));
    else if (!PROTOCOLS.includes(protocol)) errs.push(unsupported(child(index(path, i), 'protocol'), protocol, PROTOCOLS));
  }
}

function keySelector(s: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(s.name);
  for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(child(path, 'name'), name, m));
  const k = str(s.key);
  if (!k) errs.push(required(child(path, 'key')));
  else for (const m of isConfigMapKey(k)) errs.push(invalid(child(path, 'key'), k, m));
  return errs;
}

function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(env).forEach((raw, i) => {
    const ev = obj(raw) ?? {};
    const p = index(path, i);
    const name = str(ev.name);
    if (!name) errs.push(required(child(p, 'name')));
    else for (const m of isRelaxedEnvVarName(name)) errs.push(invalid(child(p, 'name'), name, m));
    const from = obj(ev.valueFrom);
    if (!from) return;
    const fp = child(p, 'valueFrom');
    let sources = 0;
    if (obj(from.fieldRef)) {
      sources++;
      errs.push(...objectFieldSelector(obj(from.fieldRef) ?? {}, ENV_FIELD_EXPRESSIONS, child(fp, 'fieldRef')));
    }
    if (obj(from.resourceFieldRef)) {
      sources++;
      errs.push(...resourceFieldSelector(obj(from.resourceFieldRef) ?? {}, child(fp, 'resourceFieldRef'), false));
    }
    if (obj(from.configMapKeyRef)) {
      sources++;
      errs.push(...keySelector(obj(from.configMapKeyRef) ?? {}, child(fp, 'configMapKeyRef')));
    }
    if (obj(from.secretKeyRef)) {
      sources++;
      errs.push(...keySelector(obj(from.secretKeyRef) ?? {}, child(fp, 'secretKeyRef')));
    }
    if (sources === 0) errs.push(invalid(fp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (str(ev.value) !== '') errs.push(invalid(fp, '', 'may not be specified when `value` is not empty'));
    else if (sources > 1) errs.push(invalid(fp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(envFrom).forEach((raw, i) => {
    const ev = obj(raw) ?? {};
    const p = index(path, i);
    const prefix = str(ev.prefix);
    if (prefix) for (const m of isRelaxedEnvVarName(prefix)) errs.push(invalid(child(p, 'prefix'), prefix, m));
    let sources = 0;
    for (const kind of ['configMapRef', 'secretRef']) {
      const ref = obj(ev[kind]);
      if (!ref) continue;
      sources++;
      const name = str(ref.name);
      if (!name) errs.push(required(child(p, kind, 'name')));
      else for (const m of nameIsDNSSubdomain(name, true)) errs.push(invalid(child(p, kind, 'name'), name, m));
    }
    // Upstream reports these two on the list's path, not the entry's.
    if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function volumeMountsInto(errs: FieldError[], mounts: unknown, devices: ReadonlyMap<string, string>, volumes: Map<string, Obj>, container: Obj, containerPath: string): void {
  const all = list(mounts);
  if (all.length === 0) return;
  const path = child(containerPath, 'volumeMounts');
  // One mount cannot repeat a mount point: the set is needed from the second on.
  const mountPoints = all.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < all.length; i++) {
    const m = obj(all[i]) ?? {};
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push(required(child(index(path, i), 'name')));
    if (!volumes.has(name)) errs.push(notFoundField(child(index(path, i), 'name'), name));
    if (!mountPath) errs.push(required(child(index(path, i), 'mountPath')));
    if (mountPoints?.has(mountPath)) errs.push(invalid(child(index(path, i), 'mountPath'), mountPath, 'must be unique'));
    mountPoints?.add(mountPath);
    if (devices.size > 0) {
      if (devices.has(name)) errs.push(invalid(child(index(path, i), 'name'), name, 'must not already exist in volumeDevices'));
      if ([...devices.values()].includes(mountPath)) errs.push(invalid(child(index(path, i), 'mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    }
    if (m.subPath === undefined && m.subPathExpr === undefined && m.mountPropagation === undefined) continue;
    const p = index(path, i);
    const vol = volumes.get(name);
    if (vol && obj(vol.image)) {
      if (str(m.subPath)) errs.push(invalid(child(p, 'subPath'), str(m.subPath), 'not allowed in image volume sources'));
      if (str(m.subPathExpr)) errs.push(invalid(child(p, 'subPathExpr'), str(m.subPathExpr), 'not allowed in image volume sources'));
    }
    // Upstream validates subPath against the list's path (not the entry's).
    if (str(m.subPath)) errs.push(...localDescendingPath(str(m.subPath), child(path, 'subPath')));
    if (str(m.subPathExpr)) {
      if (str(m.subPath)) errs.push(invalid(child(p, 'subPathExpr'), str(m.subPathExpr), 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...localDescendingPath(str(m.subPathExpr), child(path, 'subPathExpr')));
    }
    if (typeof m.mountPropagation === 'string') {
      const mp = m.mountPropagation;
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(mp)) errs.push(unsupported(child(path, 'mountPropagation'), mp, supported));
      const privileged = obj(container.securityContext)?.privileged === true;
      if (mp === 'Bidirectional' && !privileged) {
        errs.push(forbiddenField(child(path, 'mountPropagation'), 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
  }
}

// ---- resources -----------------------------------------------------------------------------

const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);

const isHugePages = (n: string): boolean => n.startsWith('hugepages-');

export function isStandardResourceName(n: string): boolean {
  return STANDARD_RESOURCES.has(n) || isHugePages(n) || n.startsWith('requests.hugepages-');
}

const isNativeResource = (n: string): boolean => !n.includes('/') || n.includes('kubernetes.io/');

/** helper.IsOvercommitAllowed: native resources other than hugepages. */
function overcommitAllowed(n: string): boolean {
  return isNativeResource(n) && !isHugePages(n);
}

/** validateResourceName: a qualified name; unprefixed ones must be standard. */
export function validateResourceName(name: string, path: string): FieldError[] {
  const errs = qualifiedName(name, path);
  if (errs.length) return errs;
  if (!name.includes('/') && !isStandardResourceName(name)) errs.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
  return errs;
}

export function containerResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(name) && !isHugePages(name)) {
      errs.push(invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && (name.startsWith('requests.') || isQualifiedName(`requests.${name}`).length > 0)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** Quantity.String() of a value the defaulter already canonicalised. */
export function quantityText(raw: unknown): string {
  return canonical(raw) ?? (typeof raw === 'string' ? raw : String(raw));
}

function resourceRequirementsInto(errs: FieldError[], resources: unknown, containerPath: string): void {
  const r = obj(resources);
  if (!r || (r.limits === undefined && r.requests === undefined)) return;
  const path = child(containerPath, 'resources');
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits = obj(r.limits) ?? {};
  const requests = obj(r.requests) ?? {};
  let limCpuMem = false;
  let reqCpuMem = false;
  let hugePages = false;
  for (const name in limits) {
    const raw = limits[name];
    if (!isCoreContainerResource(name)) pushAll(errs, containerResourceName(name, key(limPath, name)));
    const q = parseQuantity(raw);
    if (q && q.value < 0) errs.push(invalid(key(limPath, name), quantityText(raw), 'must be greater than or equal to 0'));
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') limCpuMem = true;
  }
  for (const name in requests) {
    const raw = requests[name];
    if (!isCoreContainerResource(name)) pushAll(errs, containerResourceName(name, key(reqPath, name)));
    const q = parseQuantity(raw);
    if (q && q.value < 0) errs.push(invalid(key(reqPath, name), quantityText(raw), 'must be greater than or equal to 0'));
    if (name in limits) {
      const lim = parseQuantity(limits[name]);
      if (q && lim) {
        const cmp = Math.sign(q.value - lim.value);
        if (cmp !== 0 && !overcommitAllowed(name)) {
          errs.push(invalid(reqPath, quantityText(raw), `must be equal to ${name} limit of ${quantityText(limits[name])}`));
        } else if (cmp > 0) {
          errs.push(invalid(reqPath, quantityText(raw), `must be less than or equal to ${name} limit of ${quantityText(limits[name])}`));
        }
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && hugePages) errs.push(forbiddenField(path, 'HugePages require cpu or memory'));
}

/** The names containerResourceName accepts without a word: standard and usable by containers. */
function isCoreContainerResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name === 'ephemeral-storage';
}

function resizePolicy(policies: unknown, path: string, podRestartPolicy: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list(policies).forEach((raw, i) => {
    const p = obj(raw) ?? {};
    const name = str(p.resourceName);
    const restart = str(p.restartPolicy);
    if (seen.has(name)) errs.push(duplicate(index(path, i), name));
    seen.add(name);
    if (!name) errs.push(required(path));
    else if (name !== 'cpu' && name !== 'memory') errs.push(unsupported(path, name, ['cpu', 'memory']));
    if (!restart) errs.push(required(path));
    else if (restart !== 'NotRequired' && restart !== 'RestartContainer') errs.push(unsupported(path, restart, ['NotRequired', 'RestartContainer']));
    if (podRestartPolicy === 'Never' && restart !== 'NotRequired') errs.push(invalid(path, restart, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
  });
  return errs;
}

/** The internal core.SecurityContext as encoding/json prints it (Go field names). */
function securityContextValue(sc: Obj): Obj {
  const pick = (k: string): unknown => (sc[k] === undefined ? null : sc[k]);
  return {
    Capabilities: pick('capabilities'),
    Privileged: pick('privileged'),
    SELinuxOptions: pick('seLinuxOptions'),
    WindowsOptions: pick('windowsOptions'),
    RunAsUser: pick('runAsUser'),
    RunAsGroup: pick('runAsGroup'),
    RunAsNonRoot: pick('runAsNonRoot'),
    ReadOnlyRootFilesystem: pick('readOnlyRootFilesystem'),
    AllowPrivilegeEscalation: pick('allowPrivilegeEscalation'),
    ProcMount: pick('procMount'),
    SeccompProfile: pick('seccompProfile'),
    AppArmorProfile: pick('appArmorProfile'),
  };
}

function idRange(value: unknown, path: string): FieldError[] {
  const n = num(value);
  return n !== undefined && (n < 0 || n > MAX_ID) ? [invalid(path, n, inclusiveRangeError(0, MAX_ID))] : [];
}

function seccompProfile(sp: unknown, path: string): FieldError[] {
  const p = obj(sp);
  if (!p) return [];
  const errs: FieldError[] = [];
  const type = str(p.type);
  const types = ['Localhost', 'RuntimeDefault', 'Unconfined'];
  if (!type) errs.push(required(child(path, 'type'), 'type is required when seccompProfile is set'));
  else if (!types.includes(type)) errs.push(unsupported(child(path, 'type'), type, types));
  if (type === 'Localhost') {
    if (p.localhostProfile === undefined || p.localhostProfile === null) errs.push(required(child(path, 'localhostProfile'), 'must be set when seccomp type is Localhost'));
    else errs.push(...localDescendingPath(str(p.localhostProfile), child(path, 'localhostProfile')));
  }
  return errs;
}

function containerSecurityContext(raw: unknown, path: string, hostUsers: boolean): FieldError[] {
  const sc = obj(raw);
  if (!sc) return [];
  const errs: FieldError[] = [];
  errs.push(...idRange(sc.runAsUser, child(path, 'runAsUser')));
  errs.push(...idRange(sc.runAsGroup, child(path, 'runAsGroup')));
  if (typeof sc.procMount === 'string') {
    if (sc.procMount !== 'Default' && sc.procMount !== 'Unmasked') errs.push(unsupported(child(path, 'procMount'), sc.procMount, ['Default', 'Unmasked']));
    if (hostUsers && sc.procMount === 'Unmasked') errs.push(invalid(child(path, 'procMount'), sc.procMount, '`hostUsers` must be false to use `Unmasked`'));
  }
  errs.push(...seccompProfile(sc.seccompProfile, child(path, 'seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) errs.push(invalid(path, securityContextValue(sc), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    for (const cap of list(obj(sc.capabilities)?.add)) {
      if (cap === 'CAP_SYS_ADMIN') errs.push(invalid(path, securityContextValue(sc), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
    }
  }
  return errs;
}

// ---- probes and lifecycle -----------------------------------------------------------------

function handler(h: Obj, path: string, kinds: string[], gracePeriod: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of kinds) {
    const v = obj(h[kind]);
    if (!v) continue;
    if (count > 0) {
      errs.push(forbiddenField(child(path, kind), 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const p = child(path, kind);
    switch (kind) {
      case 'exec':
        if (list(v.command).length === 0) errs.push(required(child(p, 'command')));
        break;
      case 'httpGet': {
        if (!str(v.path)) errs.push(required(child(p, 'path')));
        errs.push(...validatePortNumOrName(v.port, child(p, 'port')));
        const scheme = str(v.scheme);
        if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(unsupported(child(p, 'scheme'), scheme, ['HTTP', 'HTTPS']));
        for (const hdr of list(v.httpHeaders)) {
          const name = str(obj(hdr)?.name);
          for (const m of isHTTPHeaderName(name)) errs.push(invalid(child(p, 'httpHeaders'), name, m));
        }
        break;
      }
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(v.port, child(p, 'port')));
        break;
      case 'grpc': {
        const port = num(v.port) ?? 0;
        for (const m of isValidPortNum(port)) errs.push(invalid(child(p, 'port'), port, m));
        break;
      }
      case 'sleep': {
        const seconds = num(v.seconds) ?? 0;
        if (gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)) {
          errs.push(invalid(p, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`));
        }
        break;
      }
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const PROBE_COUNTERS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

function probe(raw: unknown, path: string, kind: 'liveness' | 'readiness' | 'startup', gracePeriod: number | undefined): FieldError[] {
  const p = obj(raw);
  if (!p) return [];
  const errs = handler(p, path, PROBE_HANDLERS, gracePeriod);
  for (const f of PROBE_COUNTERS) {
    const n = num(p[f] ?? 0);
    if (n !== undefined && n < 0) pushAll(errs, nonNegative(n, child(path, f)));
  }
  const tgps = num(p.terminationGracePeriodSeconds);
  if (tgps !== undefined && tgps <= 0) errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  if (kind === 'readiness' && p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds !== null) {
    errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), p.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  if (kind !== 'readiness' && (num(p.successThreshold) ?? 0) !== 1) errs.push(invalid(child(path, 'successThreshold'), num(p.successThreshold) ?? 0, 'must be 1'));
  return errs;
}

function lifecycle(raw: Obj, path: string, gracePeriod: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const h = obj(raw[hook]);
    if (h) errs.push(...handler(h, child(path, hook), LIFECYCLE_HANDLERS, gracePeriod));
  }
  return errs;
}

interface ContainerContext {
  volumes: Map<string, Obj>;
  podRestartPolicy: string;
  hostUsers: boolean;
}

const NO_DEVICES: ReadonlyMap<string, string> = new Map();

/** validateContainerCommon. Parts whose field is absent cannot fail and are skipped. */
function containerCommonInto(errs: FieldError[], c: Obj, path: string, ctx: ContainerContext): void {
  const name = str(c.name);
  if (!name) errs.push(required(child(path, 'name')));
  else dns1123LabelInto(errs, name, path, 'name');
  if (!str(c.image)) errs.push(required(child(path, 'image')));
  const tmp = str(c.terminationMessagePolicy);
  if (tmp === '') errs.push(required(child(path, 'terminationMessagePolicy')));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(unsupported(child(path, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']));
  const deviceList = list(c.volumeDevices);
  let devices = NO_DEVICES;
  if (deviceList.length) {
    const byName = new Map<string, string>();
    for (const d of deviceList) byName.set(str(obj(d)?.name), str(obj(d)?.devicePath));
    devices = byName;
  }
  containerPortsInto(errs, c.ports, path);
  if (c.env !== undefined) pushAll(errs, validateEnv(c.env, child(path, 'env')));
  if (c.envFrom !== undefined) pushAll(errs, validateEnvFrom(c.envFrom, child(path, 'envFrom')));
  volumeMountsInto(errs, c.volumeMounts, devices, ctx.volumes, c, path);
  const pullErrs = pullPolicy(c.imagePullPolicy, path);
  if (pullErrs.length) pushAll(errs, pullPolicy(c.imagePullPolicy, child(path, 'imagePullPolicy')));
  resourceRequirementsInto(errs, c.resources, path);
  if (c.resizePolicy !== undefined) pushAll(errs, resizePolicy(c.resizePolicy, child(path, 'resizePolicy'), ctx.podRestartPolicy));
  if (c.securityContext !== undefined) pushAll(errs, containerSecurityContext(c.securityContext, child(path, 'securityContext'), ctx.hostUsers));
}

/** Port conflicts: the same protocol/hostIP/hostPort may be used once. */
function hostPortConflictsInto(errs: FieldError[], containers: readonly unknown[], path: string, firstIndex: number): void {
  let seen: Set<string> | undefined;
  for (let ci = 0; ci < containers.length; ci++) {
    const ports = list(obj(containers[ci])?.ports);
    for (let pi = 0; pi < ports.length; pi++) {
      const port = obj(ports[pi]) ?? {};
      const hostPort = num(port.hostPort) ?? 0;
      if (hostPort === 0) continue;
      const k = `${str(port.protocol)}/${str(port.hostIP)}/${hostPort}`;
      if (seen?.has(k)) errs.push(duplicate(child(index(child(index(path, firstIndex + ci), 'ports'), pi), 'hostPort'), k));
      else (seen ??= new Set()).add(k);
    }
  }
}

function probesInto(errs: FieldError[], c: Obj, p: string, gracePeriod: number | undefined): void {
  if (obj(c.livenessProbe)) pushAll(errs, probe(c.livenessProbe, child(p, 'livenessProbe'), 'liveness', gracePeriod));
  if (obj(c.readinessProbe)) pushAll(errs, probe(c.readinessProbe, child(p, 'readinessProbe'), 'readiness', gracePeriod));
  if (obj(c.startupProbe)) pushAll(errs, probe(c.startupProbe, child(p, 'startupProbe'), 'startup', gracePeriod));
}

function containersInto(errs: FieldError[], containers: unknown, path: string, ctx: ContainerContext, gracePeriod: number | undefined): void {
  const all = list(containers);
  if (all.length === 0) {
    errs.push(required(path));
    return;
  }
  const names = all.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < all.length; i++) {
    const c = obj(all[i]) ?? {};
    const p = index(path, i);
    containerCommonInto(errs, c, p, ctx);
    const name = str(c.name);
    if (names?.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else names?.add(name);
    if (obj(c.lifecycle)) pushAll(errs, lifecycle(obj(c.lifecycle) ?? {}, child(p, 'lifecycle'), gracePeriod));
    probesInto(errs, c, p, gracePeriod);
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) errs.push(forbiddenField(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  }
  hostPortConflictsInto(errs, all, path, 0);
}

function initContainersInto(errs: FieldError[], inits: unknown, regular: unknown, path: string, ctx: ContainerContext, gracePeriod: number | undefined): void {
  if (list(inits).length === 0) return;
  const names = new Set(list(regular).map((c) => str(obj(c)?.name)));
  list(inits).forEach((raw, i) => {
    const c = obj(raw) ?? {};
    const p = index(path, i);
    containerCommonInto(errs, c, p, ctx);
    let restartAlways = false;
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) {
      if (c.restartPolicy !== 'Always') errs.push(unsupported(child(p, 'restartPolicy'), c.restartPolicy, ['Always']));
      restartAlways = c.restartPolicy === 'Always';
    }
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else if (name) names.add(name);
    hostPortConflictsInto(errs, [c], path, i);
    if (restartAlways) {
      if (obj(c.lifecycle)) pushAll(errs, lifecycle(obj(c.lifecycle) ?? {}, child(p, 'lifecycle'), gracePeriod));
      probesInto(errs, c, p, gracePeriod);
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[f] !== undefined && c[f] !== null) errs.push(forbiddenField(child(p, f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
}

// ---- pod-level fields ----------------------------------------------------------------------

function tolerations(raw: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerationsInto(errs, raw, path);
  return errs;
}

function tolerationsInto(errs: FieldError[], raw: unknown, path: string): void {
  list(raw).forEach((t, i) => {
    const tol = obj(t) ?? {};
    const k = str(tol.key);
    const op = str(tol.operator);
    const effect = str(tol.effect);
    const value = str(tol.value);
    if (
      (op === 'Exists' && !value && (k === '' || isQualifiedName(k).length === 0)) &&
      (tol.tolerationSeconds === undefined || tol.tolerationSeconds === null || effect === 'NoExecute') &&
      (effect === '' || TAINT_EFFECTS.includes(effect))
    ) {
      return;
    }
    const p = index(path, i);
    if (k) errs.push(...validateLabelName(k, child(p, 'key')));
    if (!k && op !== 'Exists') {
      errs.push(invalid(child(p, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (tol.tolerationSeconds !== undefined && tol.tolerationSeconds !== null && effect !== 'NoExecute') {
      errs.push(invalid(child(p, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length) errs.push(invalid(child(p, 'operator'), value, msgs.join(';')));
    } else if (op === 'Exists') {
      if (value) errs.push(invalid(child(p, 'operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(unsupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    }
    if (effect && !TAINT_EFFECTS.includes(effect)) {
      errs.push(unsupported(child(p, 'effect'), effect, TAINT_EFFECTS));
    }
  });
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export { tolerations as validateTolerations };

function nodeSelectorRequirement(rq: Obj, path: string, strictValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(rq.operator);
  const values = list(rq.values).map(str);
  if (op === 'In' || op === 'NotIn') {
    if (values.length === 0) errs.push(required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (op === 'Exists' || op === 'DoesNotExist') {
    if (values.length > 0) errs.push(forbiddenField(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  } else if (op === 'Gt' || op === 'Lt') {
    if (values.length !== 1) errs.push(required(child(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
  } else {
    errs.push(invalid(child(path, 'operator'), op, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(rq.key), child(path, 'key')));
  if (strictValues) {
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(v)) errs.push(invalid(index(child(path, 'values'), i), v, m));
    });
  }
  return errs;
}

function nodeSelectorTerm(term: Obj, path: string, strictValues: boolean): FieldError[] {
  const errs: FieldError[] = [];
  list(term.matchExpressions).forEach((r, j) => errs.push(...nodeSelectorRequirement(obj(r) ?? {}, index(child(path, 'matchExpressions'), j), strictValues)));
  list(term.matchFields).forEach((r, j) => {
    const rq = obj(r) ?? {};
    const p = index(child(path, 'matchFields'), j);
    const op = str(rq.operator);
    const values = list(rq.values).map(str);
    if (op === 'In' || op === 'NotIn') {
      if (values.length !== 1) errs.push(required(child(p, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    } else {
      errs.push(invalid(child(p, 'operator'), op, 'not a valid selector operator'));
    }
    if (str(rq.key) !== 'metadata.name') errs.push(invalid(child(p, 'key'), str(rq.key), 'not a valid field selector key'));
    else values.forEach((v, i) => errs.push(...dns1123Subdomain(v, index(child(p, 'values'), i))));
  });
  return errs;
}

function podAffinityTerm(term: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(term.labelSelector, child(path, 'labelSelector')));
  errs.push(...validateLabelSelector(term.namespaceSelector, child(path, 'namespaceSelector')));
  for (const ns of list(term.namespaces)) {
    const name = str(ns);
    for (const m of isDNS1123Label(name)) errs.push(invalid(child(path, 'namespace'), name, m));
  }
  const topologyKey = str(term.topologyKey);
  if (!topologyKey) errs.push(required(child(path, 'topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, child(path, 'topologyKey')));
  return errs;
}

function affinity(raw: unknown, path: string): FieldError[] {
  const a = obj(raw);
  if (!a) return [];
  const errs: FieldError[] = [];
  const node = obj(a.nodeAffinity);
  if (node) {
    const p = child(path, 'nodeAffinity');
    const req = obj(node.requiredDuringSchedulingIgnoredDuringExecution);
    if (req) {
      const tp = child(p, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
      const terms = list(req.nodeSelectorTerms);
      if (terms.length === 0) errs.push(required(tp, 'must have at least one node selector term'));
      terms.forEach((t, i) => errs.push(...nodeSelectorTerm(obj(t) ?? {}, index(tp, i), true)));
    }
    list(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const term = obj(t) ?? {};
      const tp = index(child(p, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const weight = num(term.weight) ?? 0;
      if (weight <= 0 || weight > 100) errs.push(invalid(child(tp, 'weight'), weight, 'must be in the range 1-100'));
      errs.push(...nodeSelectorTerm(obj(term.preference) ?? {}, child(tp, 'preference'), false));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = obj(a[kind]);
    if (!pa) continue;
    const p = child(path, kind);
    list(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      errs.push(...podAffinityTerm(obj(t) ?? {}, index(child(p, 'requiredDuringSchedulingIgnoredDuringExecution'), i))),
    );
    list(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const term = obj(t) ?? {};
      const tp = index(child(p, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const weight = num(term.weight) ?? 0;
      if (weight <= 0 || weight > 100) errs.push(invalid(child(tp, 'weight'), weight, 'must be in the range 1-100'));
      errs.push(...podAffinityTerm(obj(term.podAffinityTerm) ?? {}, child(tp, 'podAffinityTerm')));
    });
  }
  return errs;
}

const SEARCH_FMT = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*';
const SEARCH_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character";

function dnsConfig(raw: unknown, dnsPolicy: string, path: string): FieldError[] {
  const cfg = obj(raw);
  if (dnsPolicy === 'None') {
    if (!cfg) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (list(cfg.nameservers).length === 0) return [required(child(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!cfg) return [];
  const errs: FieldError[] = [];
  const nameservers = list(cfg.nameservers).map(str);
  if (nameservers.length > 3) errs.push(invalid(child(path, 'nameservers'), nameservers, 'must not have more than 3 nameservers'));
  nameservers.forEach((ns, i) => errs.push(...validIP(ns, index(child(path, 'nameservers'), i))));
  const searches = list(cfg.searches).map(str);
  if (searches.length > 32) errs.push(invalid(child(path, 'searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(invalid(child(path, 'searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((s, i) => {
    // RelaxedDNSSearchValidation (on by default in v1.34): '.' and underscores are allowed.
    if (s === '.') return;
    const trimmed = s.endsWith('.') ? s.slice(0, -1) : s;
    const p = index(child(path, 'searches'), i);
    if (trimmed.length > 253) errs.push(invalid(p, trimmed, 'must be no more than 253 characters'));
    if (!new RegExp(`^${SEARCH_FMT}$`).test(trimmed)) errs.push(invalid(p, trimmed, regexError(SEARCH_MSG, SEARCH_FMT, 'example.com')));
  });
  list(cfg.options).forEach((o, i) => {
    if (!str(obj(o)?.name)) errs.push(required(index(child(path, 'options'), i), 'must not be empty'));
  });
  return errs;
}

function topologySpread(raw: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const all = list(raw).map((c) => obj(c) ?? {});
  all.forEach((c, i) => {
    const p = index(path, i);
    const maxSkew = num(c.maxSkew) ?? 0;
    if (maxSkew <= 0) errs.push(invalid(child(p, 'maxSkew'), maxSkew, NOT_POSITIVE));
    const topologyKey = str(c.topologyKey);
    if (!topologyKey) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    const action = str(c.whenUnsatisfiable);
    if (action !== 'DoNotSchedule' && action !== 'ScheduleAnyway') errs.push(unsupported(child(p, 'whenUnsatisfiable'), action, ['DoNotSchedule', 'ScheduleAnyway']));
    if (all.slice(i + 1).some((o) => str(o.topologyKey) === topologyKey && str(o.whenUnsatisfiable) === action)) {
      errs.push(duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), `{${topologyKey}, ${action}}`));
    }
    const minDomains = num(c.minDomains);
    if (minDomains !== undefined) {
      if (minDomains <= 0) errs.push(invalid(child(p, 'minDomains'), minDomains, NOT_POSITIVE));
      if (action !== 'DoNotSchedule') errs.push(invalid(child(p, 'minDomains'), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (typeof c[policy] === 'string' && c[policy] !== 'Honor' && c[policy] !== 'Ignore') errs.push(unsupported(child(p, policy), c[policy], ['Honor', 'Ignore']));
    }
    errs.push(...validateLabelSelector(c.labelSelector, child(p, 'labelSelector')));
  });
  return errs;
}

function podSecurityContext(raw: unknown, path: string): FieldError[] {
  const sc = obj(raw);
  if (!sc) return [];
  const errs: FieldError[] = [];
  errs.push(...idRange(sc.fsGroup, child(path, 'fsGroup')));
  errs.push(...idRange(sc.runAsUser, child(path, 'runAsUser')));
  errs.push(...idRange(sc.runAsGroup, child(path, 'runAsGroup')));
  list(sc.supplementalGroups).forEach((g, i) => errs.push(...idRange(g, index(child(path, 'supplementalGroups'), i))));
  if (typeof sc.fsGroupChangePolicy === 'string' && sc.fsGroupChangePolicy !== 'Always' && sc.fsGroupChangePolicy !== 'OnRootMismatch') {
    errs.push(unsupported(child(path, 'fsGroupChangePolicy'), sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']));
  }
  errs.push(...seccompProfile(sc.seccompProfile, child(path, 'seccompProfile')));
  return errs;
}

/** validatePodHostNetworkDeps: with hostNetwork the host port is the container port. */
function hostNetworkDeps(spec: Obj, path: string, opts: PodSpecOptions): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errs: FieldError[] = [];
  list(spec.containers).forEach((c, i) => {
    list(obj(c)?.ports).forEach((raw, j) => {
      const port = obj(raw) ?? {};
      const hp = num(port.hostPort) ?? 0;
      const cp = num(port.containerPort) ?? 0;
      if ((opts.resourceIsPod || hp !== 0) && hp !== cp) {
        errs.push(invalid(child(index(child(index(child(path, 'containers'), i), 'ports'), j), 'hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** A map without keys: an empty pod securityContext, which has nothing to check. */
function isEmptyObject(v: unknown): boolean {
  if (!obj(v)) return false;
  for (const _ in v as Obj) return false;
  return true;
}

/** ValidatePodSpec */
export function validatePodSpec(specRaw: unknown, path: string, opts: PodSpecOptions): FieldError[] {
  const spec = obj(specRaw) ?? {};
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    errs.push(required(child(path, 'terminationGracePeriodSeconds')));
  }
  const gracePeriod = num(spec.terminationGracePeriodSeconds);
  const hostUsers = spec.hostUsers !== false;
  const mountable = volumesInto(errs, spec.volumes, child(path, 'volumes'), { opts });
  const ctx: ContainerContext = { volumes: mountable, podRestartPolicy: str(spec.restartPolicy), hostUsers };
  containersInto(errs, spec.containers, child(path, 'containers'), ctx, gracePeriod);
  if (spec.initContainers !== undefined) initContainersInto(errs, spec.initContainers, spec.containers, child(path, 'initContainers'), ctx, gracePeriod);
  if (spec.hostNetwork === true) pushAll(errs, hostNetworkDeps(spec, path, opts));

  const restartPolicy = str(spec.restartPolicy);
  if (restartPolicy === '') errs.push(required(child(path, 'restartPolicy')));
  else if (!RESTART_POLICIES.includes(restartPolicy)) errs.push(unsupported(child(path, 'restartPolicy'), restartPolicy, RESTART_POLICIES));

  const dnsPolicy = str(spec.dnsPolicy);
  if (dnsPolicy === '') errs.push(required(child(path, 'dnsPolicy')));
  else if (!DNS_POLICIES.includes(dnsPolicy)) errs.push(unsupported(child(path, 'dnsPolicy'), dnsPolicy, DNS_POLICIES));

  labelsInto(errs, spec.nodeSelector, path, 'nodeSelector');
  if (!isEmptyObject(spec.securityContext)) pushAll(errs, podSecurityContext(spec.securityContext, child(path, 'securityContext')));
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(invalid(child(path, 'securityContext', 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  if (spec.affinity !== undefined) pushAll(errs, affinity(spec.affinity, child(path, 'affinity')));
  if (spec.dnsConfig !== undefined || dnsPolicy === 'None') pushAll(errs, dnsConfig(spec.dnsConfig, dnsPolicy, child(path, 'dnsConfig')));
  list(spec.readinessGates).forEach((g, i) => errs.push(...qualifiedName(str(obj(g)?.conditionType), child(index(child(path, 'readinessGates'), i), 'conditionType'))));
  const gates = new Set<string>();
  list(spec.schedulingGates).forEach((g, i) => {
    const name = str(obj(g)?.name);
    const p = index(child(path, 'schedulingGates'), i);
    errs.push(...qualifiedName(name, p));
    if (gates.has(name)) errs.push(duplicate(p, name));
    gates.add(name);
  });
  if (spec.topologySpreadConstraints !== undefined) pushAll(errs, topologySpread(spec.topologySpreadConstraints, child(path, 'topologySpreadConstraints')));
  if (str(spec.serviceAccountName)) dns1123SubdomainInto(errs, str(spec.serviceAccountName), path, 'serviceAccountName');
  if (str(spec.nodeName)) dns1123SubdomainInto(errs, str(spec.nodeName), path, 'nodeName');
  const ads = num(spec.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) errs.push(invalid(child(path, 'activeDeadlineSeconds'), ads, inclusiveRangeError(1, MAX_INT32)));
  if (str(spec.hostname)) errs.push(...dns1123Label(str(spec.hostname), child(path, 'hostname')));
  if (str(spec.subdomain)) errs.push(...dns1123Label(str(spec.subdomain), child(path, 'subdomain')));
  if (spec.tolerations !== undefined) tolerationsInto(errs, spec.tolerations, child(path, 'tolerations'));
  list(spec.hostAliases).forEach((h, i) => {
    const alias = obj(h) ?? {};
    const p = index(child(path, 'hostAliases'), i);
    errs.push(...validIP(str(alias.ip), child(p, 'ip')));
    list(alias.hostnames).forEach((hn, j) => errs.push(...dns1123Subdomain(str(hn), index(child(p, 'hostnames'), j))));
  });
  if (str(spec.priorityClassName)) dns1123SubdomainInto(errs, str(spec.priorityClassName), path, 'priorityClassName');
  if (typeof spec.runtimeClassName === 'string') errs.push(...dns1123Subdomain(spec.runtimeClassName, child(path, 'runtimeClassName')));
  if (typeof spec.preemptionPolicy === 'string') {
    const pp = spec.preemptionPolicy;
    if (pp === '') errs.push(required(child(path, 'preemptionPolicy')));
    else if (pp !== 'PreemptLowerPriority' && pp !== 'Never') errs.push(unsupported(child(path, 'preemptionPolicy'), pp, ['PreemptLowerPriority', 'Never']));
  }
  const os = obj(spec.os);
  if (os) {
    const name = str(os.name);
    if (!name) errs.push(required(child(path, 'os', 'name'), 'cannot be empty'));
    else if (name !== 'linux' && name !== 'windows') errs.push(unsupported(child(path, 'os'), name, ['linux', 'windows']));
  }
  return errs;
}

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** ValidatePodSpecificAnnotations (the checks that apply to end users). */
export function validatePodSpecificAnnotations(annotations: unknown, spec: unknown, path: string, allowInvalidDeletionCost = false): FieldError[] {
  const a = obj(annotations) ?? {};
  const errs: FieldError[] = [];
  if (MIRROR_ANNOTATION in a && !str(obj(spec)?.nodeName)) {
    errs.push(invalid(key(path, MIRROR_ANNOTATION), str(a[MIRROR_ANNOTATION]), 'must set spec.nodeName if mirror pod annotation is set'));
  }
  if (!allowInvalidDeletionCost && DELETION_COST in a) {
    const v = str(a[DELETION_COST]);
    const okDigit = v === '0' || /^-/.test(v) || /^[1-9]/.test(v);
    const n = Number(v);
    if (!okDigit || !/^-?\d+$/.test(v) || n < -2147483648 || n > MAX_INT32) {
      errs.push(invalid(key(path, DELETION_COST), v, 'must be a 32bit integer'));
    }
  }
  return errs;
}

/** ValidatePodTemplateSpec: labels and annotations sit directly under the template's path. */
export function validatePodTemplateSpec(templateRaw: unknown, path: string): FieldError[] {
  const t = obj(templateRaw) ?? {};
  const meta = obj(t.metadata) ?? {};
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, t.spec, child(path, 'annotations')));
  errs.push(...validatePodSpec(t.spec, child(path, 'spec'), { resourceIsPod: false }));
  if (list(obj(t.spec)?.ephemeralContainers).length > 0) {
    errs.push(forbiddenField(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

/** The pod-only rule: an image may not carry surrounding whitespace. */
export function containersOnlyForPod(containers: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(containers).forEach((c, i) => {
    const image = str(obj(c)?.image);
    if (image.length !== image.trim().length) errs.push(invalid(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}


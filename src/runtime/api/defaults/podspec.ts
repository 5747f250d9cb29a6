// Defaults for every PodSpec the apiserver decodes — a Pod's own spec and the
// templates inside PodTemplate, ReplicationController, Deployment, ReplicaSet,
// DaemonSet, StatefulSet, Job and CronJob.
// Upstream: pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec, _Container,
// _Probe, _HTTPGetAction, _Volume, _SecretVolumeSource, _ConfigMapVolumeSource,
// _DownwardAPIVolumeSource, _ProjectedVolumeSource, _ServiceAccountTokenProjection,
// _HostPathVolumeSource, _ObjectFieldSelector, _ResourceList), the declarative
// `+default=` markers in k8s.io/api/core/v1/types.go (port protocol, GRPC
// service, iSCSI/RBD/AzureDisk/ScaleIO fields) and the v1 PodSpec conversion
// (serviceAccount mirrors serviceAccountName).
import { defaultPullPolicy } from './image';
import { canonicalizeField, canonicalizeResourceList } from './quantity';
import { defaultLegacyVolumeSources, defaultPVCSpec } from './volumesource';
import {
  asObj,
  child,
  ensureChild,
  isNil,
  objects,
  setDefault,
  setDefaultNonZero,
  setDefaultString,
  type Obj,
} from './util';

/** Every field of VolumeSource; a volume that sets none of them becomes an emptyDir. */
const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

/** 0644: the default file mode of secret, configMap, downwardAPI and projected volumes. */
export const DEFAULT_VOLUME_MODE = 420;

export function defaultHTTPGet(h: Obj | undefined): void {
  setDefaultString(h, 'path', '/');
  setDefaultString(h, 'scheme', 'HTTP');
}

export function defaultProbe(p: Obj | undefined): void {
  if (!p) return;
  setDefaultNonZero(p, 'timeoutSeconds', 1);
  setDefaultNonZero(p, 'periodSeconds', 10);
  setDefaultNonZero(p, 'successThreshold', 1);
  setDefaultNonZero(p, 'failureThreshold', 3);
  defaultHTTPGet(child(p, 'httpGet'));
  // GRPCAction.service is `+default=""`, so it is always written out.
  setDefault(child(p, 'grpc'), 'service', '');
}

/** ObjectFieldSelector: apiVersion defaults to v1. */
export function defaultFieldRef(ref: Obj | undefined): void {
  setDefaultString(ref, 'apiVersion', 'v1');
}

/** ResourceFieldSelector.divisor is a non-pointer Quantity: it always serializes ("0" when unset). */
function defaultResourceFieldRef(ref: Obj | undefined): void {
  if (!ref) return;
  setDefault(ref, 'divisor', '0');
  canonicalizeField(ref, 'divisor');
}

function defaultDownwardAPIItems(items: unknown): void {
  for (const item of objects(items)) {
    defaultFieldRef(child(item, 'fieldRef'));
    defaultResourceFieldRef(child(item, 'resourceFieldRef'));
  }
}

export function defaultContainer(c: Obj): void {
  if (isNil(c.imagePullPolicy) || c.imagePullPolicy === '') c.imagePullPolicy = defaultPullPolicy(c.image);
  setDefaultString(c, 'terminationMessagePath', '/dev/termination-log');
  setDefaultString(c, 'terminationMessagePolicy', 'File');
  for (const port of objects(c.ports)) setDefaultString(port, 'protocol', 'TCP');
  for (const env of objects(c.env)) {
    const from = child(env, 'valueFrom');
    defaultFieldRef(child(from, 'fieldRef'));
    defaultResourceFieldRef(child(from, 'resourceFieldRef'));
  }
  // ResourceRequirements is a struct, so `resources: {}` is always written out.
  const resources = ensureChild(c, 'resources');
  if (resources) {
    canonicalizeResourceList(resources.limits);
    canonicalizeResourceList(resources.requests);
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(child(c, probe));
  const lifecycle = child(c, 'lifecycle');
  for (const hook of ['postStart', 'preStop']) defaultHTTPGet(child(child(lifecycle, hook), 'httpGet'));
}

export function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((k) => !isNil(v[k]))) v.emptyDir = {};
  canonicalizeField(child(v, 'emptyDir'), 'sizeLimit');
  setDefault(child(v, 'secret'), 'defaultMode', DEFAULT_VOLUME_MODE);
  setDefault(child(v, 'configMap'), 'defaultMode', DEFAULT_VOLUME_MODE);
  const downward = child(v, 'downwardAPI');
  if (downward) {
    setDefault(downward, 'defaultMode', DEFAULT_VOLUME_MODE);
    defaultDownwardAPIItems(downward.items);
  }
  const projected = child(v, 'projected');
  if (projected) {
    setDefault(projected, 'defaultMode', DEFAULT_VOLUME_MODE);
    for (const source of objects(projected.sources)) {
      defaultDownwardAPIItems(child(source, 'downwardAPI')?.items);
      setDefault(child(source, 'serviceAccountToken'), 'expirationSeconds', 3600);
    }
  }
  defaultLegacyVolumeSources(v);
  const template = child(child(v, 'ephemeral'), 'volumeClaimTemplate');
  if (template) {
    ensureChild(template, 'metadata');
    const spec = ensureChild(template, 'spec');
    if (spec) defaultPVCSpec(spec);
  }
}

/** SetDefaults_PodSpec plus the nested defaulters the generated code calls for it. */
export function defaultPodSpec(spec: Obj): void {
  setDefaultString(spec, 'dnsPolicy', 'ClusterFirst');
  setDefaultString(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefaultString(spec, 'schedulerName', 'default-scheduler');
  // v1 conversion: serviceAccount is the deprecated alias of serviceAccountName.
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') {
    spec.serviceAccount = spec.serviceAccountName;
  } else if (typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '' && (isNil(spec.serviceAccountName) || spec.serviceAccountName === '')) {
    spec.serviceAccountName = spec.serviceAccount;
  }
  for (const v of objects(spec.volumes)) defaultVolume(v);
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of objects(spec[key])) defaultContainer(c);
  }
  canonicalizeResourceList(spec.overhead);
  const podResources = child(spec, 'resources');
  if (podResources) {
    canonicalizeResourceList(podResources.limits);
    canonicalizeResourceList(podResources.requests);
  }
}

/**
 * A PodTemplateSpec: its ObjectMeta is a struct (always written, `{}` when
 * empty) and its spec gets the PodSpec defaults.
 */
export function defaultPodTemplate(template: unknown): void {
  const t = asObj(template);
  if (!t) return;
  ensureChild(t, 'metadata');
  const spec = child(t, 'spec');
  if (spec) defaultPodSpec(spec);
}

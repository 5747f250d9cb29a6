// Pod create and update.
// Upstream: pkg/apis/core/validation/validation.go (ValidatePodCreate,
// validatePodMetadataAndSpec, ValidatePodUpdate, ValidateContainerUpdates,
// validateOnlyAddedTolerations, validateOnlyDeletedSchedulingGates).
import { forbiddenField, invalid, required, type FieldError } from '../errors';
import { inclusiveRangeError, nameIsDNSSubdomain } from './names';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { containersOnlyForPod, validatePodSpec, validatePodSpecificAnnotations, validateTolerations } from './podspec';
import { child, index, list, num, obj, pushAll, semanticEqual, str, type Obj } from './util';
import { deepClone, type KubeObject } from '../types';

const MAX_INT32 = 2147483647;

/** The fields a running Pod may change, listed the way the error lists them. */
const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

const POD_OPTIONS = { resourceIsPod: true };

function metadataAndSpec(pod: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain);
  if (pod.metadata.annotations !== undefined) pushAll(errs, validatePodSpecificAnnotations(pod.metadata.annotations, pod.spec, 'metadata.annotations'));
  pushAll(errs, validatePodSpec(pod.spec, 'spec', POD_OPTIONS));
  const spec = obj(pod.spec) ?? {};
  if (!str(spec.serviceAccountName)) {
    list(spec.volumes).forEach((v, vi) => {
      list(obj(obj(v)?.projected)?.sources).forEach((s, si) => {
        if (obj(s)?.serviceAccountToken) {
          errs.push(forbiddenField(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  pushAll(errs, containersOnlyForPod(spec.containers, 'spec.containers'));
  if (spec.initContainers !== undefined) pushAll(errs, containersOnlyForPod(spec.initContainers, 'spec.initContainers'));
  return errs;
}

export function validatePodCreate(pod: KubeObject): FieldError[] {
  const errs = metadataAndSpec(pod);
  const spec = obj(pod.spec) ?? {};
  if (list(spec.ephemeralContainers).length > 0) errs.push(forbiddenField('spec.ephemeralContainers', 'cannot be set on create'));
  if (str(spec.nodeName) && list(spec.schedulingGates).length > 0) {
    errs.push(forbiddenField('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}

function containerUpdates(next: unknown, old: unknown, path: string): { errs: FieldError[]; stop: boolean } {
  const n = list(next);
  if (n.length !== list(old).length) return { errs: [forbiddenField(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    const image = str(obj(c)?.image);
    if (!image) errs.push(required(child(index(path, i), 'image')));
    if (image.trim().length !== image.length) errs.push(invalid(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

function onlyAddedTolerations(next: unknown, old: unknown, path: string): FieldError[] {
  const newTols = list(next).map((t) => obj(t) ?? {});
  for (const o of list(old)) {
    const ot = obj(o) ?? {};
    const found = newTols.some((nt) => semanticEqual({ ...ot, tolerationSeconds: nt.tolerationSeconds }, nt));
    if (!found) return [forbiddenField(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, path);
}

function onlyDeletedSchedulingGates(next: unknown, old: unknown, path: string): FieldError[] {
  const before = new Set(list(old).map((g) => str(obj(g)?.name)));
  const errs: FieldError[] = [];
  list(next).forEach((g, i) => {
    const name = str(obj(g)?.name);
    if (!before.has(name)) errs.push(forbiddenField(child(index(path, i), 'name'), `only deletion is allowed, but found new scheduling gate '${name}'`));
  });
  return errs;
}

export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errs.push(...metadataAndSpec(pod));
  const spec = obj(pod.spec) ?? {};
  const oldSpec = obj(old.spec) ?? {};

  for (const field of ['containers', 'initContainers']) {
    const r = containerUpdates(spec[field], oldSpec[field], `spec.${field}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }

  const ads = num(spec.activeDeadlineSeconds);
  const oldAds = num(oldSpec.activeDeadlineSeconds);
  if (ads !== undefined) {
    if (ads < 0 || ads > MAX_INT32) {
      errs.push(invalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (oldAds !== undefined && oldAds < ads) {
      errs.push(invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (oldAds !== undefined) {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }

  errs.push(...onlyAddedTolerations(spec.tolerations, oldSpec.tolerations, 'spec.tolerations'));
  errs.push(...onlyDeletedSchedulingGates(spec.schedulingGates, oldSpec.schedulingGates, 'spec.schedulingGates'));

  if (semanticEqual(spec, oldSpec)) return errs;

  // Copy the updatable fields over from the old spec; whatever still differs was not allowed.
  const munged: Obj = deepClone(spec);
  for (const field of ['containers', 'initContainers']) {
    const olds = list(oldSpec[field]);
    if (Array.isArray(munged[field])) {
      munged[field] = (munged[field] as unknown[]).map((c, i) => ({ ...(obj(c) ?? {}), image: obj(olds[i])?.image }));
    }
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  const oldTgps = num(oldSpec.terminationGracePeriodSeconds);
  if (oldTgps !== undefined && oldTgps < 0 && num(munged.terminationGracePeriodSeconds) === 1) munged.terminationGracePeriodSeconds = oldTgps;
  if (list(oldSpec.schedulingGates).length > 0) {
    // A gated pod may gain nodeSelector entries (additions only).
    const before = obj(oldSpec.nodeSelector) ?? {};
    const after = obj(munged.nodeSelector) ?? {};
    if (Object.entries(before).every(([k, v]) => after[k] === v)) munged.nodeSelector = oldSpec.nodeSelector;
    else errs.push(invalid('spec.nodeSelector', after, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(forbiddenField('spec', `pod updates may not change fields other than ${UPDATABLE_FIELDS.join(',')}\n${podSpecDiff(oldSpec, munged)}`));
  }
  return errs;
}

// ---- the diff appended to the "pod updates may not change" message --------------------------

/** v1 PodSpec fields in the order of the internal core.PodSpec, with their Go names. */
const POD_SPEC_FIELDS: [string, string][] = [
  ['volumes', 'Volumes'],
  ['initContainers', 'InitContainers'],
  ['containers', 'Containers'],
  ['ephemeralContainers', 'EphemeralContainers'],
  ['restartPolicy', 'RestartPolicy'],
  ['terminationGracePeriodSeconds', 'TerminationGracePeriodSeconds'],
  ['activeDeadlineSeconds', 'ActiveDeadlineSeconds'],
  ['dnsPolicy', 'DNSPolicy'],
  ['nodeSelector', 'NodeSelector'],
  ['serviceAccountName', 'ServiceAccountName'],
  ['automountServiceAccountToken', 'AutomountServiceAccountToken'],
  ['nodeName', 'NodeName'],
  ['securityContext', 'SecurityContext'],
  ['imagePullSecrets', 'ImagePullSecrets'],
  ['hostname', 'Hostname'],
  ['subdomain', 'Subdomain'],
  ['setHostnameAsFQDN', 'SetHostnameAsFQDN'],
  ['affinity', 'Affinity'],
  ['schedulerName', 'SchedulerName'],
  ['tolerations', 'Tolerations'],
  ['hostAliases', 'HostAliases'],
  ['priorityClassName', 'PriorityClassName'],
  ['priority', 'Priority'],
  ['preemptionPolicy', 'PreemptionPolicy'],
  ['dnsConfig', 'DNSConfig'],
  ['readinessGates', 'ReadinessGates'],
  ['runtimeClassName', 'RuntimeClassName'],
  ['overhead', 'Overhead'],
  ['enableServiceLinks', 'EnableServiceLinks'],
  ['topologySpreadConstraints', 'TopologySpreadConstraints'],
  ['os', 'OS'],
  ['schedulingGates', 'SchedulingGates'],
  ['resourceClaims', 'ResourceClaims'],
  ['resources', 'Resources'],
];

/** In the internal type these v1 fields live inside SecurityContext. */
const SECURITY_CONTEXT_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'hostUsers'];

function internalView(spec: Obj): Obj {
  const out: Obj = {};
  for (const [v1, goName] of POD_SPEC_FIELDS) out[goName] = spec[v1];
  const sc: Obj = { ...(obj(spec.securityContext) ?? {}) };
  for (const f of SECURITY_CONTEXT_FIELDS) if (spec[f] !== undefined) sc[f] = spec[f];
  out.SecurityContext = Object.keys(sc).length ? sc : spec.securityContext;
  return out;
}

/**
 * A go-cmp style summary of what changed. Upstream appends cmp.Diff of the two
 * internal PodSpecs; go-cmp deliberately varies its whitespace between runs, so
 * only its shape can be matched: changed fields as -/+ lines, runs of equal
 * fields folded into "... // N identical fields".
 */
export function podSpecDiff(oldSpec: Obj, newSpec: Obj): string {
  const a = internalView(oldSpec);
  const b = internalView(newSpec);
  const lines = ['  core.PodSpec{'];
  let same = 0;
  const flush = (): void => {
    if (same > 0) lines.push(`  \t... // ${same} identical ${same === 1 ? 'field' : 'fields'}`);
    same = 0;
  };
  for (const [, goName] of POD_SPEC_FIELDS) {
    if (semanticEqual(a[goName], b[goName])) {
      same++;
      continue;
    }
    flush();
    if (a[goName] !== undefined) lines.push(`- \t${goName}: ${JSON.stringify(a[goName])},`);
    if (b[goName] !== undefined) lines.push(`+ \t${goName}: ${JSON.stringify(b[goName])},`);
  }
  flush();
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}

// Deployment, ReplicaSet, ReplicationController, DaemonSet and StatefulSet.
// Upstream: pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec,
// ValidateRollingUpdateDeployment, ValidateReplicaSetSpec,
// ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec,
// ValidateRollingUpdateDaemonSet, ValidateStatefulSetSpec,
// ValidateStatefulSetUpdate), pkg/apis/core/validation/validation.go
// (ValidateReplicationControllerSpec, ValidatePodTemplateSpecForRC), and the
// registry strategies (pkg/registry/apps/*/strategy.go) that add the
// selector-immutability rule for apps/v1 after the spec checks.
import { forbiddenField, invalid, required, unsupported, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { isValidPercent, nameIsDNSLabel, nameIsDNSSubdomain } from './names';
import { parseSelector, selectorMatches, templateLabelsMismatch, validateLabels, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate, validateAnnotations } from './objectmeta';
import { validatePodSpecificAnnotations, validatePodTemplateSpec } from './podspec';
import { child, goMap, immutable, intOrStringInt, intOrStringValue, list, nonNegative, num, obj, selectorValue, semanticEqual, str, type Obj } from './util';

// ---- int-or-percent helpers ----------------------------------------------------------------

/** ValidatePositiveIntOrPercent */
export function positiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(path, v, m));
  if (typeof v === 'number') return nonNegative(v, path);
  // The "%%" is upstream's: the text is not a format string there.
  return [invalid(path, intOrStringValue(v), "must be an integer or percentage (e.g '5%%')")];
}

function percentValue(v: unknown): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length) return undefined;
  return Number(v.slice(0, -1));
}

function intOrPercentValue(v: unknown): number {
  return percentValue(v) ?? intOrStringInt(v);
}

/** IsNotMoreThan100Percent */
export function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  const p = percentValue(v);
  return p !== undefined && p > 100 ? [invalid(path, intOrStringValue(v), 'must not be greater than 100%')] : [];
}

// ---- shared pieces ---------------------------------------------------------------------------

function specOf(o: KubeObject): Obj {
  return obj(o.spec) ?? {};
}

function templateOf(spec: Obj): Obj {
  return obj(spec.template) ?? {};
}

function templateLabels(spec: Obj): unknown {
  return obj(templateOf(spec).metadata)?.labels;
}

function restartPolicyOf(spec: Obj): string {
  return str(obj(templateOf(spec).spec)?.restartPolicy);
}

/** The strict selector checks Deployment, ReplicaSet and StatefulSet share. */
function requiredSelector(spec: Obj, emptyMessage: string): FieldError[] {
  if (spec.selector === undefined || spec.selector === null) return [required('spec.selector')];
  const errs = validateLabelSelector(spec.selector, 'spec.selector');
  const sel = obj(spec.selector) ?? {};
  if (Object.keys(obj(sel.matchLabels) ?? {}).length + list(sel.matchExpressions).length === 0) {
    errs.push(invalid('spec.selector', selectorValue(spec.selector), emptyMessage));
  }
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet (Deployments use it too). */
function templateForReplicaSet(spec: Obj, kind: 'ReplicaSet' | 'Deployment'): FieldError[] {
  const parsed = parseSelector(spec.selector);
  if (parsed.kind === 'error') return [invalid('spec.selector', selectorValue(spec.selector), 'invalid label selector')];
  const errs = templateLabelsMismatch(parsed, templateLabels(spec), 'spec.template.metadata.labels');
  errs.push(...validatePodTemplateSpec(spec.template, 'spec.template'));
  errs.push(...alwaysRestart(spec, kind === 'Deployment' ? 'ReplicaSet' : 'ReplicaSet'));
  return errs;
}

function alwaysRestart(spec: Obj, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  const policy = restartPolicyOf(spec);
  if (policy !== 'Always') errs.push(unsupported('spec.template.spec.restartPolicy', policy, ['Always']));
  const ads = obj(templateOf(spec).spec)?.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) errs.push(forbiddenField('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kind} is not Supported`));
  return errs;
}

function selectorImmutable(o: KubeObject, old: KubeObject): FieldError[] {
  return immutable(specOf(o).selector, specOf(old).selector, 'spec.selector', selectorValue(specOf(o).selector));
}

// ---- Deployment ------------------------------------------------------------------------------

/** The internal apps.DeploymentStrategy as encoding/json prints it. */
function strategyValue(strategy: Obj): Obj {
  const ru = obj(strategy.rollingUpdate);
  return {
    Type: str(strategy.type),
    RollingUpdate: ru ? { MaxUnavailable: intOrStringValue(ru.maxUnavailable), MaxSurge: intOrStringValue(ru.maxSurge) } : null,
  };
}

function deploymentStrategy(raw: unknown): FieldError[] {
  const strategy = obj(raw) ?? {};
  const type = str(strategy.type);
  const ru = obj(strategy.rollingUpdate);
  const path = 'spec.strategy';
  if (type === 'Recreate') {
    return ru ? [forbiddenField(child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (type === 'RollingUpdate') {
    if (!ru) return [required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
    const p = child(path, 'rollingUpdate');
    const errs = [...positiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')), ...positiveIntOrPercent(ru.maxSurge, child(p, 'maxSurge'))];
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
      errs.push(invalid(child(p, 'maxUnavailable'), intOrStringValue(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
    }
    errs.push(...notMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')));
    return errs;
  }
  return [unsupported(path, strategyValue(strategy), ['Recreate', 'RollingUpdate'])];
}

function deploymentSpec(d: KubeObject): FieldError[] {
  const spec = specOf(d);
  const errs = nonNegative(spec.replicas, 'spec.replicas');
  errs.push(...requiredSelector(spec, 'empty selector is invalid for deployment'));
  errs.push(...templateForReplicaSet(spec, 'Deployment'));
  errs.push(...deploymentStrategy(spec.strategy));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const pds = num(spec.progressDeadlineSeconds);
  if (pds !== undefined) {
    errs.push(...nonNegative(pds, 'spec.progressDeadlineSeconds'));
    if (pds <= (num(spec.minReadySeconds) ?? 0)) errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export function validateDeployment(d: KubeObject): FieldError[] {
  return [...validateObjectMeta(d.metadata, true, nameIsDNSSubdomain), ...deploymentSpec(d)];
}

export function validateDeploymentUpdate(d: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(d.metadata, old.metadata), ...deploymentSpec(d), ...selectorImmutable(d, old)];
}

// ---- ReplicaSet ------------------------------------------------------------------------------

function replicaSetSpec(rs: KubeObject): FieldError[] {
  const spec = specOf(rs);
  const errs = [...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds')];
  // Upstream reuses the Deployment wording here.
  errs.push(...requiredSelector(spec, 'empty selector is invalid for deployment'));
  errs.push(...templateForReplicaSet(spec, 'ReplicaSet'));
  return errs;
}

export function validateReplicaSet(rs: KubeObject): FieldError[] {
  return [...validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain), ...replicaSetSpec(rs)];
}

export function validateReplicaSetUpdate(rs: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(rs.metadata, old.metadata), ...replicaSetSpec(rs), ...selectorImmutable(rs, old)];
}

// ---- ReplicationController -------------------------------------------------------------------

function replicationControllerSpec(rc: KubeObject): FieldError[] {
  const spec = specOf(rc);
  const errs = nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
  const selector = obj(spec.selector) ?? {};
  if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  if (!obj(spec.template)) {
    errs.push(required('spec.template'));
    return errs;
  }
  if (Object.keys(selector).length > 0) {
    const parsed = parseSelector({ matchLabels: selector });
    if (!selectorMatches(parsed, templateLabels(spec))) {
      errs.push(invalid('spec.template.metadata.labels', goMap(templateLabels(spec)), '`selector` does not match template `labels`'));
    }
  }
  errs.push(...validatePodTemplateSpec(spec.template, 'spec.template'));
  errs.push(...alwaysRestart(spec, 'ReplicationController'));
  return errs;
}

export function validateReplicationController(rc: KubeObject): FieldError[] {
  return [...validateObjectMeta(rc.metadata, true, nameIsDNSSubdomain), ...replicationControllerSpec(rc)];
}

export function validateReplicationControllerUpdate(rc: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(rc.metadata, old.metadata), ...replicationControllerSpec(rc)];
}

// ---- DaemonSet -------------------------------------------------------------------------------

/** The internal apps.DaemonSetUpdateStrategy as encoding/json prints it. */
function daemonSetStrategyValue(strategy: Obj): Obj {
  const ru = obj(strategy.rollingUpdate);
  return {
    Type: str(strategy.type),
    RollingUpdate: ru ? { MaxUnavailable: intOrStringValue(ru.maxUnavailable), MaxSurge: intOrStringValue(ru.maxSurge) } : null,
  };
}

function daemonSetUpdateStrategy(raw: unknown): FieldError[] {
  const strategy = obj(raw) ?? {};
  const path = 'spec.updateStrategy';
  const type = str(strategy.type);
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') return [unsupported(path, daemonSetStrategyValue(strategy), ['RollingUpdate', 'OnDelete'])];
  const ru = obj(strategy.rollingUpdate);
  if (!ru) return [required(child(path, 'rollingUpdate'))];
  const p = child(path, 'rollingUpdate');
  const errs = [
    ...positiveIntOrPercent(ru.maxUnavailable ?? 0, child(p, 'maxUnavailable')),
    ...positiveIntOrPercent(ru.maxSurge ?? 0, child(p, 'maxSurge')),
    ...notMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')),
    ...notMoreThan100Percent(ru.maxSurge, child(p, 'maxSurge')),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalid(child(p, 'maxSurge'), intOrStringValue(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) errs.push(required(child(p, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

function daemonSetSpec(ds: KubeObject): FieldError[] {
  const spec = specOf(ds);
  const errs = validateLabelSelector(spec.selector, 'spec.selector');
  const parsed = parseSelector(spec.selector);
  // No "Required" for a missing selector here: upstream only reports that nothing matches.
  if (parsed.kind !== 'error' && !selectorMatches(parsed, templateLabels(spec))) {
    errs.push(invalid('spec.template.metadata.labels', goMap(templateLabels(spec)), '`selector` does not match template `labels`'));
  }
  const sel = obj(spec.selector);
  if (sel && Object.keys(obj(sel.matchLabels) ?? {}).length + list(sel.matchExpressions).length === 0) {
    errs.push(invalid('spec.selector', selectorValue(sel), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(spec.template, 'spec.template'));
  errs.push(...alwaysRestart(spec, 'DaemonSet'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...daemonSetUpdateStrategy(spec.updateStrategy));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

export function validateDaemonSet(ds: KubeObject): FieldError[] {
  return [...validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain), ...daemonSetSpec(ds)];
}

export function validateDaemonSetUpdate(ds: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(ds.metadata, old.metadata), ...daemonSetSpec(ds), ...selectorImmutable(ds, old)];
}

// ---- StatefulSet -----------------------------------------------------------------------------

function statefulSetSpec(sts: KubeObject): FieldError[] {
  const spec = specOf(sts);
  const errs: FieldError[] = [];
  const pmp = str(spec.podManagementPolicy);
  if (pmp === '') errs.push(required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));

  const strategy = obj(spec.updateStrategy) ?? {};
  const type = str(strategy.type);
  const ru = obj(strategy.rollingUpdate);
  if (type === '') errs.push(required('spec.updateStrategy'));
  else if (type === 'OnDelete') {
    if (ru) errs.push(invalid('spec.updateStrategy.rollingUpdate', { Partition: num(ru.partition) ?? 0, MaxUnavailable: ru.maxUnavailable ?? null }, "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (type === 'RollingUpdate') {
    if (ru) {
      const p = 'spec.updateStrategy.rollingUpdate';
      errs.push(...nonNegative(ru.partition, `${p}.partition`));
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
        errs.push(...positiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
        if (intOrPercentValue(ru.maxUnavailable) === 0) errs.push(invalid(`${p}.maxUnavailable`, intOrStringValue(ru.maxUnavailable), 'cannot be 0'));
        errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      }
    }
  } else {
    errs.push(invalid('spec.updateStrategy', { Type: type, RollingUpdate: ru ? { Partition: num(ru.partition) ?? 0, MaxUnavailable: ru.maxUnavailable ?? null } : null }, "must be 'RollingUpdate' or 'OnDelete'"));
  }

  const retention = obj(spec.persistentVolumeClaimRetentionPolicy);
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = str(retention[f]);
      if (v !== 'Retain' && v !== 'Delete') errs.push(unsupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, ['Retain', 'Delete']));
    }
  }
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const ordinals = obj(spec.ordinals);
  if (ordinals) errs.push(...nonNegative(ordinals.start, 'spec.ordinals.start'));

  errs.push(...requiredSelector(spec, 'empty selector is invalid for statefulset'));
  const parsed = parseSelector(spec.selector);
  if (parsed.kind === 'error') {
    errs.push(invalid('spec.selector', selectorValue(spec.selector), ''));
  } else {
    // Only the template's metadata is checked: a StatefulSet's pod spec is not validated
    // until its pods are created (upstream leaves ValidatePodTemplateSpec commented out here).
    const meta = obj(templateOf(spec).metadata) ?? {};
    errs.push(...templateLabelsMismatch(parsed, meta.labels, 'spec.template.metadata.labels'));
    errs.push(...validateLabels(meta.labels, 'spec.template.labels'));
    errs.push(...validateAnnotations(meta.annotations, 'spec.template.annotations'));
    errs.push(...validatePodSpecificAnnotations(meta.annotations, templateOf(spec).spec, 'spec.template.annotations'));
  }
  if (restartPolicyOf(spec) !== 'Always') errs.push(unsupported('spec.template.spec.restartPolicy', restartPolicyOf(spec), ['Always']));
  const ads = obj(templateOf(spec).spec)?.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) errs.push(forbiddenField('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  return errs;
}

export function validateStatefulSet(sts: KubeObject): FieldError[] {
  return [...validateObjectMeta(sts.metadata, true, nameIsDNSLabel), ...statefulSetSpec(sts)];
}

const STS_MUTABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

export function validateStatefulSetUpdate(sts: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(sts.metadata, old.metadata), ...statefulSetSpec(sts)];
  const next: Obj = { ...specOf(sts) };
  const prev: Obj = { ...specOf(old) };
  for (const f of STS_MUTABLE) {
    delete next[f];
    delete prev[f];
  }
  if (!semanticEqual(next, prev)) {
    errs.push(
      forbiddenField(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}

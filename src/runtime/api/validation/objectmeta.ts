// ObjectMeta, labels, annotations and label selectors.
// Upstream: apimachinery pkg/api/validation/objectmeta.go (ValidateObjectMeta,
// ValidateObjectMetaUpdate, ValidateAnnotations, ValidateOwnerReferences,
// ValidateFinalizers), pkg/apis/meta/v1/validation/validation.go (ValidateLabels,
// ValidateLabelSelector), and pkg/apis/core/validation/validation.go
// (validateKubeFinalizerName, which core's ValidateObjectMeta adds).
import { forbiddenField, invalid, required, tooLong, type FieldError } from '../errors';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameFn } from './names';
import { at, child, goMap, goStringSlice, immutable, index, list, num, obj, str, text, utf8Length, type Obj } from './util';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export interface MetaOptions {
  /** core's ValidateObjectMeta also checks finalizer names against the standard ones. */
  kubeFinalizers?: boolean;
}

/** ValidateObjectMeta on create. `namespaced` is the kind's scope. */
export function validateObjectMeta(meta: unknown, namespaced: boolean, nameFn: NameFn, path = 'metadata', opts: MetaOptions = { kubeFinalizers: true }): FieldError[] {
  const m = obj(meta) ?? {};
  const errs: FieldError[] = [];
  nameInto(errs, m, nameFn, path);
  const before = errs.length;
  metaCommonInto(errs, m, namespaced, path);
  if (errs.length === before && path === 'metadata') {
    cleanMeta = m;
    cleanMetaNamespaced = namespaced;
  }
  if (opts.kubeFinalizers) kubeFinalizersInto(errs, m, path);
  return errs;
}

// The generic registry check repeats ValidateObjectMeta after a kind's own rules,
// which already ran it on the same metadata: the part both runs share is pure, so
// when it was clean in this request it is clean again. Reset per request.
let cleanMeta: Obj | undefined;
let cleanMetaNamespaced = false;

/** Forget which metadata validated clean (called at the start of every request). */
export function forgetCleanMeta(): void {
  cleanMeta = undefined;
}

/** ValidateObjectMeta as rest.BeforeCreate runs it for every kind: no kube finalizer check. */
export function validateGenericObjectMeta(meta: unknown, namespaced: boolean, nameFn: NameFn): FieldError[] {
  const m = obj(meta);
  if (!m || m !== cleanMeta || namespaced !== cleanMetaNamespaced) return validateObjectMeta(meta, namespaced, nameFn, 'metadata', { kubeFinalizers: false });
  const errs: FieldError[] = [];
  nameInto(errs, m, nameFn, 'metadata');
  return errs;
}

function nameInto(errs: FieldError[], m: Obj, nameFn: NameFn, path: string): void {
  const generateName = str(m.generateName);
  if (generateName) {
    for (const msg of nameFn(generateName, true)) errs.push(invalid(child(path, 'generateName'), generateName, msg));
  }
  const name = str(m.name);
  if (!name) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  else for (const msg of nameFn(name, false)) errs.push(invalid(child(path, 'name'), name, msg));
}

function metaCommonInto(errs: FieldError[], m: Obj, namespaced: boolean, path: string): void {
  const ns = str(m.namespace);
  if (namespaced) {
    if (!ns) errs.push(required(child(path, 'namespace')));
    else for (const msg of nameIsDNSLabel(ns, false)) errs.push(invalid(child(path, 'namespace'), ns, msg));
  } else if (ns) {
    errs.push(forbiddenField(child(path, 'namespace'), 'not allowed on this type'));
  }
  const generation = num(m.generation);
  if (generation !== undefined && generation < 0) errs.push(invalid(child(path, 'generation'), generation, 'must be greater than or equal to 0'));
  if (m.labels !== undefined) labelsInto(errs, m.labels, path, 'labels');
  if (m.annotations !== undefined) annotationsInto(errs, m.annotations, path, 'annotations');
  if (m.ownerReferences !== undefined) ownerReferencesInto(errs, m.ownerReferences, child(path, 'ownerReferences'));
  if (m.finalizers !== undefined) finalizersInto(errs, m.finalizers, child(path, 'finalizers'));
}

/** ValidateObjectMetaUpdate: what may not change, then the create-time rules for labels and friends. */
export function validateObjectMetaUpdate(next: unknown, old: unknown, path = 'metadata', opts: MetaOptions = { kubeFinalizers: true }): FieldError[] {
  const n = obj(next) ?? {};
  const o = obj(old) ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const before = new Set(list(o.finalizers).map(str));
    const added = [...new Set(list(n.finalizers).map(str))].filter((f) => !before.has(f)).sort();
    if (added.length) {
      errs.push(forbiddenField(child(path, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added)}`));
    }
  }
  // An update without resourceVersion is an unconditional update here: the
  // registry fills in the stored version (AllowUnconditionalUpdate), so the
  // "must be specified for an update" rule never fires for these kinds.
  const gen = num(n.generation) ?? 0;
  if (gen < (num(o.generation) ?? 0)) errs.push(invalid(child(path, 'generation'), gen, 'must not be decremented'));
  // Strings print as "" when unset; timestamps and the grace period are pointers (null).
  for (const f of ['name', 'namespace', 'uid']) errs.push(...immutable(str(n[f]), str(o[f]), child(path, f)));
  for (const f of ['creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
    errs.push(...immutable(n[f] ?? null, o[f] ?? null, child(path, f)));
  }
  labelsInto(errs, n.labels, path, 'labels');
  annotationsInto(errs, n.annotations, path, 'annotations');
  ownerReferencesInto(errs, n.ownerReferences, child(path, 'ownerReferences'));
  if (opts.kubeFinalizers) kubeFinalizersInto(errs, n, path);
  return errs;
}

/** ValidateLabels: keys are qualified names, values label values; errors sit on the map's path. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  labelsInto(errs, labels, path);
  return errs;
}

/** ValidateLabels into `errs`; the path is `base.field` (or `base` alone), built only for an error. */
export function labelsInto(errs: FieldError[], labels: unknown, base: string, field = ''): void {
  const m = obj(labels);
  if (!m) return;
  for (const k in m) {
    const keyErrs = isQualifiedName(k);
    if (keyErrs.length) for (const msg of keyErrs) errs.push(invalid(at(base, field), k, msg));
    const v = text(m[k]);
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length) for (const msg of valueErrs) errs.push(invalid(at(base, field), v, msg));
  }
}

export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

/** ValidateAnnotations: keys are qualified names ignoring case; the total is capped at 256 KiB. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  annotationsInto(errs, annotations, path);
  return errs;
}

/** ValidateAnnotations into `errs`; the path is `base.field` (or `base` alone), built only for an error. */
export function annotationsInto(errs: FieldError[], annotations: unknown, base: string, field = ''): void {
  const m = obj(annotations);
  if (!m) return;
  let total = 0;
  for (const k in m) {
    const keyErrs = isQualifiedName(lowerASCIIFast(k));
    if (keyErrs.length) for (const msg of keyErrs) errs.push(invalid(at(base, field), k, msg));
    total += utf8Length(k) + utf8Length(text(m[k]));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(at(base, field), TOTAL_ANNOTATION_SIZE_LIMIT));
}

/** `k.toLowerCase()`, without the copy when there is nothing to lower. */
function lowerASCIIFast(k: string): string {
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return k.toLowerCase();
  }
  return k;
}

function ownerRefValue(ref: Obj): Obj {
  const out: Obj = { apiVersion: str(ref.apiVersion), kind: str(ref.kind), name: str(ref.name), uid: str(ref.uid) };
  if (typeof ref.controller === 'boolean') out.controller = ref.controller;
  if (typeof ref.blockOwnerDeletion === 'boolean') out.blockOwnerDeletion = ref.blockOwnerDeletion;
  return out;
}

export function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  ownerReferencesInto(errs, refs, path);
  return errs;
}

function ownerReferencesInto(errs: FieldError[], refs: unknown, path: string): void {
  let firstController = '';
  const all = list(refs);
  for (const r of all) {
    const ref = obj(r) ?? {};
    const apiVersion = str(ref.apiVersion);
    const slash = apiVersion.indexOf('/');
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    if (!version) errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!str(ref.kind)) errs.push(invalid(child(path, 'kind'), str(ref.kind), 'must not be empty'));
    if (!str(ref.name)) errs.push(invalid(child(path, 'name'), str(ref.name), 'must not be empty'));
    if (!str(ref.uid)) errs.push(invalid(child(path, 'uid'), str(ref.uid), 'must not be empty'));
    if (group === '' && version === 'v1' && ref.kind === 'Event') {
      errs.push(invalid(path, ownerRefValue(ref), '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const current = `${str(ref.kind)}/${str(ref.name)}`;
      if (firstController) {
        errs.push(invalid(path, all.map((x) => ownerRefValue(obj(x) ?? {})), `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      } else firstController = current;
    }
  }
}

/** ValidateFinalizers (apimachinery): qualified names, errors on the list's path. */
function finalizersInto(errs: FieldError[], finalizers: unknown, path: string): void {
  if (list(finalizers).length === 0) return;
  const names = list(finalizers).map(str);
  for (const f of names) for (const msg of isQualifiedName(f)) errs.push(invalid(path, f, msg));
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    errs.push(invalid(path, names, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
}

/** validateKubeFinalizerName: an unprefixed finalizer must be one of the standard ones. */
function kubeFinalizersInto(errs: FieldError[], m: Obj, path: string): void {
  list(m.finalizers).forEach((f, i) => {
    const name = str(f);
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      errs.push(invalid(index(child(path, 'finalizers'), i), name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
}

/** ValidateTemplateObjectMeta-ish: a pod template's labels and annotations. */
export function validateTemplateLabelsAndAnnotations(meta: unknown, path: string): FieldError[] {
  const m = obj(meta) ?? {};
  const errs: FieldError[] = [];
  labelsInto(errs, m.labels, path, 'labels');
  annotationsInto(errs, m.annotations, path, 'annotations');
  return errs;
}

// ---- label selectors -------------------------------------------------------------------------

const SELECTOR_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * ValidateLabelSelector. `strictValues` is LabelSelectorValidationOptions with
 * AllowInvalidLabelValueInSelector false (every create in v1.34).
 */
export function validateLabelSelector(selector: unknown, path: string, strictValues = true): FieldError[] {
  const sel = obj(selector);
  if (!sel) return [];
  const errs: FieldError[] = [];
  labelsInto(errs, sel.matchLabels, path, 'matchLabels');
  list(sel.matchExpressions).forEach((e, i) => {
    const r = obj(e) ?? {};
    const p = index(child(path, 'matchExpressions'), i);
    const op = str(r.operator);
    const values = list(r.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbiddenField(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(invalid(child(p, 'operator'), op, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(str(r.key), child(p, 'key')));
    if (strictValues) {
      values.forEach((v, j) => {
        const value = str(v);
        for (const msg of isValidLabelValue(value)) errs.push(invalid(index(child(p, 'values'), j), value, msg));
      });
    }
  });
  return errs;
}

type Requirement = { key: string; op: string; values: string[] };

/** The outcome of metav1.LabelSelectorAsSelector. */
export type ParsedSelector = { kind: 'nothing' } | { kind: 'everything' } | { kind: 'match'; reqs: Requirement[] } | { kind: 'error' };

export function parseSelector(selector: unknown): ParsedSelector {
  const sel = obj(selector);
  if (!sel) return { kind: 'nothing' };
  const reqs: Requirement[] = [];
  const ml = obj(sel.matchLabels) ?? {};
  for (const [k, v] of Object.entries(ml)) {
    const value = text(v);
    if (isQualifiedName(k).length || isValidLabelValue(value).length) return { kind: 'error' };
    reqs.push({ key: k, op: 'In', values: [value] });
  }
  for (const e of list(sel.matchExpressions)) {
    const r = obj(e) ?? {};
    const op = str(r.operator);
    const values = list(r.values).map(str);
    const key = str(r.key);
    if (!SELECTOR_OPERATORS.has(op)) return { kind: 'error' };
    if ((op === 'In' || op === 'NotIn') && values.length === 0) return { kind: 'error' };
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) return { kind: 'error' };
    if (isQualifiedName(key).length || values.some((v) => isValidLabelValue(v).length)) return { kind: 'error' };
    reqs.push({ key, op, values });
  }
  return reqs.length === 0 ? { kind: 'everything' } : { kind: 'match', reqs };
}

export function selectorMatches(parsed: ParsedSelector, labels: unknown): boolean {
  if (parsed.kind === 'nothing' || parsed.kind === 'error') return false;
  if (parsed.kind === 'everything') return true;
  const l = obj(labels) ?? {};
  return parsed.reqs.every(({ key, op, values }) => {
    const present = Object.prototype.hasOwnProperty.call(l, key);
    const value = present ? text(l[key]) : undefined;
    switch (op) {
      case 'In':
        return present && values.includes(value as string);
      case 'NotIn':
        return !present || !values.includes(value as string);
      case 'Exists':
        return present;
      default:
        return !present;
    }
  });
}

/** The "`selector` does not match template `labels`" rule shared by every controller. */
export function templateLabelsMismatch(selector: ParsedSelector, templateLabels: unknown, path: string): FieldError[] {
  if (selector.kind === 'everything' || selector.kind === 'error' || selectorMatches(selector, templateLabels)) return [];
  return [invalid(path, goMap(templateLabels), '`selector` does not match template `labels`')];
}

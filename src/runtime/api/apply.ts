// Client-side `kubectl apply`: YAML text → objects → create, or a three-way
// merge against the live object using the last-applied-configuration
// annotation, reported per object as kubectl reports it.
import type { ApiServer, FieldValidation } from './apiserver';
import { isStatusError } from './errors';
import { deepEqual, sortedJSON, threeWayMerge } from './patch';
import { apiVersionOf, type ResourceType } from './resources';
import { deepClone, isObject, type KubeObject } from './types';
import { HELM_HINT, looksLikeHelm, parseDocuments } from './yaml';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const MAX_APPLY_BYTES = 2 * 1024 * 1024;

export type ApplyAction = 'created' | 'configured' | 'unchanged';

export interface ApplyOk {
  kind: string;
  apiVersion: string;
  /** `deployment.apps`, `pod`: what kubectl prints before the slash. */
  resource: string;
  namespace?: string;
  name: string;
  action: ApplyAction;
  warnings: string[];
  dryRun?: boolean;
}

export interface ApplyError {
  /** What kubectl would print, e.g. `Error from server (Invalid): error when creating "STDIN": …`. */
  error: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** 1-based position in the applied text, for YAML errors and for locating the document. */
  line?: number;
  column?: number;
}

export type ApplyResult = ApplyOk | ApplyError;

export interface ApplyOptions {
  /** kubectl's -n: the namespace for objects that do not name one. */
  namespace?: string;
  /** False when the namespace only comes from the kubeconfig context (no -n): objects naming another namespace keep it. */
  enforceNamespace?: boolean;
  /** Printed in messages as kubectl prints the -f argument; `STDIN` for `-f -`. */
  filename?: string;
  fieldValidation?: FieldValidation;
  dryRun?: boolean;
}

export function isApplyError(r: ApplyResult): r is ApplyError {
  return 'error' in r;
}

export function applyText(api: ApiServer, text: string, opts: ApplyOptions = {}): ApplyResult[] {
  const file = opts.filename ?? 'STDIN';
  if (typeof text !== 'string') return [{ error: `error: no objects passed to apply` }];
  const bytes = utf8Length(text);
  if (bytes > MAX_APPLY_BYTES) {
    return [{ error: `error: ${file} is ${(bytes / 1048576).toFixed(1)} MB; PodSphere applies at most ${MAX_APPLY_BYTES / 1048576} MB at a time — split it into smaller files` }];
  }
  const results: ApplyResult[] = [];
  // kubectl maps every object to a resource before it applies any of them, so a kind
  // whose CRD is in the same file is not known yet ("ensure CRDs are installed first").
  const served = new Set(api.registry.all().map((t) => gvkKey(apiVersionOf(t), t.kind)));
  for (const doc of parseDocuments(text)) {
    if (doc.error) {
      results.push({ error: `error: error parsing ${file}: error converting YAML to JSON: ${doc.error.message}`, line: doc.error.line, column: doc.error.column });
      continue;
    }
    if (looksLikeHelm(doc.text)) {
      results.push({ error: `error: error parsing ${file}: the document at line ${doc.startLine} contains template expressions${HELM_HINT}`, line: doc.startLine });
      continue;
    }
    for (const obj of expandLists(doc.value)) {
      const r = applyObject(api, obj, { ...opts, filename: file, served });
      if (isApplyError(r) && r.line === undefined) r.line = doc.startLine;
      results.push(r);
      api.clock.drain();
    }
  }
  if (results.length === 0) results.push({ error: 'error: no objects passed to apply' });
  return results;
}

function expandLists(v: unknown): unknown[] {
  if (isObject(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) return v.items.flatMap(expandLists);
  return [v];
}

function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}|${kind}`;
}

export function applyObject(api: ApiServer, input: unknown, opts: ApplyOptions & { filename: string; served?: Set<string> }): ApplyResult {
  const file = opts.filename;
  if (!isObject(input)) {
    return { error: `error: unable to decode "${file}": json: cannot unmarshal ${jsonKind(input)} into Go value of type map[string]interface {}` };
  }
  const missing = [input.apiVersion ? '' : 'apiVersion not set', input.kind ? '' : 'kind not set'].filter(Boolean);
  if (missing.length) {
    const list = missing.length > 1 ? `[${missing.join(', ')}]` : missing[0];
    return { error: `error: error validating "${file}": error validating data: ${list}; if you choose to ignore these errors, turn validation off with --validate=false` };
  }
  const meta = isObject(input.metadata) ? input.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const kind = String(input.kind);
  const apiVersion = String(input.apiVersion);
  const known = api.registry.byGVK(apiVersion, kind);
  const type = known && (!opts.served || opts.served.has(gvkKey(apiVersion, kind))) ? known : undefined;
  const ownNs = typeof meta.namespace === 'string' ? meta.namespace : '';
  if (!type) {
    return {
      error: `error: resource mapping not found for name: "${name}" namespace: "${ownNs}" from "${file}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
      kind,
      name,
    };
  }
  if (type.namespaced && ownNs && opts.namespace && ownNs !== opts.namespace && opts.enforceNamespace !== false) {
    return { error: `error: the namespace from the provided object "${ownNs}" does not match the namespace "${opts.namespace}". You must pass '--namespace=${ownNs}' to perform this operation.`, kind, name };
  }
  const namespace = type.namespaced ? ownNs || opts.namespace || 'default' : undefined;
  if (!name) {
    const gv = apiVersionOf(type);
    return {
      error: `error: error when retrieving current configuration of:\nResource: "${gv}, Resource=${type.resource}", GroupVersionKind: "${gv}, Kind=${type.kind}"\nName: "", Namespace: "${namespace ?? ''}"\nfrom server for: "${file}": resource name may not be empty`,
      kind,
    };
  }
  const desired = withLastApplied(input, namespace);
  const printed = printedResource(type);
  const ok = (action: ApplyAction, warnings: string[]): ApplyOk => ({ kind, apiVersion, resource: printed, namespace, name, action, warnings, dryRun: opts.dryRun || undefined });
  const current = api.tryGet(type.group ? `${type.resource}.${type.group}` : type.resource, name, namespace);
  const fieldValidation = opts.fieldValidation ?? 'Strict';
  try {
    if (!current) {
      const r = api.createWithWarnings(desired, { namespace, fieldValidation, dryRun: opts.dryRun });
      return ok('created', r.warnings);
    }
    const original = parseLastApplied(current);
    // kubectl warns (and then patches the annotation in) when the live object was not created by apply.
    const notes = current.metadata.annotations?.[LAST_APPLIED] === undefined ? [missingAnnotationWarning(type, name)] : [];
    const merged = threeWayMerge(original, desired, current) as KubeObject;
    if (deepEqual(merged, current)) return ok('unchanged', notes);
    const r = api.updateWithWarnings(merged, { namespace, fieldValidation, dryRun: opts.dryRun });
    return ok(r.object.metadata.resourceVersion === current.metadata.resourceVersion && !opts.dryRun ? 'unchanged' : 'configured', [...notes, ...r.warnings]);
  } catch (e) {
    if (isStatusError(e)) {
      const verb = current ? 'patching' : 'creating';
      return { error: e.toKubectl(`error when ${verb} "${file}": `), kind, name, namespace };
    }
    throw e;
  }
}

/** The object kubectl sends: namespace filled in, and its own JSON stored in the annotation. */
function withLastApplied(input: Record<string, unknown>, namespace: string | undefined): KubeObject {
  const modified = deepClone(input) as KubeObject;
  const meta = (modified.metadata = isObject(modified.metadata) ? modified.metadata : {});
  if (namespace) meta.namespace = namespace;
  const annotations = isObject(meta.annotations) ? { ...(meta.annotations) } : {};
  delete annotations[LAST_APPLIED];
  meta.annotations = annotations;
  const json = sortedJSON(modified) + '\n';
  meta.annotations = { ...annotations, [LAST_APPLIED]: json };
  return modified;
}

function parseLastApplied(obj: KubeObject): unknown {
  const raw = obj.metadata.annotations?.[LAST_APPLIED];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** kubectl apply's warningNoLastAppliedConfigAnnotation, for info.ObjectName() (`deployments/web`). */
function missingAnnotationWarning(t: ResourceType, name: string): string {
  return `resource ${t.resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`;
}

/** `deployment.apps` / `pod`: the singular resource with its group, as kubectl's name printer shows it. */
export function printedResource(t: ResourceType): string {
  return t.group ? `${t.kind.toLowerCase()}.${t.group}` : t.kind.toLowerCase();
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string';
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

// Label and field selectors, as apimachinery's labels/fields packages parse
// them: `app=web,tier!=db,env in (a,b),!canary` and `spec.nodeName=node-1`.
import { badRequest } from './errors';
import { field, isObject, type KubeObject } from './types';

export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export type Selector = Requirement[];

export function matchesLabels(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => matchRequirement(r, l));
}

function matchRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case '=':
      return has && v === r.values[0];
    case '!=':
      return !has || v !== r.values[0];
    case 'in':
      return has && r.values.includes(v);
    case 'notin':
      return !has || !r.values.includes(v);
    case 'exists':
      return has;
    case '!':
      return !has;
  }
}

/** Parse the string form used by `-l` and `?labelSelector=`. */
export function parseLabelSelector(text: string): Selector {
  const src = text.trim();
  if (src === '') return [];
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(src)) {
    const p = part.trim();
    if (!p) throw badRequest(`unable to parse requirement: found '', expected: identifier`);
    reqs.push(parseRequirement(p));
  }
  return reqs;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

function parseRequirement(p: string): Requirement {
  if (p.startsWith('!')) return { key: checkKey(p.slice(1).trim()), op: '!', values: [] };
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p);
  if (set) {
    const values = set[3].split(',').map((v) => v.trim()).filter((v) => v !== '');
    return { key: checkKey(set[1]), op: set[2] as Operator, values };
  }
  const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(p);
  if (eq) return { key: checkKey(eq[1]), op: eq[2] === '!=' ? '!=' : '=', values: [eq[3]] };
  if (/^[^\s=!()]+$/.test(p)) return { key: checkKey(p), op: 'exists', values: [] };
  throw badRequest(`unable to parse requirement: <nil>: found '${p}', expected: in, notin, =, ==, !=, gt, lt`);
}

function checkKey(k: string): string {
  if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(k)) {
    throw badRequest(`unable to parse requirement: invalid label key "${k}"`);
  }
  return k;
}

/** metav1.LabelSelector (matchLabels + matchExpressions) → requirements. Empty selects everything. */
export function fromLabelSelector(sel: unknown): Selector {
  if (!isObject(sel)) return [];
  const reqs: Requirement[] = [];
  if (isObject(sel.matchLabels)) {
    for (const [k, v] of Object.entries(sel.matchLabels)) reqs.push({ key: k, op: '=', values: [String(v)] });
  }
  if (Array.isArray(sel.matchExpressions)) {
    for (const e of sel.matchExpressions) {
      if (!isObject(e) || typeof e.key !== 'string') continue;
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const)[String(e.operator) as 'In'];
      if (op) reqs.push({ key: e.key, op, values });
    }
  }
  return reqs;
}

/** A map selector as Services and ReplicationControllers use (`spec.selector: {app: web}`). */
export function fromMap(m: unknown): Selector {
  return fromLabelSelector({ matchLabels: m });
}

export function formatSelector(sel: Selector): string {
  return sel
    .map((r) => {
      switch (r.op) {
        case '=':
          return `${r.key}=${r.values[0]}`;
        case '!=':
          return `${r.key}!=${r.values[0]}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.op} (${[...r.values].sort().join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
      }
    })
    .join(',');
}

// ---- field selectors -------------------------------------------------------

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Per kind, the fields the apiserver indexes for `--field-selector` (GetAttrs). */
const KIND_FIELDS: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Node: ['spec.unschedulable'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Secret: ['type'],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
  ReplicationController: ['status.replicas'],
  Job: ['status.successful'],
  PersistentVolumeClaim: [],
  CertificateSigningRequest: ['spec.signerName'],
};

export function parseFieldSelector(text: string, kind: string): FieldRequirement[] {
  const src = text.trim();
  if (src === '') return [];
  const allowed = new Set([...COMMON_FIELDS, ...(KIND_FIELDS[kind] ?? [])]);
  return src.split(',').map((part) => {
    const m = /^\s*([^=!]+?)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${src}'; can't understand '${part}'`);
    if (!allowed.has(m[1])) throw badRequest(`field label not supported: ${m[1]}`);
    return { field: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] };
  });
}

export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  return reqs.every((r) => {
    const v = fieldValue(obj, r.field);
    return r.op === '=' ? v === r.value : v !== r.value;
  });
}

function fieldValue(obj: KubeObject, path: string): string {
  if (obj.kind === 'Event' && path === 'source') return scalarText(field(obj, 'source', 'component'));
  const v = field(obj, ...path.split('.'));
  if (v === undefined || v === null) return path === 'spec.unschedulable' || path === 'spec.hostNetwork' ? 'false' : '';
  return scalarText(v);
}

function scalarText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

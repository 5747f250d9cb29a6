// Label and field selectors, as apimachinery's labels/fields packages parse
// them: `app=web,tier!=db,env in (a,b),!canary` and `spec.nodeName=node-1`.
import { badRequest, goQuote } from './errors';
import { isQualifiedName, isValidLabelValue } from './validation/names';
import { field, isObject, type KubeObject } from './types';

export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

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
      return has && r.values.includes(v);
    case '!=':
      return !has || !r.values.includes(v);
    case 'in':
      return has && r.values.includes(v);
    case 'notin':
      return !has || !r.values.includes(v);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      // Both sides must be integers (strconv.ParseInt); anything else does not match.
      if (!has || !/^[+-]?\d+$/.test(v) || r.values.length !== 1) return false;
      const left = Number(v);
      const right = Number(r.values[0]);
      return r.op === 'gt' ? left > right : left < right;
    }
  }
}

// ---- the label selector grammar (apimachinery pkg/labels/selector.go) ----------

type Token = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';

const KEYWORDS: Record<string, Token> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

/** The lexer: identifiers run until whitespace or a special symbol; symbols take the longest known operator. */
function scan(src: string): { tok: Token; lit: string }[] {
  const items: { tok: Token; lit: string }[] = [];
  let pos = 0;
  for (;;) {
    while (pos < src.length && WHITESPACE.has(src[pos])) pos++;
    if (pos >= src.length) {
      items.push({ tok: 'end', lit: '' });
      return items;
    }
    if (SPECIAL.has(src[pos])) {
      let buf = '';
      let last: { tok: Token; lit: string } | undefined;
      while (pos < src.length && SPECIAL.has(src[pos])) {
        buf += src[pos];
        const tok = KEYWORDS[buf];
        if (tok) last = { tok, lit: buf };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
    } else {
      let buf = '';
      while (pos < src.length && !SPECIAL.has(src[pos]) && !WHITESPACE.has(src[pos])) buf += src[pos++];
      items.push({ tok: KEYWORDS[buf] ?? 'id', lit: buf });
    }
  }
}

class SelectorParser {
  private pos = 0;
  constructor(private readonly items: { tok: Token; lit: string }[]) {}

  /** In a value position, `in` and `notin` are plain identifiers. */
  private peek(values = true): { tok: Token; lit: string } {
    const it = this.items[Math.min(this.pos, this.items.length - 1)];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }

  private next(values = true): { tok: Token; lit: string } {
    const it = this.peek(values);
    this.pos++;
    return it;
  }

  parse(): Selector {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek();
      if (tok === 'end') return reqs;
      if (tok !== 'id' && tok !== '!') throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`, { cause: e });
      }
      const after = this.next();
      if (after.tok === 'end') return reqs;
      if (after.tok !== ',') throw new Error(`found '${after.lit}', expected: ',' or 'end of string'`);
      const following = this.peek();
      if (following.tok !== 'id' && following.tok !== '!') throw new Error(`found '${following.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let negated = false;
    let { tok, lit } = this.next();
    if (tok === '!') {
      negated = true;
      ({ tok, lit } = this.next());
    }
    if (tok !== 'id') throw new Error(`found '${lit}', expected: identifier`);
    const keyErrs = isQualifiedName(lit);
    if (keyErrs.length) throw new Error(`<nil>: Invalid value: ${goQuote(lit)}: ${keyErrs.join('; ')}`);
    const key = lit;
    // `!key` and a bare `key` take no operator (whatever follows is the caller's problem).
    if (negated) return { key, op: '!', values: [] };
    const ahead = this.peek().tok;
    if (ahead === 'end' || ahead === ',') return { key, op: 'exists', values: [] };
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    return newRequirement(key, op, [...new Set(values)].sort());
  }

  private operator(): Operator {
    const { tok, lit } = this.next(false);
    switch (tok) {
      case 'in':
      case 'notin':
        return tok;
      case '=':
      case '==':
        return '=';
      case '!=':
        return '!=';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private setValues(): string[] {
    const open = this.next();
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.peek();
    if (tok === ')') {
      this.next();
      return [''];
    }
    if (tok !== 'id' && tok !== ',') throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.identifiers();
    if (this.next().tok !== ')') throw new Error(`found '${lit}', expected: ')'`);
    return values;
  }

  /** A possibly empty, comma separated list of possibly empty identifiers: `(a,,b)`, `(,)`. */
  private identifiers(): string[] {
    const out: string[] = [];
    for (;;) {
      const { tok, lit } = this.next();
      if (tok === 'id') {
        out.push(lit);
        const after = this.peek();
        if (after.tok === ',') continue;
        if (after.tok === ')') return out;
        throw new Error(`found '${after.lit}', expected: ',' or ')'`);
      }
      if (tok === ',') {
        if (out.length === 0) out.push('');
        const after = this.peek().tok;
        if (after === ')') {
          out.push('');
          return out;
        }
        if (after === ',') out.push('');
        continue;
      }
      throw new Error(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private exactValue(): string[] {
    const ahead = this.peek().tok;
    if (ahead === 'end' || ahead === ',') return [''];
    const { tok, lit } = this.next();
    if (tok === 'id') return [lit];
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/** NewRequirement's checks on the values, as a field.ErrorList aggregate. */
function newRequirement(key: string, op: Operator, values: string[]): Requirement {
  const errs: string[] = [];
  if ((op === 'gt' || op === 'lt') && values.length === 1 && !/^[+-]?\d+$/.test(values[0])) {
    errs.push(`values[0]: Invalid value: ${goQuote(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`);
  }
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length) errs.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${valueErrs.join('; ')}`);
  });
  if (errs.length) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  return { key, op, values };
}

/** Parse the string form used by `-l` and `?labelSelector=`; errors are BadRequest with apimachinery's wording. */
export function parseLabelSelector(text: string): Selector {
  try {
    return new SelectorParser(scan(text)).parse().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  } catch (e) {
    throw badRequest((e as Error).message);
  }
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
        case 'gt':
          return `${r.key}>${r.values[0]}`;
        case 'lt':
          return `${r.key}<${r.values[0]}`;
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

/**
 * Field label conversion funcs (pkg/apis/<group>/<version>/conversion.go): the
 * labels each kind accepts, and how it refuses the rest. Kinds without their own
 * func fall back to apimachinery's DefaultMetaV1FieldSelectorConversion.
 */
interface FieldLabels {
  fields: string[];
  reject: (label: string) => string;
}

const notSupported = (label: string): string => `field label not supported: ${label}`;

const KIND_FIELDS: Record<string, FieldLabels> = {
  Pod: {
    fields: [
      'metadata.name',
      'metadata.namespace',
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.podIPs',
      'status.nominatedNodeName',
      'spec.host',
    ],
    reject: notSupported,
  },
  Node: { fields: ['metadata.name', 'spec.unschedulable'], reject: notSupported },
  ReplicationController: { fields: ['metadata.name', 'metadata.namespace', 'status.replicas'], reject: notSupported },
  Event: {
    fields: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
      'metadata.namespace',
      'metadata.name',
    ],
    reject: notSupported,
  },
  Namespace: { fields: ['status.phase', 'metadata.name'], reject: notSupported },
  Secret: { fields: ['type', 'metadata.namespace', 'metadata.name'], reject: notSupported },
  Service: { fields: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'], reject: notSupported },
  Job: { fields: ['metadata.name', 'metadata.namespace', 'status.successful'], reject: (l) => `field label ${JSON.stringify(l)} not supported for batchv1.Job` },
  CertificateSigningRequest: { fields: ['metadata.name', 'spec.signerName'], reject: notSupported },
};

const DEFAULT_FIELDS: FieldLabels = {
  fields: ['metadata.name', 'metadata.namespace'],
  reject: (l) => `${JSON.stringify(l)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

export function parseFieldSelector(text: string, kind: string): FieldRequirement[] {
  const src = text.trim();
  if (src === '') return [];
  const labels = KIND_FIELDS[kind] ?? DEFAULT_FIELDS;
  return src.split(',').map((part) => {
    const m = /^\s*([^=!]+?)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${src}'; can't understand '${part}'`);
    if (!labels.fields.includes(m[1])) throw badRequest(labels.reject(m[1]));
    // Old v1 clients send spec.host; the Pod conversion func maps it to spec.nodeName.
    const fieldName = kind === 'Pod' && m[1] === 'spec.host' ? 'spec.nodeName' : m[1];
    return { field: fieldName, op: m[2] === '!=' ? '!=' : '=', value: m[3] };
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

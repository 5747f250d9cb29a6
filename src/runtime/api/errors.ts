// The apiserver's error shapes: a metav1.Status-like StatusError, and the
// field.Error list that validation produces (apimachinery/pkg/util/validation/field).

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'MethodNotAllowed'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'InternalError';

const CODES: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  Forbidden: 403,
  MethodNotAllowed: 405,
  RequestEntityTooLarge: 413,
  TooManyRequests: 429,
  InternalError: 500,
};

export class StatusError extends Error {
  readonly code: number;
  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly causes: FieldError[] = [],
    /** For Invalid: the kind and name kubectl puts in its headline. */
    readonly details?: { kind: string; name: string },
  ) {
    super(message);
    this.name = 'StatusError';
    this.code = CODES[reason];
  }

  /**
   * What kubectl prints for this error. Invalid errors are re-rendered from
   * their causes (`The Deployment "web" is invalid: …`, one `* cause` per line
   * when there are several); the rest are `Error from server (Reason): message`.
   */
  toKubectl(context = ''): string {
    if (this.reason === 'Invalid' && this.details && this.causes.length) {
      const msgs = [...new Set(this.causes.map(formatFieldError))];
      const head = `The ${this.details.kind} ${goQuote(this.details.name)} is invalid: `;
      return msgs.length === 1 ? head + msgs[0] : head + msgs.map((m) => `\n* ${m}`).join('');
    }
    return `Error from server (${this.reason}): ${context}${this.message}`;
  }
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

/** `pods "x" not found` — resource is the plural (with group for non-core: `deployments.apps`). */
export function notFound(qualifiedResource: string, name: string): StatusError {
  return new StatusError('NotFound', `${qualifiedResource} "${name}" not found`);
}

export function alreadyExists(qualifiedResource: string, name: string): StatusError {
  return new StatusError('AlreadyExists', `${qualifiedResource} "${name}" already exists`);
}

export function conflict(qualifiedResource: string, name: string, detail: string): StatusError {
  return new StatusError('Conflict', `Operation cannot be fulfilled on ${qualifiedResource} "${name}": ${detail}`);
}

export function badRequest(message: string): StatusError {
  return new StatusError('BadRequest', message);
}

export function forbidden(qualifiedResource: string, name: string, detail: string): StatusError {
  const target = name ? `${qualifiedResource} "${name}"` : qualifiedResource;
  return new StatusError('Forbidden', `${target} is forbidden: ${detail}`);
}

export type FieldErrorType =
  | 'Required value'
  | 'Invalid value'
  | 'Unsupported value'
  | 'Duplicate value'
  | 'Forbidden'
  | 'Too long'
  | 'Too many'
  | 'Not found'
  | 'Internal error';

/** Marker for field errors that print without a value (field.OmitValueType). */
export const OMIT_VALUE: unique symbol = Symbol('omitValue');

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path as upstream prints it: `spec.template.spec.containers[0].name`. */
  field: string;
  value?: unknown;
  detail?: string;
}

export function required(fieldPath: string, detail = ''): FieldError {
  return { type: 'Required value', field: fieldPath, value: OMIT_VALUE, detail };
}

export function invalid(fieldPath: string, value: unknown, detail = ''): FieldError {
  return { type: 'Invalid value', field: fieldPath, value, detail };
}

export function unsupported(fieldPath: string, value: unknown, supported: string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map((s) => `"${s}"`).join(', ')}` : '';
  return { type: 'Unsupported value', field: fieldPath, value, detail };
}

export function duplicate(fieldPath: string, value: unknown): FieldError {
  return { type: 'Duplicate value', field: fieldPath, value, detail: '' };
}

export function forbiddenField(fieldPath: string, detail: string): FieldError {
  return { type: 'Forbidden', field: fieldPath, value: OMIT_VALUE, detail };
}

export function tooLong(fieldPath: string, max: number): FieldError {
  return { type: 'Too long', field: fieldPath, value: OMIT_VALUE, detail: `may not be more than ${max} bytes` };
}

export function notFoundField(fieldPath: string, value: unknown): FieldError {
  return { type: 'Not found', field: fieldPath, value, detail: '' };
}

/** Go's `%q` for a string: double quotes with escapes. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's `%#v` for the value shapes that reach error messages. */
export function goSyntax(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const elems = value.map(goSyntax);
    const allStrings = value.every((v) => typeof v === 'string');
    return `${allStrings ? '[]string' : '[]interface {}'}{${elems.join(', ')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const allStrings = entries.every(([, v]) => typeof v === 'string');
    const body = entries.map(([k, v]) => `${goQuote(k)}:${goSyntax(v)}`).join(', ');
    return `${allStrings ? 'map[string]string' : 'map[string]interface {}'}{${body}}`;
  }
  return typeof value === 'bigint' || typeof value === 'symbol' ? value.toString() : JSON.stringify(value);
}

/** field.Error.Error(): `path: Type: value: detail`. */
export function formatFieldError(e: FieldError): string {
  let body: string = e.type;
  const printsValue =
    e.value !== OMIT_VALUE && e.type !== 'Required value' && e.type !== 'Forbidden' && e.type !== 'Too long' && e.type !== 'Internal error';
  if (printsValue) {
    const v = e.value;
    if (typeof v === 'string') body += `: ${goQuote(v)}`;
    else if (typeof v === 'number' || typeof v === 'boolean') body += `: ${v}`;
    else body += `: ${goSyntax(v)}`;
  }
  if (e.detail) body += `: ${e.detail}`;
  return `${e.field}: ${body}`;
}

/** errors.NewInvalid: `The Kind "name" is invalid: <aggregate>`; aggregates of several print as `[a, b]`. */
export function invalidObject(kind: string, name: string, errs: FieldError[]): StatusError {
  const msgs = dedupe(errs.map(formatFieldError));
  const agg = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  return new StatusError('Invalid', `The ${kind} ${goQuote(name)} is invalid: ${agg}`, errs, { kind, name });
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

// Decoding checks the apiserver makes before any validation code runs: JSON
// types against the OpenAPI schema (compiled validators from kubernetes-models)
// and strict field validation (unknown fields, from the generated field tree).
import fieldTree from './generated/fields.json';
import { SCHEMAS, type SchemaError } from './generated/schemas';
import { isObject } from './types';
import type { ResourceType } from './resources';
import { apiVersionOf } from './resources';

const TYPES = (fieldTree as { types: Record<string, Record<string, string>> }).types;

export interface DecodeResult {
  /** `json: cannot unmarshal …` messages; any of them makes the request a BadRequest. */
  typeErrors: string[];
  /** `unknown field "spec.replica"` for each field the schema does not have. */
  unknownFields: string[];
  /** OpenAPI `required` properties that are missing, as dotted paths. */
  missingRequired: string[];
}

export function decode(type: ResourceType, obj: unknown): DecodeResult {
  const result: DecodeResult = { typeErrors: [], unknownFields: [], missingRequired: [] };
  const validator = SCHEMAS[`${apiVersionOf(type)}/${type.kind}`];
  if (validator && !validator(obj)) {
    for (const e of validator.errors ?? []) {
      if (e.keyword === 'required') result.missingRequired.push(requiredPath(e));
      else if (e.keyword === 'type' || e.keyword === 'format') {
        const msg = typeError(type, obj, e);
        if (msg && !result.typeErrors.includes(msg)) result.typeErrors.push(msg);
      }
    }
  }
  if (type.model && TYPES[type.model]) collectUnknown(obj, type.model, '', result.unknownFields);
  return result;
}

function requiredPath(e: SchemaError): string {
  const parts = pointerParts(e.instancePath);
  return formatPath([...parts, String(e.params.missingProperty)]);
}

function pointerParts(p: string): string[] {
  return p === '' ? [] : p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `spec.containers[0].name`: numeric parts become indices. */
export function formatPath(parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out;
}

function collectUnknown(value: unknown, typeCode: string, path: string, out: string[]): void {
  if (value === null || value === undefined) return;
  if (typeCode.startsWith('[')) {
    if (Array.isArray(value)) value.forEach((v, i) => collectUnknown(v, typeCode.slice(1), `${path}[${i}]`, out));
    return;
  }
  if (typeCode.startsWith('{')) {
    if (isObject(value)) for (const [k, v] of Object.entries(value)) collectUnknown(v, typeCode.slice(1), `${path}[${k}]`, out);
    return;
  }
  const fields = TYPES[typeCode];
  if (!fields || !isObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const child = path ? `${path}.${k}` : k;
    const code = fields[k];
    if (code === undefined) out.push(`unknown field ${JSON.stringify(child)}`);
    else collectUnknown(v, code, child, out);
  }
}

/**
 * Go's encoding/json error for a value of the wrong type:
 * `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`.
 */
function typeError(type: ResourceType, obj: unknown, e: SchemaError): string | undefined {
  const parts = pointerParts(e.instancePath);
  let value: unknown = obj;
  let code = type.model ?? '';
  let struct = goName(code);
  const fieldPath: string[] = [];
  for (const p of parts) {
    value = isObject(value) || Array.isArray(value) ? (value as Record<string, unknown>)[p] : undefined;
    if (code.startsWith('[') || code.startsWith('{')) {
      code = code.slice(1);
      continue;
    }
    if (TYPES[code]) {
      struct = goName(code);
      code = TYPES[code][p] ?? '*';
      fieldPath.push(p);
    }
  }
  if (code === '*' || code === 'io') return undefined;
  if (fieldPath.length === 0) return `json: cannot unmarshal ${jsonKind(value)} into Go value of type ${goType(code)}`;
  return `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${struct}.${fieldPath.join('.')} of type ${goType(code)}`;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'number' : `number ${v}`;
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/** `V1DeploymentSpec` → `DeploymentSpec`, `CoreV1Event` → `Event`. */
function goName(model: string): string {
  return model.replace(/^[A-Z][a-z]*?V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])|^V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '');
}

function goType(code: string): string {
  if (code.startsWith('[')) return `[]${goType(code.slice(1))}`;
  if (code.startsWith('{')) return `map[string]${goType(code.slice(1))}`;
  if (code === 's') return 'string';
  if (code === 'b') return 'bool';
  if (code === 't') return 'v1.Time';
  if (code.startsWith('n:')) return ({ int32: 'int32', int64: 'int64', double: 'float64' } as Record<string, string>)[code.slice(2)] ?? 'int64';
  const version = /V(\d+(?:(?:alpha|beta)\d+)?)(?=[A-Z])/.exec(code);
  return `${version ? 'v' + version[1] : 'v1'}.${goName(code)}`;
}

/** The struct field map for a model, for callers that need to know a kind's fields. */
export function modelFields(model: string): Record<string, string> | undefined {
  return TYPES[model];
}

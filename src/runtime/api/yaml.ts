// Reading manifests the way kubectl does: split the stream on `---`, decode
// each document on its own (so one broken document does not hide the others),
// with YAML 1.1 scalars as Go's yaml library reads them (`0644` is octal,
// `yes` is a boolean) and timestamps left as strings.
import { CORE_SCHEMA, load, Type, YAMLException } from 'js-yaml';

// YAML 1.1 integers as go-yaml resolves them: a leading 0 means octal (`defaultMode: 0644` is 420).
const int11 = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (s: string) => /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|0|[1-9][0-9_]*)$/.test(s),
  construct: (s: string) => {
    const sign = s.startsWith('-') ? -1 : 1;
    const body = s.replace(/^[-+]/, '').replace(/_/g, '');
    if (body.startsWith('0b')) return sign * parseInt(body.slice(2), 2);
    if (body.startsWith('0x')) return sign * parseInt(body.slice(2), 16);
    if (body.length > 1 && body.startsWith('0')) return sign * parseInt(body.slice(1), 8);
    return sign * parseInt(body, 10);
  },
  predicate: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
  represent: (v: unknown) => String(v),
});

// YAML 1.1 booleans: go-yaml also reads yes/no/on/off (any common case) as booleans.
const bool11 = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (s: string) => /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(s) && !/^[yYnN]$/.test(s),
  construct: (s: string) => /^(yes|true|on)$/i.test(s),
  predicate: (v: unknown) => typeof v === 'boolean',
  represent: (v: unknown) => String(v),
});

// `<<: *base` merge keys; the loader recognises the tag, the type only resolves the key.
const merge = new Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (s: string | null) => s === '<<' || s === null });

/** Core schema with go-yaml's ints and booleans, merge keys, and no timestamp type (dates stay strings). */
const KUBE_YAML = CORE_SCHEMA.extend({ implicit: [int11, bool11, merge] });

export interface YamlDocument {
  /** 1-based line where the document starts in the whole text. */
  startLine: number;
  text: string;
  value?: unknown;
  error?: YamlError;
}

export interface YamlError {
  message: string;
  /** 1-based line and column in the whole text. */
  line?: number;
  column?: number;
}

const SEPARATOR = /^---(?:\s.*)?$/;

export function splitDocuments(text: string): { startLine: number; text: string }[] {
  const lines = text.split(/\r?\n/);
  const docs: { startLine: number; text: string }[] = [];
  let start = 0;
  let buf: string[] = [];
  lines.forEach((line, i) => {
    if (SEPARATOR.test(line)) {
      docs.push({ startLine: start + 1, text: buf.join('\n') });
      // Content after `--- ` on the same line belongs to the next document.
      const rest = line.slice(3).trim();
      buf = rest && !rest.startsWith('#') ? [rest] : [];
      start = rest && !rest.startsWith('#') ? i : i + 1;
    } else buf.push(line);
  });
  docs.push({ startLine: start + 1, text: buf.join('\n') });
  return docs.filter((d) => d.text.split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#') && l.trim() !== '...'));
}

export function parseDocuments(text: string): YamlDocument[] {
  return splitDocuments(text).map(({ startLine, text: body }) => {
    try {
      return { startLine, text: body, value: normalise(load(body, { schema: KUBE_YAML })) };
    } catch (e) {
      return { startLine, text: body, error: yamlError(e, startLine, body) };
    }
  });
}

function yamlError(e: unknown, startLine: number, body: string): YamlError {
  if (e instanceof YAMLException) {
    const line = e.mark ? startLine + e.mark.line : undefined;
    const column = e.mark ? e.mark.column + 1 : undefined;
    let message = `yaml: line ${line ?? startLine}${column ? `, column ${column}` : ''}: ${e.reason}`;
    if (looksLikeHelm(body)) message += HELM_HINT;
    return { message, line, column };
  }
  return { message: `yaml: ${e instanceof Error ? e.message : String(e)}`, line: startLine };
}

export const HELM_HINT = ' (this looks like a Helm template: `{{ … }}` must be rendered, e.g. with `helm template`, before Kubernetes can read it)';

/**
 * YAML allows what JSON does not: non-string keys, binary, NaN. The apiserver
 * only ever sees JSON, so convert the way sigs.k8s.io/yaml does.
 */
function normalise(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (v instanceof Uint8Array) return btoaBytes(v);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = normalise(val);
    return out;
  }
  return typeof v === 'bigint' ? v.toString() : '';
}

function btoaBytes(bytes: Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += chars[(n >> 18) & 63] + chars[(n >> 12) & 63] + (i + 1 < bytes.length ? chars[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? chars[n & 63] : '=');
  }
  return out;
}

/** Helm templates often still parse as YAML, into nonsense; say so before the apiserver does. */
export function looksLikeHelm(text: string): boolean {
  return /\{\{[-\s]*[.$]?[A-Za-z_][^}]*\}\}/.test(text);
}

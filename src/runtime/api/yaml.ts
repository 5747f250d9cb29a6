// Reading manifests the way kubectl does: split the stream on `---`, decode
// each document on its own (so one broken document does not hide the others),
// with YAML 1.1 scalars as Go's yaml library reads them (`0644` is octal,
// `yes` is a boolean) and timestamps left as strings.
import { load, mergeTag, Schema, timestampTag, YAML11_SCHEMA, YAMLException } from 'js-yaml';

const KUBE_YAML = new Schema([...YAML11_SCHEMA.tags.filter((t) => t !== timestampTag), mergeTag]);

export interface YamlDocument {
  /** 1-based line where the document starts in the whole text. */
  startLine: number;
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
      return { startLine, value: normalise(load(body, { schema: KUBE_YAML })) };
    } catch (e) {
      return { startLine, error: yamlError(e, startLine, body) };
    }
  });
}

function yamlError(e: unknown, startLine: number, body: string): YamlError {
  if (e instanceof YAMLException) {
    const line = e.mark ? startLine + e.mark.line : undefined;
    const column = e.mark ? e.mark.column + 1 : undefined;
    let message = `yaml: line ${line ?? startLine}${column ? `, column ${column}` : ''}: ${e.reason}`;
    if (/\{\{.*\}\}/.test(body)) message += helmHint;
    return { message, line, column };
  }
  return { message: `yaml: ${e instanceof Error ? e.message : String(e)}`, line: startLine };
}

const helmHint = ' (this looks like a Helm template: `{{ … }}` must be rendered, e.g. with `helm template`, before Kubernetes can read it)';

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
  return String(v);
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

// `kubectl … -o json`: Go's json.MarshalIndent with four spaces. Objects read
// from the server are unstructured maps, which Go prints with sorted keys;
// objects kubectl builds itself (the create generators) are typed structs,
// printed in field order — keepOrder keeps the order they were built in.
// Go also escapes <, > and & (HTML-safe) and the JavaScript line separators.

export interface JSONOptions {
  /** Keep the object's own key order (a typed Go struct) instead of sorting (an unstructured map). */
  keepOrder?: boolean;
}

export function printJSON(obj: unknown, opts: JSONOptions = {}): string {
  const value = opts.keepOrder ? obj : sortKeys(obj);
  return goEscape(JSON.stringify(value, null, 4) ?? 'null') + '\n';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort(byBytes)) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}

/** Go sorts map keys by their bytes; for the keys Kubernetes uses that is code-unit order. */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** These characters only occur inside JSON strings, so replacing them everywhere is safe. */
function goEscape(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]);
}

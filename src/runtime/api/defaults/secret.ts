// Secret (v1). Upstream: pkg/apis/core/v1/defaults.go SetDefaults_Secret; the
// v1 → internal conversion (pkg/apis/core/v1/conversion.go) merges stringData
// into data, so only base64 `data` is ever stored.
import type { KubeObject } from '../types';
import { asObj, isNil, setDefaultString } from './util';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    let cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // lone surrogate
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** Standard (padded) base64 of a string's UTF-8 bytes. */
export function base64(text: string): string {
  const bytes = utf8(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += b === undefined ? '=' : B64[(n >> 6) & 63];
    out += c === undefined ? '=' : B64[n & 63];
  }
  return out;
}

export function defaultSecret(obj: KubeObject): void {
  setDefaultString(obj, 'type', 'Opaque');
  const stringData = asObj(obj.stringData);
  if (stringData) {
    if (isNil(obj.data)) obj.data = {};
    const data = asObj(obj.data);
    if (data) {
      for (const [key, value] of Object.entries(stringData)) {
        if (typeof value === 'string') data[key] = base64(value);
      }
      delete obj.stringData;
      if (Object.keys(data).length === 0) delete obj.data;
    }
  }
}

// The pod-template-hash (controller.ComputeHash): FNV-32a over the pod
// template, plus the collision count when there is one, printed in decimal
// and mapped through rand.SafeEncodeString so it never spells words.
//
// Upstream hashes a spew dump of the Go struct, which TypeScript cannot
// reproduce; we hash the template's canonical (sorted-key) JSON instead. The
// scheme — and the shape of the result, like `7d4b9c8f6` — is the same, but
// the value differs from what a real cluster computes for the same template.
import { sortedJSON } from '../../api/patch';

/** rand.SafeEncodeString's alphabet: no vowels, no 0/1/3 that read as letters. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(0x811c9dc5, new TextEncoder().encode(sortedJSON(template)));
  if (collisionCount !== undefined) {
    // binary.LittleEndian.PutUint32 into an 8-byte buffer: the upper four bytes stay zero.
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(h, bytes);
  }
  return safeEncodeString(String(h));
}

function fnv32a(seed: number, bytes: Uint8Array): number {
  let h = seed;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

/** Each character maps to ALPHANUMS[code % 27]: digits become 4-9 and b, c, d, f. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) ?? 0) % ALPHANUMS.length];
  return out;
}

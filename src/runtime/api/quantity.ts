// resource.Quantity: parse `500m`, `1.5Gi`, `2e3`, and print in the canonical
// form Kubernetes uses (largest suffix that keeps an integer mantissa).

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** Value in base units (cores, bytes). */
  value: number;
  format: QuantityFormat;
}

const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

export const QUANTITY_REGEX_TEXT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** Parsed quantities by their text: every pod of a template repeats the same few (`100m`, `128Mi`). */
const parsed = new Map<string, Readonly<Quantity> | undefined>();

export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'number' && Number.isFinite(input)) return { value: input, format: 'DecimalSI' };
  if (typeof input !== 'string') return undefined;
  const known = parsed.get(input);
  if (known !== undefined || parsed.has(input)) return known;
  const q = parseQuantityText(input);
  if (parsed.size >= 1024) parsed.clear();
  parsed.set(input, q && Object.freeze(q));
  return q;
}

function parseQuantityText(input: string): Quantity | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(.*)$/.exec(input.trim());
  if (!m) return undefined;
  const num = Number(m[1]);
  const suffix = m[2];
  if (suffix in DECIMAL) return { value: num * DECIMAL[suffix], format: 'DecimalSI' };
  if (suffix in BINARY) return { value: num * BINARY[suffix], format: 'BinarySI' };
  const exp = /^[eE]([+-]?\d+)$/.exec(suffix);
  if (exp) return { value: num * 10 ** Number(exp[1]), format: 'DecimalExponent' };
  return undefined;
}

/** Milli-precision value, the unit quota and scheduling arithmetic use. */
export function milliValue(input: unknown): number {
  const q = parseQuantity(input);
  return q ? Math.ceil(Math.round(q.value * 1e6) / 1e3) : 0;
}

export function formatQuantity(value: number, format: QuantityFormat = 'DecimalSI'): string {
  if (value === 0) return '0';
  if (format === 'BinarySI' && Number.isInteger(value)) {
    for (const [suffix, mult] of Object.entries(BINARY).reverse()) {
      if (Math.abs(value) >= mult && value % mult === 0) return `${value / mult}${suffix}`;
    }
    if (Math.abs(value) < 1024) return String(value);
  }
  const milli = Math.round(value * 1000);
  if (Number.isInteger(value) || milli % 1000 === 0) {
    const whole = Math.round(value);
    for (const [suffix, mult] of [['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
      if (Math.abs(whole) >= mult && whole % mult === 0) return `${whole / mult}${suffix}`;
    }
    return String(whole);
  }
  return `${milli}m`;
}

/**
 * Canonical form of a user-written quantity (what the apiserver stores back).
 * Delegates to the exact (BigInt) implementation the defaulter uses, so the
 * two never disagree; the float helpers above are for sums and comparisons.
 */
export { canonicalQuantity as canonical } from './defaults/quantity';

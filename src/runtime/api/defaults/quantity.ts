// Exact resource.Quantity handling for the defaulting step.
//
// Two things the apiserver does to every quantity it stores are visible to the
// learner: values are rounded up to nano precision when parsed, and they are
// written back in canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`, `1000` →
// `1k`, a bare YAML number becomes a string). Resource lists (requests, limits,
// capacity, hard …) are additionally rounded up to milli precision
// (SetDefaults_ResourceList). BigInt keeps the arithmetic exact, so huge byte
// counts and tiny CPU fractions format exactly as Go's apimachinery does.

export type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface ExactQuantity {
  /** Value × 10⁹, rounded away from zero to a whole number of nano units. */
  nanos: bigint;
  format: Format;
}

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const SUFFIX_FOR_EXP10: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_NAMES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;
// Exponents far outside anything a resource could mean are rejected rather
// than expanded into enormous BigInts.
const MAX_EXP10 = 400;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Integer division rounding away from zero. */
function divAwayFromZero(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den === 0n ? q : num < 0n ? q - 1n : q + 1n;
}

// Every pod repeats the same few quantity strings; BigInt parsing them again
// dominated defaulting. Results are frozen because they are shared.
const CACHE_MAX = 4096;
const parsedText = new Map<string, ExactQuantity | null>();
const milliCanonical = new Map<string, string | null>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, value);
  return value;
}

/** Parse a quantity the way resource.ParseQuantity does; undefined when it is not one. */
export function parseExact(input: unknown): ExactQuantity | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? parseText(String(input)) : undefined;
  if (typeof input !== 'string') return undefined;
  const hit = parsedText.get(input);
  if (hit !== undefined) return hit ?? undefined;
  const q = parseText(input.trim());
  return remember(parsedText, input, q ? Object.freeze(q) : null) ?? undefined;
}

function parseText(text: string): ExactQuantity | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const [, sign, whole, frac = '', suffix] = m;
  if (whole === '' && frac === '') return undefined;
  let format: Format;
  let exp10: number;
  let binaryPower = 0;
  if (suffix in DECIMAL_SUFFIX) {
    format = 'DecimalSI';
    exp10 = DECIMAL_SUFFIX[suffix];
  } else if (suffix in BINARY_SUFFIX) {
    format = 'BinarySI';
    exp10 = 0;
    binaryPower = BINARY_SUFFIX[suffix];
  } else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix);
    if (!e) return undefined;
    format = 'DecimalExponent';
    exp10 = Number(e[1]);
    if (!Number.isSafeInteger(exp10)) return undefined;
  }
  let digits = BigInt(`${whole}${frac}` || '0');
  if (binaryPower) digits *= 1024n ** BigInt(binaryPower);
  if (sign === '-') digits = -digits;
  const shift = exp10 - frac.length + 9;
  if (shift > MAX_EXP10) return undefined;
  let nanos: bigint;
  if (shift >= 0) nanos = digits * pow10(shift);
  else if (-shift > MAX_EXP10) nanos = digits === 0n ? 0n : digits < 0n ? -1n : 1n;
  else nanos = divAwayFromZero(digits, pow10(-shift));
  return { nanos, format };
}

/** Round up (away from zero) to milli precision, as SetDefaults_ResourceList does. */
export function roundToMilli(q: ExactQuantity): ExactQuantity {
  const unit = 1_000_000n;
  return { nanos: divAwayFromZero(q.nanos, unit) * unit, format: q.format };
}

/** The canonical text of a quantity (Quantity.String()). */
export function formatExact(q: ExactQuantity): string {
  const { nanos } = q;
  if (nanos === 0n) return '0';
  let format = q.format;
  const perUnit = 1_000_000_000n;
  if (format === 'BinarySI') {
    const small = nanos > -1024n * perUnit && nanos < 1024n * perUnit;
    if (small || nanos % perUnit !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let amount = nanos / perUnit;
    let power = 0;
    while (power < 6 && amount % 1024n === 0n) {
      amount /= 1024n;
      power++;
    }
    return `${amount}${BINARY_NAMES[power]}`;
  }
  // Decimal: strip trailing zeros, then move the exponent to a multiple of 3.
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const rem = ((exponent % 3) + 3) % 3;
  if (rem === 1) {
    mantissa *= 10n;
    exponent -= 1;
  } else if (rem === 2) {
    mantissa *= 100n;
    exponent -= 2;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = SUFFIX_FOR_EXP10[exponent];
  return suffix === undefined ? `${mantissa}e${exponent}` : `${mantissa}${suffix}`;
}

/** Canonical form of one Quantity field; undefined when the input does not parse. */
export function canonicalQuantity(input: unknown): string | undefined {
  const q = parseExact(input);
  return q ? formatExact(q) : undefined;
}

/**
 * Canonicalize every entry of a ResourceList in place, rounding up to milli
 * precision. Entries that do not parse are left for validation to report.
 */
export function canonicalizeResourceList(list: unknown): void {
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return;
  const rec = list as Record<string, unknown>;
  for (const [name, value] of Object.entries(rec)) {
    const c = milliCanonicalOf(value);
    if (c !== undefined) rec[name] = c;
  }
}

function milliCanonicalOf(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    const q = parseExact(value);
    return q ? formatExact(roundToMilli(q)) : undefined;
  }
  const hit = milliCanonical.get(value);
  if (hit !== undefined) return hit ?? undefined;
  const q = parseExact(value);
  return remember(milliCanonical, value, q ? formatExact(roundToMilli(q)) : null) ?? undefined;
}

/** Canonicalize a single Quantity field of an object in place. */
export function canonicalizeField(o: Record<string, unknown> | undefined, key: string): void {
  if (!o || !(key in o)) return;
  const c = canonicalQuantity(o[key]);
  if (c !== undefined) o[key] = c;
}

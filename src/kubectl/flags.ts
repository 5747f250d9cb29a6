// Command-line flags as spf13/pflag reads them for kubectl: flags may come
// anywhere among the arguments, `--` ends them, shorthand bools combine
// (`-it`), values attach (`-nfoo`, `-n=foo`, `--namespace=foo`) or follow.
// Errors carry pflag's wording, which kubectl prints after "error: ".

export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'stringSlice' | 'duration';
export type FlagValue = string | number | boolean | string[];

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: FlagValue;
  /** For bool flags given without `=value` kubectl sometimes means something other than true (`--dry-run` → "unset"). */
  noOptDefault?: string;
}

export class FlagError extends Error {}

export class ParsedFlags {
  constructor(
    private readonly specs: Map<string, FlagSpec>,
    private readonly values: Map<string, FlagValue>,
  ) {}

  /** True when the user gave the flag, even with its default value. */
  has(name: string): boolean {
    return this.values.has(name);
  }

  value(name: string): FlagValue | undefined {
    return this.values.get(name) ?? this.specs.get(name)?.default;
  }

  string(name: string): string {
    const v = this.value(name);
    return v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v);
  }

  bool(name: string): boolean {
    return this.value(name) === true;
  }

  int(name: string): number {
    const v = this.value(name);
    return typeof v === 'number' ? v : 0;
  }

  strings(name: string): string[] {
    const v = this.value(name);
    return Array.isArray(v) ? v : v === undefined || v === '' ? [] : [String(v)];
  }

  /** Durations in milliseconds (Go time.ParseDuration), or undefined when not given and without default. */
  durationMs(name: string): number | undefined {
    const v = this.value(name);
    return typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? parseGoDuration(v) : undefined;
  }
}

export interface ParsedArgs {
  flags: ParsedFlags;
  positionals: string[];
  /** Arguments after `--` (exec, run), or undefined when there was no `--`. */
  afterDash: string[] | undefined;
}

/** How pflag names a flag in its messages: `-r, --replicas` when it has a shorthand. */
export function flagDisplay(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const values = new Map<string, FlagValue>();
  const positionals: string[] = [];
  let afterDash: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      afterDash = argv.slice(i + 1);
      break;
    }
    if (arg.startsWith('--')) {
      i = parseLong(argv, i, byName, values);
    } else if (arg.startsWith('-') && arg.length > 1) {
      i = parseShorts(argv, i, byShort, values);
    } else {
      positionals.push(arg);
    }
  }
  return { flags: new ParsedFlags(byName, values), positionals, afterDash };
}

function parseLong(argv: readonly string[], i: number, byName: Map<string, FlagSpec>, values: Map<string, FlagValue>): number {
  const body = argv[i].slice(2);
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const spec = byName.get(name);
  if (!spec) throw new FlagError(`unknown flag: --${name}`);
  if (eq >= 0) {
    setValue(spec, body.slice(eq + 1), values);
    return i;
  }
  if (spec.type === 'bool' || spec.noOptDefault !== undefined) {
    setValue(spec, spec.noOptDefault ?? 'true', values);
    return i;
  }
  if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`);
  setValue(spec, argv[i + 1], values);
  return i + 1;
}

function parseShorts(argv: readonly string[], i: number, byShort: Map<string, FlagSpec>, values: Map<string, FlagValue>): number {
  const arg = argv[i];
  for (let j = 1; j < arg.length; j++) {
    const c = arg[j];
    const spec = byShort.get(c);
    if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${arg}`);
    const rest = arg.slice(j + 1);
    if (rest.startsWith('=')) {
      setValue(spec, rest.slice(1), values);
      return i;
    }
    if (spec.type === 'bool' || spec.noOptDefault !== undefined) {
      setValue(spec, spec.noOptDefault ?? 'true', values);
      continue;
    }
    if (rest !== '') {
      setValue(spec, rest, values);
      return i;
    }
    if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
    setValue(spec, argv[i + 1], values);
    return i + 1;
  }
  return i;
}

function setValue(spec: FlagSpec, raw: string, values: Map<string, FlagValue>): void {
  const invalid = (why: string): FlagError => new FlagError(`invalid argument ${goQuote(raw)} for ${goQuote(flagDisplay(spec))} flag: ${why}`);
  switch (spec.type) {
    case 'bool': {
      const b = parseGoBool(raw);
      if (b === undefined) throw invalid(`strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`);
      values.set(spec.name, b);
      return;
    }
    case 'int': {
      const n = parseGoInt(raw);
      if (n === undefined) throw invalid(`strconv.ParseInt: parsing ${goQuote(raw)}: invalid syntax`);
      values.set(spec.name, n);
      return;
    }
    case 'duration': {
      if (parseGoDuration(raw) === undefined) throw invalid(goDurationError(raw));
      values.set(spec.name, raw);
      return;
    }
    case 'stringArray':
    case 'stringSlice': {
      const prev = values.get(spec.name);
      const list = Array.isArray(prev) ? prev : [];
      values.set(spec.name, [...list, ...(spec.type === 'stringSlice' ? splitSlice(raw) : [raw])]);
      return;
    }
    default:
      values.set(spec.name, raw);
  }
}

function splitSlice(raw: string): string[] {
  return raw === '' ? [] : raw.split(',');
}

function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** strconv.ParseInt(s, 0, 64): decimal, 0x hex, 0o/0 octal, 0b binary, optional sign and underscores. */
function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+|[1-9][0-9_]*|0)$/.exec(s);
  if (!m) return undefined;
  const digits = m[2].replace(/_/g, '');
  let n: number;
  if (/^0[xX]/.test(digits)) n = parseInt(digits.slice(2), 16);
  else if (/^0[bB]/.test(digits)) n = parseInt(digits.slice(2), 2);
  else if (/^0[oO]/.test(digits)) n = parseInt(digits.slice(2), 8);
  else if (digits.length > 1 && digits.startsWith('0')) n = parseInt(digits.slice(1), 8);
  else n = parseInt(digits, 10);
  return m[1] === '-' ? -n : n;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go time.ParseDuration, in milliseconds: `90s`, `1h30m`, `1.5h`, `0`. */
export function parseGoDuration(s: string): number | undefined {
  const m = /^([+-]?)(.*)$/.exec(s);
  if (!m || m[2] === '') return undefined;
  if (m[2] === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < m[2].length) {
    re.lastIndex = pos;
    const part = re.exec(m[2]);
    if (!part) return undefined;
    total += parseFloat(part[1]) * UNIT_MS[part[2]];
    pos = re.lastIndex;
  }
  return m[1] === '-' ? -total : total;
}

/** time.ParseDuration's complaint about a string it refuses. */
function goDurationError(s: string): string {
  const unit = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)([^\d.]*)/.exec(s);
  if (unit && unit[1] === '') return `time: missing unit in duration ${goQuote(s)}`;
  if (unit && !(unit[1] in UNIT_MS)) return `time: unknown unit ${goQuote(unit[1])} in duration ${goQuote(s)}`;
  return `time: invalid duration ${goQuote(s)}`;
}

/** Go's %q for the plain strings kubectl quotes. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

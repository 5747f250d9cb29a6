// `kubectl … -o yaml`: sigs.k8s.io/yaml turns the object's JSON into go-yaml
// v2 output. That emitter sorts map keys with its own "natural" order, indents
// by two, leaves sequences unindented under their key, folds long scalars at
// column 80, and quotes a string whenever it would read back as something
// else (a number, a bool, null, a timestamp) or holds YAML indicators.
// The rules below follow the emitter's scalar analysis, so output matches
// byte for byte what the real kubectl prints.

const BEST_WIDTH = 80;
const INDENT = 2;

/** The whole document, ending in a newline as kubectl prints it. */
export function printYAML(value: unknown): string {
  const e = new Emitter();
  e.node(toJSONValue(value), -1, 'document');
  return e.finish();
}

/** What json.Marshal would hand the YAML converter: undefined fields dropped, non-finite numbers as strings. */
function toJSONValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : toJSONValue(x)));
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = toJSONValue(x);
    return out;
  }
  return null;
}

type Context = 'document' | 'mappingValue' | 'sequenceItem';

class Emitter {
  private out = '';
  private column = 0;

  finish(): string {
    return this.out.endsWith('\n') ? this.out : this.out + '\n';
  }

  /** Emit a node whose enclosing collection is at `indent`; the cursor is after `key:` or `- ` (or at the start). */
  node(v: unknown, indent: number, ctx: Context): void {
    if (Array.isArray(v)) return v.length ? this.sequence(v, indent, ctx) : this.inline('[]');
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      return entries.length ? this.mapping(entries, indent, ctx) : this.inline('{}');
    }
    this.scalar(v, indent + INDENT, ctx);
  }

  private mapping(entries: [string, unknown][], indent: number, ctx: Context): void {
    const own = ctx === 'document' ? 0 : indent + INDENT;
    entries.sort(([a], [b]) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
    entries.forEach(([k, v], i) => {
      // The first key of a mapping inside a sequence item shares the `- ` line.
      if (i === 0 && ctx === 'sequenceItem') this.write(' ');
      else this.newline(own);
      this.key(k);
      this.node(v, own, 'mappingValue');
    });
  }

  private sequence(items: unknown[], indent: number, ctx: Context): void {
    // go-yaml writes a sequence that is a mapping value at the key's own indent.
    const own = ctx === 'document' ? 0 : ctx === 'mappingValue' ? indent : indent + INDENT;
    items.forEach((item, i) => {
      if (i === 0 && ctx === 'sequenceItem') this.write(' ');
      else this.newline(own);
      this.write('-');
      this.node(item, own, 'sequenceItem');
    });
  }

  private inline(text: string): void {
    this.write(this.column === 0 ? text : ` ${text}`);
  }

  private key(k: string): void {
    const style = chooseStyle(k, true);
    this.writeScalar(k, style, 0, false);
    this.write(':');
  }

  private scalar(v: unknown, indent: number, ctx: Context): void {
    if (ctx !== 'document') this.write(' ');
    if (typeof v !== 'string') {
      this.write(plainNonString(v));
      return;
    }
    this.writeScalar(v, chooseStyle(v, false), indent, true);
  }

  private writeScalar(s: string, style: Style, indent: number, allowBreaks: boolean): void {
    if (style === 'plain') this.writePlain(s, indent, allowBreaks);
    else if (style === 'single') this.writeSingle(s, indent, allowBreaks);
    else if (style === 'double') this.writeDouble(s, indent, allowBreaks);
    else this.writeLiteral(s, indent);
  }

  private writePlain(s: string, indent: number, allowBreaks: boolean): void {
    const chars = [...s];
    let spaces = false;
    chars.forEach((c, i) => {
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') this.newline(indent);
        else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    });
  }

  private writeSingle(s: string, indent: number, allowBreaks: boolean): void {
    const chars = [...s];
    this.write("'");
    let spaces = false;
    let breaks = false;
    chars.forEach((c, i) => {
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') this.newline(indent);
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.rawNewline();
        this.rawNewline();
        breaks = true;
      } else {
        if (breaks) this.newline(indent);
        this.write(c === "'" ? "''" : c);
        spaces = false;
        breaks = false;
      }
    });
    this.write("'");
  }

  private writeDouble(s: string, indent: number, allowBreaks: boolean): void {
    const chars = [...s];
    this.write('"');
    let spaces = false;
    chars.forEach((c, i) => {
      if (!isPrintable(c) || c === '\ufeff' || isBreak(c) || c === '"' || c === '\\') {
        this.write(escapeDouble(c));
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.newline(indent);
          if (chars[i + 1] === ' ') this.write('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    });
    this.write('"');
  }

  private writeLiteral(s: string, indent: number): void {
    this.write('|' + blockHints(s));
    this.rawNewline();
    let breaks = true;
    for (const c of s) {
      if (isBreak(c)) {
        this.rawNewline();
        breaks = true;
      } else {
        if (breaks) this.newline(indent);
        this.write(c);
        breaks = false;
      }
    }
  }

  /** Start a new line at `indent` (go-yaml's write_indent; it never leaves a line with only spaces behind). */
  private newline(indent: number): void {
    if (this.column > 0) this.out += '\n';
    this.column = 0;
    this.write(' '.repeat(Math.max(indent, 0)));
  }

  private rawNewline(): void {
    this.out += '\n';
    this.column = 0;
  }

  private write(text: string): void {
    this.out += text;
    this.column += [...text].length;
  }
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function plainNonString(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  return 'null';
}

/** strconv.FormatFloat(f, 'g', -1, 64), as go-yaml writes floats. */
export function goFloat(f: number): string {
  const [mantissa, expText] = f.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(f);
}

/** encode.go stringv plus the emitter's select_scalar_style, for block context. */
function chooseStyle(s: string, simpleKey: boolean): Style {
  const canUsePlain = resolvesToString(s) && !isBase60Float(s);
  let style: Style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  const a = analyze(s);
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlainAllowed || (s === '' && simpleKey)) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar: which styles can carry the text unchanged. */
function analyze(s: string): Analysis {
  if (s === '') return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = [...s];
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  chars.forEach((c, i) => {
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t' || isBreak(next);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else if (c === ':' && followedByWhitespace) blockIndicators = true;
    else if (c === '#' && precededByWhitespace) blockIndicators = true;
    if (!isPrintable(c)) special = true;
    const last = i === chars.length - 1;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === ' ' || c === '\t' || isBreak(c);
  });
  let blockPlainAllowed = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak);
  let singleQuotedAllowed = true;
  let blockAllowed = !trailingSpace;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks || blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

function isBreak(c: string): boolean {
  return c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
}

/** libyaml's is_printable: LF, printable ASCII, and the BMP outside surrogates and specials (no astral planes). */
function isPrintable(c: string): boolean {
  const n = c.codePointAt(0) ?? 0;
  return n === 0x0a || (n >= 0x20 && n <= 0x7e) || (n >= 0xa0 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd && n !== 0xfeff);
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\x0b': 'v',
  '\f': 'f',
  '\r': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

function escapeDouble(c: string): string {
  const named = ESCAPES[c];
  if (named) return `\\${named}`;
  const n = c.codePointAt(0) ?? 0;
  const hex = n.toString(16).toUpperCase();
  if (n <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (n <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** The indentation and chomping indicators after `|`. */
function blockHints(s: string): string {
  const chars = [...s];
  let hints = '';
  if (chars[0] === ' ' || isBreak(chars[0] ?? '')) hints += String(INDENT);
  const last = chars[chars.length - 1];
  if (last === undefined || !isBreak(last)) hints += '-';
  else if (chars.length === 1 || isBreak(chars[chars.length - 2])) hints += '+';
  return hints;
}

// ---- resolve: would the plain text read back as something other than a string? ----

const RESERVED = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function resolvesToString(s: string): boolean {
  if (RESERVED.has(s)) return false;
  const c = s[0];
  if (c === '.') return !isGoFloat(s);
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (isTimestamp(s)) return false;
    const plain = s.replace(/_/g, '');
    if (isGoInt(plain) || YAML_FLOAT.test(plain)) return false;
    if (/^-?0b[01]+$/.test(plain)) return false;
  }
  return true;
}

function isBase60Float(s: string): boolean {
  return s !== '' && /^[-+0-9]/.test(s) && s.includes(':') && BASE60_FLOAT.test(s);
}

/** strconv.ParseInt/ParseUint(s, 0, 64) syntax (range aside: big numbers still resolve to ints). */
function isGoInt(s: string): boolean {
  return /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.test(s);
}

/** strconv.ParseFloat for text starting with `.` (decimal only; the hint rules out the rest). */
function isGoFloat(s: string): boolean {
  return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
}

/** go-yaml's parseTimestamp: YYYY-M-D, optionally with a time, as time.Parse accepts it. */
function isTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const date = '([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})';
  const frac = '(\\.[0-9]+)?';
  const time = '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})';
  const zone = '(Z|[-+][0-9]{2}:[0-9]{2})';
  const forms = [
    new RegExp(`^${date}[Tt]${time}${frac}${zone}$`),
    new RegExp(`^${date} ${time}${frac}$`),
    new RegExp(`^${date}$`),
  ];
  for (const re of forms) {
    const m = re.exec(s);
    if (m && validDate(Number(m[1]), Number(m[2]), Number(m[3])) && (m[4] === undefined || validTime(Number(m[4]), Number(m[5]), Number(m[6])))) return true;
  }
  return false;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

function validTime(h: number, m: number, s: number): boolean {
  return h < 24 && m < 60 && s < 60;
}

/**
 * go-yaml v2's key order: a natural sort where runs of digits compare as
 * numbers and, at the first difference, a non-letter sorts before a letter.
 */
export function keyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

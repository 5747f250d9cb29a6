// The few text filters admins put after kubectl (`| grep`, `| head`, `| tail`,
// `| wc -l`), as GNU coreutils/grep behave on a pipe. They stream: a follow
// command (`get -w | grep web`) passes each new line through as it arrives.

export interface Filter {
  /** Feed more text; returns what the filter prints now. */
  push(text: string): string;
  /** The input ended; returns what is left to print. */
  end(): string;
  /** The filter's exit status once input ended (grep: 1 when nothing was selected). */
  code(): number;
  /** head: enough lines seen; the producer can stop (the shell's SIGPIPE). */
  satisfied(): boolean;
}

/** A filter that failed to start (bad option): its message and exit status. */
export interface FilterFailure {
  error: string;
  code: number;
}

export const FILTERS = ['grep', 'head', 'tail', 'wc'] as const;

export function makeFilter(argv: readonly string[]): Filter | FilterFailure {
  switch (argv[0]) {
    case 'grep':
    case 'egrep':
    case 'fgrep':
      return makeGrep(argv);
    case 'head':
      return makeHead(argv.slice(1));
    case 'tail':
      return makeTail(argv.slice(1));
    case 'wc':
      return makeWc(argv.slice(1));
    default:
      return { error: `podsphere: pipes to ${JSON.stringify(argv[0])} are not supported in this sandbox (after | use grep, head, tail or wc -l)\n`, code: 127 };
  }
}

/** Cuts streamed text into whole lines, keeping a partial last line until more arrives. */
class LineBuffer {
  private rest = '';

  lines(text: string): string[] {
    const all = (this.rest + text).split('\n');
    this.rest = all.pop() ?? '';
    return all;
  }

  flush(): string[] {
    const last = this.rest;
    this.rest = '';
    return last === '' ? [] : [last];
  }
}

const usageError = (tool: string, message: string): FilterFailure => ({
  error: `${tool}: ${message}\n${tool === 'grep' ? 'Usage: grep [OPTION]... PATTERNS [FILE]...\n' : ''}Try '${tool} --help' for more information.\n`,
  code: tool === 'grep' ? 2 : 1,
});

const notHere = (tool: string, option: string): FilterFailure => ({
  error: `podsphere: ${tool} ${option} is not supported in this sandbox\n`,
  code: 2,
});

// ---- grep --------------------------------------------------------------------

interface GrepOptions {
  patterns: string[];
  mode: 'basic' | 'extended' | 'fixed';
  ignoreCase: boolean;
  invert: boolean;
  count: boolean;
  word: boolean;
  line: boolean;
  number: boolean;
  quiet: boolean;
}

const GREP_BOOLS: Record<string, (o: GrepOptions) => void> = {
  i: (o) => (o.ignoreCase = true),
  y: (o) => (o.ignoreCase = true),
  v: (o) => (o.invert = true),
  c: (o) => (o.count = true),
  w: (o) => (o.word = true),
  x: (o) => (o.line = true),
  n: (o) => (o.number = true),
  q: (o) => (o.quiet = true),
  s: () => undefined,
  E: (o) => (o.mode = 'extended'),
  F: (o) => (o.mode = 'fixed'),
  G: (o) => (o.mode = 'basic'),
};
const GREP_LONG: Record<string, string> = {
  'ignore-case': 'i', 'invert-match': 'v', count: 'c', 'word-regexp': 'w', 'line-regexp': 'x',
  'line-number': 'n', quiet: 'q', silent: 'q', 'extended-regexp': 'E', 'fixed-strings': 'F', 'basic-regexp': 'G',
};

function makeGrep(argv: readonly string[]): Filter | FilterFailure {
  const o: GrepOptions = {
    patterns: [],
    mode: argv[0] === 'egrep' ? 'extended' : argv[0] === 'fgrep' ? 'fixed' : 'basic',
    ignoreCase: false, invert: false, count: false, word: false, line: false, number: false, quiet: false,
  };
  const operands: string[] = [];
  let explicit = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split(/=(.*)/s);
      if (name === 'regexp') {
        const v = value ?? argv[++i];
        if (v === undefined) return usageError('grep', "option '--regexp' requires an argument");
        o.patterns.push(v);
        explicit = true;
      } else if (GREP_LONG[name]) GREP_BOOLS[GREP_LONG[name]](o);
      else if (name === 'color' || name === 'colour') continue;
      else return usageError('grep', `unrecognized option '${a}'`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'e') {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined) return usageError('grep', "option requires an argument -- 'e'");
          o.patterns.push(v);
          explicit = true;
          break;
        }
        if (GREP_BOOLS[c]) GREP_BOOLS[c](o);
        else if ('ABCmfroHhlLzZ'.includes(c)) return notHere('grep', `-${c}`);
        else return usageError('grep', `invalid option -- '${c}'`);
      }
      continue;
    }
    operands.push(a);
  }
  if (!explicit) {
    const p = operands.shift();
    if (p === undefined) return { error: "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", code: 2 };
    o.patterns.push(...p.split('\n'));
  }
  if (operands.length) return { error: 'podsphere: grep reads only from the pipe in this sandbox (no file arguments)\n', code: 2 };
  let re: RegExp;
  try {
    re = grepRegExp(o);
  } catch {
    return { error: 'grep: Invalid regular expression\n', code: 2 };
  }
  return new Grep(o, re);
}

class Grep implements Filter {
  private buffer = new LineBuffer();
  private selected = 0;
  private seen = 0;

  constructor(
    private readonly o: GrepOptions,
    private readonly re: RegExp,
  ) {}

  push(text: string): string {
    return this.select(this.buffer.lines(text));
  }

  end(): string {
    const out = this.select(this.buffer.flush());
    return this.o.count && !this.o.quiet ? `${out}${this.selected}\n` : out;
  }

  code(): number {
    return this.selected > 0 ? 0 : 1;
  }

  satisfied(): boolean {
    return this.o.quiet && this.selected > 0;
  }

  private select(lines: string[]): string {
    let out = '';
    for (const line of lines) {
      this.seen++;
      if (this.re.test(line) === this.o.invert) continue;
      this.selected++;
      if (!this.o.count && !this.o.quiet) out += `${this.o.number ? `${this.seen}:` : ''}${line}\n`;
    }
    return out;
  }
}

function grepRegExp(o: GrepOptions): RegExp {
  const sources = o.patterns.map((p) => (o.mode === 'fixed' ? p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : posixToJs(p, o.mode === 'extended')));
  let source = sources.map((s) => `(?:${s})`).join('|');
  if (o.word) source = `(?<![\\w])(?:${source})(?![\\w])`;
  if (o.line) source = `^(?:${source})$`;
  return new RegExp(source, o.ignoreCase ? 'iu' : 'u');
}

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s', blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', word: '\\w',
};

/** POSIX basic/extended regular expression → JavaScript source. */
function posixToJs(p: string, extended: boolean): string {
  const special = '(){}|+?';
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '[') {
      const end = bracketEnd(p, i);
      out += convertBracket(p.slice(i, end + 1));
      i = end;
    } else if (c === '\\' && i + 1 < p.length) {
      const n = p[++i];
      if (n === '<' || n === '>') out += '\\b';
      else if (special.includes(n)) out += extended ? `\\${n}` : n;
      else if ('wWsSb'.includes(n)) out += `\\${n}`;
      else out += /[\w]/.test(n) ? n : `\\${n}`;
    } else if (special.includes(c)) {
      out += extended ? c : `\\${c}`;
    } else if (c === '/') {
      out += '\\/';
    } else {
      out += c;
    }
  }
  return out;
}

function bracketEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '^') i++;
  if (p[i] === ']') i++;
  while (i < p.length && p[i] !== ']') i = p.startsWith('[:', i) ? p.indexOf(':]', i) + 2 || p.length : i + 1;
  if (i >= p.length) throw new Error('Unmatched [');
  return i;
}

function convertBracket(b: string): string {
  const negate = b[1] === '^';
  const body = b.slice(negate ? 2 : 1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body.startsWith('[:', i)) {
      const close = body.indexOf(':]', i);
      const name = body.slice(i + 2, close);
      if (!(name in CLASSES)) throw new Error('Invalid character class name');
      out += CLASSES[name];
      i = close + 1;
    } else {
      out += '\\^-]['.includes(body[i]) && !(body[i] === '-' && i > 0 && i < body.length - 1) ? `\\${body[i]}` : body[i];
    }
  }
  return `[${negate ? '^' : ''}${out}]`;
}

// ---- head / tail ---------------------------------------------------------------

interface Count {
  n: number;
  /** tail -n +N: from line N on. */
  from?: boolean;
}

function parseCount(tool: string, args: readonly string[]): Count | FilterFailure {
  let count: Count = { n: 10 };
  const read = (raw: string): Count | FilterFailure => {
    const m = /^([+-]?)(\d+)$/.exec(raw);
    if (!m || (m[1] === '-' && tool === 'head')) return m ? notHere(tool, `-n -${m[2]}`) : { error: `${tool}: invalid number of lines: ‘${raw}’\n`, code: 1 };
    return { n: Number(m[2]), from: m[1] === '+' && tool === 'tail' };
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let parsed: Count | FilterFailure;
    if (a === '-n' || a === '--lines') {
      if (args[i + 1] === undefined) return usageError(tool, `option requires an argument -- 'n'`);
      parsed = read(args[++i]);
    } else if (a.startsWith('--lines=')) parsed = read(a.slice(8));
    else if (/^-n./.test(a)) parsed = read(a.slice(2));
    else if (/^-\d+$/.test(a)) parsed = read(a.slice(1));
    else if (/^\+\d+$/.test(a) && tool === 'tail') parsed = read(a);
    else if (a === '-f' || a === '-F' || a === '--follow' || a === '-c' || a.startsWith('--bytes')) return notHere(tool, a);
    else if (a.startsWith('-')) return usageError(tool, a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1]}'`);
    else return { error: `podsphere: ${tool} reads only from the pipe in this sandbox (no file arguments)\n`, code: 1 };
    if ('error' in parsed) return parsed;
    count = parsed;
  }
  return count;
}

function makeHead(args: readonly string[]): Filter | FilterFailure {
  const count = parseCount('head', args);
  if ('error' in count) return count;
  const buffer = new LineBuffer();
  let printed = 0;
  const take = (lines: string[]): string => {
    const room = Math.max(0, count.n - printed);
    const out = lines.slice(0, room);
    printed += out.length;
    return out.map((l) => `${l}\n`).join('');
  };
  return {
    push: (text) => take(buffer.lines(text)),
    // head prints a partial last line as it is, without adding a newline.
    end: () => (printed < count.n ? buffer.flush().join('') : ''),
    code: () => 0,
    satisfied: () => printed >= count.n,
  };
}

function makeTail(args: readonly string[]): Filter | FilterFailure {
  const count = parseCount('tail', args);
  if ('error' in count) return count;
  const buffer = new LineBuffer();
  const lines: string[] = [];
  return {
    push: (text) => {
      lines.push(...buffer.lines(text).map((l) => `${l}\n`));
      return '';
    },
    end: () => {
      lines.push(...buffer.flush());
      if (count.from) return lines.slice(Math.max(0, count.n - 1)).join('');
      return count.n === 0 ? '' : lines.slice(-count.n).join('');
    },
    code: () => 0,
    satisfied: () => false,
  };
}

// ---- wc --------------------------------------------------------------------------

function makeWc(args: readonly string[]): Filter | FilterFailure {
  const want = new Set<'l' | 'w' | 'c'>();
  for (const a of args) {
    if (a === '--lines') want.add('l');
    else if (a === '--words') want.add('w');
    else if (a === '--bytes' || a === '--chars') want.add('c');
    else if (/^-[lwcm]+$/.test(a)) for (const c of a.slice(1)) want.add(c === 'm' ? 'c' : (c as 'l' | 'w' | 'c'));
    else if (a.startsWith('-')) return usageError('wc', a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a.replace(/^-[lwcm]*/, '')[0]}'`);
    else return { error: 'podsphere: wc reads only from the pipe in this sandbox (no file arguments)\n', code: 1 };
  }
  if (want.size === 0) ['l', 'w', 'c'].forEach((c) => want.add(c as 'l' | 'w' | 'c'));
  let text = '';
  return {
    push: (t) => {
      text += t;
      return '';
    },
    end: () => {
      const counts = { l: (text.match(/\n/g) ?? []).length, w: text.split(/\s+/).filter(Boolean).length, c: new TextEncoder().encode(text).length };
      const values = (['l', 'w', 'c'] as const).filter((k) => want.has(k)).map((k) => String(counts[k]));
      // GNU wc on a pipe pads each count to 7 columns when it prints more than one.
      return `${values.length === 1 ? values[0] : values.map((v) => v.padStart(7)).join(' ')}\n`;
    },
    code: () => 0,
    satisfied: () => false,
  };
}

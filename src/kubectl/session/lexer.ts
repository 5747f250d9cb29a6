// Splits a typed line into words and operators the way a POSIX shell does:
// single quotes keep everything, double quotes keep all but `\"`, `\\`, `\$`
// and `` \` ``, an unquoted backslash escapes the next character, `#` at the
// start of a word begins a comment. The terminal runs no real shell, so
// expansions ($VAR, $(…), backquotes) are refused with a clear message rather
// than silently expanded to nothing.

export interface WordToken {
  kind: 'word';
  text: string;
  /** Offsets in the line: the raw word (quotes included) is line.slice(start, end). */
  start: number;
  end: number;
  /** True when any part of the word was quoted or escaped (a quoted `EOF` or `|` is just text). */
  quoted: boolean;
}

export interface OpToken {
  kind: 'op';
  /** `|`, `||`, `&&`, `&`, `;`, `(`, `)`, `<`, `<<`, `<<-`, `<<<`, `>`, `>>`, `>&`, `&>`, `<&`; with an fd prefix: `2>`, `2>&` … */
  op: string;
  start: number;
  end: number;
}

export type Token = WordToken | OpToken;

export interface LexResult {
  tokens: Token[];
  /** Set when the line ends inside a quote or after a lone backslash: the shell reads on. */
  open?: 'single' | 'double' | 'escape';
  /** A refused expansion (only reported in strict mode). */
  error?: string;
}

const OPERATORS = ['<<<', '<<-', '&&', '||', '<<', '>>', '>&', '&>', '<&', '>|', '|', '&', ';', '(', ')', '<', '>'];
const BLANK = /[ \t\n]/;

export const EXPANSION_UNSUPPORTED =
  'podsphere: shell variables and command substitution ($NAME, $(...), `...`) are not supported in this sandbox';

/** Would `$` at line[i] start an expansion in bash (rather than stand for itself)? */
function startsExpansion(line: string, i: number): boolean {
  const next = line[i + 1];
  return next !== undefined && /[A-Za-z_{(0-9?@*#!$-]/.test(next);
}

export function lex(line: string, strict = true): LexResult {
  const tokens: Token[] = [];
  let word: WordToken | undefined;
  const startWord = (at: number): WordToken => (word ??= { kind: 'word', text: '', start: at, end: at, quoted: false });
  const endWord = (at: number): void => {
    if (word) {
      word.end = at;
      tokens.push(word);
      word = undefined;
    }
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (BLANK.test(c)) {
      endWord(i);
      i++;
      continue;
    }
    if (c === '#' && !word) break;
    if (c === '\\') {
      if (i + 1 >= line.length) {
        const w = startWord(i);
        w.quoted = true;
        w.end = line.length;
        return { tokens: [...tokens, w], open: 'escape' };
      }
      const w = startWord(i);
      w.quoted = true;
      // Backslash-newline is a line continuation: it vanishes.
      if (line[i + 1] !== '\n') w.text += line[i + 1];
      i += 2;
      continue;
    }
    if (c === "'") {
      const w = startWord(i);
      w.quoted = true;
      const close = line.indexOf("'", i + 1);
      if (close < 0) {
        w.text += line.slice(i + 1);
        w.end = line.length;
        return { tokens: [...tokens, w], open: 'single' };
      }
      w.text += line.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      const w = startWord(i);
      w.quoted = true;
      const r = readDouble(line, i + 1, w, strict);
      if (r.error) return { tokens, error: r.error };
      if (r.open) {
        w.end = line.length;
        return { tokens: [...tokens, w], open: 'double' };
      }
      i = r.next;
      continue;
    }
    if (strict && (c === '`' || (c === '$' && startsExpansion(line, i)))) return { tokens, error: EXPANSION_UNSUPPORTED };
    const op = operatorAt(line, i);
    if (op) {
      // `2>`: digits immediately before a redirection name the file descriptor.
      const fd = word && !word.quoted && /^\d+$/.test(word.text) && (op[0] === '<' || op[0] === '>') ? word : undefined;
      if (fd) {
        word = undefined;
        tokens.push({ kind: 'op', op: fd.text + op, start: fd.start, end: i + op.length });
      } else {
        endWord(i);
        tokens.push({ kind: 'op', op, start: i, end: i + op.length });
      }
      i += op.length;
      continue;
    }
    startWord(i).text += c;
    i++;
  }
  endWord(line.length);
  return { tokens };
}

function readDouble(line: string, from: number, w: WordToken, strict: boolean): { next: number; open?: boolean; error?: string } {
  let i = from;
  while (i < line.length) {
    const c = line[i];
    if (c === '"') return { next: i + 1 };
    if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1])) {
      if (line[i + 1] !== '\n') w.text += line[i + 1];
      i += 2;
      continue;
    }
    if (strict && (c === '`' || (c === '$' && startsExpansion(line, i)))) return { next: i, error: EXPANSION_UNSUPPORTED };
    w.text += c;
    i++;
  }
  return { next: i, open: true };
}

function operatorAt(line: string, i: number): string | undefined {
  return OPERATORS.find((op) => line.startsWith(op, i));
}

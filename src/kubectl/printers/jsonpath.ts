// kubectl's JSONPath (client-go util/jsonpath): text with {actions}; an action
// is a path (`.a.b`, `['k']`, `[0]`, `[*]`, `[1:3]`, `[?(@.x=="y")]`, `..name`,
// unions `[0,1]`/`['a','b']`), a quoted literal, or `range … end`. Results of
// one action print space-separated; maps and lists print as compact JSON.
import { KubectlError } from '../errors';

type Step =
  | { t: 'field'; names: string[] }
  | { t: 'recursive' }
  | { t: 'index'; specs: IndexSpec[] }
  | { t: 'filter'; left: Step[]; op?: string; right?: Operand };

type IndexSpec = { wildcard: true } | { index: number } | { start?: number; end?: number; step?: number };
type Operand = { literal: unknown } | { path: Step[] };

export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'path'; steps: Step[] }
  | { kind: 'range'; steps: Step[]; body: Segment[] };

export class JSONPathError extends Error {}

/** Parse a template; errors carry client-go's wording. */
export function parseJSONPath(template: string): Segment[] {
  const stack: Segment[][] = [[]];
  const ranges: Step[][] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ kind: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ kind: 'text', text: template.slice(i, open) });
    const close = findActionEnd(template, open + 1);
    if (close < 0) throw new JSONPathError('unclosed action');
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    if (action === 'end') {
      if (ranges.length === 0) throw new JSONPathError('not in range, nothing to end');
      const body = stack.pop() as Segment[];
      stack[stack.length - 1].push({ kind: 'range', steps: ranges.pop() as Step[], body });
    } else if (action.startsWith('range ') || action === 'range') {
      ranges.push(new PathParser(action.slice(5).trim()).parsePath());
      stack.push([]);
    } else if (action.startsWith('"') || action.startsWith("'")) {
      stack[stack.length - 1].push({ kind: 'text', text: unquote(action) });
    } else {
      stack[stack.length - 1].push({ kind: 'path', steps: new PathParser(action).parsePath() });
    }
  }
  if (ranges.length) throw new JSONPathError('unclosed range');
  return stack[0];
}

/** Where the action opened before `from` closes, skipping braces inside quotes. */
function findActionEnd(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  return -1;
}

function unquote(s: string): string {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) throw new JSONPathError('unterminated quoted string');
  const body = s.slice(1, -1);
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

class PathParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parsePath(): Step[] {
    const steps: Step[] = [];
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '$' || c === '@') this.pos++;
      else if (c === '.' && this.src[this.pos + 1] === '.') {
        this.pos += 2;
        steps.push({ t: 'recursive' });
        if (this.src[this.pos] !== '[') steps.push({ t: 'field', names: [this.identifier()] });
      } else if (c === '.') {
        this.pos++;
        if (this.pos < this.src.length && this.src[this.pos] !== '[') steps.push({ t: 'field', names: [this.identifier()] });
      } else if (c === '[') steps.push(this.bracket());
      else if (/\s/.test(c)) this.pos++;
      else if (steps.length === 0) steps.push({ t: 'field', names: [this.identifier()] });
      else throw new JSONPathError(`unrecognized character in action: U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')} '${c}'`);
    }
    return steps;
  }

  private identifier(): string {
    const m = /^(\*|[^.[\]\s(),=!<>"']+)/.exec(this.src.slice(this.pos));
    if (!m) throw new JSONPathError(`unrecognized identifier at ${JSON.stringify(this.src.slice(this.pos))}`);
    this.pos += m[0].length;
    return m[0];
  }

  private bracket(): Step {
    const close = this.matchingBracket(this.pos);
    if (close < 0) throw new JSONPathError('unclosed array expect ]');
    const inner = this.src.slice(this.pos + 1, close).trim();
    this.pos = close + 1;
    if (inner.startsWith('?(') && inner.endsWith(')')) return parseFilter(inner.slice(2, -1));
    if (inner.startsWith("'") || inner.startsWith('"')) return { t: 'field', names: splitUnion(inner).map(unquote) };
    return { t: 'index', specs: splitUnion(inner).map(parseIndex) };
  }

  private matchingBracket(from: number): number {
    let depth = 0;
    let quote = '';
    for (let i = from; i < this.src.length; i++) {
      const c = this.src[i];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '[') depth++;
      else if (c === ']' && --depth === 0) return i;
    }
    return -1;
  }
}

function splitUnion(s: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let cur = '';
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = '';
      cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === ',') {
      parts.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  parts.push(cur.trim());
  return parts;
}

function parseIndex(s: string): IndexSpec {
  if (s === '*') return { wildcard: true };
  const int = (x: string): number | undefined => {
    if (x.trim() === '') return undefined;
    if (!/^-?\d+$/.test(x.trim())) throw new JSONPathError(`invalid array index ${x}`);
    return Number(x);
  };
  if (!s.includes(':')) {
    const index = int(s);
    if (index === undefined) throw new JSONPathError('invalid array index');
    return { index };
  }
  const [a, b, c] = s.split(':');
  return { start: int(a), end: int(b ?? ''), step: int(c ?? '') };
}

function parseFilter(expr: string): Step {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/.exec(expr.trim());
  if (!m) return { t: 'filter', left: new PathParser(expr.trim()).parsePath() };
  return { t: 'filter', left: new PathParser(m[1]).parsePath(), op: m[2], right: parseOperand(m[3]) };
}

function parseOperand(s: string): Operand {
  const v = s.trim();
  if (v.startsWith('"') || v.startsWith("'")) return { literal: unquote(v) };
  if (/^-?\d+(\.\d+)?$/.test(v)) return { literal: Number(v) };
  if (v === 'true' || v === 'false') return { literal: v === 'true' };
  return { path: new PathParser(v).parsePath() };
}

// ---- evaluation ---------------------------------------------------------------

export interface EvalOptions {
  /** kubectl's --allow-missing-template-keys (default true): a missing key yields nothing. */
  allowMissingKeys?: boolean;
}

/** FindResults: one list of values per top-level segment (ranges expand in place). */
export function evaluate(segments: readonly Segment[], data: unknown, opts: EvalOptions = {}): unknown[][] {
  const out: unknown[][] = [];
  for (const seg of segments) {
    if (seg.kind === 'text') out.push([seg.text]);
    else if (seg.kind === 'path') out.push(walk(seg.steps, [data], opts));
    else for (const item of walk(seg.steps, [data], opts)) out.push(...evaluate(seg.body, item, opts));
  }
  return out;
}

function walk(steps: readonly Step[], start: unknown[], opts: EvalOptions): unknown[] {
  let values = start;
  for (const step of steps) values = values.flatMap((v) => applyStep(step, v, opts));
  return values;
}

function applyStep(step: Step, v: unknown, opts: EvalOptions): unknown[] {
  switch (step.t) {
    case 'field':
      return step.names.flatMap((name) => fieldOf(v, name, opts));
    case 'recursive':
      return descendants(v);
    case 'index':
      return step.specs.flatMap((spec) => indexOf(v, spec));
    case 'filter':
      return Array.isArray(v) ? v.filter((item) => passes(step, item, opts)) : [];
  }
}

function fieldOf(v: unknown, name: string, opts: EvalOptions): unknown[] {
  if (!isMap(v)) return [];
  if (name === '*') return Object.keys(v).sort().map((k) => v[k]);
  if (name in v) return [v[name]];
  if (opts.allowMissingKeys === false) throw new JSONPathError(`${name} is not found`);
  return [];
}

function indexOf(v: unknown, spec: IndexSpec): unknown[] {
  if ('wildcard' in spec) return Array.isArray(v) ? v : isMap(v) ? Object.keys(v).sort().map((k) => v[k]) : [];
  if (!Array.isArray(v)) return [];
  if ('index' in spec) {
    const i = spec.index < 0 ? v.length + spec.index : spec.index;
    if (i < 0 || i >= v.length) throw new JSONPathError(`array index out of bounds: index ${spec.index}, length ${v.length}`);
    return [v[i]];
  }
  const clamp = (x: number): number => Math.min(Math.max(x < 0 ? v.length + x : x, 0), v.length);
  const start = clamp(spec.start ?? 0);
  const end = clamp(spec.end ?? v.length);
  const step = spec.step && spec.step > 0 ? spec.step : 1;
  const out: unknown[] = [];
  for (let i = start; i < end; i += step) out.push(v[i]);
  return out;
}

function descendants(v: unknown): unknown[] {
  const out: unknown[] = [v];
  if (Array.isArray(v)) v.forEach((x) => out.push(...descendants(x)));
  else if (isMap(v)) Object.keys(v).sort().forEach((k) => out.push(...descendants(v[k])));
  return out;
}

function passes(step: Extract<Step, { t: 'filter' }>, item: unknown, opts: EvalOptions): boolean {
  const lefts = walk(step.left, [item], { ...opts, allowMissingKeys: true });
  if (!step.op || !step.right) return lefts.length > 0;
  const rights = 'literal' in step.right ? [step.right.literal] : walk(step.right.path, [item], { ...opts, allowMissingKeys: true });
  return lefts.some((l) => rights.some((r) => compare(l, step.op as string, r)));
}

function compare(l: unknown, op: string, r: unknown): boolean {
  if (op === '==') return l === r;
  if (op === '!=') return l !== r;
  const ordered = (typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string');
  if (!ordered) return false;
  const [a, b] = [l, r] as [number, number];
  return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---- printing -------------------------------------------------------------------

/** What `-o jsonpath=TEMPLATE` prints for one object (or a List). */
export function executeJSONPath(template: string, data: unknown, opts: EvalOptions & { asJSON?: boolean } = {}): string {
  let results: unknown[][];
  try {
    results = evaluate(parseJSONPathForPrinting(template), data, { allowMissingKeys: opts.allowMissingKeys ?? true });
  } catch (e) {
    if (e instanceof KubectlError) throw e;
    throw new KubectlError(`error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${(e as Error).message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${template}\n`);
  }
  if (opts.asJSON) return `${goJSON(results.flat(), '    ')}\n`;
  return results.map((values) => values.map(textOf).join(' ')).join('');
}

function parseJSONPathForPrinting(template: string): Segment[] {
  try {
    return parseJSONPath(template);
  } catch (e) {
    throw new KubectlError(`error parsing jsonpath ${template}, ${(e as Error).message}\n`);
  }
}

/** How client-go prints one result: strings raw, maps and lists as compact JSON, scalars with %v. */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return goJSON(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Go's encoding/json: map keys sorted, <, > and & escaped; indent when asked. */
export function goJSON(v: unknown, indent = ''): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (isMap(x)) return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sorted(x[k])]));
    return x;
  };
  const text = JSON.stringify(sorted(v), null, indent || undefined) ?? 'null';
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all mean `{.a.b}` (custom columns, --sort-by). */
export function relaxedJSONPath(expr: string): string {
  if (expr === '') return expr;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expr);
  if (!m) throw new KubectlError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] || m[2]}}`;
}

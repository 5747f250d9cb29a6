// The programs on an image's $PATH that the exec shell models: coreutils
// (GNU in Debian-based images, busybox applets in busybox and alpine — they
// word their errors differently) and the network tools in nettools.ts.
import { dateOutput } from '../../runtime/kubelet/process';
import { field } from '../../runtime/api/types';
import type { ShellState } from './interpreter';
import { NET_TOOLS } from './nettools';

export interface ToolContext extends ShellState {
  /** Standard output is the terminal (not a pipe, a file or kubectl's stream without -t). */
  stdoutTty: boolean;
  resolve(path: string): string;
  busybox: boolean;
  getVar(name: string): string;
}

export interface ToolResult {
  stdout: string;
  stderr: string;
  code: number;
}

export type Tool = (ctx: ToolContext, args: string[], stdin: string) => ToolResult;

const ok = (stdout = ''): ToolResult => ({ stdout, stderr: '', code: 0 });

/** Short options (`-la`, `-n 5`) split from operands; good enough for the tools below. */
function options(args: string[], withValue = ''): { flags: Set<string>; values: Map<string, string>; operands: string[] } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('-') && a.length > 1 && !/^-\d+$/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (withValue.includes(c)) {
          values.set(c, a.slice(j + 1) || args[++i] || '');
          break;
        }
        flags.add(c);
      }
    } else if (/^-\d+$/.test(a)) values.set('n', a.slice(1));
    else operands.push(a);
  }
  return { flags, values, operands };
}

function noSuchFile(ctx: ToolContext, tool: string, path: string): string {
  if (tool === 'cat') return ctx.busybox ? `cat: can't open '${path}': No such file or directory\n` : `cat: ${path}: No such file or directory\n`;
  if (tool === 'ls') return ctx.busybox ? `ls: ${path}: No such file or directory\n` : `ls: cannot access '${path}': No such file or directory\n`;
  return ctx.busybox ? `${tool}: can't open '${path}': No such file or directory\n` : `${tool}: ${path}: No such file or directory\n`;
}

/** Read operands (or stdin when none), collecting errors as the tool words them. */
function inputs(ctx: ToolContext, tool: string, operands: string[], stdin: string): { texts: string[]; stderr: string; code: number } {
  if (operands.length === 0) return { texts: [stdin], stderr: '', code: 0 };
  const texts: string[] = [];
  let stderr = '';
  let code = 0;
  for (const p of operands) {
    if (p === '-') {
      texts.push(stdin);
      continue;
    }
    const path = ctx.resolve(p);
    const text = ctx.fs.read(path);
    if (text !== undefined) texts.push(text);
    else {
      stderr += ctx.fs.isDir(path) ? (ctx.busybox ? `${tool}: read error: Is a directory\n` : `${tool}: ${p}: Is a directory\n`) : noSuchFile(ctx, tool, p);
      code = 1;
    }
  }
  return { texts, stderr, code };
}

function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l.at(-1) === '') l.pop();
  return l;
}

const joinLines = (l: string[]): string => l.map((x) => `${x}\n`).join('');

function ls(ctx: ToolContext, args: string[]): ToolResult {
  const { flags, operands } = options(args);
  const targets = operands.length ? operands : ['.'];
  let stdout = '';
  let stderr = '';
  let code = 0;
  const files: string[] = [];
  const dirs: string[] = [];
  for (const t of targets) {
    const path = ctx.resolve(t);
    if (ctx.fs.isDir(path)) dirs.push(t);
    else if (ctx.fs.isFile(path)) files.push(t);
    else {
      stderr += noSuchFile(ctx, 'ls', t);
      code = ctx.busybox ? 1 : 2;
    }
  }
  const show = (names: string[]): string => (ctx.stdoutTty && !flags.has('1') ? columns(names) : joinLines(names));
  if (files.length) stdout += show(files);
  dirs.forEach((d, i) => {
    const names = ctx.fs.list(ctx.resolve(d)).filter((n) => flags.has('a') || flags.has('A') || !n.startsWith('.'));
    const all = flags.has('a') ? ['.', '..', ...names] : names;
    if (targets.length > 1) stdout += `${i > 0 || files.length ? '\n' : ''}${d}:\n`;
    stdout += show(all);
  });
  return { stdout, stderr, code };
}

/** ls -C: names in columns down then across, fitting 80 characters, two spaces apart. */
function columns(names: string[]): string {
  if (names.length === 0) return '';
  for (let cols = names.length; cols >= 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    const widths: number[] = [];
    for (let c = 0; c * rows < names.length; c++) widths.push(Math.max(...names.slice(c * rows, (c + 1) * rows).map((n) => n.length)));
    const total = widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1);
    if (total > 80 && cols > 1) continue;
    let out = '';
    for (let r = 0; r < rows; r++) {
      const cells: string[] = [];
      for (let c = 0; c < widths.length; c++) {
        const n = names[c * rows + r];
        if (n !== undefined) cells.push(n);
      }
      out += cells.map((n, c) => (c === cells.length - 1 ? n : n.padEnd(widths[c] + 2))).join('') + '\n';
    }
    return out;
  }
  return joinLines(names);
}

function id(ctx: ToolContext): ToolResult {
  const u = ctx.profile.user;
  if (u.uid !== 0) return ok(`uid=${u.uid}(${u.name}) gid=${u.gid}(${u.group}) groups=${u.gid}(${u.group})\n`);
  const groups = ctx.busybox ? (ctx.profile.rootDirs.includes('media') ? ALPINE_ROOT_GROUPS : '0(root),10(wheel)') : '0(root)';
  return ok(`uid=0(root) gid=0(root) groups=${groups}\n`);
}

const ALPINE_ROOT_GROUPS = '0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)';

function grep(ctx: ToolContext, args: string[], stdin: string): ToolResult {
  const { flags, operands } = options(args);
  const [pattern, ...files] = operands;
  if (pattern === undefined) return { stdout: '', stderr: ctx.busybox ? 'BusyBox grep: missing pattern\n' : "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", code: 2 };
  const input = inputs(ctx, 'grep', files, stdin);
  // A fixed-string match keeps user input out of the regex engine.
  const needle = flags.has('i') ? pattern.toLowerCase() : pattern;
  const hit = (l: string): boolean => (flags.has('i') ? l.toLowerCase() : l).includes(needle) !== flags.has('v');
  const matched = input.texts.flatMap((t) => lines(t).filter(hit));
  const stdout = flags.has('c') ? `${matched.length}\n` : joinLines(matched);
  return { stdout, stderr: input.stderr, code: input.code || (matched.length ? 0 : 1) };
}

function headTail(which: 'head' | 'tail'): Tool {
  return (ctx, args, stdin) => {
    const { values, operands } = options(args, 'n');
    const n = Number(values.get('n') ?? 10);
    const input = inputs(ctx, which, operands, stdin);
    const out = input.texts.flatMap((t) => {
      const l = lines(t);
      return which === 'head' ? l.slice(0, n) : l.slice(Math.max(0, l.length - n));
    });
    return { stdout: joinLines(out), stderr: input.stderr, code: input.code };
  };
}

function wc(ctx: ToolContext, args: string[], stdin: string): ToolResult {
  const { flags, operands } = options(args);
  const input = inputs(ctx, 'wc', operands, stdin);
  const text = input.texts.join('');
  const counts = { l: (text.match(/\n/g) ?? []).length, w: text.split(/\s+/).filter(Boolean).length, c: new TextEncoder().encode(text).length };
  const chosen = (['l', 'w', 'c'] as const).filter((k) => flags.has(k));
  const shown = (chosen.length ? chosen : (['l', 'w', 'c'] as const)).map((k) => counts[k]);
  const name = operands.length === 1 ? ` ${operands[0]}` : '';
  const body = shown.length === 1 && !name ? String(shown[0]) : shown.map((n) => String(n).padStart(ctx.busybox ? 7 : 1)).join(ctx.busybox ? ' ' : ' ');
  return { stdout: `${body}${name}\n`, stderr: input.stderr, code: input.code };
}

function uname(ctx: ToolContext, args: string[]): ToolResult {
  const { flags } = options(args);
  if (flags.has('a')) return ok(`Linux ${ctx.hostname} 6.8.0-podsphere #1 SMP PREEMPT_DYNAMIC x86_64 ${ctx.busybox ? 'Linux' : 'GNU/Linux'}\n`);
  if (flags.has('r')) return ok('6.8.0-podsphere\n');
  if (flags.has('m')) return ok('x86_64\n');
  if (flags.has('n')) return ok(`${ctx.hostname}\n`);
  return ok('Linux\n');
}

export const TOOLS: Record<string, Tool> = {
  cat: (ctx, args, stdin) => {
    const input = inputs(ctx, 'cat', args.filter((a) => !a.startsWith('-') || a === '-'), stdin);
    return { stdout: input.texts.join(''), stderr: input.stderr, code: input.code };
  },
  ls: (ctx, args) => ls(ctx, args),
  env: (ctx) => ok(joinLines(ctx.env.map(([k, v]) => `${k}=${v}`))),
  printenv: (ctx, args) => {
    if (args.length === 0) return ok(joinLines(ctx.env.map(([k, v]) => `${k}=${v}`)));
    const found = args.map((n) => ctx.env.find(([k]) => k === n)?.[1]);
    return { stdout: joinLines(found.filter((v): v is string => v !== undefined)), stderr: '', code: found.every((v) => v !== undefined) ? 0 : 1 };
  },
  hostname: (ctx, args) => {
    const ip = field(ctx.pod, 'status', 'podIP');
    return ok(`${args.includes('-i') ? (typeof ip === 'string' ? ip : '') : ctx.hostname}\n`);
  },
  id: (ctx) => id(ctx),
  whoami: (ctx) => ok(`${ctx.profile.user.name}\n`),
  date: (ctx) => ok(`${dateOutput(ctx.cluster.clock.now())}\n`),
  // Simulated time moves only when the learner advances it: sleep returns at once.
  sleep: () => ok(),
  uname: (ctx, args) => uname(ctx, args),
  head: headTail('head'),
  tail: headTail('tail'),
  wc: (ctx, args, stdin) => wc(ctx, args, stdin),
  sort: (ctx, args, stdin) => {
    const { flags, operands } = options(args);
    const input = inputs(ctx, 'sort', operands, stdin);
    const sorted = input.texts.flatMap(lines).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { stdout: joinLines(flags.has('r') ? sorted.reverse() : sorted), stderr: input.stderr, code: input.code };
  },
  grep: (ctx, args, stdin) => grep(ctx, args, stdin),
  mkdir: (ctx, args) => {
    for (const a of args.filter((x) => !x.startsWith('-'))) ctx.fs.mkdirs(ctx.resolve(a));
    return ok();
  },
  touch: (ctx, args) => {
    for (const a of args.filter((x) => !x.startsWith('-'))) if (!ctx.fs.isFile(ctx.resolve(a))) ctx.fs.write(ctx.resolve(a), '');
    return ok();
  },
  rm: (ctx, args) => {
    const force = args.some((a) => /^-\w*f/.test(a));
    let stderr = '';
    for (const a of args.filter((x) => !x.startsWith('-'))) {
      if (!ctx.fs.remove(ctx.resolve(a)) && !force) stderr += ctx.busybox ? `rm: can't remove '${a}': No such file or directory\n` : `rm: cannot remove '${a}': No such file or directory\n`;
    }
    return { stdout: '', stderr, code: stderr ? 1 : 0 };
  },
  printf: (_ctx, args) => {
    const [fmt = '', ...rest] = args;
    let k = 0;
    const text = fmt.replace(/%[sd]/g, () => rest[k++] ?? '').replace(/\\n/g, '\n').replace(/\\t/g, '\t');
    return ok(text);
  },
  ...NET_TOOLS,
};

// The shell `kubectl exec` talks to: one command line at a time, parsed the
// way sh parses it (quotes, $VAR and $(cmd) expansion, `;` `&&` `||`, pipes
// and `>` redirections), with the builtins every shell has and the image's
// own tools. Errors are worded as the image's shell words them: busybox ash
// (`sh: foo: not found`), Debian's dash (`sh: 1: foo: not found`) or bash.
import type { Cluster } from '../../runtime/cluster';
import type { KubeObject } from '../../runtime/api/types';
import { TOOLS, type ToolContext, type ToolResult } from './tools';
import { resolvePath, type ContainerFS } from './filesystem';
import { hasExecutable, type ImageProfile, type ShellFlavour } from './profiles';

export interface ShellState {
  readonly cluster: Cluster;
  readonly pod: KubeObject;
  readonly profile: ImageProfile;
  readonly fs: ContainerFS;
  readonly hostname: string;
  env: [string, string][];
  cwd: string;
  /** A terminal is attached (`-t`): ls prints columns, prompts are shown. */
  tty: boolean;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
  /** `exit` ran: the shell is gone. */
  exited?: boolean;
}

interface Invocation {
  flavour: ShellFlavour;
  /** argv[0] as the shell was started (`sh`, `/bin/sh`, `bash`): it names itself in errors. */
  name: string;
  interactive: boolean;
  line: number;
}

type Token = { word: string } | { op: string };

export class Shell {
  private status = 0;
  private lineNo = 0;

  constructor(
    readonly state: ShellState,
    private readonly invocation: { flavour: ShellFlavour; name: string; interactive: boolean },
  ) {}

  /** The prompt the image's shell shows as root or as its user. */
  prompt(): string {
    const { flavour, name } = this.invocation;
    const root = this.state.profile.user.uid === 0;
    const mark = root ? '#' : '$';
    const home = this.home();
    const cwd = this.state.cwd === home ? '~' : this.state.cwd.startsWith(`${home}/`) ? `~${this.state.cwd.slice(home.length)}` : this.state.cwd;
    if (flavour === 'ash') return `${cwd} ${mark} `;
    if (flavour === 'dash') return `${mark} `;
    if (this.state.profile.bareBashPrompt) return `${name.replace(/^.*\//, '')}-${this.state.profile.bareBashPrompt}${mark} `;
    return `${this.state.profile.user.name}@${this.state.hostname}:${cwd}${mark} `;
  }

  private home(): string {
    return this.state.env.find(([k]) => k === 'HOME')?.[1] ?? '/root';
  }

  /** Run one line as typed at the prompt (or given to `sh -c`). */
  run(line: string): RunResult {
    this.lineNo++;
    const inv: Invocation = { ...this.invocation, line: this.invocation.interactive ? this.lineNo : 1 };
    let tokens: Token[];
    try {
      tokens = this.tokenize(line, inv);
    } catch (e) {
      this.status = 2;
      return { stdout: '', stderr: `${this.errPrefix(inv)}${(e as Error).message}\n`, code: 2 };
    }
    const out: RunResult = { stdout: '', stderr: '', code: this.status };
    for (const stmt of splitStatements(tokens)) {
      const r = this.runChain(stmt, inv);
      out.stdout += r.stdout;
      out.stderr += r.stderr;
      out.code = r.code;
      if (r.exited) return { ...out, exited: true };
    }
    return out;
  }

  private errPrefix(inv: Invocation): string {
    if (inv.flavour === 'dash') return `${inv.name}: ${inv.line}: `;
    if (inv.flavour === 'bash' && !inv.interactive) return `${inv.name}: line ${inv.line}: `;
    return `${inv.name}: `;
  }

  // ---- parsing --------------------------------------------------------------------

  /** Split a line into words and operators; words keep their quotes until they are expanded, at run time. */
  private tokenize(src: string, inv: Invocation): Token[] {
    const out: Token[] = [];
    let i = 0;
    while (i < src.length) {
      const ch = src[i];
      if (ch === ' ' || ch === '\t') {
        i++;
        continue;
      }
      if (ch === '#') break;
      const two = src.slice(i, i + 2);
      if (src.startsWith('2>&1', i)) {
        out.push({ op: '2>&1' });
        i += 4;
        continue;
      }
      if (two === '&&' || two === '||' || two === '>>' || two === '2>') {
        out.push({ op: two });
        i += 2;
        continue;
      }
      if (';|>&\n'.includes(ch)) {
        out.push({ op: ch === '\n' ? ';' : ch });
        i++;
        continue;
      }
      const begin = i;
      while (i < src.length && !' \t\n;&|>'.includes(src[i])) {
        const c = src[i];
        if (c === "'" || c === '"') {
          let j = i + 1;
          while (j < src.length && src[j] !== c) j += c === '"' && src[j] === '\\' ? 2 : 1;
          if (j >= src.length) throw new Error(inv.flavour === 'bash' ? `unexpected EOF while looking for matching \`${c}'` : 'Syntax error: Unterminated quoted string');
          i = j + 1;
        } else if (c === '$' && src[i + 1] === '(') {
          let depth = 0;
          let j = i + 1;
          do {
            if (src[j] === '(') depth++;
            if (src[j] === ')') depth--;
            j++;
          } while (j < src.length && depth > 0);
          i = j;
        } else i += c === '\\' ? 2 : 1;
      }
      out.push({ word: src.slice(begin, i) });
    }
    return out;
  }

  /** Quote removal and parameter / command substitution, done when the command runs. */
  private expandWord(raw: string, inv: Invocation): string {
    let word = '';
    let i = 0;
    while (i < raw.length) {
      const c = raw[i];
      if (c === "'") {
        const close = raw.indexOf("'", i + 1);
        word += raw.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        let j = i + 1;
        while (j < raw.length && raw[j] !== '"') {
          if (raw[j] === '\\' && j + 1 < raw.length && '"\\$`'.includes(raw[j + 1])) {
            word += raw[j + 1];
            j += 2;
          } else if (raw[j] === '$') {
            const { text, next } = this.expandAt(raw, j, inv);
            word += text;
            j = next;
          } else word += raw[j++];
        }
        i = j + 1;
      } else if (c === '\\' && i + 1 < raw.length) {
        word += raw[i + 1];
        i += 2;
      } else if (c === '$') {
        const { text, next } = this.expandAt(raw, i, inv);
        word += text;
        i = next;
      } else {
        word += c;
        i++;
      }
    }
    return word;
  }

  /** `$VAR`, `${VAR}`, `$?`, `$(cmd)` at src[i]. */
  private expandAt(src: string, i: number, inv: Invocation): { text: string; next: number } {
    const rest = src.slice(i + 1);
    if (rest.startsWith('?')) return { text: String(this.status), next: i + 2 };
    if (rest.startsWith('(')) {
      let depth = 1;
      let j = i + 2;
      while (j < src.length && depth > 0) {
        if (src[j] === '(') depth++;
        if (src[j] === ')') depth--;
        j++;
      }
      const inner = src.slice(i + 2, j - 1);
      const saved = this.lineNo;
      const r = this.run(inner);
      this.lineNo = saved;
      void inv;
      return { text: r.stdout.replace(/\n+$/, ''), next: j };
    }
    const m = /^\{([A-Za-z_]\w*)\}|^([A-Za-z_]\w*)/.exec(rest);
    if (!m) return { text: '$', next: i + 1 };
    const name = m[1] ?? m[2];
    return { text: this.getVar(name), next: i + 1 + m[0].length };
  }

  private getVar(name: string): string {
    if (name === 'PWD') return this.state.cwd;
    return this.state.env.find(([k]) => k === name)?.[1] ?? '';
  }

  private setVar(name: string, value: string): void {
    const i = this.state.env.findIndex(([k]) => k === name);
    if (i >= 0) this.state.env[i] = [name, value];
    else this.state.env.push([name, value]);
  }

  // ---- execution -----------------------------------------------------------------

  private runChain(tokens: Token[], inv: Invocation): RunResult {
    const out: RunResult = { stdout: '', stderr: '', code: this.status };
    let op = '';
    let start = 0;
    const segments: { op: string; tokens: Token[] }[] = [];
    for (let i = 0; i <= tokens.length; i++) {
      const t = tokens[i] as Token | undefined;
      if (!t || ('op' in t && (t.op === '&&' || t.op === '||'))) {
        segments.push({ op, tokens: tokens.slice(start, i) });
        op = t && 'op' in t ? t.op : '';
        start = i + 1;
      }
    }
    for (const seg of segments) {
      const skip = (seg.op === '&&' && this.status !== 0) || (seg.op === '||' && this.status === 0);
      if (skip) continue;
      const r = this.runPipeline(seg.tokens, inv);
      out.stdout += r.stdout;
      out.stderr += r.stderr;
      out.code = r.code;
      if (r.exited) return { ...out, exited: true };
    }
    return out;
  }

  private runPipeline(tokens: Token[], inv: Invocation): RunResult {
    const stages: Token[][] = [[]];
    for (const t of tokens) {
      if ('op' in t && t.op === '|') stages.push([]);
      else stages[stages.length - 1].push(t);
    }
    let stdin = '';
    let stderr = '';
    let last: RunResult = { stdout: '', stderr: '', code: 0 };
    for (const [n, stage] of stages.entries()) {
      last = this.runSimple(stage, stdin, inv, n === stages.length - 1);
      stderr += last.stderr;
      stdin = last.stdout;
      if (last.exited) break;
    }
    this.status = last.code;
    return { stdout: last.stdout, stderr, code: last.code, exited: last.exited };
  }

  private runSimple(tokens: Token[], stdin: string, inv: Invocation, lastStage: boolean): RunResult {
    const words: string[] = [];
    let redirect: { path: string; append: boolean } | undefined;
    let errRedirect: string | undefined;
    let mergeErr = false;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if ('op' in t) {
        const target = tokens[i + 1];
        if ((t.op === '>' || t.op === '>>') && target && 'word' in target) {
          redirect = { path: this.expandWord(target.word, inv), append: t.op === '>>' };
          i++;
        } else if (t.op === '2>' && target && 'word' in target) {
          errRedirect = this.expandWord(target.word, inv);
          i++;
        } else if (t.op === '2>&1') mergeErr = true;
        continue;
      }
      words.push(this.expandWord(t.word, inv));
    }
    if (words.length === 0) return { stdout: '', stderr: '', code: 0 };
    const assignment = /^([A-Za-z_]\w*)=(.*)$/s.exec(words[0]);
    if (assignment && words.length === 1) {
      this.setVar(assignment[1], assignment[2]);
      return { stdout: '', stderr: '', code: 0 };
    }
    let r = this.command(words, stdin, inv, this.state.tty && lastStage && !redirect);
    if (mergeErr) r = { ...r, stdout: r.stdout + r.stderr, stderr: '' };
    if (errRedirect) {
      if (errRedirect !== '/dev/null') this.state.fs.write(resolvePath(this.state.cwd, errRedirect), r.stderr);
      r = { ...r, stderr: '' };
    }
    if (redirect && redirect.path !== '/dev/null') {
      const path = resolvePath(this.state.cwd, redirect.path, this.home());
      if (this.state.fs.isDir(path)) return { stdout: '', stderr: `${this.errPrefix(inv)}cannot create ${redirect.path}: Is a directory\n`, code: 2 };
      if (redirect.append) this.state.fs.append(path, r.stdout);
      else this.state.fs.write(path, r.stdout);
      r = { ...r, stdout: '' };
    } else if (redirect) r = { ...r, stdout: '' };
    return r;
  }

  private command(argv: string[], stdin: string, inv: Invocation, outTty: boolean): RunResult {
    const [cmd, ...args] = argv;
    const builtin = this.builtin(cmd, args, inv);
    if (builtin) return builtin;
    if (!hasExecutable(this.state.profile, cmd) && cmd !== 'sh' && cmd !== 'bash') return this.notFound(cmd, inv);
    const name = cmd.slice(cmd.lastIndexOf('/') + 1);
    if (name === 'sh' || name === 'bash' || name === 'ash' || name === 'dash') return this.subshell(name, cmd, args, inv);
    const tool = TOOLS[name];
    if (!tool) return this.notFound(cmd, inv);
    return tool(this.toolContext(outTty), args, stdin);
  }

  notFound(cmd: string, inv: Invocation): RunResult {
    this.status = 127;
    const text = inv.flavour === 'bash' || this.state.profile.bareBashPrompt ? `${cmd}: command not found` : `${cmd}: not found`;
    return { stdout: '', stderr: `${this.errPrefix(inv)}${text}\n`, code: 127 };
  }

  private subshell(name: string, argv0: string, args: string[], inv: Invocation): RunResult {
    const flavour: ShellFlavour = name === 'bash' ? 'bash' : (this.state.profile.sh ?? 'dash');
    if (name === 'bash' && !this.state.profile.bash) return this.notFound(argv0, inv);
    const child = new Shell(this.state, { flavour, name: argv0, interactive: false });
    if (args[0] === '-c') {
      const r = child.run(args[1] ?? '');
      return { ...r, exited: false };
    }
    return { stdout: '', stderr: '', code: 0 };
  }

  private toolContext(stdoutTty: boolean): ToolContext {
    const s = this.state;
    return { ...s, stdoutTty, resolve: (p: string) => resolvePath(s.cwd, p, this.home()), busybox: s.profile.sh === 'ash', getVar: (n: string) => this.getVar(n) };
  }

  private builtin(cmd: string, args: string[], inv: Invocation): RunResult | undefined {
    const ok = (stdout = ''): RunResult => ({ stdout, stderr: '', code: 0 });
    switch (cmd) {
      case 'exit': {
        const code = args[0] === undefined ? this.status : Number(args[0]) & 255;
        return { stdout: '', stderr: '', code: Number.isNaN(code) ? 2 : code, exited: true };
      }
      case 'cd':
        return this.cd(args[0], inv);
      case 'pwd':
        return ok(`${this.state.cwd}\n`);
      case 'echo':
        return ok(echo(args, inv.flavour));
      case 'true':
      case ':':
        return ok();
      case 'false':
        return { stdout: '', stderr: '', code: 1 };
      case 'export':
        for (const a of args) {
          const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(a);
          if (m) this.setVar(m[1], m[2]);
        }
        return ok();
      case 'unset':
        this.state.env = this.state.env.filter(([k]) => !args.includes(k));
        return ok();
    }
    return undefined;
  }

  private cd(arg: string | undefined, inv: Invocation): RunResult {
    const target = resolvePath(this.state.cwd, arg ?? this.home(), this.home());
    if (this.state.fs.isDir(target)) {
      this.state.cwd = target;
      return { stdout: '', stderr: '', code: 0 };
    }
    const why = this.state.fs.isFile(target) ? 'Not a directory' : 'No such file or directory';
    if (inv.flavour === 'bash') return { stdout: '', stderr: `${this.errPrefix(inv)}cd: ${arg ?? ''}: ${why}\n`, code: 1 };
    if (inv.flavour === 'dash') return { stdout: '', stderr: `${this.errPrefix(inv)}cd: can't cd to ${arg ?? ''}\n`, code: 2 };
    return { stdout: '', stderr: `${this.errPrefix(inv)}cd: can't cd to ${arg ?? ''}: ${why}\n`, code: 2 };
  }
}

function splitStatements(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  for (const t of tokens) {
    if ('op' in t && (t.op === ';' || t.op === '&')) out.push([]);
    else out[out.length - 1].push(t);
  }
  return out.filter((s) => s.length > 0);
}

/** echo: dash and ash interpret backslash escapes only with -e (ash) or always (dash); -n drops the newline. */
function echo(args: string[], flavour: ShellFlavour): string {
  let newline = true;
  let escapes = flavour === 'dash';
  while (args[0] && /^-[neE]+$/.test(args[0]) && !(flavour === 'dash' && args[0] !== '-n')) {
    if (args[0].includes('n')) newline = false;
    if (args[0].includes('e')) escapes = true;
    if (args[0].includes('E')) escapes = false;
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  return newline ? `${text}\n` : text;
}

export type { ToolResult };

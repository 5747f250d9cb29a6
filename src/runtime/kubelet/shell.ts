// A small, honest interpreter for the shell one-liners pod specs carry
// (`sh -c "while true; do echo hi; sleep 5; done"`). It does not run
// anything: it turns the command into a Program, a timeline of what the
// process prints, which files it touches, when it exits and with which code.
// Anything it does not understand fails the way a shell would
// (`sh: foo: not found`, exit 127) rather than pretending to work.

export type Op =
  | { t: number; kind: 'out'; text: string }
  | { t: number; kind: 'write'; path: string; text: string; append: boolean }
  | { t: number; kind: 'rm'; path: string };

export interface Program {
  /** Ops before any endless loop, at ms offsets from the process start. */
  ops: Op[];
  /** Offset where `ops` end (the exit time, or where `loop` begins). */
  end: number;
  /** An endless loop body repeating every `period` ms after `end`. */
  loop?: { ops: Op[]; period: number };
  /** Exit code at `end`; undefined while the process runs forever. */
  exit?: number;
  /** TCP ports a server in the process listens on. */
  serves: number[];
  /** PID 1 shells and sleep ignore SIGTERM: only the grace-period SIGKILL stops them. */
  ignoresSigterm: boolean;
  /** Busy work, millicores (stress, busy loops). */
  cpuMilli: number;
  /** Memory the process holds once running, bytes (0 = the image's idle figure). */
  memoryBytes: number;
  /** The runtime could not start the process at all (runc's exec failed); nothing above runs. */
  startError?: string;
}

export interface ShellContext {
  env: [string, string][];
  files: Map<string, string>;
  hostname: string;
  /** busybox and alpine word errors differently from GNU coreutils. */
  busybox: boolean;
}

/** The date(1) output is rendered when logs are read, at the op's own time. */
export const DATE_MARK = '\u0000date\u0000';

const FOREVER = Number.POSITIVE_INFINITY;
const SERVERS: Record<string, number[]> = {
  nginx: [80],
  'redis-server': [6379],
  'httpd-foreground': [80],
  httpd: [80],
  'apache2-foreground': [80],
  postgres: [5432],
  mysqld: [3306],
  '/server': [8080],
  '/hello-app': [8080],
};

interface Run {
  ctx: ShellContext;
  files: Map<string, string>;
  now: number;
  ops: Op[];
  status: number;
  exited: boolean;
  forever: boolean;
  loop?: { ops: Op[]; period: number };
  serves: number[];
  cpuMilli: number;
  memoryBytes: number;
}

/** Interpret argv (command + args as the container runtime would exec them). */
export function interpret(argv: string[], ctx: ShellContext): Program {
  const run: Run = { ctx, files: new Map(ctx.files), now: 0, ops: [], status: 0, exited: false, forever: false, serves: [], cpuMilli: 0, memoryBytes: 0 };
  const bin = base(argv[0] ?? '');
  const shell = bin === 'sh' || bin === 'bash' || bin === 'ash';
  if (shell && argv[1] === '-c') runScript(run, argv[2] ?? '');
  else if (shell && argv.length === 1) run.status = 0; // no tty, no stdin: sh reads EOF and exits
  else runCommand(run, argv);
  return finish(run, shell || bin === 'sleep' || bin === 'tail');
}

/** Run an exec probe or `kubectl exec` style command against a file system snapshot, instantly. */
export function execOnce(argv: string[], ctx: ShellContext): { code: number; output: string } {
  const p = interpret(argv, ctx);
  const text = p.ops.filter((o): o is Extract<Op, { kind: 'out' }> => o.kind === 'out').map((o) => o.text);
  return { code: p.exit ?? 0, output: text.join('\n') };
}

function finish(run: Run, pid1IgnoresTerm: boolean): Program {
  const endless = run.forever || run.loop !== undefined;
  return {
    ops: run.ops,
    end: run.loop || !run.forever ? run.now : FOREVER,
    loop: run.loop,
    exit: endless ? undefined : run.status,
    serves: run.serves,
    ignoresSigterm: pid1IgnoresTerm && run.serves.length === 0,
    cpuMilli: run.cpuMilli,
    memoryBytes: run.memoryBytes,
  };
}

// ---- parsing ----------------------------------------------------------------

type Token = { word: string } | { op: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '\n' || ch === ';') {
      out.push({ op: ';' });
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === '>>') {
      out.push({ op: two });
      i += 2;
      continue;
    }
    if (ch === '>' || ch === '|' || ch === '&') {
      out.push({ op: ch });
      i++;
      continue;
    }
    let word = '';
    while (i < src.length && !' \t\n;&|>'.includes(src[i])) {
      const c = src[i];
      if (c === "'") {
        const close = src.indexOf("'", i + 1);
        word += src.slice(i + 1, close < 0 ? src.length : close);
        i = close < 0 ? src.length : close + 1;
      } else if (c === '"') {
        let j = i + 1;
        while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
        word += src.slice(i + 1, j).replace(/\\(["\\$`])/g, '$1');
        i = j + 1;
      } else if (c === '\\' && i + 1 < src.length) {
        word += src[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    out.push({ word });
  }
  return out;
}

type Node = { cmd: string[]; redirect?: { path: string; append: boolean } } | { loop: Node[][]; items?: string[] } | { chain: { op: string; node: Node }[] };

/** Statements separated by `;`, each a chain of `&&`/`||`. */
function parse(tokens: Token[], pos = { i: 0 }, until?: string): Node[] {
  const stmts: Node[] = [];
  while (pos.i < tokens.length) {
    const t = tokens[pos.i];
    if ('op' in t && t.op === ';') {
      pos.i++;
      continue;
    }
    if ('word' in t && until && t.word === until) {
      pos.i++;
      return stmts;
    }
    stmts.push(parseChain(tokens, pos));
  }
  return stmts;
}

function parseChain(tokens: Token[], pos: { i: number }): Node {
  const chain: { op: string; node: Node }[] = [{ op: ';', node: parseSimple(tokens, pos) }];
  for (;;) {
    const t = tokens[pos.i] as Token | undefined;
    if (!t || !('op' in t) || (t.op !== '&&' && t.op !== '||' && t.op !== '|')) break;
    pos.i++;
    chain.push({ op: t.op, node: parseSimple(tokens, pos) });
  }
  return chain.length === 1 ? chain[0].node : { chain };
}

function parseSimple(tokens: Token[], pos: { i: number }): Node {
  const first = tokens[pos.i];
  if ('word' in first && (first.word === 'while' || first.word === 'until')) return parseWhile(tokens, pos);
  if ('word' in first && first.word === 'for') return parseFor(tokens, pos);
  const cmd: string[] = [];
  let redirect: { path: string; append: boolean } | undefined;
  while (pos.i < tokens.length) {
    const t = tokens[pos.i];
    if ('op' in t && (t.op === '>' || t.op === '>>')) {
      const target = tokens[pos.i + 1];
      if (target && 'word' in target) redirect = { path: target.word, append: t.op === '>>' };
      pos.i += 2;
      continue;
    }
    if ('op' in t && t.op === '&') {
      pos.i++; // `2>&1`, background: ignored
      continue;
    }
    if ('op' in t) break;
    if (t.word === 'done') break;
    cmd.push(t.word);
    pos.i++;
  }
  // `2>&1` tokenises as word "2", op ">", op "&", word "1": drop the stray fd numbers.
  const cleaned = cmd.filter((w, i) => !(i > 0 && /^[12]$/.test(w) && redirect));
  return { cmd: cleaned, redirect };
}

function parseWhile(tokens: Token[], pos: { i: number }): Node {
  pos.i++;
  while (pos.i < tokens.length && !('word' in tokens[pos.i] && (tokens[pos.i] as { word: string }).word === 'do')) pos.i++;
  pos.i++;
  return { loop: [parse(tokens, pos, 'done')] };
}

function parseFor(tokens: Token[], pos: { i: number }): Node {
  pos.i++;
  const variable = tokens[pos.i];
  pos.i++;
  const items: string[] = [];
  if ('word' in tokens[pos.i] && (tokens[pos.i] as { word: string }).word === 'in') pos.i++;
  while (pos.i < tokens.length) {
    const t = tokens[pos.i];
    pos.i++;
    if ('word' in t && t.word === 'do') break;
    if ('word' in t) items.push(t.word);
  }
  const body = parse(tokens, pos, 'done');
  return { loop: [body], items: 'word' in variable ? [variable.word, ...items] : items };
}

// ---- execution --------------------------------------------------------------

function runScript(run: Run, script: string): void {
  exec(run, parse(tokenize(script)));
}

function exec(run: Run, nodes: Node[]): void {
  for (const node of nodes) {
    if (run.exited || run.forever || run.loop) return;
    execNode(run, node);
  }
}

function execNode(run: Run, node: Node): void {
  if ('chain' in node) {
    for (const { op, node: n } of node.chain) {
      if (op === '&&' && run.status !== 0) continue;
      if (op === '||' && run.status === 0) continue;
      execNode(run, n);
      if (run.exited || run.forever || run.loop) return;
    }
    return;
  }
  if ('loop' in node) {
    if (node.items) return execFor(run, node.items, node.loop[0]);
    return execWhile(run, node.loop[0]);
  }
  const argv = node.cmd.map((w) => expand(run, w));
  if (argv.length === 0) return;
  const assignment = /^([A-Za-z_]\w*)=(.*)$/.exec(argv[0]);
  if (assignment && argv.length === 1) {
    run.ctx = { ...run.ctx, env: [...run.ctx.env.filter(([k]) => k !== assignment[1]), [assignment[1], assignment[2]]] };
    run.status = 0;
    return;
  }
  if (node.redirect) {
    const before = run.ops.length;
    runCommand(run, argv);
    redirectOutput(run, before, node.redirect);
    return;
  }
  runCommand(run, argv);
}

function redirectOutput(run: Run, from: number, r: { path: string; append: boolean }): void {
  const outs = run.ops.splice(from).filter((o): o is Extract<Op, { kind: 'out' }> => o.kind === 'out');
  if (r.path === '/dev/null') return;
  const text = outs.map((o) => `${o.text}\n`).join('');
  run.files.set(r.path, (r.append ? run.files.get(r.path) ?? '' : '') + text);
  run.ops.push({ t: run.now, kind: 'write', path: r.path, text, append: r.append });
}

function execWhile(run: Run, body: Node[]): void {
  const start = run.now;
  const outer = run.ops;
  run.ops = [];
  exec(run, body);
  const bodyOps = run.ops.map((o) => ({ ...o, t: o.t - start }));
  run.ops = outer;
  if (run.exited || run.forever) {
    run.ops.push(...bodyOps.map((o) => ({ ...o, t: o.t + start })));
    return;
  }
  const period = run.now - start;
  run.now = start;
  if (period === 0) {
    // A loop that never sleeps spins a core.
    run.forever = true;
    run.cpuMilli = Math.max(run.cpuMilli, 1000);
    return;
  }
  run.loop = { ops: bodyOps, period };
}

function execFor(run: Run, items: string[], body: Node[]): void {
  const [name, ...values] = items;
  for (const v of values) {
    run.ctx = { ...run.ctx, env: [...run.ctx.env.filter(([k]) => k !== name), [name, v]] };
    exec(run, body);
    if (run.exited || run.forever || run.loop) return;
  }
}

function expand(run: Run, word: string): string {
  return word
    .replace(/\$\(date\)|`date`/g, DATE_MARK)
    .replace(/\$\(hostname\)|`hostname`/g, run.ctx.hostname)
    .replace(/\$\{?([A-Za-z_]\w*)\}?/g, (_m, name: string) => (name === 'HOSTNAME' ? run.ctx.hostname : (run.ctx.env.find(([k]) => k === name)?.[1] ?? '')))
    .replace(/\$\?/g, String(run.status));
}

function emit(run: Run, text: string): void {
  run.ops.push({ t: run.now, kind: 'out', text });
}

const COMMANDS: Record<string, (run: Run, args: string[]) => void> = {
  echo: (run, args) => echo(run, args),
  printf: (run, args) => {
    const [fmt = '', ...rest] = args;
    let k = 0;
    const text = fmt.replace(/%[sd]/g, () => rest[k++] ?? '').replace(/\\n/g, '\n');
    for (const line of text.replace(/\n$/, '').split('\n')) emit(run, line);
    run.status = 0;
  },
  sleep: (run, args) => sleep(run, args[0] ?? ''),
  exit: (run, args) => {
    run.status = Number(args[0] ?? run.status) & 255;
    run.exited = true;
  },
  true: (run) => (run.status = 0),
  ':': (run) => (run.status = 0),
  false: (run) => (run.status = 1),
  date: (run) => {
    emit(run, DATE_MARK);
    run.status = 0;
  },
  hostname: (run) => {
    emit(run, run.ctx.hostname);
    run.status = 0;
  },
  env: (run) => printenv(run, []),
  printenv: (run, args) => printenv(run, args),
  cat: (run, args) => cat(run, args),
  touch: (run, args) => {
    for (const f of args) if (!run.files.has(f)) run.files.set(f, '');
    for (const f of args) run.ops.push({ t: run.now, kind: 'write', path: f, text: '', append: true });
    run.status = 0;
  },
  rm: (run, args) => {
    const force = args.some((a) => /^-\w*f/.test(a));
    run.status = 0;
    for (const f of args.filter((a) => !a.startsWith('-'))) {
      if (!run.files.delete(f) && !force) {
        emit(run, run.ctx.busybox ? `rm: can't remove '${f}': No such file or directory` : `rm: cannot remove '${f}': No such file or directory`);
        run.status = 1;
      }
      run.ops.push({ t: run.now, kind: 'rm', path: f });
    }
  },
  mkdir: (run) => (run.status = 0),
  ls: (run, args) => ls(run, args),
  tail: (run, args) => {
    if (args.includes('-f')) run.forever = true;
    run.status = 0;
  },
  stress: (run, args) => stress(run, args),
  '/stress': (run, args) => stress(run, args),
  wget: (run) => (run.status = 0),
  curl: (run) => (run.status = 0),
  nslookup: (run) => (run.status = 0),
  ping: (run) => (run.status = 0),
};

/** Whether the image has a binary `cmd` the runtime could exec directly (no shell in between). */
export function isExecutable(cmd: string, ctx: ShellContext): boolean {
  const name = base(cmd);
  if (SERVERS[cmd] || SERVERS[name] || name === 'sh' || name === 'bash' || name === 'ash' || name === 'python' || name === 'python3') return true;
  if (name === 'httpd' || name === 'nc') return ctx.busybox;
  return Object.hasOwn(COMMANDS, name);
}

function runCommand(run: Run, argv: string[]): void {
  const [cmd, ...args] = argv;
  const name = SERVERS[cmd] ? cmd : base(cmd);
  if (SERVERS[name] || SERVERS[cmd]) return serve(run, SERVERS[name] ?? SERVERS[cmd], args);
  if (name === 'sh' || name === 'bash' || name === 'ash') {
    if (args[0] === '-c') return runScript(run, args[1] ?? '');
    run.status = 0;
    return;
  }
  if (name === 'python' || name === 'python3') return serve(run, [Number(args.at(-1)) || 8000], []);
  if ((name === 'httpd' || name === 'nc') && run.ctx.busybox) return serve(run, [Number(/-p\s*(\d+)/.exec(args.join(' '))?.[1] ?? 80)], []);
  const impl = COMMANDS[name];
  if (!impl) {
    emit(run, `sh: ${cmd}: not found`);
    run.status = 127;
    return;
  }
  impl(run, args);
}

function serve(run: Run, ports: number[], args: string[]): void {
  const port = /(?:--port|-p)\s+(\d+)/.exec(args.join(' '));
  run.serves = port ? [Number(port[1])] : ports;
  run.forever = true;
  run.status = 0;
}

function echo(run: Run, args: string[]): void {
  let newline = true;
  let escapes = false;
  while (args[0] && /^-[neE]+$/.test(args[0])) {
    if (args[0].includes('n')) newline = false;
    if (args[0].includes('e')) escapes = true;
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  const lines = text.split('\n');
  if (!newline && lines.at(-1) === '') lines.pop();
  for (const line of lines) emit(run, line);
  run.status = 0;
}

function sleep(run: Run, arg: string): void {
  if (arg === 'infinity' || arg === 'inf') {
    run.forever = true;
    return;
  }
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) {
    emit(run, `sleep: invalid number '${arg}'`);
    run.status = 1;
    return;
  }
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]] ?? 1000;
  run.now += Math.round(Number(m[1]) * unit);
  run.status = 0;
}

function printenv(run: Run, names: string[]): void {
  if (names.length === 0) {
    for (const [k, v] of run.ctx.env) emit(run, `${k}=${v}`);
    run.status = 0;
    return;
  }
  run.status = 0;
  for (const n of names) {
    const v = run.ctx.env.find(([k]) => k === n)?.[1];
    if (v === undefined) run.status = 1;
    else emit(run, v);
  }
}

function cat(run: Run, args: string[]): void {
  run.status = 0;
  for (const f of args) {
    const content = run.files.get(f);
    if (content === undefined) {
      emit(run, run.ctx.busybox ? `cat: can't open '${f}': No such file or directory` : `cat: ${f}: No such file or directory`);
      run.status = 1;
      continue;
    }
    for (const line of content.replace(/\n$/, '').split('\n')) if (content !== '') emit(run, line);
  }
}

function ls(run: Run, args: string[]): void {
  const dirs = args.filter((a) => !a.startsWith('-'));
  run.status = 0;
  for (const dir of dirs.length ? dirs : ['.']) {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names = [...run.files.keys()].filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split('/')[0]);
    if (names.length === 0 && !run.files.has(dir)) {
      emit(run, run.ctx.busybox ? `ls: ${dir}: No such file or directory` : `ls: cannot access '${dir}': No such file or directory`);
      run.status = run.ctx.busybox ? 1 : 2;
      continue;
    }
    for (const n of [...new Set(names)].sort()) emit(run, n);
  }
}

/** stress(1) and vish/stress: burn CPU workers and hold memory. */
function stress(run: Run, args: string[]): void {
  const text = args.join(' ');
  const cpus = Number(/(?:--cpu|-cpus)\s+(\d+)/.exec(text)?.[1] ?? 0);
  const vm = /(?:--vm-bytes|-mem-total)\s+(\S+)/.exec(text)?.[1];
  run.cpuMilli = Math.max(run.cpuMilli, cpus * 1000 || (vm ? 1000 : 0));
  if (vm) run.memoryBytes = sizeBytes(vm);
  emit(run, 'stress: info: [1] dispatching hogs: ' + `${cpus} cpu, 0 io, ${vm ? 1 : 0} vm, 0 hdd`);
  run.forever = true;
  run.status = 0;
}

function sizeBytes(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)(i?)B?$/i.exec(s);
  if (!m) return 0;
  const pow = { '': 0, K: 1, M: 2, G: 3, T: 4 }[m[2].toUpperCase()] ?? 0;
  // stress and vish/stress count in powers of 1024 whether or not the suffix says so.
  return Math.round(Number(m[1]) * 1024 ** pow);
}

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

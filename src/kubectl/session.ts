// The terminal's line reader: what a learner types is read the way bash would
// read it (quotes, backslashes, here-documents, `| grep`), then run by the
// sandbox's kubectl. No real shell runs: anything a shell would do beyond that
// is refused with a message that says so. Shared by the page's worker and the
// `podsphere` CLI, so both print the same text.
import { translate, type Locale, type MessageKey } from '../i18n/index';
import { answerPowerCLI, isPowerCLI } from '../vsphere/rosetta';
import { runKubectl } from './kubectl';
import { makeFilter, FILTERS, type Filter } from './session/filters';
import { lex } from './session/lexer';
import { parsePipeline, type Stage } from './session/pipeline';
import { CONTINUATION_PROMPT, PROMPT } from './session/prompts';
import type { Follow, InteractiveSession, KubectlEnv, KubectlResult, Output } from './types';

export interface LineResult {
  stdout: string;
  stderr: string;
  /** The exit status; for a follow, the status it ends with comes through done(). */
  exitCode: number;
  /** Keeps printing as simulated time runs until it ends or is interrupted (Ctrl-C). */
  follow?: Follow;
  /** `clear`: the host clears its screen. */
  clear?: boolean;
  /** The arguments of the kubectl command the line ran (after `kubectl`), for the PowerCLI rosetta. */
  kubectl?: string[];
}

export { PROMPT, CONTINUATION_PROMPT } from './session/prompts';

/** Run kubectl with one argv: the single entry point the terminal and the CLI share. */
export function runKubectlCommand(argv: readonly string[], env: KubectlEnv): KubectlResult {
  try {
    return runKubectl(argv, env);
  } catch (e) {
    // runKubectl turns every error into kubectl's text; this only guards against a command's own bug.
    return { stdout: '', stderr: `error: ${e instanceof Error ? e.message : String(e)}\n`, exitCode: 1 };
  }
}

/** `-f -`, `--filename=-`, `-f=-`: the command will read standard input. */
export function readsStdin(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '-f-' || a === '-f=-' || a === '--filename=-' || ((a === '-f' || a === '--filename') && argv[i + 1] === '-'));
}

type Pending =
  | { kind: 'continue'; text: string }
  | { kind: 'heredoc'; stages: Stage[]; lines: string[] }
  | { kind: 'stdin'; stages: Stage[]; lines: string[] };

interface Stream extends LineResult {
  /** The stage started an interactive `kubectl exec -it … sh`. */
  session?: InteractiveSession;
}

export class TerminalSession {
  private pending: Pending | undefined;
  private exec: InteractiveSession | undefined;
  private cols = 80;

  constructor(readonly env: KubectlEnv) {}

  /** The prompt for the next line: `$ `, `> ` while a command is incomplete, '' while reading stdin, the exec shell's own. */
  prompt(): string {
    if (this.pending) return this.pending.kind === 'stdin' ? '' : CONTINUATION_PROMPT;
    return this.exec ? this.exec.prompt() : PROMPT;
  }

  /** True while the session is inside an interactive `kubectl exec` shell. */
  inExec(): boolean {
    return this.exec !== undefined;
  }

  /** Read one line. Undefined: the command is not complete yet (see prompt()). */
  input(line: string, locale: Locale = 'en', cols = 80): LineResult | undefined {
    this.cols = cols;
    const pending = this.pending;
    if (pending?.kind === 'continue') {
      this.pending = undefined;
      return this.read(pending.text + line, locale);
    }
    if (pending?.kind === 'heredoc') return this.heredocLine(pending, line);
    if (pending?.kind === 'stdin') {
      pending.lines.push(line);
      return undefined;
    }
    if (this.exec) return this.execLine(this.exec, line);
    return this.read(line, locale);
  }

  /** Ctrl-D: end standard input, or a here-document without its delimiter, as bash does. */
  eof(): LineResult | undefined {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return this.exec ? this.execLine(this.exec, 'exit') : undefined;
    if (pending.kind === 'continue') return { stdout: '', stderr: 'podsphere: syntax error: unexpected end of file\n', exitCode: 2 };
    const body = pending.lines.map((l) => `${l}\n`).join('');
    if (pending.kind === 'stdin') return this.run(pending.stages, body);
    const open = pending.stages.find((s) => s.heredoc && s.heredoc.body === undefined);
    if (!open?.heredoc) return this.run(pending.stages);
    const warning = `podsphere: warning: here-document delimited by end-of-file (wanted \`${open.heredoc.delimiter}')\n`;
    open.heredoc.body = body;
    return this.heredocLine({ ...pending, lines: [] }, undefined, warning);
  }

  /** Ctrl-C: forget a half-typed command or a here-document being read. */
  interrupt(): void {
    this.pending = undefined;
  }

  private read(text: string, locale: Locale): LineResult | undefined {
    if (isPowerCLI(text.trim())) return powerCLIAnswer(text.trim(), locale, this.cols);
    const lexed = lex(text);
    if (lexed.error) return { stdout: '', stderr: `${lexed.error}\n`, exitCode: 2 };
    if (lexed.open) {
      // An open quote keeps its newline; a trailing backslash joins the lines.
      this.pending = { kind: 'continue', text: lexed.open === 'escape' ? text.slice(0, -1) : `${text}\n` };
      return undefined;
    }
    const parsed = parsePipeline(lexed.tokens);
    if ('incomplete' in parsed) {
      this.pending = { kind: 'continue', text: `${text} ` };
      return undefined;
    }
    if ('error' in parsed) return { stdout: '', stderr: parsed.error, exitCode: parsed.code };
    if (parsed.stages.length === 0) return { stdout: '', stderr: '', exitCode: 0 };
    // Refuse an unsupported pipe before anything runs: `kubectl delete … | awk` must not delete and then fail.
    const refused = parsed.stages.slice(1).map((s) => s.words[0] ?? '').find((w) => !isKubectl(w) && w !== 'cat' && !isFilter(w));
    if (refused !== undefined) {
      const failure = makeFilter([refused]);
      if ('error' in failure) return { stdout: '', stderr: failure.error, exitCode: failure.code };
    }
    if (parsed.stages.some((s) => s.heredoc && s.heredoc.body === undefined)) {
      this.pending = { kind: 'heredoc', stages: parsed.stages, lines: [] };
      return undefined;
    }
    const first = parsed.stages[0];
    if (parsed.stages.length === 1 && isKubectl(first.words[0]) && readsStdin(first.words.slice(1)) && !first.stdinFile && !first.heredoc) {
      // `kubectl apply -f -` alone reads what is typed or pasted next, until Ctrl-D.
      this.pending = { kind: 'stdin', stages: parsed.stages, lines: [] };
      return undefined;
    }
    return this.run(parsed.stages, undefined, locale);
  }

  private heredocLine(pending: Extract<Pending, { kind: 'heredoc' }>, line: string | undefined, warning = ''): LineResult | undefined {
    const open = pending.stages.find((s) => s.heredoc && s.heredoc.body === undefined);
    if (open?.heredoc && line !== undefined) {
      const text = open.heredoc.stripTabs ? line.replace(/^\t+/, '') : line;
      if (text !== open.heredoc.delimiter) {
        pending.lines.push(text);
        this.pending = pending;
        return undefined;
      }
      open.heredoc.body = pending.lines.map((l) => `${l}\n`).join('');
      pending.lines = [];
    }
    if (pending.stages.some((s) => s.heredoc && s.heredoc.body === undefined)) {
      this.pending = pending;
      return undefined;
    }
    this.pending = undefined;
    const result = this.run(pending.stages);
    return warning ? { ...result, stderr: warning + result.stderr } : result;
  }

  private execLine(exec: InteractiveSession, line: string): LineResult {
    const out = exec.input(line);
    if (out.exited !== undefined) this.exec = undefined;
    return { stdout: out.stdout ?? '', stderr: out.stderr ?? '', exitCode: out.exited ?? 0 };
  }

  /** Run the stages left to right, each reading the previous one's output, as a pipe does. */
  private run(stages: Stage[], typedStdin?: string, locale: Locale = 'en'): LineResult {
    let stream: Stream | undefined;
    for (const [i, stage] of stages.entries()) {
      const upstream: Stream | undefined = stream;
      let stdin = stage.heredoc?.body ?? (i === 0 ? typedStdin : upstream?.stdout);
      const stderr = upstream?.stderr ?? '';
      if (stage.stdinFile) {
        const read = this.env.readFile?.(stage.stdinFile) ?? { error: '' };
        if ('error' in read) return { stdout: '', stderr: `${stderr}podsphere: ${stage.stdinFile}: No such file or directory\n`, exitCode: 1 };
        stdin = read.text;
      }
      const name = stage.words[0] ?? '';
      // After a pipe only the filters, kubectl and cat read on; anything else gets makeFilter's refusal.
      const filters = upstream && !stage.heredoc && !stage.stdinFile && !isKubectl(name) && name !== 'cat';
      const next = filters ? filterStream({ ...upstream, stderr: '' }, stage.words) : this.produce(stage, stdin, locale);
      const routed = redirectStream(next, stage);
      stream = { ...routed, stderr: stderr + routed.stderr };
      if (next.session && i === stages.length - 1) this.exec = next.session;
    }
    const { session: _session, ...result } = stream as Stream;
    void _session;
    return result;
  }

  private produce(stage: Stage, stdin: string | undefined, locale: Locale): Stream {
    const [name = '', ...args] = stage.words;
    if (isKubectl(name)) return this.kubectl(args, stdin);
    if (isFilter(name)) return filterStream({ stdout: stdin ?? '', stderr: '', exitCode: 0 }, stage.words);
    switch (name) {
      case '':
        return { stdout: '', stderr: '', exitCode: 0 };
      case 'clear':
        return { stdout: '', stderr: '', exitCode: 0, clear: true };
      case 'help':
        return { stdout: translate(locale, 'terminal.help'), stderr: '', exitCode: 0 };
      case 'cat':
        return this.cat(args, stdin);
      case 'echo':
        return echo(args);
      case 'ls':
        return this.ls();
      case 'watch':
        return { stdout: '', stderr: 'podsphere: "watch" is not available in this sandbox: kubectl get -w streams changes as they happen\n', exitCode: 127 };
      default:
        return { stdout: '', stderr: `podsphere: ${name}: command not found (this terminal runs kubectl; type "help")\n`, exitCode: 127 };
    }
  }

  private kubectl(argv: string[], stdin: string | undefined): Stream {
    const env: KubectlEnv = stdin === undefined ? this.env : withStdin(this.env, stdin);
    const r = runKubectlCommand(argv, env);
    // A command may replace the kubeconfig state (`config set-context`); keep it for the next line.
    if (env !== this.env && env.config !== this.env.config) this.env.config = env.config;
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, follow: r.follow, session: r.session, kubectl: argv };
  }

  private cat(args: string[], stdin: string | undefined): Stream {
    if (args.length === 0) return { stdout: stdin ?? '', stderr: '', exitCode: 0 };
    let stdout = '';
    let stderr = '';
    for (const path of args) {
      if (path === '-') {
        stdout += stdin ?? '';
        continue;
      }
      const read = this.env.readFile?.(path);
      if (read && 'text' in read) stdout += read.text;
      else stderr += `cat: ${path}: No such file or directory\n`;
    }
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  }

  private ls(): Stream {
    const names = this.env.readDir?.('.') ?? [];
    return { stdout: names.map((n) => `${n}\n`).join(''), stderr: '', exitCode: 0 };
  }
}

function isKubectl(word: string | undefined): boolean {
  return word === 'kubectl' || word === 'k';
}

function isFilter(word: string): boolean {
  return (FILTERS as readonly string[]).includes(word) || word === 'egrep' || word === 'fgrep';
}

/** The same environment with text on standard input; writes to config still reach the original. */
function withStdin(env: KubectlEnv, stdin: string): KubectlEnv {
  const scoped = Object.create(env) as KubectlEnv;
  Object.defineProperty(scoped, 'stdin', { value: stdin, enumerable: true });
  return scoped;
}

function echo(args: string[]): Stream {
  const noNewline = args[0] === '-n';
  const words = noNewline ? args.slice(1) : args;
  return { stdout: words.join(' ') + (noNewline ? '' : '\n'), stderr: '', exitCode: 0 };
}

/** Pass a stream's standard output through a filter, now and as a follow keeps writing. */
function filterStream(upstream: Stream, argv: string[]): Stream {
  const filter = makeFilter(argv);
  if ('error' in filter) return { stdout: '', stderr: filter.error, exitCode: filter.code };
  const stdout = filter.push(upstream.stdout);
  if (!upstream.follow || filter.satisfied()) {
    return { stdout: stdout + filter.end(), stderr: upstream.stderr, exitCode: filter.code(), kubectl: upstream.kubectl };
  }
  return { stdout, stderr: upstream.stderr, exitCode: filter.code(), follow: filteredFollow(upstream.follow, filter), kubectl: upstream.kubectl };
}

function filteredFollow(inner: Follow, filter: Filter): Follow {
  return {
    start(write, done) {
      let finished = false;
      // Assigned after start() returns; a follow may write (and so finish) before that.
      let stopInner: (() => void) | undefined = undefined;
      let stopWhenStarted = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        if (stopInner) stopInner();
        else stopWhenStarted = true;
        const rest = filter.end();
        if (rest) write({ stdout: rest });
        done(filter.code());
      };
      stopInner = inner.start(
        (out) => {
          if (finished) return;
          const stdout = out.stdout ? filter.push(out.stdout) : '';
          if (stdout || out.stderr) write({ stdout: stdout || undefined, stderr: out.stderr });
          if (filter.satisfied()) finish();
        },
        () => finish(),
      );
      if (stopWhenStarted) stopInner();
      return () => {
        if (finished) return;
        finished = true;
        stopInner?.();
      };
    },
  };
}

/** Apply a stage's redirections (2>&1, >/dev/null …) to its output, including what a follow writes later. */
function redirectStream(stream: Stream, stage: Stage): Stream {
  if (stage.stdout === 'keep' && stage.stderr === 'keep') return stream;
  const route = (out: Output): Output => {
    const o = out.stdout ?? '';
    const e = out.stderr ?? '';
    let stdout = '';
    let stderr = '';
    if (stage.stdout === 'keep') stdout += o;
    else if (stage.stdout === 'stderr') stderr += o;
    if (stage.stderr === 'keep') stderr += e;
    else if (stage.stderr === 'stdout') stdout += e;
    return { stdout, stderr };
  };
  const routed = route(stream);
  const follow = stream.follow;
  return {
    ...stream,
    stdout: routed.stdout ?? '',
    stderr: routed.stderr ?? '',
    follow: follow && { start: (write, done) => follow.start((out) => write(route(out)), done) },
  };
}

function powerCLIAnswer(line: string, locale: Locale, cols: number): LineResult {
  const tr = (key: MessageKey): string => translate(locale, key);
  const cmdlet = line.split(/\s+/)[0];
  const answer = answerPowerCLI(line, locale);
  if (!answer) return { stdout: '', stderr: `${tr('terminal.powercli.unknown').replace('{cmdlet}', cmdlet)}\n`, exitCode: 127 };
  const indent = (lines: string[]): string => lines.map((l) => `  ${l}\n`).join('');
  const text =
    `${tr('terminal.powercli.intro').replace('{cmdlet}', cmdlet)}\n` +
    indent(answer.kubectl) +
    (answer.powercli.length ? `${tr('terminal.powercli.powercli')}\n${indent(answer.powercli)}` : '') +
    wrapProse(`${tr('terminal.powercli.holds')} ${answer.holds}`, cols) +
    wrapProse(`${tr('terminal.powercli.breaks')} ${answer.breaks}`, cols);
  return { stdout: text, stderr: '', exitCode: 0 };
}

/**
 * Wrap prose to the terminal's width at spaces (or between CJK characters,
 * which may break anywhere and take two columns), with a two-space hanging
 * indent, so xterm never cuts a word in half.
 */
export function wrapProse(text: string, cols: number): string {
  const width = Math.max(20, cols - 1);
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const token of text.match(/[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+|\s+/g) ?? []) {
    const wide = /^[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]$/.test(token);
    const w = wide ? 2 : token.length;
    if (/^\s+$/.test(token)) {
      if (used > 0 && used + 1 <= width) {
        line += ' ';
        used += 1;
      }
      continue;
    }
    if (used + w > width && used > 2) {
      lines.push(line.trimEnd());
      line = '  ';
      used = 2;
    }
    line += token;
    used += w;
  }
  lines.push(line.trimEnd());
  return lines.join('\n') + '\n';
}

// What runs inside a container (the part of containerd + the image that the
// kubelet observes): the program a container's command, args and image
// amount to, its output over time (for `kubectl logs`), the files it has
// written at a moment (for exec probes), and when it exits on its own.
import { toRFC3339 } from '../clock';
import type { ImageBehaviour, ImageInfo } from './images';
import { DATE_MARK, execOnce, interpret, isExecutable, type Op, type Program, type ShellContext } from './shell';

export interface LogLine {
  /** Simulated time the line was written, ms. */
  t: number;
  text: string;
}

/** Logs kept per container instance, like the runtime's log rotation leaves (10 MiB ≈ here: lines). */
export const MAX_LOG_LINES = 5000;

const asStrings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map((x) => String(x)) : undefined);

/** The process a container runs: command/args over the image's ENTRYPOINT/CMD. */
export function programFor(container: Record<string, unknown>, image: ImageInfo, context: () => ShellContext): Program {
  const command = asStrings(container.command);
  const args = asStrings(container.args) ?? [];
  const b = image.behaviour;
  if (command?.length && b.kind === 'perl' && /(^|\/)perl[\d.]*$/.test(command[0])) return perl([...command.slice(1), ...args]);
  if (command?.length) return exec([...command, ...args], context(), b.kind === 'shell');
  // Images without an ENTRYPOINT run args as the command; the rest get args appended.
  if (args.length && (b.kind === 'shell' || b.kind === 'perl' || b.kind === 'exit')) return b.kind === 'perl' ? perl(args) : exec(args, context(), b.kind === 'shell');
  switch (b.kind) {
    case 'server': {
      const missing = b.needsEnv && !context().env.some(([k, v]) => k === b.needsEnv?.name && v !== '');
      if (missing && b.needsEnv) return finite(b.needsEnv.error, 200, 1);
      return serverProgram(b);
    }
    case 'shell':
      return interpret(['sh'], context());
    case 'pause':
      return PAUSE;
    case 'exit':
      return finite(b.output, 50, b.code);
    case 'stress':
      return interpret(['stress', ...args], context());
    case 'perl':
      return perl(args);
  }
}

/** Programs are never changed once built, so the ones every container of an image runs alike are shared. */
const PAUSE: Program = deepFreeze({ ops: [], end: Number.POSITIVE_INFINITY, serves: [], ignoresSigterm: false, cpuMilli: 0, memoryBytes: 0 });
const serverPrograms = new WeakMap<ImageBehaviour, Program>();

function serverProgram(b: Extract<ImageBehaviour, { kind: 'server' }>): Program {
  let p = serverPrograms.get(b);
  if (!p) {
    p = deepFreeze({ ops: b.banner.map((text) => ({ t: 50, kind: 'out', text })), end: Number.POSITIVE_INFINITY, exit: undefined, serves: b.ports, ignoresSigterm: false, cpuMilli: 0, memoryBytes: 0 });
    serverPrograms.set(b, p);
  }
  return p;
}

function deepFreeze(p: Program): Program {
  for (const op of p.ops) Object.freeze(op);
  Object.freeze(p.ops);
  return Object.freeze(p);
}

/**
 * runc execs argv[0] itself: a binary missing from the image fails the start, before any shell runs.
 * Only the general-purpose OS images (busybox, alpine, ubuntu …) are modelled binary by binary;
 * in application images an unmodelled name may be the image's own entrypoint, so it is not refused.
 */
function exec(argv: string[], ctx: ShellContext, knowsEveryBinary: boolean): Program {
  const cmd = argv[0] ?? '';
  if (!knowsEveryBinary || isExecutable(cmd, ctx)) return interpret(argv, ctx);
  const lookup = cmd.includes('/') ? `stat ${cmd}: no such file or directory` : 'executable file not found in $PATH';
  const startError = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${cmd}": ${lookup}: unknown`;
  return { ...finite([], 0, 128), startError };
}

function finite(lines: string[], at: number, code: number): Program {
  return { ops: lines.map((text) => ({ t: at, kind: 'out', text })), end: at, exit: code, serves: [], ignoresSigterm: false, cpuMilli: 0, memoryBytes: 0 };
}

/** The Job example: `perl -Mbignum=bpi -wle "print bpi(2000)"` prints π; anything else just exits. */
function perl(args: string[]): Program {
  const program = args.at(-1) ?? '';
  // A quoted program (`-wle '"print bpi(2000)"'`) is a string constant: perl warns and does nothing.
  if (/^".*"$/.test(program) && args.some((a) => /^-\w*w/.test(a))) {
    return finite([`Useless use of a constant (${program.slice(1, -1)}) in void context at -e line 1.`], 100, 0);
  }
  const digits = /bpi\((\d+)\)/.exec(args.join(' '));
  if (!digits) return finite([], 100, 0);
  const n = Math.min(Number(digits[1]), 20_000);
  // bignum's bpi is quadratic; 2000 digits takes a few seconds on a node.
  return { ...finite([piDigits(n)], 1000 + Math.round((n * n) / 1000), 0), cpuMilli: 1000 };
}

/** π to n significant digits (Machin's formula on BigInt), as bignum prints it. */
export function piDigits(n: number): string {
  const guard = 10n;
  const scale = 10n ** (BigInt(n) + guard);
  const arctanInv = (x: bigint): bigint => {
    let sum = scale / x;
    let term = sum;
    const x2 = x * x;
    for (let k = 1n; term !== 0n; k++) {
      term /= x2;
      sum += (k % 2n === 1n ? -1n : 1n) * (term / (2n * k + 1n));
    }
    return sum;
  };
  const pi = (16n * arctanInv(5n) - 4n * arctanInv(239n)) / 10n ** guard;
  const s = pi.toString();
  return `${s[0]}.${s.slice(1, n)}`;
}

/** Lines written between the process start and `until` (absolute ms), newest MAX_LOG_LINES. */
export function logsUntil(p: Program, startedAt: number, until: number): LogLine[] {
  const elapsed = until - startedAt;
  const out: LogLine[] = [];
  for (const op of p.ops) if (op.kind === 'out' && op.t <= elapsed) out.push({ t: startedAt + op.t, text: op.text });
  if (p.loop && elapsed >= p.end) {
    const outs = p.loop.ops.filter((o) => o.kind === 'out');
    if (outs.length > 0) {
      const iterations = Math.floor((elapsed - p.end) / p.loop.period) + 1;
      const keep = Math.ceil(MAX_LOG_LINES / outs.length);
      for (let i = Math.max(0, iterations - keep); i < iterations; i++) {
        const base = startedAt + p.end + i * p.loop.period;
        for (const o of outs) if (base + o.t <= until && o.kind === 'out') out.push({ t: base + o.t, text: o.text });
      }
    }
  }
  return out.slice(-MAX_LOG_LINES).map((l) => ({ t: l.t, text: l.text.replaceAll(DATE_MARK, dateOutput(l.t)) }));
}

/** The container's files at `at` (absolute ms): the mounted ones plus what the process wrote by then. */
export function filesAt(p: Program, initial: Map<string, string>, startedAt: number, at: number): Map<string, string> {
  const files = new Map(initial);
  const elapsed = at - startedAt;
  const apply = (o: Op): void => {
    if (o.kind === 'write') files.set(o.path, (o.append ? files.get(o.path) ?? '' : '') + o.text);
    else if (o.kind === 'rm') files.delete(o.path);
  };
  for (const o of p.ops) if (o.t <= elapsed) apply(o);
  if (p.loop && elapsed >= p.end) {
    const into = (elapsed - p.end) % p.loop.period;
    // Each iteration replays the same writes; the last full pass plus this one's prefix decide the state.
    for (const o of p.loop.ops) apply(o);
    for (const o of p.loop.ops) if (o.t <= into) apply(o);
  }
  return files;
}

/** Run an exec probe / exec command in the container at `at`. */
export function execIn(argv: string[], p: Program, ctx: ShellContext, startedAt: number, at: number): { code: number; output: string } {
  return execOnce(argv, { ...ctx, files: filesAt(p, ctx.files, startedAt, at) });
}

/** busybox date(1): `Thu Jan  1 00:00:05 UTC 2026`. */
export function dateOutput(ms: number): string {
  const iso = toRFC3339(ms);
  const days = Math.floor(ms / 86_400_000);
  const dow = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'][((days % 7) + 7) % 7];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(iso.slice(5, 7)) - 1];
  const day = String(Number(iso.slice(8, 10))).padStart(2, ' ');
  return `${dow} ${month} ${day} ${iso.slice(11, 19)} UTC ${iso.slice(0, 4)}`;
}

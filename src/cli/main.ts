// `podsphere`: the sandbox's kubectl and runtime from a shell, for instructors
// who script and check lessons. The cluster lives in a state file (a replay
// journal, see ./state.ts); each invocation replays it, performs one verb,
// appends the verb to the journal and saves it.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hasExplainDocs, useExplainDocs } from '../kubectl/commands/explain';
import { parseGoDuration } from '../kubectl/flags';
import type { Output, ReadResult } from '../kubectl/types';
import { parseClusterSpec, SpecError } from './clusterspec';
import { Sandbox, type KubectlIO } from './sandbox';
import { freshState, parseState, serialiseState, StateError, type JournalEntry, type State } from './state';
import { formatTrace } from './trace';

export const DEFAULT_STATE = '.podsphere/state.json';

export const USAGE = `Usage: podsphere [--state FILE] <verb> [arguments]

Drives the PodSphere sandbox cluster from a shell. The cluster is kept in a
state file (default ${DEFAULT_STATE}), created on first use.

Verbs:
  kubectl <args...>          run kubectl (prints what the page's terminal prints;
                             exits with kubectl's exit code). -f FILE reads the
                             disk, -f - reads standard input.
  advance <duration>         let simulated time pass: 90s, 5m, 2h, 1h30m
  settle                     run simulated time until the cluster is quiet
  host poweroff|poweron NAME power a node's VM off or on (vSphere host actions)
  trace FROM TO              trace a request through the cluster network
  reset [--cluster FILE]     start over with a fresh cluster (FILE: a YAML
                             cluster spec: seed, startTime, serviceCIDR, nodes)
  lesson check <lesson-id>   check a lesson's steps against the cluster

Follow commands (kubectl get -w, logs -f, rollout status, drain) run while the
cluster works through its pending changes in simulated time, and stop when it
is quiet or they end by themselves (at most one simulated hour).

Options:
  --state FILE   the state file to use (default: $PODSPHERE_STATE, else
                 ${DEFAULT_STATE}); with npx, put it after --:
                 npx podsphere -- --state FILE kubectl get pods
  -h, --help     show this help
`;

/** What a run prints and returns; the process wrapper writes it out. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The process's standard input, read at most once and only when needed. */
  readStdin(): string;
  /** The state file when --state is not given (PODSPHERE_STATE in the process); default .podsphere/state.json. */
  defaultState?: string;
}

const EXIT_USAGE = 2;

class UsageFailure extends Error {}

export function main(argv: readonly string[], io: CliIO): number {
  loadExplainDocs();
  try {
    return run(argv, io);
  } catch (e) {
    if (e instanceof StateError || e instanceof SpecError) {
      io.stderr(`podsphere: ${e.message}\nNothing was changed. Fix the file, or start over with \`podsphere reset\`.\n`);
      return EXIT_USAGE;
    }
    if (e instanceof UsageFailure) {
      io.stderr(`podsphere: ${e.message}\nRun 'podsphere --help' for usage.\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

function run(argv: readonly string[], io: CliIO): number {
  const { statePath, verb, args } = splitArgs(argv, io.defaultState || DEFAULT_STATE);
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    io.stdout(USAGE);
    return verb === undefined ? EXIT_USAGE : 0;
  }
  switch (verb) {
    case 'reset':
      return reset(statePath, args, io);
    case 'lesson':
      if (args[0] !== 'check') throw new UsageFailure(`unknown lesson verb ${JSON.stringify(args[0] ?? '')}: use 'podsphere lesson check <lesson-id>'`);
      io.stderr('podsphere: lessons are not available yet: this version of PodSphere ships no lessons, so there is nothing to check\n');
      return EXIT_USAGE;
    case 'kubectl':
    case 'advance':
    case 'settle':
    case 'host':
    case 'trace':
      return withSandbox(statePath, io, (sandbox) => perform(sandbox, verb, args, io));
    default:
      throw new UsageFailure(`unknown verb ${JSON.stringify(verb)}`);
  }
}

/** `--state FILE` may come before the verb (and after it, except for kubectl, whose arguments are its own). */
function splitArgs(argv: readonly string[], defaultState: string): { statePath: string; verb?: string; args: string[] } {
  let statePath = defaultState;
  const rest: string[] = [];
  let verb: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (verb === 'kubectl') {
      rest.push(a);
    } else if (a === '--state') {
      if (argv[i + 1] === undefined) throw new UsageFailure('--state needs a file name');
      statePath = argv[++i];
    } else if (a.startsWith('--state=')) {
      statePath = a.slice('--state='.length);
    } else if (verb === undefined) {
      verb = a;
    } else {
      rest.push(a);
    }
  }
  return { statePath, verb, args: rest };
}

interface Performed {
  code: number;
  entry?: JournalEntry;
}

function perform(sandbox: Sandbox, verb: string, args: string[], io: CliIO): Performed {
  switch (verb) {
    case 'kubectl': {
      const { code, entry } = sandbox.kubectl(args, diskIO(io));
      return { code, entry };
    }
    case 'advance': {
      if (args.length !== 1) throw new UsageFailure('advance takes one duration, e.g. podsphere advance 5m');
      const ms = parseGoDuration(args[0]);
      if (ms === undefined || ms <= 0) throw new UsageFailure(`invalid duration ${JSON.stringify(args[0])}: use 90s, 5m, 2h or 1h30m`);
      sandbox.advance(ms);
      io.stdout(`simulated time is now ${sandbox.cluster.clock.nowRFC3339()}\n`);
      return { code: 0, entry: { advance: ms } };
    }
    case 'settle': {
      if (args.length) throw new UsageFailure('settle takes no arguments');
      const result = sandbox.settle();
      io.stdout(`simulated time is now ${sandbox.cluster.clock.nowRFC3339()}\n`);
      if (!result.settled) io.stderr('podsphere: the cluster is still busy after an hour of simulated time (a crash loop or a CronJob keeps it going)\n');
      return { code: 0, entry: { settle: true } };
    }
    case 'host':
      return host(sandbox, args, io);
    default:
      return trace(sandbox, args, io);
  }
}

function host(sandbox: Sandbox, args: string[], io: CliIO): Performed {
  const [action, name] = args;
  if ((action !== 'poweroff' && action !== 'poweron') || !name || args.length !== 2) {
    throw new UsageFailure('use podsphere host poweroff NAME or podsphere host poweron NAME');
  }
  const hosts = sandbox.cluster.hosts.list();
  if (!hosts.some((h) => h.name === name)) {
    io.stderr(`podsphere: no host named ${JSON.stringify(name)} (hosts: ${hosts.map((h) => h.name).join(', ')})\n`);
    return { code: 1 };
  }
  sandbox.host(action, name);
  io.stdout(`host ${name} powered ${action === 'poweroff' ? 'off' : 'on'}\n`);
  return { code: 0, entry: { host: { action, name } } };
}

function trace(sandbox: Sandbox, args: string[], io: CliIO): Performed {
  if (args.length !== 2) throw new UsageFailure('use podsphere trace FROM TO, e.g. podsphere trace pod/web-x svc/web');
  if (!sandbox.hasTrace()) {
    io.stderr('podsphere: trace is not available: this version of the runtime has no network trace yet\n');
    return { code: 1 };
  }
  const [from, to] = args;
  const result = sandbox.trace(from, to);
  const text = formatTrace(result);
  io.stdout(text.text);
  return { code: text.dropped ? 1 : 0, entry: { trace: { from, to } } };
}

function reset(statePath: string, args: string[], io: CliIO): number {
  let state: State = freshState();
  if (args.length) {
    const file = args[0] === '--cluster' ? args[1] : args[0].startsWith('--cluster=') ? args[0].slice('--cluster='.length) : undefined;
    if (!file || args.length > (args[0] === '--cluster' ? 2 : 1)) throw new UsageFailure('use podsphere reset or podsphere reset --cluster spec.yaml');
    const read = readDisk(file);
    if ('error' in read) throw new SpecError(`cannot read the cluster spec: ${read.error}`);
    const { seed, spec } = parseClusterSpec(read.text, file);
    state = freshState(seed, spec);
  }
  const sandbox = new Sandbox(state);
  saveState(statePath, sandbox.state);
  io.stdout(`fresh cluster: ${sandbox.cluster.hosts.list().length} nodes, simulated time ${sandbox.cluster.clock.nowRFC3339()} (state in ${statePath})\n`);
  return 0;
}

function withSandbox(statePath: string, io: CliIO, act: (sandbox: Sandbox) => Performed): number {
  const state = loadState(statePath);
  const sandbox = new Sandbox(state);
  sandbox.replay();
  const { code, entry } = act(sandbox);
  if (entry) {
    state.journal.push(entry);
    saveState(statePath, state);
  }
  return code;
}

function loadState(path: string): State {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return freshState();
    throw new StateError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return parseState(text, path);
}

function saveState(path: string, state: State): void {
  mkdirSync(dirname(path), { recursive: true });
  // Write then rename, so an interrupted write never leaves half a journal behind.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, serialiseState(state));
  renameSync(tmp, path);
}

/** Files, directories and stdin for kubectl from the real disk and process. */
function diskIO(io: CliIO): KubectlIO {
  let stdin: string | undefined;
  return {
    readFile: readDisk,
    readDir(path) {
      try {
        if (!statSync(path).isDirectory()) return undefined;
        return readdirSync(path).sort();
      } catch {
        return undefined;
      }
    },
    stdin: () => (stdin ??= io.readStdin()),
    sessionLines: () => (stdin ??= io.readStdin()).split('\n').filter((l, i, all) => l !== '' || i < all.length - 1),
    write: (out: Output) => {
      if (out.stdout) io.stdout(out.stdout);
      if (out.stderr) io.stderr(out.stderr);
    },
  };
}

/** Read a file with Go's os error wording (`open x: no such file or directory`), as kubectl reports it. */
function readDisk(path: string): ReadResult {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return { error: `${code === 'EISDIR' ? 'read' : 'open'} ${path}: ${why}` };
  }
}

/** Without a bundler the generated field descriptions are read from disk; absent (not generated yet), explain shows fields and types only. */
function loadExplainDocs(): void {
  if (hasExplainDocs()) return;
  try {
    const file = new URL('../kubectl/generated/explain-docs.json', import.meta.url);
    useExplainDocs((JSON.parse(readFileSync(file, 'utf8')) as { types: Parameters<typeof useExplainDocs>[0] }).types);
  } catch {
    // Descriptions are optional: `npm run gen:explain` creates them.
  }
}

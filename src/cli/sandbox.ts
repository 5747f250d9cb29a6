// A cluster rebuilt from a state journal, and the actions the CLI performs on
// it. Each action runs the same way live and in replay, so the journal stays
// exact: a live kubectl records what it read (files, stdin, exec input) and
// how long its follow ran; a replay feeds those back.
import { runKubectlCommand } from '../kubectl/session';
import { DEFAULT_KUBECONFIG, type Follow, type KubeConfigState, type KubectlEnv, type Output, type ReadResult } from '../kubectl/types';
import { createCluster, type Cluster } from '../runtime/cluster';
import type { SettleResult } from '../runtime/clock';
import { StateError, type JournalEntry, type KubectlEntry, type State } from './state';

/** Where a kubectl command's inputs come from and its output goes. */
export interface KubectlIO {
  readFile(path: string): ReadResult;
  readDir(path: string): string[] | undefined;
  /** Standard input, read only when the command asks for it. */
  stdin(): string;
  /** Lines for an interactive `exec -it … sh`, read only when one starts. */
  sessionLines(): string[];
  write(out: Output): void;
}

/** How far a follow may run the clock in the CLI (as far as settle() goes). */
export const FOLLOW_MAX_SPAN_MS = 3_600_000;
const FOLLOW_MAX_STEPS = 10_000;

export class Sandbox {
  readonly cluster: Cluster;
  private config: KubeConfigState = { ...DEFAULT_KUBECONFIG };

  constructor(readonly state: State) {
    this.cluster = createCluster({ ...state.clusterSpec, seed: state.seed });
  }

  /** Rebuild the cluster by running every journal entry again, quietly. */
  replay(): void {
    this.state.journal.forEach((entry, i) => {
      try {
        this.replayEntry(entry);
      } catch (e) {
        throw new StateError(`journal entry ${i + 1} could not be replayed: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  }

  kubectl(argv: readonly string[], io: KubectlIO): { code: number; entry: KubectlEntry } {
    const entry: KubectlEntry = { kubectl: [...argv] };
    const result = this.run(argv, capturing(io, entry));
    io.write(result);
    let code = result.exitCode;
    if (result.session) {
      const lines = io.sessionLines();
      entry.session = [];
      for (const line of lines) {
        entry.session.push(line);
        const out = result.session.input(line);
        io.write(out);
        if (out.exited !== undefined) {
          code = out.exited;
          break;
        }
      }
    }
    if (result.follow) {
      const followed = this.followUntilQuiet(result.follow, (out) => io.write(out));
      if (followed.ms !== undefined) entry.followMs = followed.ms;
      if (followed.code !== undefined) code = followed.code;
    }
    return { code, entry };
  }

  advance(ms: number): void {
    this.cluster.advance(ms);
  }

  settle(): SettleResult {
    return this.cluster.settle();
  }

  host(action: 'poweroff' | 'poweron', name: string): void {
    if (action === 'poweroff') this.cluster.hosts.powerOff(name);
    else this.cluster.hosts.powerOn(name);
  }

  /** cluster.network.trace, when this runtime has it (the networking work adds it). */
  trace(from: string, to: string): unknown {
    const network = (this.cluster as unknown as { network?: { trace?: (from: string, to: string) => unknown } }).network;
    if (typeof network?.trace !== 'function') return undefined;
    return network.trace(from, to);
  }

  hasTrace(): boolean {
    const network = (this.cluster as unknown as { network?: { trace?: unknown } }).network;
    return typeof network?.trace === 'function';
  }

  private run(argv: readonly string[], io: KubectlIO): ReturnType<typeof runKubectlCommand> {
    const env: KubectlEnv = {
      cluster: this.cluster,
      config: this.config,
      readFile: (path) => io.readFile(path),
      readDir: (path) => io.readDir(path),
    };
    Object.defineProperty(env, 'stdin', { get: () => io.stdin(), enumerable: true, configurable: true });
    const result = runKubectlCommand(argv, env);
    this.config = env.config;
    return result;
  }

  private replayEntry(entry: JournalEntry): void {
    if ('kubectl' in entry) this.replayKubectl(entry);
    else if ('advance' in entry) this.advance(entry.advance);
    else if ('settle' in entry) this.settle();
    else if ('host' in entry) this.host(entry.host.action, entry.host.name);
    else this.trace(entry.trace.from, entry.trace.to);
  }

  private replayKubectl(entry: KubectlEntry): void {
    const io: KubectlIO = {
      readFile: (path) =>
        entry.files && Object.hasOwn(entry.files, path)
          ? { text: entry.files[path] }
          : { error: entry.missing?.[path] ?? `open ${path}: no such file or directory` },
      readDir: (path) => entry.dirs?.[path],
      stdin: () => entry.stdin ?? '',
      sessionLines: () => entry.session ?? [],
      write: () => undefined,
    };
    const result = this.run(entry.kubectl, io);
    if (result.session) {
      for (const line of entry.session ?? []) if (result.session.input(line).exited !== undefined) break;
    }
    if (result.follow) {
      const stop = result.follow.start(() => undefined, () => undefined);
      if (entry.followMs !== undefined) this.cluster.advance(entry.followMs);
      stop();
    }
  }

  /**
   * Run a follow while the cluster works, timer by timer, until it ends by
   * itself or nothing is left to do (bounded like settle()).
   */
  private followUntilQuiet(follow: Follow, write: (out: Output) => void): { code?: number; ms?: number } {
    const clock = this.cluster.clock;
    const start = clock.now();
    let code: number | undefined;
    const stop = follow.start(write, (c) => {
      code ??= c;
    });
    let advanced = false;
    for (let steps = 0; code === undefined && steps < FOLLOW_MAX_STEPS; steps++) {
      const next = clock.nextDue();
      if (clock.pendingTimers() === 0 || next === undefined || next - start > FOLLOW_MAX_SPAN_MS) break;
      this.cluster.advance(Math.max(0, next - clock.now()));
      advanced = true;
    }
    stop();
    // Undefined when the clock never moved: a replay must not advance (even by 0, which fires timers due now).
    return { code, ms: advanced ? clock.now() - start : undefined };
  }
}

/** Wrap live IO so everything the command reads lands in its journal entry. */
function capturing(io: KubectlIO, entry: KubectlEntry): KubectlIO {
  return {
    readFile(path) {
      const r = io.readFile(path);
      if ('text' in r) (entry.files ??= {})[path] = r.text;
      else (entry.missing ??= {})[path] = r.error;
      return r;
    },
    readDir(path) {
      const names = io.readDir(path);
      if (names) (entry.dirs ??= {})[path] = names;
      return names;
    },
    stdin() {
      entry.stdin ??= io.stdin();
      return entry.stdin;
    },
    sessionLines: () => io.sessionLines(),
    write: (out) => io.write(out),
  };
}

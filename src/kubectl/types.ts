// What every kubectl command receives and returns. Commands talk to the
// cluster only through its apiserver (and the read-only kubelet, metrics and
// network views a real kubectl reaches through the apiserver's proxies).
import type { Cluster } from '../runtime/cluster';
import type { KubeObject } from '../runtime/api/types';
import type { FlagSpec, ParsedFlags } from './flags';

/** The kubeconfig's current context, as `kubectl config` shows and changes it. */
export interface KubeConfigState {
  cluster: string;
  context: string;
  user: string;
  /** The context's namespace; commands default to it when -n is not given. */
  namespace: string;
}

export const DEFAULT_KUBECONFIG: Readonly<KubeConfigState> = {
  cluster: 'podsphere',
  context: 'podsphere',
  user: 'podsphere-admin',
  namespace: 'default',
};

export type ReadResult = { text: string } | { error: string };

export interface KubectlEnv {
  readonly cluster: Cluster;
  config: KubeConfigState;
  /** A file named with -f: workspace files in the page, the disk in the shell. Errors read like Go's os errors. */
  readFile?(path: string): ReadResult;
  /** The files directly inside a directory (for `-f DIR`), or undefined when `path` is not a directory. */
  readDir?(path: string): string[] | undefined;
  /** Text on standard input (`-f -`, a pasted manifest). */
  stdin?: string;
  /** Hand an object to the page's editor (`kubectl edit`); absent in the shell. */
  edit?(object: KubeObject): void;
}

export interface Output {
  stdout?: string;
  stderr?: string;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Commands that keep running as simulated time passes (`get -w`, `logs -f`, `rollout status`, `drain`). */
  follow?: Follow;
  /** `exec -it … sh`: the host sends each typed line until the session exits. */
  session?: InteractiveSession;
}

export interface InteractiveSession {
  /** The shell prompt to show before each line (`/ # `, `root@web-5d8f:/# `). */
  prompt(): string;
  input(line: string): Output & { exited?: number };
}

export interface Follow {
  /**
   * Start streaming. `write` receives further output as the clock runs; `done`
   * is called when the command ends by itself. Returns stop (Ctrl-C).
   */
  start(write: (out: Output) => void, done: (exitCode: number) => void): () => void;
}

export interface CommandContext {
  readonly env: KubectlEnv;
  readonly flags: ParsedFlags;
  readonly args: string[];
  readonly afterDash: string[] | undefined;
  /** `kubectl rollout status`: ['rollout', 'status']; used in "See 'kubectl … --help'". */
  readonly path: string[];
  /** -n, or the context's namespace. */
  readonly namespace: string;
  /** True when -n/--namespace was given explicitly. */
  readonly namespaceExplicit: boolean;
}

export interface Command {
  name: string;
  aliases?: string[];
  /** One line for `kubectl --help` and completion. */
  short: string;
  flags?: FlagSpec[];
  subcommands?: Command[];
  /** Absent on pure parents (`rollout`, `config`, `create` without a generator is handled by create itself). */
  run?(ctx: CommandContext): KubectlResult;
}

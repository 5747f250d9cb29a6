// One `kubectl exec` into one container: the container's view (profile,
// environment, files), a command run the way the container runtime runs it
// (no shell in between unless argv[0] is one), or an interactive shell.
import type { Cluster } from '../../runtime/cluster';
import type { KubeObject } from '../../runtime/api/types';
import { hex64 } from '../../runtime/kubelet/images';
import type { InteractiveSession, Output } from '../types';
import { containerView } from './filesystem';
import { Shell, type RunResult, type ShellState } from './interpreter';
import { hasExecutable, profileFor } from './profiles';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);
/** Shell builtins with no binary behind them: the runtime cannot exec them directly. */
const BUILTIN_ONLY = new Set(['cd', 'exit', 'export', 'unset', 'source', '.', 'alias']);

export interface ExecTarget {
  cluster: Cluster;
  pod: KubeObject;
  container: Record<string, unknown>;
  tty: boolean;
}

export function shellState(t: ExecTarget): ShellState {
  const profile = profileFor(typeof t.container.image === 'string' ? t.container.image : '');
  const ns = t.pod.metadata.namespace ?? 'default';
  const view = containerView({ api: t.cluster.api, pod: t.pod, container: t.container, profile, resolvConf: t.cluster.network.dns.resolvConf(ns), now: t.cluster.clock.now() });
  const env = t.tty ? [...view.env, ['TERM', 'xterm'] as [string, string]] : view.env;
  const workingDir = typeof t.container.workingDir === 'string' && t.container.workingDir ? t.container.workingDir : profile.workdir;
  return { cluster: t.cluster, pod: t.pod, profile, fs: view.fs, hostname: view.hostname, env, cwd: workingDir, tty: t.tty };
}

/** containerd's answer when argv[0] is not in the image. */
function execFailed(t: ExecTarget, cmd: string): string {
  const id = hex64(`${t.pod.metadata.uid ?? ''}/exec/${t.cluster.clock.now()}/${t.cluster.clock.random()}`);
  const why = cmd.includes('/') ? `stat ${cmd}: no such file or directory` : 'executable file not found in $PATH';
  return `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec ${JSON.stringify(id)}: OCI runtime exec failed: exec failed: unable to start container process: exec: ${JSON.stringify(cmd)}: ${why}: unknown`;
}

export type ExecOutcome = { kind: 'failed'; message: string } | { kind: 'done'; result: RunResult } | { kind: 'session'; session: InteractiveSession };

/** Run argv in the container, as the CRI exec does. */
export function execInContainer(t: ExecTarget, argv: string[], stdin: boolean): ExecOutcome {
  const state = shellState(t);
  const [cmd, ...args] = argv;
  const name = cmd.slice(cmd.lastIndexOf('/') + 1);
  if (BUILTIN_ONLY.has(cmd) || !hasExecutable(state.profile, cmd)) return { kind: 'failed', message: execFailed(t, cmd) };
  if (SHELLS.has(name)) {
    const flavour = name === 'bash' ? 'bash' : (state.profile.sh ?? 'dash');
    if (args[0] === '-c') return { kind: 'done', result: new Shell(state, { flavour, name: cmd, interactive: false }).run(args[1] ?? '') };
    if (!stdin) return { kind: 'done', result: { stdout: '', stderr: '', code: 0 } };
    const shell = new Shell(state, { flavour, name: cmd, interactive: true });
    return { kind: 'session', session: interactive(shell, t.tty) };
  }
  // A program started without a shell: the interpreter runs it with the shell's quoting already undone.
  const shell = new Shell(state, { flavour: state.profile.sh ?? 'dash', name: 'sh', interactive: false });
  return { kind: 'done', result: shell.run(argv.map(quote).join(' ')) };
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `-it sh`: each typed line runs; `exit N` (or Ctrl-D) ends it, kubectl reporting a non-zero status. */
function interactive(shell: Shell, tty: boolean): InteractiveSession {
  let done = false;
  return {
    prompt: () => (tty && !done ? shell.prompt() : ''),
    input(line: string): Output & { exited?: number } {
      if (done) return { exited: 0 };
      const r = shell.run(line);
      const out: Output & { exited?: number } = tty ? { stdout: r.stdout + r.stderr } : { stdout: r.stdout, stderr: r.stderr };
      if (r.exited) {
        done = true;
        out.exited = r.code;
        if (r.code !== 0) out.stderr = (out.stderr ?? '') + `command terminated with exit code ${r.code}\n`;
      }
      return out;
    },
  };
}

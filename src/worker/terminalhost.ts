// The worker's side of the terminal: one shell session on the cluster the
// worker owns. Lines run at once; follow commands (`get -w`, `logs -f`,
// `rollout status`, `drain`) keep posting output as the worker advances
// simulated time, until they end or the page interrupts them. No DOM here, so
// it is tested in Node.
import { complete } from '../kubectl/completion';
import { TerminalSession, type LineResult } from '../kubectl/session';
import { printYAML } from '../kubectl/printers/yaml';
import { qualifiedName } from '../kubectl/resourceargs';
import { DEFAULT_KUBECONFIG, type KubectlEnv } from '../kubectl/types';
import type { KubeObject } from '../runtime/api/types';
import type { Cluster } from '../runtime/cluster';
import type { WorkerMessage, WorkerRequest, WorkspaceFiles } from './protocol';
import { readWorkspaceDir, readWorkspaceFile } from './workspace';

/** The exit status a shell reports for a command stopped by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = 130;

export class TerminalHost {
  private readonly session: TerminalSession;
  private files: WorkspaceFiles = {};
  /** Running follows by request id: the function that stops each. */
  private readonly follows = new Map<number, () => void>();

  constructor(
    cluster: Cluster,
    private readonly post: (message: WorkerMessage) => void,
  ) {
    const env: KubectlEnv = {
      cluster,
      config: { ...DEFAULT_KUBECONFIG },
      readFile: (path) => readWorkspaceFile(this.files, path),
      readDir: (path) => readWorkspaceDir(this.files, path),
      edit: (object) => this.post({ type: 'edit', name: editName(cluster, object), yaml: EDIT_HEADER + printYAML(forEditing(object)) }),
    };
    this.session = new TerminalSession(env);
  }

  /** Handle one request; returns true when it was a terminal request. */
  handle(request: WorkerRequest): boolean {
    switch (request.type) {
      case 'kubectl':
        if (request.files) this.files = request.files;
        this.finish(request.id, this.session.input(request.line, request.locale, request.cols));
        return true;
      case 'eof':
        this.finish(request.id, this.session.eof() ?? { stdout: '', stderr: '', exitCode: 0 });
        return true;
      case 'interrupt':
        this.interrupt(request.id);
        return true;
      case 'complete': {
        if (request.files) this.files = request.files;
        const c = complete(this.session.env, request.line, request.cursor);
        this.post({ type: 'completion', id: request.id, start: c.start, end: c.end, candidates: c.candidates });
        return true;
      }
      default:
        return false;
    }
  }

  /** Follows still running (they stream as the worker advances the clock). */
  running(): number {
    return this.follows.size;
  }

  private interrupt(id: number): void {
    const stop = this.follows.get(id);
    if (stop) {
      this.follows.delete(id);
      stop();
    } else {
      this.session.interrupt();
    }
    this.post({ type: 'exit', id, code: INTERRUPTED, prompt: this.session.prompt() });
  }

  private finish(id: number, result: LineResult | undefined): void {
    if (!result) {
      this.post({ type: 'more', id, prompt: this.session.prompt() });
      return;
    }
    if (result.stdout || result.stderr) this.post({ type: 'output', id, stdout: result.stdout || undefined, stderr: result.stderr || undefined });
    const exit = (code: number): void =>
      this.post({ type: 'exit', id, code, prompt: this.session.prompt(), clear: result.clear, kubectl: result.kubectl });
    const follow = result.follow;
    if (!follow) {
      exit(result.exitCode);
      return;
    }
    let ended = false;
    const stop = follow.start(
      (out) => {
        if (!ended && (out.stdout || out.stderr)) this.post({ type: 'output', id, stdout: out.stdout || undefined, stderr: out.stderr || undefined });
      },
      (code) => {
        if (ended) return;
        ended = true;
        this.follows.delete(id);
        exit(code);
      },
    );
    if (!ended) this.follows.set(id, () => {
      ended = true;
      stop();
    });
  }
}

/** The comment kubectl's editor puts above the object. */
export const EDIT_HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

function editName(cluster: Cluster, object: KubeObject): string {
  return qualifiedName(cluster.api.typeOf(object), object.metadata.name ?? '');
}

/**
 * kubectl edit sends only the learner's changes as a patch, so a status write
 * in between never conflicts; the pane's text goes back through
 * `kubectl apply`, which would carry resourceVersion as a precondition, so it is left out.
 */
function forEditing(object: KubeObject): KubeObject {
  const { resourceVersion: _dropped, ...metadata } = object.metadata;
  return { ...object, metadata };
}

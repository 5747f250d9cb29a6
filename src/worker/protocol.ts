// The messages between the page and the worker that owns the cluster, typed
// once for both sides. Requests carry an id; every kubectl, eof and interrupt
// request is answered by exactly one `exit` (or `more`, when the line needs
// further lines), with `output` messages before it; `complete` gets one
// `completion`.
import type { Locale } from '../i18n/index';

export interface ClusterSummary {
  nodes: number;
  readyNodes: number;
  pods: number;
  namespaces: number;
  objects: number;
  apiServerIP: string;
  simulatedTime: string;
}

/**
 * Files the page offers to `kubectl … -f NAME` and `cat NAME`: the YAML
 * editor is `workspace.yaml`; named files a learner saves later join it.
 */
export type WorkspaceFiles = Record<string, string>;

/** The YAML editor's text, as commands in the terminal name it. */
export const WORKSPACE_FILE = 'workspace.yaml';

export type WorkerRequest =
  /** One typed line (or one line of a paste); `files` is the workspace at the time it was typed. */
  | { type: 'kubectl'; id: number; line: string; locale?: Locale; files?: WorkspaceFiles; cols?: number }
  /** Ctrl-D: end of standard input (`kubectl apply -f -`) or of an unterminated here-document. */
  | { type: 'eof'; id: number }
  /** Ctrl-C: stop the follow started by request `id`, or drop a half-read command. */
  | { type: 'interrupt'; id: number }
  | { type: 'complete'; id: number; line: string; cursor: number; files?: WorkspaceFiles };

export type WorkerMessage =
  | { type: 'summary'; summary: ClusterSummary }
  | { type: 'output'; id: number; stdout?: string; stderr?: string }
  /** The command ended; `prompt` is what to show next (`$ `, or an exec shell's own). */
  | { type: 'exit'; id: number; code: number; prompt: string; clear?: boolean; kubectl?: string[] }
  /** The line was read but the command goes on (open quote, here-document, stdin): show `prompt` and send the next line. */
  | { type: 'more'; id: number; prompt: string }
  | { type: 'completion'; id: number; start: number; end: number; candidates: string[] }
  /** `kubectl edit`: the object, as kubectl's editor shows it, for the YAML pane. */
  | { type: 'edit'; name: string; yaml: string };

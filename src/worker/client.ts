// The page's handle on the cluster worker: summaries for the status line,
// and the terminal's requests with their replies routed back by id.
import type { Completion } from '../kubectl/completion';
import type { RunHandlers, ShellConnection } from '../ui/terminal/controller';
import type { Locale } from '../i18n/index';
import type { ClusterSummary, WorkerMessage, WorkerRequest, WorkspaceFiles } from './protocol';

export interface ClientOptions {
  onSummary(summary: ClusterSummary): void;
  onError(message: string): void;
  /** The workspace files at the moment a line is sent (the YAML editor's text …). */
  files(): WorkspaceFiles;
  locale(): Locale;
  /** `kubectl edit` handed an object to the YAML pane. */
  onEdit?(name: string, yaml: string): void;
}

export class ClusterClient implements ShellConnection {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly runs = new Map<number, RunHandlers>();
  private readonly completions = new Map<number, (c: Completion) => void>();

  constructor(private readonly options: ClientOptions) {
    this.worker = new Worker(new URL('./cluster.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<WorkerMessage>) => this.receive(e.data);
    this.worker.onerror = (e) => options.onError(e.message || 'unknown error');
  }

  run(line: string, handlers: RunHandlers, cols?: number): number {
    const id = this.nextId++;
    this.runs.set(id, handlers);
    this.send({ type: 'kubectl', id, line, locale: this.options.locale(), files: this.options.files(), cols });
    return id;
  }

  eof(handlers: RunHandlers): number {
    const id = this.nextId++;
    this.runs.set(id, handlers);
    this.send({ type: 'eof', id });
    return id;
  }

  interrupt(id: number | undefined, handlers: RunHandlers): void {
    const target = id !== undefined && this.runs.has(id) ? id : this.nextId++;
    this.runs.set(target, handlers);
    this.send({ type: 'interrupt', id: target });
  }

  complete(line: string, cursor: number): Promise<Completion> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.completions.set(id, resolve);
      this.send({ type: 'complete', id, line, cursor, files: this.options.files() });
    });
  }

  terminate(): void {
    this.worker.terminate();
  }

  private send(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  private receive(m: WorkerMessage): void {
    switch (m.type) {
      case 'summary':
        this.options.onSummary(m.summary);
        return;
      case 'edit':
        this.options.onEdit?.(m.name, m.yaml);
        return;
      case 'output':
        this.runs.get(m.id)?.output(m);
        return;
      case 'exit':
      case 'more': {
        const handlers = this.runs.get(m.id);
        this.runs.delete(m.id);
        handlers?.done(m);
        return;
      }
      case 'completion': {
        const resolve = this.completions.get(m.id);
        this.completions.delete(m.id);
        resolve?.({ start: m.start, end: m.end, candidates: m.candidates });
        return;
      }
    }
  }
}

// What happens at the keyboard of the page's terminal: the line editor, the
// history, Tab, Ctrl-C/D/L, and the exchange with the worker, which reads and
// runs each line. Anything typed or pasted while a command runs waits its
// turn, as a real terminal's type-ahead does; a multi-line paste runs line by
// line (here-documents are collected by the worker's session).
import type { Completion } from '../../kubectl/completion';
import { PROMPT } from '../../kubectl/session/prompts';
import type { WorkerMessage } from '../../worker/protocol';
import type { History } from './history';
import { LineEditor } from './lineeditor';
import { columns, commonPrefix, terminalText } from './text';

/** The part of xterm the controller needs (a fake in tests). */
export interface TerminalScreen {
  write(data: string): void;
  clear(): void;
  readonly cols: number;
}

export type ExitMessage = Extract<WorkerMessage, { type: 'exit' }>;
export type OutputMessage = Extract<WorkerMessage, { type: 'output' }>;

export interface RunHandlers {
  output(message: OutputMessage): void;
  /** The command ended (`exit`) or needs more lines (`more`). */
  done(message: ExitMessage | Extract<WorkerMessage, { type: 'more' }>): void;
}

/** The worker side, as the controller sees it (see src/worker/client.ts). */
export interface ShellConnection {
  /** `cols`: the terminal's width, so prose answers wrap at word boundaries. */
  run(line: string, handlers: RunHandlers, cols?: number): number;
  eof(handlers: RunHandlers): number;
  interrupt(id: number | undefined, handlers: RunHandlers): void;
  complete(line: string, cursor: number): Promise<Completion>;
}

// One key or key sequence, or a run of plain text.
// eslint-disable-next-line no-control-regex
const TOKENS = /\x1b\[[0-9;]*[A-Za-z~]|\x1bO[A-Za-z]|\x1b[^[O]?|[\x00-\x1f\x7f]|[^\x00-\x1f\x7f\x1b]+/gs;

export class TerminalController {
  private readonly editor: LineEditor;
  private prompt = PROMPT;
  /** The request in flight (a running command), if any. */
  private running: number | undefined;
  /** Input that arrived while a command ran. */
  private inbox = '';
  private completing = 0;
  private lastOutputEndedLine = true;

  constructor(
    private readonly screen: TerminalScreen,
    private readonly shell: ShellConnection,
    private readonly history: History,
    /** Told the arguments of each kubectl command that ran (for the rosetta card). */
    private readonly onKubectl: (argv: string[]) => void = () => undefined,
  ) {
    this.editor = new LineEditor(PROMPT, screen.cols);
  }

  start(): void {
    this.screen.write(this.editor.begin(this.prompt));
  }

  resize(cols: number): void {
    this.editor.resize(cols);
  }

  busy(): boolean {
    return this.running !== undefined;
  }

  /** Data from xterm's onData: keys, escape sequences, pasted text. */
  input(data: string): void {
    // Ctrl-C acts at once, even while a command runs; type-ahead is dropped.
    if (this.running !== undefined && data.includes('\x03')) {
      this.inbox = '';
      this.screen.write('^C\r\n');
      this.lastOutputEndedLine = true;
      this.shell.interrupt(this.running, this.handlers());
      return;
    }
    this.inbox += data.replace(/\r\n|\n/g, '\r');
    this.drain();
  }

  private drain(): void {
    while (this.inbox && this.running === undefined) {
      TOKENS.lastIndex = 0;
      const m = TOKENS.exec(this.inbox);
      const token = m?.[0] ?? this.inbox[0];
      this.inbox = this.inbox.slice(token.length);
      this.key(token);
    }
  }

  private key(token: string): void {
    const e = this.editor;
    const write = (s: string): void => {
      if (s) this.screen.write(s);
    };
    switch (token) {
      case '\r':
        return this.submit();
      case '\x7f':
      case '\b':
        return write(e.backspace());
      case '\x1b[3~':
        return write(e.deleteForward());
      case '\x1b[D':
      case '\x02':
        return write(e.left());
      case '\x1b[C':
      case '\x06':
        return write(e.right());
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
      case '\x01':
        return write(e.home());
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
      case '\x05':
        return write(e.end());
      case '\x1b[A':
      case '\x10': {
        const line = this.history.previous(e.text);
        return line === undefined ? undefined : write(e.set(line));
      }
      case '\x1b[B':
      case '\x0e': {
        const line = this.history.next();
        return line === undefined ? undefined : write(e.set(line));
      }
      case '\t':
        return void this.complete();
      case '\x03':
        return this.cancelLine();
      case '\x04':
        return this.endOfInput();
      case '\x0c':
        this.screen.clear();
        return write(e.set(e.text));
      case '\x15':
        return write(e.killToStart());
      case '\x0b':
        return write(e.killToEnd());
      case '\x17':
        return write(e.killWord());
      default:
        // Other control keys and unknown escape sequences do nothing, as in readline.
        // eslint-disable-next-line no-control-regex
        if (/^[^\x00-\x1f\x7f\x1b]/.test(token)) write(e.insert(token));
    }
  }

  private submit(): void {
    const line = this.editor.text;
    this.screen.write(this.editor.finish());
    if (this.prompt === PROMPT || !/^(> )?$/.test(this.prompt)) this.history.add(line);
    this.history.reset();
    this.lastOutputEndedLine = true;
    this.running = this.shell.run(line, this.handlers(), this.screen.cols);
  }

  /** Ctrl-C at the prompt: abandon the line (and a half-read command in the worker). */
  private cancelLine(): void {
    this.screen.write(this.editor.end() + '^C\r\n');
    this.history.reset();
    if (this.prompt === PROMPT) {
      this.screen.write(this.editor.begin(this.prompt));
      return;
    }
    this.running = -1;
    this.shell.interrupt(undefined, this.handlers());
  }

  /** Ctrl-D: on an empty line, end standard input or leave an exec shell; otherwise delete forward. */
  private endOfInput(): void {
    if (this.editor.text !== '') {
      this.screen.write(this.editor.deleteForward());
      return;
    }
    if (this.prompt === PROMPT) return;
    this.screen.write('\r\n');
    this.running = this.shell.eof(this.handlers());
  }

  private handlers(): RunHandlers {
    return {
      output: (m) => {
        const text = terminalText((m.stdout ?? '') + (m.stderr ?? ''));
        if (!text) return;
        this.screen.write(text);
        this.lastOutputEndedLine = text.endsWith('\n');
      },
      done: (m) => {
        if (m.type === 'exit') {
          if (m.clear) this.screen.clear();
          if (m.kubectl) this.onKubectl(m.kubectl);
        }
        // A prompt starts on a fresh line even after output without a final newline (zsh does the same).
        if (!this.lastOutputEndedLine) this.screen.write('\r\n');
        this.lastOutputEndedLine = true;
        this.prompt = m.prompt;
        this.running = undefined;
        this.screen.write(this.editor.begin(this.prompt));
        this.drain();
      },
    };
  }

  private async complete(): Promise<void> {
    const ticket = ++this.completing;
    const line = this.editor.text;
    const cursor = this.editor.cursorIndex;
    let c: Completion;
    try {
      c = await this.shell.complete(line, cursor);
    } catch {
      return;
    }
    // Typing went on meanwhile: this answer is about a line that no longer exists.
    if (ticket !== this.completing || line !== this.editor.text || this.running !== undefined) return;
    const word = line.slice(c.start, c.end);
    if (c.candidates.length === 0) {
      this.screen.write('\x07');
      return;
    }
    if (c.candidates.length === 1) {
      const only = c.candidates[0];
      const space = /[/=]$/.test(only) ? '' : ' ';
      this.screen.write(this.editor.replace(c.start, c.end, only + space));
      return;
    }
    const prefix = commonPrefix(c.candidates);
    if (prefix.length > word.length) {
      this.screen.write(this.editor.replace(c.start, c.end, prefix));
      return;
    }
    // Several and nothing more in common: list them under the line, then show the line again.
    const rest = this.editor.text;
    const at = this.editor.cursorIndex;
    this.screen.write(this.editor.finish() + terminalText(columns(c.candidates, this.screen.cols)));
    this.screen.write(this.editor.begin(this.prompt) + this.editor.insert(rest) + this.editor.home() + moveRight(this.editor, at));
  }
}

function moveRight(editor: LineEditor, index: number): string {
  let out = '';
  while (editor.cursorIndex < index) {
    const before = editor.cursorIndex;
    out += editor.right();
    if (editor.cursorIndex === before) break;
  }
  return out;
}

// describe.go's PrefixWriter over a Go tabwriter (minwidth 0, padding 2):
// each Write is indented two spaces per level, tabs end aligned cells, and
// terminal control characters in object text are escaped as
// cli-runtime's WriteEscaped does, so a label cannot repaint the terminal.
import { DESCRIBE_OPTIONS, TabWriter } from '../printers/tabwriter';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** cli-runtime's terminalEscaper: ESC becomes `^[`, CR becomes `\r`. */
export function escapeTerminal(text: string): string {
  return text.replaceAll('\u001b', '^[').replaceAll('\r', '\\r');
}

export interface PrefixWriter {
  /** Text indented by `level` (two spaces each); only the start of the text is indented. */
  write(level: number, text: string): void;
  /** fmt.Sprintln: the text and a newline, without indentation. */
  writeLine(text?: string): void;
  /** Align everything written so far on its own (the Events table starts afresh). */
  flush(): void;
}

class TabbedPrefixWriter implements PrefixWriter {
  private readonly tabs = new TabWriter(DESCRIBE_OPTIONS);
  private done = '';

  write(level: number, text: string): void {
    this.tabs.write(escapeTerminal('  '.repeat(level) + text));
  }

  writeLine(text = ''): void {
    this.tabs.write(escapeTerminal(`${text}\n`));
  }

  flush(): void {
    this.done += this.tabs.flush();
  }

  text(): string {
    this.flush();
    return this.done;
  }
}

/** NewNestedPrefixWriter: every level is shifted by `indent`. */
export function nestedWriter(out: PrefixWriter, indent: number): PrefixWriter {
  return {
    write: (level, text) => out.write(level + indent, text),
    writeLine: (text = '') => out.write(indent, `${text}\n`),
    flush: () => out.flush(),
  };
}

/** tabbedString: run a describer body against a fresh writer and return the aligned text. */
export function tabbedString(body: (w: PrefixWriter) => void): string {
  const w = new TabbedPrefixWriter();
  body(w);
  return w.text();
}

// The line being typed at the prompt: readline's editing keys, and the escape
// sequences that redraw it. A redraw always rewrites the prompt and the whole
// line from its first row, so long lines that wrap and wide (CJK) characters
// stay right wherever the cursor moves.
import { charWidth, textWidth } from './text';

export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;
  /** Where the terminal cursor is, in cells from the start of the prompt. */
  private shownOffset = 0;

  constructor(
    private prompt = '$ ',
    private cols = 80,
  ) {}

  get text(): string {
    return this.chars.join('');
  }

  /** Cursor position as an index into `text` (UTF-16), for completion requests. */
  get cursorIndex(): number {
    return this.chars.slice(0, this.cursor).join('').length;
  }

  resize(cols: number): void {
    this.cols = Math.max(1, cols);
  }

  /** Start a fresh line after `prompt`; returns what to write (the prompt). */
  begin(prompt: string): string {
    this.prompt = prompt;
    this.chars = [];
    this.cursor = 0;
    this.shownOffset = textWidth(prompt);
    return prompt + this.wrapFix(this.shownOffset);
  }

  insert(text: string): string {
    const add = [...text];
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
    return this.redraw();
  }

  /** Replace the whole line (history recall). */
  set(text: string): string {
    this.chars = [...text];
    this.cursor = this.chars.length;
    return this.redraw();
  }

  /** Replace text[start, end) (UTF-16 indexes, as completion reports them) and put the cursor after it. */
  replace(start: number, end: number, text: string): string {
    const before = [...this.text.slice(0, start)];
    const after = [...this.text.slice(end)];
    this.chars = [...before, ...text, ...after];
    this.cursor = before.length + [...text].length;
    return this.redraw();
  }

  backspace(): string {
    if (this.cursor === 0) return '';
    this.chars.splice(--this.cursor, 1);
    return this.redraw();
  }

  deleteForward(): string {
    if (this.cursor >= this.chars.length) return '';
    this.chars.splice(this.cursor, 1);
    return this.redraw();
  }

  left(): string {
    return this.moveTo(this.cursor - 1);
  }

  right(): string {
    return this.moveTo(this.cursor + 1);
  }

  home(): string {
    return this.moveTo(0);
  }

  end(): string {
    return this.moveTo(this.chars.length);
  }

  /** Ctrl-U: delete from the start of the line to the cursor. */
  killToStart(): string {
    this.chars.splice(0, this.cursor);
    this.cursor = 0;
    return this.redraw();
  }

  /** Ctrl-K: delete from the cursor to the end. */
  killToEnd(): string {
    this.chars.splice(this.cursor);
    return this.redraw();
  }

  /** Ctrl-W: delete the word before the cursor. */
  killWord(): string {
    let i = this.cursor;
    while (i > 0 && this.chars[i - 1] === ' ') i--;
    while (i > 0 && this.chars[i - 1] !== ' ') i--;
    this.chars.splice(i, this.cursor - i);
    this.cursor = i;
    return this.redraw();
  }

  /** Put the terminal cursor after the line's end, ready for output (Enter). */
  finish(): string {
    return this.moveTo(this.chars.length) + '\r\n';
  }

  private moveTo(position: number): string {
    const target = Math.max(0, Math.min(this.chars.length, position));
    if (target === this.cursor) return '';
    this.cursor = target;
    return this.redraw();
  }

  private offsetOf(index: number): number {
    return textWidth(this.prompt) + this.chars.slice(0, index).reduce((w, c) => w + charWidth(c), 0);
  }

  /** Rewrite prompt and line from the prompt's first row, then put the cursor where it belongs. */
  private redraw(): string {
    const cols = this.cols;
    const up = Math.floor(this.shownOffset / cols);
    let out = `\r${up > 0 ? `\x1b[${up}A` : ''}\x1b[J${this.prompt}${this.text}`;
    const endOffset = this.offsetOf(this.chars.length);
    out += this.wrapFix(endOffset);
    const target = this.offsetOf(this.cursor);
    const rowsBack = Math.floor(endOffset / cols) - Math.floor(target / cols);
    out += `${rowsBack > 0 ? `\x1b[${rowsBack}A` : ''}\r${target % cols > 0 ? `\x1b[${target % cols}C` : ''}`;
    this.shownOffset = target;
    return out;
  }

  /** After exactly filling a row the terminal waits to wrap; step onto the next row so positions stay countable. */
  private wrapFix(offset: number): string {
    return offset > 0 && offset % this.cols === 0 ? ' \r' : '';
  }
}

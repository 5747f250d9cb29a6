// Go's text/tabwriter (the liggitt/tabwriter fork kubectl uses), aligned left
// with space padding: a cell ends at a tab; a column block is the run of
// consecutive lines that have a cell in that column; its width is the widest
// cell plus padding, at least minwidth; the last cell of a line is never padded.

export interface TabWriterOptions {
  minwidth: number;
  padding: number;
  /** Keep column widths from earlier flushes (`kubectl get -w` rows stay aligned with the header). */
  rememberWidths?: boolean;
}

/** What kubectl's table printer uses: minwidth 6, padding 3, remembered widths. */
export const TABLE_OPTIONS: TabWriterOptions = { minwidth: 6, padding: 3, rememberWidths: true };
/** What describe's prefix writer uses (`tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`). */
export const DESCRIBE_OPTIONS: TabWriterOptions = { minwidth: 0, padding: 2 };

export class TabWriter {
  private lines: string[][] = [];
  private remembered: number[] = [];

  constructor(private readonly opts: TabWriterOptions) {}

  /** Add text; `\t` ends a cell and `\n` ends a line, as with Go's Write. */
  write(text: string): void {
    const parts = text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) this.lines.push([]);
      if (this.lines.length === 0) this.lines.push([]);
      const line = this.lines[this.lines.length - 1];
      const cells = part.split('\t');
      if (line.length === 0) line.push('');
      line[line.length - 1] += cells[0];
      for (const c of cells.slice(1)) line.push(c);
    });
  }

  /** Format everything written so far and start afresh (widths remembered if asked). */
  flush(): string {
    const lines = this.lines;
    this.lines = [];
    if (lines.length && lines[lines.length - 1].length === 1 && lines[lines.length - 1][0] === '') lines.pop();
    else if (lines.length) lines.push([]); // unterminated last line: Go flushes it as is
    const out: string[] = [];
    this.format(lines, 0, lines.length, [], out);
    let text = out.join('');
    if (text.endsWith('\n') && lines.length && lines[lines.length - 1].length === 0) text = text.slice(0, -1);
    return text;
  }

  private format(lines: string[][], line0: number, line1: number, widths: number[], out: string[]): void {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      this.writeLines(lines, line0, i, widths, out);
      line0 = i;
      let width = this.opts.minwidth;
      for (; i < line1 && column < lines[i].length - 1; i++) {
        width = Math.max(width, textWidth(lines[i][column]) + this.opts.padding);
      }
      if (this.opts.rememberWidths) {
        width = Math.max(width, this.remembered[column] ?? 0);
        this.remembered[column] = width;
      }
      this.format(lines, line0, i, [...widths, width], out);
      line0 = i;
      i--;
    }
    this.writeLines(lines, line0, line1, widths, out);
  }

  private writeLines(lines: string[][], from: number, to: number, widths: number[], out: string[]): void {
    for (let i = from; i < to; i++) {
      const line = lines[i];
      line.forEach((cell, j) => {
        out.push(cell);
        if (j < widths.length && j < line.length - 1) out.push(' '.repeat(Math.max(0, widths[j] - textWidth(cell))));
      });
      out.push('\n');
    }
  }
}

/** Go counts runes, not UTF-16 units. */
export function textWidth(s: string): number {
  let n = 0;
  for (const ch of s) if (ch) n++;
  return n;
}

/** One-shot: rows of cells → aligned text, each line ending in a newline. */
export function formatTable(rows: readonly (readonly string[])[], opts: TabWriterOptions = TABLE_OPTIONS): string {
  const w = new TabWriter({ ...opts, rememberWidths: false });
  for (const r of rows) w.write(r.join('\t') + '\n');
  return w.flush();
}

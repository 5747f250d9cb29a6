// Text for the terminal: display widths (CJK takes two cells), output made
// safe (control characters from YAML or logs must not drive the terminal), and
// bash's column listing of completion candidates.

/** Cells a character takes: 2 for East Asian wide and fullwidth forms, else 1. */
export function charWidth(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  const wide =
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1faff) ||
    (c >= 0x20000 && c <= 0x3fffd);
  return wide ? 2 : 1;
}

export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/**
 * Output as plain text for xterm: newlines become CR LF, tabs stay, every
 * other control character (ESC sequences included) is dropped, so text from a
 * manifest or a log can never move the cursor or recolour the screen.
 */
export function terminalText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r?\n/g, '\n').replace(/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/g, '').replace(/\n/g, '\r\n');
}

/** Candidates laid out in columns across the width, sorted down the columns, as bash lists them. */
export function columns(words: readonly string[], width: number): string {
  if (words.length === 0) return '';
  const cell = Math.max(...words.map(textWidth)) + 2;
  const perRow = Math.max(1, Math.floor((width + 2) / cell));
  const rows = Math.ceil(words.length / perRow);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c * rows + r < words.length; c++) {
      const w = words[c * rows + r];
      const last = (c + 1) * rows + r >= words.length;
      line += last ? w : w + ' '.repeat(cell - textWidth(w));
    }
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/** The longest prefix every word shares. */
export function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0];
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

// xterm's colours from the page's theme tokens (app.css), so the terminal
// follows the light and dark themes like every other pane.
import type { ITheme } from '@xterm/xterm';

function cssVar(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function xtermTheme(): ITheme {
  const background = cssVar('--surface-raised', '#fbfcfd');
  const foreground = cssVar('--text', '#18202b');
  return {
    background,
    foreground,
    cursor: cssVar('--accent', '#1f5fd1'),
    cursorAccent: background,
    selectionBackground: cssVar('--selection', '#b9cff5'),
    selectionForeground: foreground,
  };
}

export function fontFamily(): string {
  return cssVar('--font-mono', 'monospace');
}

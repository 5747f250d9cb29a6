// Dark/light theme. Follows the system (prefers-color-scheme) until the user
// picks one; the pick is remembered. The theme lives on <html data-theme>,
// where app.css reads it.
import { readStored, writeStored } from '../storage';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'theme';

function isTheme(value: unknown): value is Theme {
  return value === 'light' || value === 'dark';
}

function systemQuery(): MediaQueryList | undefined {
  return typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
}

function applyToDocument(value: Theme): void {
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.theme = value;
  document.documentElement.style.colorScheme = value;
}

class ThemeState {
  current: Theme = $state('light');
  /** True once the user chose a theme; until then we follow the system. */
  private chosen = false;

  constructor() {
    const stored = readStored(STORAGE_KEY);
    const query = systemQuery();
    if (isTheme(stored)) {
      this.current = stored;
      this.chosen = true;
    } else {
      this.current = query?.matches ? 'dark' : 'light';
    }
    query?.addEventListener('change', (event) => {
      if (!this.chosen) this.show(event.matches ? 'dark' : 'light');
    });
    applyToDocument(this.current);
  }

  toggle(): void {
    this.chosen = true;
    this.show(this.current === 'dark' ? 'light' : 'dark');
    writeStored(STORAGE_KEY, this.current);
  }

  private show(value: Theme): void {
    this.current = value;
    applyToDocument(value);
  }
}

export const theme = new ThemeState();

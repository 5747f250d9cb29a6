// Command history as readline keeps it: Up/Down walk back and forth, the line
// being typed is kept as a draft, repeats of the last entry are not stored.
// Persisted to localStorage so it survives a reload.
import { readStored, writeStored } from '../../storage';

const STORAGE_KEY = 'terminal.history';
export const HISTORY_LIMIT = 500;

export class History {
  private entries: string[];
  /** entries.length while not browsing. */
  private index: number;
  private draft = '';

  constructor(private readonly storageKey: string | undefined = STORAGE_KEY) {
    this.entries = storageKey ? load(storageKey) : [];
    this.index = this.entries.length;
  }

  add(line: string): void {
    this.index = this.entries.length;
    if (line.trim() === '' || this.entries[this.entries.length - 1] === line) {
      this.index = this.entries.length;
      return;
    }
    this.entries.push(line);
    if (this.entries.length > HISTORY_LIMIT) this.entries.splice(0, this.entries.length - HISTORY_LIMIT);
    this.index = this.entries.length;
    if (this.storageKey) writeStored(this.storageKey, JSON.stringify(this.entries));
  }

  /** The previous entry (Up), or undefined at the oldest. `current` is kept as the draft when browsing starts. */
  previous(current: string): string | undefined {
    if (this.index === 0) return undefined;
    if (this.index === this.entries.length) this.draft = current;
    this.index--;
    return this.entries[this.index];
  }

  /** The next entry (Down); past the newest, the draft again. */
  next(): string | undefined {
    if (this.index >= this.entries.length) return undefined;
    this.index++;
    return this.index === this.entries.length ? this.draft : this.entries[this.index];
  }

  /** Stop browsing (after Enter or Ctrl-C). */
  reset(): void {
    this.index = this.entries.length;
    this.draft = '';
  }

  all(): readonly string[] {
    return this.entries;
  }
}

function load(key: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readStored(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string').slice(-HISTORY_LIMIT) : [];
  } catch {
    return [];
  }
}

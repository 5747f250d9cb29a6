// The reactive UI locale (Svelte 5 runes). Components call t(key) in their
// markup; reading `locale.current` inside t() makes every such call re-render
// when the language changes.
import { readStored, writeStored } from '../storage';
import { isLocale, negotiateLocale, translate, type Locale, type MessageKey } from './index';

const STORAGE_KEY = 'locale';

function initialLocale(): Locale {
  const stored = readStored(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  if (typeof navigator === 'undefined') return 'en';
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  return negotiateLocale(preferred);
}

function applyToDocument(value: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = value;
}

class LocaleState {
  current: Locale = $state(initialLocale());

  constructor() {
    applyToDocument(this.current);
  }

  set(value: Locale): void {
    this.current = value;
    writeStored(STORAGE_KEY, value);
    applyToDocument(value);
  }
}

export const locale = new LocaleState();

export function t(key: MessageKey): string {
  return translate(locale.current, key);
}

// Pure i18n core: dictionaries, lookup and locale negotiation. No DOM, no
// Svelte, so it is usable from Node (tests, the podsphere CLI) as well.
import { en } from './en';
import { zhCN } from './zh-CN';
import { zhTW } from './zh-TW';
import type { Locale, MessageKey, Messages } from './types';

export { LOCALES, LOCALE_NAMES, isLocale } from './types';
export type { Locale, MessageKey, Messages } from './types';

export const DEFAULT_LOCALE: Locale = 'en';

export const dictionaries: Readonly<Record<Locale, Messages>> = {
  en,
  'zh-TW': zhTW,
  'zh-CN': zhCN,
};

export function translate(locale: Locale, key: MessageKey): string {
  return dictionaries[locale][key];
}

/**
 * Picks the UI locale from the browser's preferred languages (BCP 47 tags,
 * best first). Chinese is split by script: Traditional for Taiwan, Hong Kong
 * and Macau or an explicit Hant tag, Simplified otherwise.
 */
export function negotiateLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const parts = tag.toLowerCase().replace(/_/g, '-').split('-');
    if (parts[0] === 'en') return 'en';
    if (parts[0] !== 'zh') continue;
    const rest = parts.slice(1);
    if (rest.includes('hant') || rest.some((p) => p === 'tw' || p === 'hk' || p === 'mo')) {
      return 'zh-TW';
    }
    return 'zh-CN';
  }
  return DEFAULT_LOCALE;
}

import type { en } from './en';

export const LOCALES = ['en', 'zh-TW', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export type MessageKey = keyof typeof en;
/** A full dictionary: every key of the English one, nothing more. */
export type Messages = { readonly [K in MessageKey]: string };

/** Each language is named in its own language, so a reader can always find theirs. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  'zh-TW': '繁體中文',
  'zh-CN': '简体中文',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

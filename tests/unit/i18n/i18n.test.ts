import { describe, expect, it } from 'vitest';
import {
  LOCALES,
  dictionaries,
  isLocale,
  negotiateLocale,
  translate,
  type Messages,
} from '../../../src/i18n/index';
import { en } from '../../../src/i18n/en';

describe('dictionaries', () => {
  const keys = Object.keys(en).sort();

  it.each(LOCALES)('%s has exactly the English keys, all non-empty', (locale) => {
    const dict = dictionaries[locale];
    expect(Object.keys(dict).sort()).toEqual(keys);
    for (const value of Object.values(dict)) expect(value.trim()).not.toBe('');
  });

  it('uses Taiwan terms in zh-TW and mainland terms in zh-CN', () => {
    const zhTW = Object.values(dictionaries['zh-TW']).join('\n');
    const zhCN = Object.values(dictionaries['zh-CN']).join('\n');
    expect(zhTW).toMatch(/叢集/);
    expect(zhTW).not.toMatch(/集群|节点|视图/);
    expect(zhCN).toMatch(/集群/);
    expect(zhCN).not.toMatch(/叢集|節點|檢視/);
  });

  it('rejects a dictionary with a missing key at compile time', () => {
    // @ts-expect-error — 'app.tagline' and the other keys are missing.
    const incomplete: Messages = { 'app.name': 'PodSphere' };
    expect(incomplete['app.name']).toBe('PodSphere');
  });

  it('translates a key per locale', () => {
    expect(translate('en', 'pane.vsphere.title')).toBe('vSphere view');
    expect(translate('zh-TW', 'pane.vsphere.title')).toBe('vSphere 檢視');
    expect(translate('zh-CN', 'pane.vsphere.title')).toBe('vSphere 视图');
  });
});

describe('negotiateLocale', () => {
  it.each([
    [['en-US'], 'en'],
    [['zh-TW'], 'zh-TW'],
    [['zh-HK'], 'zh-TW'],
    [['zh-Hant-TW'], 'zh-TW'],
    [['zh_tw'], 'zh-TW'],
    [['zh-CN'], 'zh-CN'],
    [['zh-Hans-SG'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['fr-FR', 'zh-TW', 'en'], 'zh-TW'],
    [['de', 'en-GB', 'zh-CN'], 'en'],
    [['fr', 'ja'], 'en'],
    [[], 'en'],
  ] as const)('%j → %s', (preferred, expected) => {
    expect(negotiateLocale(preferred)).toBe(expected);
  });

  it('isLocale accepts only supported codes', () => {
    expect(isLocale('zh-TW')).toBe(true);
    expect(isLocale('zh-tw')).toBe(false);
    expect(isLocale(null)).toBe(false);
  });
});

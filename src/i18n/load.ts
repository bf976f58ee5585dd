import { EN, type MeetStrings } from './strings.js';

/** The built-in languages besides English, each a file of its own (loaded on first use). */
const TABLES: Readonly<Record<string, () => Promise<MeetStrings>>> = {
  ko: () => import('./ko.js').then((m) => m.KO),
  ar: () => import('./ar.js').then((m) => m.AR),
};

/** The built-in table for a BCP 47 tag (`ko`, `ko-KR`, `ar-EG`...); English for any other. */
export function tableFor(lang: string): (() => Promise<MeetStrings>) | undefined {
  return TABLES[lang.toLowerCase().split('-')[0] ?? ''];
}

/** The languages with a built-in table. */
export const BUILT_IN_LANGUAGES: readonly string[] = ['en', ...Object.keys(TABLES)];

/** `base` with `overrides` on top: anything left out stays the base's. */
export function withOverrides(base: MeetStrings, overrides: Partial<MeetStrings> | undefined): MeetStrings {
  return overrides ? { ...base, ...overrides, unblock: { ...base.unblock, ...overrides.unblock } } : base;
}

export { EN };

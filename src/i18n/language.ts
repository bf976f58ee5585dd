import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { tableFor, withOverrides } from './load.js';
import { EN, type MeetStrings } from './strings.js';

/** What picks the words: the element's `lang` (or the page's) and its `strings` overrides. */
export interface LanguageSource {
  lang: string;
  strings: Partial<MeetStrings> | undefined;
}

/**
 * The words an element shows, for its `lang` (else the page's `<html lang>`), with its
 * `strings` on top. A built-in table other than English loads on first use (a file of its own
 * in the script-tag bundle); until then the words are English. `changed` hears of every new
 * set of words (a table loaded, another language, other overrides).
 */
export class LanguageController implements ReactiveController {
  /** The words in use. */
  words: MeetStrings = EN;
  /** What `words` was made of: a table and overrides. */
  private table: MeetStrings | undefined;
  private overrides: Partial<MeetStrings> | undefined;
  private readonly loaded = new Map<string, MeetStrings>([['en', EN]]);

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => LanguageSource,
    private readonly changed: () => void,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const { lang, strings } = this.source();
    const tag = (lang || document.documentElement.lang || 'en').toLowerCase();
    const key = tag.split('-')[0]!;
    const load = tableFor(tag);
    if (load && !this.loaded.has(key)) {
      this.loaded.set(key, EN); // English until it has loaded; asked for once
      void load().then(
        (table) => {
          this.loaded.set(key, table);
          this.host.requestUpdate();
        },
        () => undefined, // the file could not load: English stays
      );
    }
    const table = (load && this.loaded.get(key)) || EN;
    if (table === this.table && strings === this.overrides) return;
    this.table = table;
    this.overrides = strings;
    this.words = withOverrides(table, strings);
    this.changed();
  }
}

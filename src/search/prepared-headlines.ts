// Relevance reads the headlines of a query's newest 1,000 matches and normalizes them
// before ranking (search-service.ts): at 1,000,000 releases, 6-9 ms of a distinct
// word's 17 ms. Queries for different words draw mostly on the same recent releases,
// so the prepared headlines are kept by release id, for as long as the content
// version they were read under is current. Any write to a release or a ministry
// moves that version (migration 006), so a corrected title is never ranked by its
// old wording.
import type { FreshnessReader } from '../shared/fresh-cache.js';
import type { PreparedRankDoc } from './search-rank.js';

/**
 * Prepared headlines kept at most: about 390 bytes of heap each (measured), 8 MB
 * in all. Over 800 distinct common words at 1,000,000 releases, a relevance search
 * took 19 ms without them, 16 ms keeping 10,000, 12 ms keeping 20,000 and 10 ms
 * keeping 40,000 (the pools of 300 words reached 35,000 releases).
 */
export const PREPARED_HEADLINES_KEPT = 20_000;

export interface HeadlineLookup {
  /** the candidates kept, by id */
  found: Map<number, PreparedRankDoc>;
  /** the ids to read, in the order asked */
  missing: number[];
  /** the content version the lookup was made at: hand it back to store() */
  version: number;
}

/**
 * A candidate's four texts as one string: their lengths as the first three code
 * units, then the texts. One string instead of an object, an array and four strings
 * is about two fifths less heap, and the server's heap may grow to three times what
 * stays alive (--heap-growing-percent=200 in package.json).
 */
function pack(texts: readonly string[]): string | null {
  const [title = '', subtitles = '', summary = '', ministry = ''] = texts;
  if (title.length > 0xffff || subtitles.length > 0xffff || summary.length > 0xffff) return null;
  const packed = String.fromCharCode(title.length, subtitles.length, summary.length) + title + subtitles + summary + ministry;
  // Reading a code unit makes V8 flatten the concatenation into one string, so the
  // pieces it was joined from are not kept alive with it.
  packed.charCodeAt(0);
  return packed;
}

function unpack(id: number, packed: string): PreparedRankDoc {
  const title = 3 + packed.charCodeAt(0);
  const subtitles = title + packed.charCodeAt(1);
  const summary = subtitles + packed.charCodeAt(2);
  return { id, texts: [packed.slice(3, title), packed.slice(title, subtitles), packed.slice(subtitles, summary), packed.slice(summary)] };
}

export class PreparedHeadlines {
  // Two generations approximate least-recently-used at constant cost: a lookup
  // moves what it finds in the older one into the newer one, and once the newer one
  // holds half the bound it becomes the older one and the previous older one goes.
  #recent = new Map<number, string>();
  #older = new Map<number, string>();
  #version: number | undefined;

  constructor(
    private readonly freshness: FreshnessReader,
    private readonly maxEntries = PREPARED_HEADLINES_KEPT,
  ) {}

  /** Entries kept (tests read it). */
  get size(): number {
    return this.#recent.size + this.#older.size;
  }

  /** The prepared headlines of `ids` still current, and which ids must be read. */
  lookup(ids: readonly number[], now: Date): HeadlineLookup {
    const { version } = this.freshness(now);
    if (version !== this.#version) {
      this.#recent = new Map();
      this.#older = new Map();
      this.#version = version;
    }
    const found = new Map<number, PreparedRankDoc>();
    const missing: number[] = [];
    for (const id of ids) {
      let packed = this.#recent.get(id);
      if (packed === undefined) {
        packed = this.#older.get(id);
        if (packed !== undefined) this.#keep(id, packed);
      }
      if (packed === undefined) missing.push(id);
      else found.set(id, unpack(id, packed));
    }
    return { found, missing, version };
  }

  /**
   * Keeps headlines read after lookup() at `version`. Read under an older version
   * than the one now kept, they may predate a change, and are dropped.
   */
  store(docs: readonly PreparedRankDoc[], version: number): void {
    if (version !== this.#version) return;
    for (const doc of docs) {
      const packed = pack(doc.texts);
      if (packed !== null) this.#keep(doc.id, packed);
    }
  }

  #keep(id: number, packed: string): void {
    if (this.#recent.size >= Math.max(1, Math.floor(this.maxEntries / 2))) {
      this.#older = this.#recent;
      this.#recent = new Map();
    }
    this.#recent.set(id, packed);
  }
}

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
 * Prepared headlines kept at most: about 540 bytes of heap each (measured), 11 MB
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

export class PreparedHeadlines {
  // Two generations approximate least-recently-used at constant cost: a lookup
  // moves what it finds in the older one into the newer one, and once the newer one
  // holds half the bound it becomes the older one and the previous older one goes.
  #recent = new Map<number, PreparedRankDoc>();
  #older = new Map<number, PreparedRankDoc>();
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
      let doc = this.#recent.get(id);
      if (doc === undefined) {
        doc = this.#older.get(id);
        if (doc !== undefined) this.#keep(doc);
      }
      if (doc === undefined) missing.push(id);
      else found.set(id, doc);
    }
    return { found, missing, version };
  }

  /**
   * Keeps headlines read after lookup() at `version`. Read under an older version
   * than the one now kept, they may predate a change, and are dropped.
   */
  store(docs: readonly PreparedRankDoc[], version: number): void {
    if (version !== this.#version) return;
    for (const doc of docs) this.#keep(doc);
  }

  #keep(doc: PreparedRankDoc): void {
    if (this.#recent.size >= Math.max(1, Math.floor(this.maxEntries / 2))) {
      this.#older = this.#recent;
      this.#recent = new Map();
    }
    this.#recent.set(doc.id, doc);
  }
}

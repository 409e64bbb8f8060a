import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { FreshCache, type Freshness } from '../shared/fresh-cache.js';
import { countPublic, listAnchors, type ListPosition, type ReleaseFilter } from './release-repository.js';

/** Rows between two remembered positions of a list. */
export const ANCHOR_EVERY = 1000;
/** Anchors kept across all filters: about 20 MB. */
const MAX_ANCHORS_KEPT = 200_000;

export interface ListSeek {
  after?: ListPosition;
  offset: number;
}

/**
 * What deep pages of the list need: how many public releases match a filter, and
 * a remembered position every ANCHOR_EVERY rows. Both walk the whole index range
 * (tens of milliseconds at a million releases), so they are kept per filter until
 * the content changes or an embargo passes, in every process alike.
 */
export class ListPositions {
  private readonly counts: FreshCache<number>;
  private readonly anchors: FreshCache<ListPosition[]>;

  constructor(
    private readonly db: Kysely<Database>,
    freshness: (now: Date) => Freshness,
    private readonly every = ANCHOR_EVERY,
  ) {
    this.counts = new FreshCache(freshness, { maxAgeMs: 10 * 60_000, maxEntries: 5_000 });
    // A filter over the whole archive has 1,000 anchors at 1,000,000 releases (about
    // 100 KB of the heap); the date ranges readers can ask for are countless, so the
    // anchors kept are bounded in number, not only the filters.
    this.anchors = new FreshCache(freshness, { maxAgeMs: 10 * 60_000, maxEntries: 500, maxBytes: MAX_ANCHORS_KEPT, sizeOf: (anchors) => anchors.length });
  }

  private key(filter: ReleaseFilter): string {
    return JSON.stringify([filter.ministryId, filter.type, filter.from, filter.until]);
  }

  count(filter: ReleaseFilter, now: Date): Promise<number> {
    return this.counts.get(this.key(filter), now, () => countPublic(this.db, filter, now));
  }

  /** Where the row at `offset` (0-based) can be reached from: a keyset and a short remaining offset. */
  async seek(filter: ReleaseFilter, now: Date, offset: number): Promise<ListSeek> {
    const block = Math.floor(offset / this.every);
    if (block === 0) return { offset };
    const anchors = await this.anchors.get(this.key(filter), now, () => listAnchors(this.db, filter, now, this.every));
    const anchor = anchors[block - 1];
    if (!anchor) return { offset };
    return { after: anchor, offset: offset - block * this.every };
  }
}

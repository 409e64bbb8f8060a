import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { FreshCache, type Freshness } from '../shared/fresh-cache.js';
import { countPublic, type ReleaseFilter } from './release-repository.js';

/**
 * How many public releases match a filter. Counting walks the whole index range
 * (tens of milliseconds at a million releases), so each filter's count is kept
 * until the content changes or an embargo passes.
 */
export class ListCounts {
  private readonly cache: FreshCache<number>;

  constructor(
    private readonly db: Kysely<Database>,
    freshness: (now: Date) => Freshness,
  ) {
    this.cache = new FreshCache(freshness, { maxAgeMs: 10 * 60_000, maxEntries: 5_000 });
  }

  count(filter: ReleaseFilter, now: Date): Promise<number> {
    const key = JSON.stringify([filter.ministryId, filter.type, filter.from, filter.until]);
    return this.cache.get(key, now, () => countPublic(this.db, filter, now));
  }
}

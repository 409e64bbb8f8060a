import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { FreshCache, type Freshness } from '../shared/fresh-cache.js';
import { TurnBudget } from '../shared/heavy-work.js';
import { countPublic, findListPosition, type ListPosition, type ReleaseFilter } from './release-repository.js';

/** Rows between two remembered positions of a list. */
export const ANCHOR_EVERY = 1000;
/** Filters whose anchors are kept: at most 1,000 anchors each at 1,000,000 releases (about 100 KB). */
const FILTERS_WITH_ANCHORS = 100;
/**
 * How long anchors are sought before other requests get a turn of the event loop.
 * A step is about 0.1 ms over cached pages, and up to 10 ms where the index is
 * still on disk: a budget of time, not of steps.
 */
const TURN_BUDGET_MS = 4;

/**
 * The anchors of one filter, found as far as a page has needed them: anchor k is the
 * position of row k·every, found by skipping every rows from anchor k-1. One request
 * extends them at a time.
 */
export class FilterAnchors {
  readonly positions: ListPosition[] = [];
  /** whether a step found the list's end */
  private ended = false;
  private extending: Promise<void> = Promise.resolve();

  /** Finds anchors until there are `count` of them, or the list ends. */
  reach(count: number, every: number, find: (from: { after?: ListPosition; offset: number }) => Promise<ListPosition | undefined>): Promise<void> {
    const run = this.extending.then(async () => {
      const budget = new TurnBudget(TURN_BUDGET_MS);
      while (this.positions.length < count && !this.ended) {
        const next = await find({ after: this.positions.at(-1), offset: every - 1 });
        if (next) this.positions.push(next);
        else this.ended = true;
        await budget.pause();
      }
    });
    this.extending = run.catch(() => undefined);
    return run;
  }
}

export interface ListSeek {
  after?: ListPosition;
  offset: number;
}

/**
 * What deep pages of the list need: how many public releases match a filter, and a
 * remembered position every ANCHOR_EVERY rows, both found in short steps (see
 * FilterAnchors) and kept per filter until the content changes or an embargo passes,
 * in every process alike. Each was once one statement walking the whole index range:
 * the count 50–60 ms of the server's thread at a million releases, the anchors (a
 * window function numbering every row) 0.6–0.9 s for each new filter.
 */
export class ListPositions {
  private readonly counts: FreshCache<number>;
  private readonly anchors: FreshCache<FilterAnchors>;

  constructor(
    private readonly db: Kysely<Database>,
    freshness: (now: Date) => Freshness,
    private readonly every = ANCHOR_EVERY,
  ) {
    this.counts = new FreshCache(freshness, { maxAgeMs: 10 * 60_000, maxEntries: 5_000 });
    this.anchors = new FreshCache(freshness, { maxAgeMs: 10 * 60_000, maxEntries: FILTERS_WITH_ANCHORS });
  }

  private key(filter: ReleaseFilter): string {
    return JSON.stringify([filter.ministryId, filter.type, filter.from, filter.until]);
  }

  /**
   * Counted by finding every anchor (short steps, TURN_BUDGET_MS at a time)
   * and then the rows after the last: about as much work as one count of the whole
   * range (60 ms at a million releases), which held the thread all that while.
   */
  count(filter: ReleaseFilter, now: Date): Promise<number> {
    return this.counts.get(this.key(filter), now, async () => {
      const anchors = await this.anchorsOf(filter, now);
      await anchors.reach(Infinity, this.every, (from) => findListPosition(this.db, filter, now, from));
      const last = anchors.positions.at(-1);
      return anchors.positions.length * this.every + (await countPublic(this.db, filter, now, last));
    });
  }

  private anchorsOf(filter: ReleaseFilter, now: Date): Promise<FilterAnchors> {
    return this.anchors.get(this.key(filter), now, async () => new FilterAnchors());
  }

  /** Where the row at `offset` (0-based) can be reached from: a keyset and a short remaining offset. */
  async seek(filter: ReleaseFilter, now: Date, offset: number): Promise<ListSeek> {
    const block = Math.floor(offset / this.every);
    if (block === 0) return { offset };
    const anchors = await this.anchorsOf(filter, now);
    await anchors.reach(block, this.every, (from) => findListPosition(this.db, filter, now, from));
    // Past the list's end, from its last anchor: at most `every` rows to walk.
    const known = Math.min(block, anchors.positions.length);
    if (known === 0) return { offset };
    return { after: anchors.positions[known - 1], offset: offset - known * this.every };
  }
}

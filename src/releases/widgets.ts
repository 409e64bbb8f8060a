import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays, kstDay } from '../shared/time.js';
import { FreshCache, type Freshness } from '../shared/fresh-cache.js';
import { listFeaturedIds, listMostViewedIds, listPublicIds, listRowsByIds } from './release-repository.js';
import { toListItem, type ReleaseListItem } from './release-service.js';
import { nextTurn } from '../shared/heavy-work.js';

export interface Widgets {
  mostViewed: ReleaseListItem[];
  latest: ReleaseListItem[];
  featured: ReleaseListItem[];
}

const WIDGET_SIZE = 5;
const MOST_VIEWED_REFRESH_MS = 60_000;

/**
 * The side widgets. Summing a week of views is the one costly part, so its ranking
 * is kept for a minute and recomputed after the request that finds it old, in
 * steps that let requests run between them; the finished lists are kept while the content version
 * stands (so a withdrawn or embargoed release never shows from the cache) and at
 * most a minute.
 */
export class WidgetSource {
  private mostViewedIds: number[] = [];
  private computedAt = -Infinity;
  private refreshing: Promise<void> | null = null;
  private readonly lists: FreshCache<Widgets> | null;

  constructor(
    private readonly db: Kysely<Database>,
    freshness?: (now: Date) => Freshness,
  ) {
    this.lists = freshness ? new FreshCache(freshness, { maxAgeMs: MOST_VIEWED_REFRESH_MS, maxEntries: 1 }) : null;
  }

  invalidate(): void {
    this.computedAt = -Infinity;
    this.lists?.clear();
  }

  get(now: Date): Promise<Widgets> {
    return this.lists ? this.lists.get('widgets', now, () => this.compute(now)) : this.compute(now);
  }

  private async refreshMostViewed(now: Date): Promise<void> {
    const days = [6, 5, 4, 3, 2, 1, 0].map((back) => kstDay(addDays(now.toISOString(), -back)));
    this.mostViewedIds = await listMostViewedIds(this.db, days, WIDGET_SIZE * 4, nextTurn);
    this.computedAt = now.getTime();
  }

  private refresh(now: Date): Promise<void> {
    this.refreshing ??= this.refreshMostViewed(now).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Resolves when a ranking under way is done (tests, shutdown). */
  settled(): Promise<void> {
    return this.refreshing ?? Promise.resolve();
  }

  private async compute(now: Date): Promise<Widgets> {
    if (this.computedAt === -Infinity) {
      // The first ranking (and the one after invalidate()) is waited for.
      await this.refresh(now);
    } else if (now.getTime() - this.computedAt > MOST_VIEWED_REFRESH_MS && !this.refreshing) {
      // Later ones are summed after this answer: the page goes out with the
      // ranking of up to a minute ago and never waits for a week of view rows.
      setImmediate(() => {
        // A failed ranking keeps the last one; the next page view tries again.
        this.refresh(now).catch(() => undefined);
      });
    }
    const [latestIds, featuredIds] = await Promise.all([
      listPublicIds(this.db, {}, now, { limit: WIDGET_SIZE }),
      listFeaturedIds(this.db, now, WIDGET_SIZE),
    ]);
    const candidates = [...new Set([...this.mostViewedIds, ...latestIds, ...featuredIds])];
    const rows = await listRowsByIds(this.db, candidates, now);
    const byId = new Map(rows.map((r) => [r.id, toListItem(r)]));
    const pick = (ids: number[]) => ids.flatMap((id) => byId.get(id) ?? []).slice(0, WIDGET_SIZE);
    return { mostViewed: pick(this.mostViewedIds), latest: pick(latestIds), featured: pick(featuredIds) };
  }
}

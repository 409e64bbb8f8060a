import { parseLines } from '../releases/release-service.js';
import type { Kysely } from 'kysely';
import type { Database, ReleaseType } from '../db/schema.js';
import {
  countMatchesUpTo,
  searchByDate,
  searchMatch,
} from '../db/sqlite-search.js';
import { listQueryString } from '../releases/list-query.js';
import { publicCondition } from '../releases/visibility.js';
import { formatKstDate, kstIso } from '../shared/time.js';
import { encodeSearchCursor, SEARCH_PAGE_SIZE, type SearchCursor, type SearchQuery } from './search-query.js';
import { FreshCache, type FreshnessReader } from '../shared/fresh-cache.js';
import { findHeadlines, findSearchRows, type SearchRow } from './search-repository.js';
import { rankPool } from './search-rank.js';
import { highlightHtml, markdownToPlainText, snippetHtml } from './search-snippet.js';

/** Relevance ranks the newest this many matches (search-rank.ts). */
export const RELEVANCE_POOL = 1000;
/**
 * A query matching more releases than this is counted as "at least" this many.
 * The same as the pool, so relevance counts with the pool's one read: at 1,000,000
 * releases, counting a common phrase under a ministry to 3,000 took 45 ms.
 */
export const COUNT_CAP = RELEVANCE_POOL;

interface ScoredHit {
  id: number;
  score: number;
  released_at: string;
}

/** A query's relevance pool under one filter, ranked: every page of its results is cut from it. */
export interface RankedPool {
  ranked: ScoredHit[];
  /** matches found, up to COUNT_CAP + 1 */
  counted: number;
}

/**
 * Ranked pools by query and filter, while the content they were read from is current.
 * Ranking a common word's pool costs about 19 ms of CPU at 1,000,000 releases (the
 * newest 1,001 matches, then their headlines); the next pages of its results only
 * cut the same pool further. A pool is about 110 KB of heap (measured), 50 of them 5.5 MB.
 */
export type RankedPools = FreshCache<RankedPool>;

export function rankedPools(freshness: FreshnessReader): RankedPools {
  return new FreshCache<RankedPool>(freshness, { maxAgeMs: 60_000, maxEntries: 50 });
}

export interface SearchHit {
  id: number;
  url: string;
  type: ReleaseType;
  titleHtml: string;
  snippetHtml: string;
  ministry: string;
  date: string;
  dateIso: string;
  releasedAt: string;
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  /** true when there are more than `total` (COUNT_CAP) matches and counting stopped there */
  totalIsLowerBound: boolean;
  /** the cursor of the page after this one, or null at the end */
  nextCursor: string | null;
  /** true when relevance ranked only the newest rankPoolSize matches */
  rankedRecentOnly: boolean;
  rankPoolSize: number;
}


/** The text a snippet is cut from: summary lines, then the body, as plain words. */
export function snippetSource(row: Pick<SearchRow, 'subtitles' | 'summary' | 'body_markdown'>): string {
  return [...parseLines(row.subtitles), ...parseLines(row.summary), markdownToPlainText(row.body_markdown)].join(' ');
}

/**
 * One page of public releases matching every word of the query, under the list's
 * filters, by relevance or newest first. An empty query finds nothing.
 */
export async function searchReleases(
  db: Kysely<Database>,
  query: Pick<SearchQuery, 'words' | 'sort' | 'filter' | 'cursor'> & { params?: SearchQuery['params'] },
  now: Date,
  limit = SEARCH_PAGE_SIZE,
  pools?: RankedPools,
): Promise<SearchResult> {
  if (query.words.length === 0) return { hits: [], total: 0, totalIsLowerBound: false, nextCursor: null, rankedRecentOnly: false, rankPoolSize: RELEVANCE_POOL };
  const match = searchMatch(query.words, query.filter);
  let found: ScoredHit[];
  let counted: number;
  const cursor = query.cursor;
  if (query.sort === 'latest') {
    counted = await countMatchesUpTo(db, match, query.filter, now, publicCondition, COUNT_CAP + 1);
    const after = cursor?.sort === 'latest' ? { releasedAt: cursor.releasedAt, id: cursor.id } : undefined;
    found = (await searchByDate(db, match, query.filter, now, publicCondition, { after, limit: limit + 1 })).map((h) => ({ ...h, score: 0 }));
  } else {
    const rank = async (): Promise<RankedPool> => {
      const matches = await searchByDate(db, match, query.filter, now, publicCondition, { limit: COUNT_CAP + 1 });
      const pool = matches.slice(0, RELEVANCE_POOL);
      const released = new Map(pool.map((h) => [h.id, h.released_at]));
      const headlines = await findHeadlines(db, pool.map((h) => h.id));
      const ranked = rankPool(
        headlines.map((row) => ({ id: row.id, columns: [row.title, parseLines(row.subtitles).join(' '), parseLines(row.summary).join(' '), row.ministry_name] })),
        query.words,
      )
        .sort((a, b) => a.score - b.score || b.id - a.id)
        .map((h) => ({ ...h, released_at: released.get(h.id)! }));
      return { ranked, counted: matches.length };
    };
    // The match and the ranking follow from the words and the filter alone.
    const pool = pools ? await pools.get(JSON.stringify([query.words, query.filter]), now, rank) : await rank();
    counted = pool.counted;
    const after = cursor?.sort === 'relevance' ? cursor : undefined;
    found = pool.ranked.filter((h) => !after || h.score > after.score || (h.score === after.score && h.id < after.id)).slice(0, limit + 1);
  }
  const total = Math.min(counted, COUNT_CAP);
  const totalIsLowerBound = counted > COUNT_CAP;
  const hasMore = found.length > limit;
  const page = found.slice(0, limit);
  const rows = await findSearchRows(db, page.map((h) => h.id), now);
  const byId = new Map(page.map((h) => [h.id, h]));
  const linkQuery = query.params ? listQueryString(query.params) : '';
  const hits = rows.map((row) => ({
    id: row.id,
    url: `/briefing/${row.id}${linkQuery}`,
    type: row.type,
    titleHtml: highlightHtml(row.title, query.words),
    snippetHtml: snippetHtml(snippetSource(row), query.words),
    ministry: row.ministry_name,
    date: formatKstDate(row.released_at),
    dateIso: kstIso(row.released_at),
    releasedAt: row.released_at,
    score: byId.get(row.id)?.score ?? 0,
  }));
  const last = page.at(-1);
  let next: SearchCursor | null = null;
  if (hasMore && last) {
    next = query.sort === 'latest'
      ? { sort: 'latest', releasedAt: last.released_at, id: last.id }
      : { sort: 'relevance', score: last.score, id: last.id };
  }
  return {
    hits,
    total,
    totalIsLowerBound,
    nextCursor: next ? encodeSearchCursor(next) : null,
    rankedRecentOnly: query.sort === 'relevance' && (totalIsLowerBound || total > RELEVANCE_POOL),
    rankPoolSize: RELEVANCE_POOL,
  };
}

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
import { AppError } from '../shared/errors.js';
import { encodeSearchCursor, SEARCH_PAGE_SIZE, type SearchCursor, type SearchQuery } from './search-query.js';
import { FreshCache, type FreshnessReader } from '../shared/fresh-cache.js';
import { HeavyWork, LineFull, type Pause } from '../shared/heavy-work.js';
import { findHeadlines, findSearchRows, type HeadlineRow, type SearchRow } from './search-repository.js';
import { prepareRankDoc, rankPrepared, type PreparedRankDoc } from './search-rank.js';
import { PreparedHeadlines } from './prepared-headlines.js';
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
}

/** A query's relevance pool under one filter, ranked: every page of its results is cut from it. */
export interface RankedPool {
  ranked: ScoredHit[];
  /** matches found, up to COUNT_CAP + 1 */
  counted: number;
}

/**
 * Ranked pools by query and filter, while the content they were read from is current.
 * Ranking a common word's pool costs 6-9 ms of CPU at 1,000,000 releases (the newest
 * 1,001 matches, then their headlines, most of them kept: PreparedHeadlines); the
 * next pages of its results only cut the same pool further. A pool took about 110 KB
 * of heap when its hits also held their dates (measured), so 50 of them under 5.5 MB.
 */
export type RankedPools = FreshCache<RankedPool>;

export function rankedPools(freshness: FreshnessReader): RankedPools {
  return new FreshCache<RankedPool>(freshness, { maxAgeMs: 60_000, maxEntries: 50 });
}

/**
 * Uncached searches that may wait in line at once: at 1,000,000 releases one process
 * answers 100-140 a second, so the last would wait 1.5-2 s. More are refused
 * with 503 (a crowd or a script asking faster than that), where they would otherwise
 * wait longer than a reader does. Only the connections still open wait (WorkAbandoned).
 */
export const SEARCHES_WAITING = 200;

/** A search as the routes run it: see releaseSearch. */
export type ReleaseSearch = (query: SearchInput, now: Date, options?: { limit?: number; abandoned?: AbortSignal }) => Promise<SearchResult>;

/**
 * Searches with the process's ranked pools, one search at a time and in steps
 * (HeavyWork): an uncached search at a million releases takes 15-30 ms of the
 * thread, and the pages and feeds asked meanwhile get their turns between its steps.
 * A search whose reader has left (`abandoned`, the request's signal) is not done.
 */
export function releaseSearch(db: Kysely<Database>, freshness: FreshnessReader, work = new HeavyWork({ maxWaiting: SEARCHES_WAITING })): ReleaseSearch {
  const pools = rankedPools(freshness);
  const headlines = new PreparedHeadlines(freshness);
  return (query, now, { limit, abandoned } = {}) =>
    work.run((pause) => searchReleases(db, query, now, { limit, pools, headlines, pause }), abandoned).catch((error: unknown) => {
      if (error instanceof LineFull) throw new AppError('BUSY', '지금 검색하는 분이 많아 바로 찾아 드리지 못했습니다. 몇 초 뒤에 다시 검색해 주세요.');
      throw error;
    });
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

/** What a search is asked: the words, the order, the list's filters and a cursor; `params` make the hits' links keep the filters. */
export type SearchInput = Pick<SearchQuery, 'words' | 'sort' | 'filter' | 'cursor'> & { params?: SearchQuery['params'] };

/** A headline row as ranking compares it: title, subtitles, summary, ministry (COLUMN_WEIGHTS). */
function headlineDoc(row: HeadlineRow): PreparedRankDoc {
  return prepareRankDoc({ id: row.id, columns: [row.title, parseLines(row.subtitles).join(' '), parseLines(row.summary).join(' '), row.ministry_name] });
}

/** Headlines read for ranking per statement, so that a pause can come between them. */
const HEADLINES_PER_STEP = 250;

export interface SearchOptions {
  /** hits per page (SEARCH_PAGE_SIZE) */
  limit?: number;
  /** ranked pools kept between pages of a query's results */
  pools?: RankedPools;
  /** headlines prepared for ranking, kept between searches */
  headlines?: PreparedHeadlines;
  /** called between the steps of the search (HeavyWork), so that other requests get turns */
  pause?: Pause;
}

/**
 * One page of public releases matching every word of the query, under the list's
 * filters, by relevance or newest first. An empty query finds nothing.
 */
export async function searchReleases(
  db: Kysely<Database>,
  query: SearchInput,
  now: Date,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const { limit = SEARCH_PAGE_SIZE, pools, headlines, pause = async () => {} } = options;
  if (query.words.length === 0) return { hits: [], total: 0, totalIsLowerBound: false, nextCursor: null, rankedRecentOnly: false, rankPoolSize: RELEVANCE_POOL };
  const match = searchMatch(query.words, query.filter);
  let found: ScoredHit[];
  let counted: number;
  const cursor = query.cursor;
  if (query.sort === 'latest') {
    counted = await countMatchesUpTo(db, match, query.filter, now, publicCondition, COUNT_CAP + 1);
    await pause();
    const after = cursor?.sort === 'latest' ? { releasedAt: cursor.releasedAt, id: cursor.id } : undefined;
    found = (await searchByDate(db, match, query.filter, now, publicCondition, { after, limit: limit + 1 })).map((id) => ({ id, score: 0 }));
  } else {
    const rank = async (): Promise<RankedPool> => {
      const matches = await searchByDate(db, match, query.filter, now, publicCondition, { limit: COUNT_CAP + 1 });
      const ids = matches.slice(0, RELEVANCE_POOL);
      const kept = headlines?.lookup(ids, now) ?? { found: new Map<number, PreparedRankDoc>(), missing: ids, version: 0 };
      const read: PreparedRankDoc[] = [];
      for (let start = 0; start < kept.missing.length; start += HEADLINES_PER_STEP) {
        await pause();
        for (const row of await findHeadlines(db, kept.missing.slice(start, start + HEADLINES_PER_STEP))) read.push(headlineDoc(row));
      }
      headlines?.store(read, kept.version);
      await pause();
      const prepared = kept.found;
      for (const doc of read) prepared.set(doc.id, doc);
      const ranked = rankPrepared(ids.flatMap((id) => prepared.get(id) ?? []), query.words)
        .sort((a, b) => a.score - b.score || b.id - a.id);
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
  await pause();
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
  // 최신순 continues after the last release shown, whose 보도시점 its row gave (a
  // match that stopped being public in between is not shown, nor found again).
  const last = page.at(-1);
  const lastShown = hits.at(-1);
  let next: SearchCursor | null = null;
  if (hasMore && query.sort === 'latest' && lastShown) next = { sort: 'latest', releasedAt: lastShown.releasedAt, id: lastShown.id };
  if (hasMore && query.sort === 'relevance' && last) next = { sort: 'relevance', score: last.score, id: last.id };
  return {
    hits,
    total,
    totalIsLowerBound,
    nextCursor: next ? encodeSearchCursor(next) : null,
    rankedRecentOnly: query.sort === 'relevance' && (totalIsLowerBound || total > RELEVANCE_POOL),
    rankPoolSize: RELEVANCE_POOL,
  };
}

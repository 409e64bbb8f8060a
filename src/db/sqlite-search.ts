// The SQLite (FTS5) half of search. A PostgreSQL backend replaces this module and
// keeps the functions' signatures; everything else in src/search/ is portable.
//
// FTS5's trigram tokenizer cannot match fewer than three characters, and Korean
// has two-syllable words everywhere (특구, 공장, 예산). So the index holds
// character bigrams that we make ourselves (search_grams, below): letters and
// digits only, spaces and punctuation dropped, then every adjacent pair plus the
// last character alone. A query word of n ≥ 2 characters is the phrase of its
// n-1 bigrams (so it matches as a substring, spaced or not: 스마트 공장 and
// 스마트공장 give the same bigrams); a one-character word is a prefix query
// served by the prefix='1' index. Filters are tokens of their own in a `facets`
// column (_m<ministry id>, _t<type>, _y<KST year>), so a common word under a
// filter is found through the filter's few postings instead of every match of
// the word. Migrations 003 and 007 have the table and triggers.
import type SQLite from 'better-sqlite3';
import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Database, ReleaseType } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Text longer than this is indexed up to here: press releases are far shorter. */
const MAX_INDEXED_CHARS = 200_000;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** The characters search compares: NFKC, lower case, letters and digits only. */
export function searchChars(text: string): string[] {
  return [...text.normalize('NFKC').toLowerCase().replace(NOT_WORD, '')];
}

/** The bigram tokens of a text, space-separated, as stored in the index. */
export function searchGrams(text: unknown): string {
  if (typeof text !== 'string' || text === '') return '';
  const chars = searchChars(text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text);
  if (chars.length === 0) return '';
  const tokens: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) tokens.push(chars[i]! + chars[i + 1]!);
  tokens.push(chars[chars.length - 1]!);
  return tokens.join(' ');
}

/** Registers search_grams() on a connection; the triggers of migration 003 call it. */
export function registerSearchFunctions(sqlite: SQLite.Database): void {
  sqlite.function('search_grams', { deterministic: true }, (text: unknown) => searchGrams(text));
}

/**
 * The FTS5 MATCH expression for normalized query words (from search-query.ts):
 * every word must occur. Tokens are letters and digits only, so nothing the
 * reader typed can act as FTS5 syntax.
 */
export function matchExpression(words: readonly string[]): string {
  return words
    .map((word) => {
      const chars = searchChars(word);
      if (chars.length === 1) return `"${chars[0]}"*`;
      const grams: string[] = [];
      for (let i = 0; i < chars.length - 1; i++) grams.push(chars[i]! + chars[i + 1]!);
      return `"${grams.join(' ')}"`;
    })
    .join(' AND ');
}

export interface SearchFilter {
  ministryId?: number;
  type?: ReleaseType;
  from?: string;
  until?: string;
}

const KST_OFFSET_MS = 9 * 3_600_000;
/** A period spanning more years than this is left to the date index alone. */
const MAX_YEAR_TOKENS = 30;

function kstYear(ms: number): number {
  return new Date(ms + KST_OFFSET_MS).getUTCFullYear();
}

/**
 * The facet tokens a filter requires, as an FTS5 expression ('' without a
 * filter). They narrow the candidates; the filter itself is still checked
 * against releases, so the year tokens may be coarser than the period.
 */
export function facetExpression(filter: SearchFilter, now: Date): string {
  const terms: string[] = [];
  if (filter.ministryId !== undefined) terms.push(`"_m${filter.ministryId}"`);
  if (filter.type !== undefined) terms.push(`"_t${filter.type}"`);
  if (filter.from !== undefined || filter.until !== undefined) {
    const first = filter.from !== undefined ? kstYear(Date.parse(filter.from)) : undefined;
    const last = kstYear(filter.until !== undefined ? Date.parse(filter.until) - 1 : now.getTime());
    if (first !== undefined && Number.isFinite(first) && Number.isFinite(last) && last - first < MAX_YEAR_TOKENS) {
      const years: string[] = [];
      for (let year = first; year <= last; year++) years.push(`"_y${year}"`);
      // An empty period: no year at all can match.
      terms.push(years.length === 0 ? '"_y0"' : years.length === 1 ? years[0]! : `(${years.join(' OR ')})`);
    }
  }
  return terms.join(' AND ');
}

/** The whole MATCH expression: every query word, and the filter's facets. */
export function searchMatch(words: readonly string[], filter: SearchFilter, now: Date): string {
  const facets = facetExpression(filter, now);
  const text = matchExpression(words);
  return facets === '' ? text : `${text} AND ${facets}`;
}

export type PublicCondition = (eb: ExpressionBuilder<Database, 'releases'>, now: Date) => Expression<SqlBool>;

function conditions(eb: ExpressionBuilder<Database, 'releases'>, filter: SearchFilter, now: Date, isPublic: PublicCondition) {
  const terms: Expression<SqlBool>[] = [isPublic(eb, now)];
  if (filter.ministryId !== undefined) terms.push(eb('releases.ministry_id', '=', filter.ministryId));
  if (filter.type !== undefined) terms.push(eb('releases.type', '=', filter.type));
  if (filter.from !== undefined) terms.push(eb('releases.released_at', '>=', filter.from));
  if (filter.until !== undefined) terms.push(eb('releases.released_at', '<', filter.until));
  return terms;
}

/**
 * What is left to check of a match found through the index: visibility and the
 * exact period. Ministry and type are facet tokens of the match itself, exact and
 * kept in the same transaction as the release, so these columns all live in the
 * covering index releases_public_sitemap (id, released_at, updated_at, state) and
 * no release row (with its body) is read per match.
 */
function matchConditions(filter: SearchFilter, now: Date, isPublic: PublicCondition): Expression<SqlBool> {
  const eb = expressionBuilder<Database, 'releases'>();
  const terms: Expression<SqlBool>[] = [isPublic(eb, now)];
  if (filter.from !== undefined) terms.push(eb('releases.released_at', '>=', filter.from));
  if (filter.until !== undefined) terms.push(eb('releases.released_at', '<', filter.until));
  return eb.and(terms);
}

/** Matches joined to the covering index of public releases (SQLite: INDEXED BY). */
const MATCHED_RELEASES = sql`release_search AS s CROSS JOIN releases INDEXED BY releases_public_sitemap`;

// The facets column weighs nothing: every candidate carries the same filter tokens.
const BM25 = sql`bm25(release_search, 10.0, 4.0, 3.0, 1.0, 2.0, 0.0)`;

export interface ScoredHit {
  id: number;
  score: number;
  released_at: string;
}

/**
 * Public matches under the filter, counted only up to `cap`, walking the index
 * newest first: a word found in most releases costs no more than `cap` rows.
 */
export async function countMatchesUpTo(db: Db, match: string, filter: SearchFilter, now: Date, isPublic: PublicCondition, cap: number): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM (
      SELECT 1 FROM ${MATCHED_RELEASES}
      WHERE releases.id = s.rowid AND release_search MATCH ${match} AND ${matchConditions(filter, now, isPublic)}
      LIMIT ${cap})`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Relevance: bm25 with the title weighted highest. Ranking every match of a word
 * found in most releases (정부) costs hundreds of milliseconds at 100,000 releases,
 * so the newest `pool` matches are ranked: exact whenever fewer match, and the
 * reader can switch to 최신순 to walk all of them.
 */
export async function searchByRelevance(
  db: Db,
  match: string,
  filter: SearchFilter,
  now: Date,
  isPublic: PublicCondition,
  page: { after?: { score: number; id: number }; limit: number; pool: number },
): Promise<ScoredHit[]> {
  // CROSS JOIN keeps the index outermost (SQLite never reorders it): matches are
  // walked newest first and each is checked on the covering index.
  const after = page.after ? sql`WHERE score > ${page.after.score} OR (score = ${page.after.score} AND id < ${page.after.id})` : sql``;
  const result = await sql<ScoredHit>`SELECT id, released_at, score FROM (
      SELECT releases.id AS id, releases.released_at AS released_at, ${BM25} AS score FROM ${MATCHED_RELEASES}
      WHERE releases.id = s.rowid AND release_search MATCH ${match} AND ${matchConditions(filter, now, isPublic)}
      ORDER BY s.rowid DESC LIMIT ${page.pool})
    ${after}
    ORDER BY score ASC, id DESC LIMIT ${page.limit}`.execute(db);
  return result.rows.map((r) => ({ id: r.id, score: Number(r.score), released_at: r.released_at }));
}

/** 최신순: public matches newest first by 보도시점, keyset after a position. */
export async function searchByDate(
  db: Db,
  match: string,
  filter: SearchFilter,
  now: Date,
  isPublic: PublicCondition,
  page: { after?: { releasedAt: string; id: number }; limit: number; manyMatches: boolean },
): Promise<ScoredHit[]> {
  const after = page.after;
  let rows: { id: number; released_at: string }[];
  if (page.manyMatches) {
    // Many matches: walk the filter's date index newest first, testing each release
    // against the matches (collected once; `+` keeps SQLite on the ordered index).
    let query = db
      .selectFrom('releases')
      .select(['releases.id', 'releases.released_at'])
      .where((eb) => eb.and(conditions(eb, filter, now, isPublic)))
      .where(sql<SqlBool>`+releases.id IN (SELECT rowid FROM release_search WHERE release_search MATCH ${match})`);
    if (after) query = query.where((eb) => eb(eb.refTuple('releases.released_at', 'releases.id'), '<', eb.tuple(after.releasedAt, after.id)));
    rows = await query.orderBy('releases.released_at', 'desc').orderBy('releases.id', 'desc').limit(page.limit).execute();
  } else {
    // Few matches (the caller counted them): fetch them all and order here, a bounded sort.
    const keyset = after ? sql`AND (releases.released_at, releases.id) < (${after.releasedAt}, ${after.id})` : sql``;
    const result = await sql<{ id: number; released_at: string }>`SELECT releases.id AS id, releases.released_at AS released_at FROM ${MATCHED_RELEASES}
      WHERE releases.id = s.rowid AND release_search MATCH ${match} AND ${matchConditions(filter, now, isPublic)} ${keyset}`.execute(db);
    rows = result.rows
      .sort((a, b) => (a.released_at === b.released_at ? b.id - a.id : a.released_at < b.released_at ? 1 : -1))
      .slice(0, page.limit);
  }
  return rows.map((r) => ({ id: r.id, score: 0, released_at: r.released_at }));
}

/**
 * Rewrites one release's index entry inside the caller's transaction. The
 * triggers already do this on every write to releases; the workflow may call it
 * to be explicit, and it repairs an entry after a restore.
 */
export async function reindexRelease(trx: Db, releaseId: number): Promise<void> {
  await removeFromIndex(trx, releaseId);
  await sql`INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets)
    SELECT id, title, subtitles, summary, body, ministry, facets FROM release_search_source WHERE id = ${releaseId}`.execute(trx);
}

export async function removeFromIndex(trx: Db, releaseId: number): Promise<void> {
  await sql`DELETE FROM release_search WHERE rowid = ${releaseId}`.execute(trx);
}

/** Rebuilds the whole index from releases (repair; the triggers keep it current). */
export async function rebuildSearchIndex(db: Db): Promise<void> {
  await sql`DELETE FROM release_search`.execute(db);
  await sql`INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets)
    SELECT id, title, subtitles, summary, body, ministry, facets FROM release_search_source`.execute(db);
}

/** Ids in the index (tests compare them with the releases that may be public). */
export async function indexedIds(db: Db): Promise<number[]> {
  const result = await sql<{ id: number }>`SELECT rowid AS id FROM release_search ORDER BY rowid`.execute(db);
  return result.rows.map((r) => r.id);
}

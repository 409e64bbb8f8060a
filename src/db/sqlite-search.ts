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
// served by the prefix='1' index. Migration 003 has the table and triggers.
import type SQLite from 'better-sqlite3';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
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

export type PublicCondition = (eb: ExpressionBuilder<Database, 'releases'>, now: Date) => Expression<SqlBool>;

function conditions(eb: ExpressionBuilder<Database, 'releases'>, filter: SearchFilter, now: Date, isPublic: PublicCondition) {
  const terms: Expression<SqlBool>[] = [isPublic(eb, now)];
  if (filter.ministryId !== undefined) terms.push(eb('releases.ministry_id', '=', filter.ministryId));
  if (filter.type !== undefined) terms.push(eb('releases.type', '=', filter.type));
  if (filter.from !== undefined) terms.push(eb('releases.released_at', '>=', filter.from));
  if (filter.until !== undefined) terms.push(eb('releases.released_at', '<', filter.until));
  return terms;
}

const BM25 = sql`bm25(release_search, 10.0, 4.0, 3.0, 1.0, 2.0)`;

export interface ScoredHit {
  id: number;
  score: number;
  released_at: string;
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
  // walked newest first and each is checked against the filter by primary key.
  const pool = db
    .selectFrom(sql<{ rowid: number }>`release_search`.as('s'))
    .crossJoin('releases')
    .select(['releases.id', 'releases.released_at', BM25.as('score')])
    .where(sql<SqlBool>`releases.id = s.rowid`)
    .where(sql<SqlBool>`release_search MATCH ${match}`)
    .where((eb) => eb.and(conditions(eb, filter, now, isPublic)))
    .orderBy(sql`s.rowid`, 'desc')
    .limit(page.pool);
  let query = db.selectFrom(pool.as('pool')).select(['pool.id', 'pool.released_at', 'pool.score']);
  if (page.after) {
    const { score, id } = page.after;
    query = query.where((eb) => eb.or([eb('pool.score', '>', score), eb.and([eb('pool.score', '=', score), eb('pool.id', '<', id)])]));
  }
  const rows = await query.orderBy('pool.score', 'asc').orderBy('pool.id', 'desc').limit(page.limit).execute();
  return rows.map((r) => ({ id: r.id, score: Number(r.score), released_at: r.released_at }));
}

/** Matches a release must be among; `+` keeps SQLite walking the ordered index instead. */
function inMatches(match: string, walkIndex: boolean) {
  const id = walkIndex ? sql`+releases.id` : sql`releases.id`;
  return sql<SqlBool>`${id} IN (SELECT rowid FROM release_search WHERE release_search MATCH ${match})`;
}

/** How many releases of the whole index match, ignoring visibility: cheap, and picks a plan. */
export async function countIndexMatches(db: Db, match: string, cap: number): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT rowid FROM release_search WHERE release_search MATCH ${match} LIMIT ${cap})`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
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
  let query = db
    .selectFrom('releases')
    .select(['releases.id', 'releases.released_at'])
    .where((eb) => eb.and(conditions(eb, filter, now, isPublic)))
    .where(inMatches(match, page.manyMatches));
  if (page.after) {
    const { releasedAt, id } = page.after;
    query = query.where((eb) => eb(eb.refTuple('releases.released_at', 'releases.id'), '<', eb.tuple(releasedAt, id)));
  }
  let rows: { id: number; released_at: string }[];
  if (page.manyMatches) {
    // Walk the date index newest first, testing each release against the matches.
    rows = await query.orderBy('releases.released_at', 'desc').orderBy('releases.id', 'desc').limit(page.limit).execute();
  } else {
    // Few matches (the caller counted them): fetch them all and order here, a bounded sort.
    rows = (await query.execute())
      .sort((a, b) => (a.released_at === b.released_at ? b.id - a.id : a.released_at < b.released_at ? 1 : -1))
      .slice(0, page.limit);
  }
  return rows.map((r) => ({ id: r.id, score: 0, released_at: r.released_at }));
}

/**
 * Public matches under the filter, counted only up to `cap`, walking the index
 * newest first: a word found in most releases costs no more than `cap` rows.
 */
export async function countMatchesUpTo(
  db: Db,
  match: string,
  filter: SearchFilter,
  now: Date,
  isPublic: PublicCondition,
  cap: number,
): Promise<number> {
  const capped = db
    .selectFrom(sql<{ rowid: number }>`release_search`.as('s'))
    .crossJoin('releases')
    .select(sql<number>`1`.as('one'))
    .where(sql<SqlBool>`releases.id = s.rowid`)
    .where(sql<SqlBool>`release_search MATCH ${match}`)
    .where((eb) => eb.and(conditions(eb, filter, now, isPublic)))
    .limit(cap);
  const row = await db.selectFrom(capped.as('c')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Public matches under the filter. */
export async function countMatches(
  db: Db,
  match: string,
  filter: SearchFilter,
  now: Date,
  isPublic: PublicCondition,
  manyMatches: boolean,
): Promise<number> {
  const row = await db
    .selectFrom('releases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.and(conditions(eb, filter, now, isPublic)))
    .where(inMatches(match, manyMatches))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Rewrites one release's index entry inside the caller's transaction. The
 * triggers already do this on every write to releases; the workflow may call it
 * to be explicit, and it repairs an entry after a restore.
 */
export async function reindexRelease(trx: Db, releaseId: number): Promise<void> {
  await removeFromIndex(trx, releaseId);
  await sql`INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry)
    SELECT id, title, subtitles, summary, body, ministry FROM release_search_source WHERE id = ${releaseId}`.execute(trx);
}

export async function removeFromIndex(trx: Db, releaseId: number): Promise<void> {
  await sql`DELETE FROM release_search WHERE rowid = ${releaseId}`.execute(trx);
}

/** Rebuilds the whole index from releases (repair; the triggers keep it current). */
export async function rebuildSearchIndex(db: Db): Promise<void> {
  await sql`DELETE FROM release_search`.execute(db);
  await sql`INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry)
    SELECT id, title, subtitles, summary, body, ministry FROM release_search_source`.execute(db);
}

/** Ids in the index (tests compare them with the releases that may be public). */
export async function indexedIds(db: Db): Promise<number[]> {
  const result = await sql<{ id: number }>`SELECT rowid AS id FROM release_search ORDER BY rowid`.execute(db);
  return result.rows.map((r) => r.id);
}

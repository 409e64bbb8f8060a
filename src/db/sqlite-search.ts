// The SQLite (FTS5) half of search. A PostgreSQL backend replaces this module and
// keeps the functions' signatures; everything else in src/search/ is portable.
//
// FTS5's trigram tokenizer cannot match fewer than three characters, and Korean
// has two-syllable words everywhere (특구, 공장, 예산). So the index holds
// character bigrams that we make ourselves (search_grams, below): letters and
// digits only, spaces and punctuation dropped, then every adjacent pair plus the
// last character alone. A query word of n ≥ 2 characters is the phrase of its
// n-1 bigrams (so it matches as a substring, spaced or not: 스마트 공장 and
// 스마트공장 give the same bigrams); a one-character word is a token of the
// `chars` column, which lists each release's distinct characters once (FTS5's
// prefix index did that at a larger index and an eighth more indexing time).
// The text reaching FTS5 is already normalized, so its `ascii` tokenizer only
// splits on spaces, cheaper than unicode61. Ministry and type are tokens of
// their own in a `facets` column (_m<ministry id>, _t<type>), and an entry's rowid orders it by
// 보도시점, so a common word under a filter is found through the filter's postings,
// newest first, stopping after a page. Migrations 003, 007 and 010 have the table
// and triggers.
import type SQLite from 'better-sqlite3';
import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Database, ReleaseType } from './schema.js';
import { comparableText } from '../search/search-text.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Text longer than this is indexed up to here: press releases are far shorter. */
const MAX_INDEXED_CHARS = 200_000;

/** The characters search compares: NFKC, lower case, letters and digits only. */
export function searchChars(text: string): string[] {
  return [...comparableText(text)];
}

/** The bigram tokens of a text, space-separated, as stored in the index. */
export function searchGrams(text: unknown): string {
  if (typeof text !== 'string' || text === '') return '';
  let tokens = '';
  let previous = '';
  for (const char of comparableText(text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text)) {
    if (previous !== '') tokens += `${previous}${char} `;
    previous = char;
  }
  return tokens + previous;
}

/** Code points joined by spaces: the form of the `chars` column. */
export function joinCodePoints(codes: ArrayLike<number>): string {
  let joined = '';
  for (let i = 0; i < codes.length; i++) joined += (i === 0 ? '' : ' ') + String.fromCodePoint(codes[i]!);
  return joined;
}

/**
 * The distinct characters of the texts as search compares them, in code point
 * order, space-separated: the `chars` column (migration 010), which a
 * one-character query matches as a plain token.
 */
export function searchCharSet(...texts: unknown[]): string {
  const codes = new Set<number>();
  for (const text of texts) {
    if (typeof text !== 'string' || text === '') continue;
    for (const char of searchChars(text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text)) codes.add(char.codePointAt(0)!);
  }
  return joinCodePoints([...codes].sort((a, b) => a - b));
}

/** Registers search_grams() and search_char_set() on a connection; the search triggers (migration 010) call them. */
export function registerSearchFunctions(sqlite: SQLite.Database): void {
  sqlite.function('search_grams', { deterministic: true }, (text: unknown) => searchGrams(text));
  sqlite.function('search_char_set', { deterministic: true, varargs: true }, (...texts: unknown[]) => searchCharSet(...texts));
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
      if (chars.length === 1) return `"${chars[0]}"`;
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

/**
 * The filter's facet tokens as an FTS5 expression ('' without one). Ministry and
 * type are exact: the triggers rewrite an entry whenever either changes.
 */
export function facetExpression(filter: SearchFilter): string {
  const terms: string[] = [];
  if (filter.ministryId !== undefined) terms.push(`"_m${filter.ministryId}"`);
  if (filter.type !== undefined) terms.push(`"_t${filter.type}"`);
  return terms.join(' AND ');
}

/** The whole MATCH expression: every query word, and the filter's facets. */
export function searchMatch(words: readonly string[], filter: SearchFilter): string {
  const facets = facetExpression(filter);
  const text = matchExpression(words);
  return facets === '' ? text : `${text} AND ${facets}`;
}

export type PublicCondition = (eb: ExpressionBuilder<Database, 'releases'>, now: Date) => Expression<SqlBool>;

/**
 * An entry's rowid is its search key, (보도시점's day in KST) * 2^25 + id (migration
 * 015), so rowid order is 보도시점 order by day, then id: releases of one day in the
 * order they were registered. (With seconds instead of days, every posting of the
 * index began with a five-byte rowid difference; see the migration.) Keys pass 2^53
 * and stay inside SQL; these are the SQL expressions that make and read them.
 */
const KEY_SCALE = sql.raw('33554432');
const KEY_ID_MASK = sql.raw('33554431');
/** The day an instant (bound, or a column) falls on in KST (UTC+9), counted from 1970-01-01. */
const kstDay = (at: string | Expression<unknown>) => sql`((unixepoch(${at}) + 32400) / 86400)`;
// A bound JS number arrives as REAL: cast, or the sum is rounded to a double.
const keyOf = (releasedAt: string, id: number) => sql`(${kstDay(releasedAt)} * ${KEY_SCALE} + CAST(${id} AS INTEGER))`;
/** The first key of the day `at` falls on. */
const keyAtDay = (at: string) => sql`(${kstDay(at)} * ${KEY_SCALE})`;
/** The first key after the day `at` falls on. */
const keyAfterDay = (at: string) => sql`((${kstDay(at)} + 1) * ${KEY_SCALE})`;

/**
 * Which matches may be shown. The index holds only scheduled and published releases
 * (the triggers of migration 015 add and remove entries as a release's state
 * changes), so an entry keyed on a day before today (KST) is public: its 보도시점 has
 * passed. Only the entries of today (one may be due later today) and of a period's
 * first and last days (keys cover whole days) are checked, on the covering index
 * releases_public_sitemap (id, released_at, updated_at, state); the others cost no
 * lookup at all, where checking each of a common word's newest 1,001 matches took
 * 2 of the walk's 4-5 ms at 1,000,000 releases. Ministry and type are facets of the match.
 */
function visibleMatches(filter: SearchFilter, now: Date, isPublic: PublicCondition) {
  const eb = expressionBuilder<Database, 'releases'>();
  const today = now.toISOString();
  const terms: Expression<SqlBool>[] = [isPublic(eb, now)];
  const keys = [sql`s.rowid < ${keyAfterDay(today)}`];
  const wholeDays = [sql`s.rowid < ${keyAtDay(today)}`];
  if (filter.from !== undefined) {
    terms.push(eb('releases.released_at', '>=', filter.from));
    keys.push(sql`s.rowid >= ${keyAtDay(filter.from)}`);
    wholeDays.push(sql`s.rowid >= ${keyAfterDay(filter.from)}`);
  }
  if (filter.until !== undefined) {
    terms.push(eb('releases.released_at', '<', filter.until));
    keys.push(sql`s.rowid < ${keyAfterDay(filter.until)}`);
    wholeDays.push(sql`s.rowid < ${keyAtDay(filter.until)}`);
  }
  // SQLite evaluates OR from the left and stops at the first true term.
  const checked = sql`EXISTS (SELECT 1 FROM releases INDEXED BY releases_public_sitemap
    WHERE releases.id = (s.rowid & ${KEY_ID_MASK}) AND ${eb.and(terms)})`;
  return sql`${sql.join(keys, sql` AND `)} AND ((${sql.join(wholeDays, sql` AND `)}) OR ${checked})`;
}

/** A row limit written into the SQL text: a bound LIMIT re-prepares the statement at every run (see inlineLimits in sqlite.ts). */
function rowLimit(n: number) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`a row limit must be a whole number: ${n}`);
  return sql.lit(n);
}

/**
 * Public matches under the filter, counted only up to `cap`, newest first: a word
 * found in most releases costs no more than `cap` rows.
 */
export async function countMatchesUpTo(db: Db, match: string, filter: SearchFilter, now: Date, isPublic: PublicCondition, cap: number): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM (
      SELECT 1 FROM release_search AS s
      WHERE release_search MATCH ${match} AND ${visibleMatches(filter, now, isPublic)}
      ORDER BY s.rowid DESC LIMIT ${rowLimit(cap)})`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * The ids of public matches newest first by 보도시점 (by day, then id), after a
 * position: the index is walked in that order and stops after `limit`, at any
 * archive size.
 */
export async function searchByDate(
  db: Db,
  match: string,
  filter: SearchFilter,
  now: Date,
  isPublic: PublicCondition,
  page: { after?: { releasedAt: string; id: number }; limit: number },
): Promise<number[]> {
  const after = page.after ? sql`AND s.rowid < ${keyOf(page.after.releasedAt, page.after.id)}` : sql``;
  const result = await sql<{ id: number }>`SELECT (s.rowid & ${KEY_ID_MASK}) AS id FROM release_search AS s
    WHERE release_search MATCH ${match} AND ${visibleMatches(filter, now, isPublic)} ${after}
    ORDER BY s.rowid DESC LIMIT ${rowLimit(page.limit)}`.execute(db);
  return result.rows.map((row) => row.id);
}

/** release_search's columns, as release_search_source names them too (migration 010). */
const INDEXED_COLUMNS = sql.raw('title, subtitles, summary, body, ministry, facets, chars');

/**
 * Rewrites one release's index entry inside the caller's transaction. The
 * triggers already do this on every write to releases; the workflow may call it
 * to be explicit, and it repairs an entry after a restore.
 */
export async function reindexRelease(trx: Db, releaseId: number): Promise<void> {
  await removeFromIndex(trx, releaseId);
  await sql`INSERT INTO release_search (rowid, ${INDEXED_COLUMNS})
    SELECT search_key, ${INDEXED_COLUMNS} FROM release_search_source WHERE id = ${releaseId}`.execute(trx);
}

/** Removes the entry of a release as it is stored now (the triggers handle changes). */
export async function removeFromIndex(trx: Db, releaseId: number): Promise<void> {
  await sql`DELETE FROM release_search WHERE rowid = (SELECT ${kstDay(sql.ref('released_at'))} * ${KEY_SCALE} + id FROM releases WHERE id = ${releaseId})`.execute(trx);
}

/** Rebuilds the whole index from releases (repair; the triggers keep it current). */
export async function rebuildSearchIndex(db: Db): Promise<void> {
  await sql`DELETE FROM release_search`.execute(db);
  await sql`INSERT INTO release_search (rowid, ${INDEXED_COLUMNS}) SELECT search_key, ${INDEXED_COLUMNS} FROM release_search_source`.execute(db);
}

/** Ids in the index (tests compare them with the releases that may be public). */
export async function indexedIds(db: Db): Promise<number[]> {
  const result = await sql<{ id: number }>`SELECT rowid & ${KEY_ID_MASK} AS id FROM release_search`.execute(db);
  return result.rows.map((r) => r.id).sort((a, b) => a - b);
}

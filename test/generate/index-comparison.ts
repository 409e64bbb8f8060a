// How a test tells that a generated search index is the one the triggers would
// have written: the same answers from search as an index the triggers wrote, and
// as the index rebuilt in place by the triggers' own SQL.
import { expect } from 'vitest';
import { indexedIds, rebuildSearchIndex, searchMatch } from '../../src/db/sqlite-search.js';
import type { Connection } from '../../src/db/sqlite.js';
import { queryWords } from '../../src/search/search-query.js';
import { searchReleases } from '../../src/search/search-service.js';
import { freshDatabase } from '../helpers.js';

const now = new Date('2026-11-26T00:00:00.000Z');

/** The schema as sqlite_master has it, without the page numbers a rebuilt index gets. */
export function schema(c: Connection): unknown[] {
  return c.sqlite.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
}

export function counters(c: Connection): Record<string, number> {
  const rows = c.sqlite.prepare('SELECT key, value FROM site_state').all() as { key: string; value: number }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function integrityCheck(c: Connection): void {
  c.sqlite.exec("INSERT INTO release_search (release_search, rank) VALUES ('integrity-check', 0)");
}

/** Words of every kind a reader types, taken from the generated titles so that they occur. */
function queriesFrom(c: Connection): string[] {
  const titles = c.sqlite.prepare("SELECT title FROM releases WHERE state = 'published' ORDER BY id LIMIT 3").pluck().all() as string[];
  const words = titles.flatMap((title) => title.split(' ')).filter((word) => [...word].length >= 2);
  return [
    [...words[0]!][0]!, // one syllable: a token of the chars column
    [...words[1]!].slice(0, 2).join(''), // two syllables
    words[2]!, // a whole word
    `${words[3]} ${words[4]}`, // two words
  ];
}

/**
 * What search answers: the index's ids, every match of each query in the raw
 * index, the same under a ministry filter, and the search service's pages in
 * both orders. With `scores`, each match's FTS5 bm25 too, which reads the row
 * count and token totals the index keeps.
 */
async function searchAnswers(c: Connection, queries: string[], scores: boolean): Promise<unknown> {
  const matches = c.sqlite
    .prepare('SELECT rowid, bm25(release_search) AS score FROM release_search WHERE release_search MATCH ? ORDER BY rowid DESC')
    .safeIntegers();
  const ministryId = c.sqlite.prepare('SELECT ministry_id FROM releases ORDER BY id LIMIT 1').pluck().get() as number;
  const answers: Record<string, unknown> = { ids: await indexedIds(c.db) };
  for (const q of queries) {
    const words = queryWords(q);
    const all = matches.all(searchMatch(words, {})) as { rowid: bigint; score: number }[];
    expect(all.length, q).toBeGreaterThan(0);
    answers[q] = {
      all: all.map((m) => (scores ? `${m.rowid}:${m.score}` : `${m.rowid}`)),
      ministry: (matches.all(searchMatch(words, { ministryId })) as { rowid: bigint }[]).map((m) => `${m.rowid}`),
      relevance: (await searchReleases(c.db, { words, sort: 'relevance', filter: {} }, now, { limit: 20 })).hits.map((h) => h.id),
      latest: (await searchReleases(c.db, { words, sort: 'latest', filter: {} }, now, { limit: 20 })).hits.map((h) => h.id),
    };
  }
  return answers;
}

/**
 * The same ministries and releases inserted one by one into a new database, so
 * that the search trigger indexes them: the ordinary path.
 */
export function copiedThroughTriggers(c: Connection): Connection {
  const copy = freshDatabase();
  for (const table of ['ministries', 'releases']) {
    const rows = c.sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
    const columns = Object.keys(rows[0]!);
    const insert = copy.sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((col) => `@${col}`).join(', ')})`);
    copy.sqlite.transaction(() => rows.forEach((row) => insert.run(row)))();
  }
  return copy;
}

/** Compares what search answers with what it answers from an index the triggers wrote (`ordinary`), bm25 included. */
export async function expectSameAs(c: Connection, ordinary: Connection): Promise<void> {
  integrityCheck(c);
  const queries = queriesFrom(c);
  expect(await searchAnswers(c, queries, true)).toEqual(await searchAnswers(ordinary, queries, true));
}

/**
 * Compares what search answers with what it answers once the triggers' own SQL
 * has rebuilt the index in place (rebuildSearchIndex, whose deletes leave
 * FTS5's row count and token totals behind: without bm25).
 */
export async function expectSameAsRebuilt(c: Connection): Promise<void> {
  integrityCheck(c);
  const queries = queriesFrom(c);
  const generated = await searchAnswers(c, queries, false);
  await rebuildSearchIndex(c.db);
  expect(generated).toEqual(await searchAnswers(c, queries, false));
}

export async function expectSameAsTriggersWrite(c: Connection): Promise<void> {
  const ordinary = copiedThroughTriggers(c);
  try {
    await expectSameAs(c, ordinary);
  } finally {
    await ordinary.close();
  }
  await expectSameAsRebuilt(c);
}

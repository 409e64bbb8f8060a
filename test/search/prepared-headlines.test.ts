// Relevance keeps the headlines it has prepared between searches (different words
// draw on the same recent releases), and must never rank by a headline that has
// since been corrected.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { contentFreshnessReader } from '../../src/db/sqlite.js';
import { PreparedHeadlines } from '../../src/search/prepared-headlines.js';
import { prepareRankDoc } from '../../src/search/search-rank.js';
import { searchReleases } from '../../src/search/search-service.js';
import type { Freshness } from '../../src/shared/fresh-cache.js';
import { recordingDatabase, seedRelease } from '../helpers.js';

const now = new Date('2025-01-01T00:00:00.000Z');
const doc = (id: number, title: string) => prepareRankDoc({ id, columns: [title, '', '', '중소벤처기업부'] });

function versioned() {
  const state = { version: 1 };
  const reader = (): Freshness => ({ version: state.version, commentVersion: 0, nextEmbargoAt: null });
  return { state, reader };
}

describe('prepared headlines', () => {
  it('finds what was stored at the current version and names the rest, in the order asked', () => {
    const { reader } = versioned();
    const headlines = new PreparedHeadlines(reader);
    const first = headlines.lookup([3, 1, 2], now);
    expect(first.missing).toEqual([3, 1, 2]);
    headlines.store([doc(1, '반도체'), doc(3, '예산')], first.version);

    const second = headlines.lookup([3, 2, 1], now);
    expect(second.missing).toEqual([2]);
    expect([...second.found.keys()].sort()).toEqual([1, 3]);
    expect(second.found.get(3)?.texts[0]).toBe('예산');
  });

  it('forgets everything once the content version moves, and drops what was read before it moved', () => {
    const { state, reader } = versioned();
    const headlines = new PreparedHeadlines(reader);
    const before = headlines.lookup([1, 2], now);
    headlines.store([doc(1, '옛 제목'), doc(2, '옛 제목')], before.version);

    state.version = 2;
    const after = headlines.lookup([1, 2], now);
    expect(after.missing).toEqual([1, 2]);
    // Rows read under version 1 arriving late must not be kept under version 2.
    headlines.store([doc(1, '옛 제목')], before.version);
    expect(headlines.lookup([1], now).missing).toEqual([1]);
    headlines.store([doc(1, '새 제목')], after.version);
    expect(headlines.lookup([1], now).found.get(1)?.texts[0]).toBe('새 제목');
  });

  it('keeps at most its bound, the headlines used last surviving', () => {
    const { reader } = versioned();
    const headlines = new PreparedHeadlines(reader, 4);
    const { version } = headlines.lookup([], now);
    headlines.store([doc(1, 'a'), doc(2, 'b')], version);
    headlines.store([doc(3, 'c'), doc(4, 'd')], version);
    // 1 is used again, so it outlives 2.
    expect(headlines.lookup([1], now).missing).toEqual([]);
    headlines.store([doc(5, 'e'), doc(6, 'f')], version);
    expect(headlines.size).toBeLessThanOrEqual(4);
    const last = headlines.lookup([1, 2, 5, 6], now);
    expect(last.missing).toEqual([2]);
  });

  it('ranks a release by its corrected title, and reads no headline twice while nothing changed', async () => {
    const { connection, db, statements } = recordingDatabase();
    const plain = await seedRelease(connection, { title: '중소기업 지원 안내', body: '스마트공장 보급을 넓힙니다.', releasedAt: '2024-06-02T00:00:00.000Z' });
    const titled = await seedRelease(connection, { title: '스마트공장 보급 확대', body: '중소기업 공장을 돕습니다.', releasedAt: '2024-06-01T00:00:00.000Z' });
    const headlines = new PreparedHeadlines(contentFreshnessReader(connection.sqlite));
    const ids = async (word: string) => (await searchReleases(db, { words: [word], sort: 'relevance', filter: {} }, now, { headlines })).hits.map((h) => h.id);
    const headlineReads = () => statements.filter((s) => /select "releases"\."id", "releases"\."title", "releases"\."subtitles", "releases"\."summary", "ministries"/.test(s.sql) && !s.sql.includes('body')).length;

    expect(await ids('스마트공장')).toEqual([titled, plain]);
    expect(headlineReads()).toBe(1);
    // Another word over the same releases: their headlines are already prepared.
    expect(await ids('보급')).toEqual([titled, plain]);
    expect(headlineReads()).toBe(1);

    await sql`UPDATE releases SET title = '스마트공장 스마트공장 보급 지원' WHERE id = ${plain}`.execute(connection.db);
    expect(await ids('스마트공장')).toEqual([plain, titled]);
    expect(headlineReads()).toBe(2);
  });
});

// Paging through relevance results cuts one ranked pool: ranking it costs about 19 ms at
// 1,000,000 releases, so the next pages must not rank it again, and no change may be
// missed because of it.
import { describe, expect, it } from 'vitest';
import { contentFreshnessReader } from '../../src/db/sqlite.js';
import { decodeSearchCursor } from '../../src/search/search-query.js';
import { rankedPools, searchReleases } from '../../src/search/search-service.js';
import { recordingDatabase, seedRelease } from '../helpers.js';

describe('ranked pools', () => {
  it('ranks a query once for all its pages, the same pages as without them, and again after any change', async () => {
    const { connection, db, statements } = recordingDatabase();
    for (let i = 1; i <= 30; i++) {
      await seedRelease(connection, { title: `반도체 지원 ${String(i).padStart(2, '0')}호`, releasedAt: new Date(Date.UTC(2020, 0, i)).toISOString() });
    }
    const pools = rankedPools(contentFreshnessReader(connection.sqlite));
    const now = new Date('2025-01-01T00:00:00.000Z');
    const query = { words: ['반도체'], sort: 'relevance' as const, filter: {} };
    const walks = () => statements.filter((s) => s.sql.includes('MATCH')).length;
    const ids = (result: { hits: { id: number }[] }) => result.hits.map((hit) => hit.id);

    const first = await searchReleases(db, query, now, { limit: 10, pools });
    const cursor = decodeSearchCursor(first.nextCursor!, 'relevance')!;
    const second = await searchReleases(db, { ...query, cursor }, now, { limit: 10, pools });
    expect(walks()).toBe(1);
    expect(ids(second)).toEqual(ids(await searchReleases(db, { ...query, cursor }, now, { limit: 10 })));
    expect(ids(second).some((id) => ids(first).includes(id))).toBe(false);

    // Another filter is another pool.
    await searchReleases(db, { ...query, filter: { from: '2020-01-10T00:00:00.000Z' } }, now, { limit: 10, pools });
    expect(walks()).toBe(3);

    const added = await seedRelease(connection, { title: '반도체 반도체 특별 지원', releasedAt: '2024-12-31T00:00:00.000Z' });
    const after = await searchReleases(db, query, now, { limit: 10, pools });
    expect(ids(after)[0]).toBe(added);
    expect(after.total).toBe(31);
  });
});

// An uncached search runs in steps with a pause between them (releaseSearch hands
// HeavyWork's pause in), so that the requests arriving meanwhile are answered between
// its statements instead of after all of them.
import { describe, expect, it } from 'vitest';
import { searchReleases } from '../../src/search/search-service.js';
import { recordingDatabase, seedRelease } from '../helpers.js';

describe('a search in steps', () => {
  it('runs at most one statement between two pauses, by relevance and by date, and finds what it finds without them', async () => {
    const { connection, db, statements } = recordingDatabase();
    // More matches than one step of headlines (250) reads.
    for (let i = 1; i <= 260; i++) {
      await seedRelease(connection, { title: `반도체 지원 ${i}호`, releasedAt: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString() });
    }
    const now = new Date('2025-01-01T00:00:00.000Z');
    for (const sort of ['relevance', 'latest'] as const) {
      const query = { words: ['반도체'], sort, filter: {} };
      const unpaused = await searchReleases(db, query, now, { limit: 10 });

      const first = statements.length;
      const statementsAtPauses: number[] = [];
      const paused = await searchReleases(db, query, now, { limit: 10, pause: async () => void statementsAtPauses.push(statements.length) });
      expect(paused).toEqual(unpaused);
      expect(paused.hits).toHaveLength(10);

      const boundaries = [first, ...statementsAtPauses, statements.length];
      const between = boundaries.slice(1).map((at, i) => at - boundaries[i]!);
      expect(Math.max(...between), `${sort}: statements between pauses ${between.join(', ')}`).toBe(1);
      // By relevance: the walk, two steps of headlines, the page's rows.
      expect(statements.length - first).toBe(sort === 'relevance' ? 4 : 3);
    }
  });
});

// The search walk trusts whole days of the index (it holds only scheduled and
// published releases, so a past day's entries are public) and checks each entry of
// today and of a period's first and last days against the release itself.
import { describe, expect, it } from 'vitest';
import { searchByDate, searchMatch } from '../../src/db/sqlite-search.js';
import { publicCondition } from '../../src/releases/visibility.js';
import { recordingDatabase, seedRelease } from '../helpers.js';

describe('which matches a search walk may show', () => {
  it('cuts a period inside its first and last days to the second', async () => {
    const { connection, db } = recordingDatabase();
    const morning = await seedRelease(connection, { title: '항만 점검 오전', releasedAt: '2024-03-10T08:00:00+09:00' });
    const afternoon = await seedRelease(connection, { title: '항만 점검 오후', releasedAt: '2024-03-10T15:00:00+09:00' });
    const dayBefore = await seedRelease(connection, { title: '항만 점검 전날', releasedAt: '2024-03-09T23:00:00+09:00' });
    const dayAfter = await seedRelease(connection, { title: '항만 점검 다음 날', releasedAt: '2024-03-11T01:00:00+09:00' });
    const now = new Date('2025-01-01T00:00:00Z');
    const walk = (filter: { from?: string; until?: string }) =>
      searchByDate(db, searchMatch(['항만'], filter), filter, now, publicCondition, { limit: 10 });
    const noon = new Date('2024-03-10T12:00:00+09:00').toISOString();

    expect(await walk({ from: noon })).toEqual([dayAfter, afternoon]);
    expect(await walk({ until: noon })).toEqual([morning, dayBefore]);
    expect(await walk({ from: noon, until: new Date('2024-03-11T00:30:00+09:00').toISOString() })).toEqual([afternoon]);
    expect(await walk({})).toEqual([dayAfter, afternoon, morning, dayBefore]);
  });

  it('shows what was published earlier today, not what is due later today, nor a release withdrawn after it was indexed', async () => {
    const { connection, db } = recordingDatabase();
    const now = new Date('2025-01-01T12:00:00+09:00');
    const earlier = await seedRelease(connection, { title: '철도 안전 오전', releasedAt: '2025-01-01T09:00:00+09:00' });
    await seedRelease(connection, { title: '철도 안전 저녁', releasedAt: '2025-01-01T18:00:00+09:00', state: 'scheduled' });
    const past = await seedRelease(connection, { title: '철도 안전 작년', releasedAt: '2024-05-01T09:00:00+09:00' });
    const withdrawn = await seedRelease(connection, { title: '철도 안전 철회', releasedAt: '2024-04-01T09:00:00+09:00' });
    await connection.db.updateTable('releases').set({ state: 'withdrawn', withdrawn_at: '2024-04-02T00:00:00Z' }).where('id', '=', withdrawn).execute();

    expect(await searchByDate(db, searchMatch(['철도'], {}), {}, now, publicCondition, { limit: 10 })).toEqual([earlier, past]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/sqlite.js';
import { listMostViewedIds } from '../../src/releases/release-repository.js';
import { freshDatabase, seedRelease } from '../helpers.js';

const WEEK = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05', '2025-01-06', '2025-01-07'];

let connection: Connection;
beforeEach(() => {
  connection = freshDatabase();
});
afterEach(async () => {
  await connection.close();
});

/** The week's ranking the plain way: sum every release's days, sort, take `limit`. */
function expectedRanking(rows: { id: number; day: string; views: number }[], limit: number): number[] {
  const totals = new Map<number, number>();
  for (const row of rows) if (WEEK.includes(row.day)) totals.set(row.id, (totals.get(row.id) ?? 0) + row.views);
  return [...totals].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, limit).map(([id]) => id);
}

describe('많이 본 뉴스 ranking', () => {
  it('sums a busy week range by range, pausing in between, and ranks exactly as one sum over all of it', async () => {
    // 18,000 releases viewed today, the last day, so the ranking takes several ranges;
    // the most viewed sit in different ranges, and some are viewed on several days.
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const rows: { id: number; day: string; views: number }[] = [];
    for (let id = 1; id <= 18_000; id++) rows.push({ id, day: '2025-01-07', views: 1 + Math.floor(random() * 20) });
    for (let id = 1; id <= 18_000; id += 3) rows.push({ id, day: '2025-01-02', views: 1 + Math.floor(random() * 20) });
    rows.push({ id: 17_999, day: '2025-01-06', views: 900 }, { id: 4_001, day: '2025-01-03', views: 800 }, { id: 9_000, day: '2025-01-01', views: 850 });
    // Outside the week: must not count.
    rows.push({ id: 12_345, day: '2024-12-31', views: 10_000 });
    const insert = connection.sqlite.prepare('INSERT INTO release_daily_views (release_id, day, views) VALUES (?, ?, ?)');
    connection.sqlite.transaction(() => rows.forEach((row) => insert.run(row.id, row.day, row.views)))();

    let pauses = 0;
    const ranked = await listMostViewedIds(connection.db, WEEK, 20, async () => void pauses++);
    expect(ranked).toEqual(expectedRanking(rows, 20));
    expect(ranked.slice(0, 3)).toEqual([17_999, 9_000, 4_001]);
    expect(ranked).not.toContain(12_345);
    expect(pauses).toBeGreaterThanOrEqual(3);
  });

  it('ranks the views of a quiet week in one step', async () => {
    const a = await seedRelease(connection, { title: '가', releasedAt: '2024-12-01T09:00:00+09:00' });
    const b = await seedRelease(connection, { title: '나', releasedAt: '2024-12-02T09:00:00+09:00' });
    await connection.db
      .insertInto('release_daily_views')
      .values([
        { release_id: a, day: '2025-01-07', views: 3 },
        { release_id: b, day: '2025-01-05', views: 2 },
        { release_id: b, day: '2025-01-06', views: 2 },
      ])
      .execute();
    let pauses = 0;
    expect(await listMostViewedIds(connection.db, WEEK, 5, async () => void pauses++)).toEqual([b, a]);
    expect(pauses).toBe(0);
    expect(await listMostViewedIds(connection.db, [], 5)).toEqual([]);
  });
});

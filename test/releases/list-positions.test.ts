import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentFreshnessReader } from '../../src/db/sqlite.js';
import { parseListQuery } from '../../src/releases/list-query.js';
import { ListPositions } from '../../src/releases/list-positions.js';
import { directNavigation, listPublicReleases } from '../../src/releases/release-service.js';
import { freshDatabase, seedRelease } from '../helpers.js';
import type { Connection } from '../../src/db/sqlite.js';

let connection: Connection;
const now = new Date('2025-01-01T00:00:00.000Z');

beforeEach(async () => {
  connection = freshDatabase();
  for (let i = 0; i < 130; i++) {
    await seedRelease(connection, {
      title: `자료 ${i}`,
      ministry: i % 3 ? '교육부' : '환경부',
      // pairs share a 보도시점, so the id decides their order
      releasedAt: new Date(Date.UTC(2020, 0, 1 + Math.floor(i / 2))).toISOString(),
      state: i % 11 === 5 ? 'draft' : 'published',
    });
  }
});
afterEach(async () => {
  await connection.close();
});

describe('deep pages through remembered positions', () => {
  it('gives every numbered page exactly the rows an offset walk gives, with and without a filter', async () => {
    const positions = new ListPositions(connection.db, contentFreshnessReader(connection.sqlite), 7);
    const ministries = await connection.db.selectFrom('ministries').selectAll().execute();
    for (const raw of [{}, { ministry: '교육부' }]) {
      for (let page = 1; page <= 7; page++) {
        const query = parseListQuery({ ...raw, page: String(page) }, (name) => ministries.find((m) => m.name === name));
        const expected = await listPublicReleases(connection.db, query, now, directNavigation(connection.db));
        const actual = await listPublicReleases(connection.db, query, now, positions);
        expect(actual.items.map((i) => i.id)).toEqual(expected.items.map((i) => i.id));
        expect(actual.total).toBe(expected.total);
      }
    }
  });

  it('forgets its positions when a release is published or withdrawn', async () => {
    const positions = new ListPositions(connection.db, contentFreshnessReader(connection.sqlite), 7);
    const ministries = await connection.db.selectFrom('ministries').selectAll().execute();
    const query = parseListQuery({ page: '3' }, (name) => ministries.find((m) => m.name === name));
    const before = await listPublicReleases(connection.db, query, now, positions);
    const firstOnPage = before.items[0]!.id;
    await connection.db.updateTable('releases').set({ state: 'withdrawn' }).where('id', '=', firstOnPage).execute();
    const after = await listPublicReleases(connection.db, query, now, positions);
    const expected = await listPublicReleases(connection.db, query, now, directNavigation(connection.db));
    expect(after.items.map((i) => i.id)).toEqual(expected.items.map((i) => i.id));
    expect(after.items.map((i) => i.id)).not.toContain(firstOnPage);
    expect(after.total).toBe(before.total - 1);
  });
});

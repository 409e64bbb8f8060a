import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentFreshnessReader } from '../../src/db/sqlite.js';
import { parseListQuery } from '../../src/releases/list-query.js';
import { FilterAnchors, ListPositions } from '../../src/releases/list-positions.js';
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

  it('answers a page past the end with no rows, as an offset walk does, and two deep pages asked at once alike', async () => {
    const positions = new ListPositions(connection.db, contentFreshnessReader(connection.sqlite), 7);
    const ministries = await connection.db.selectFrom('ministries').selectAll().execute();
    const query = (page: number) => parseListQuery({ page: String(page) }, (name) => ministries.find((m) => m.name === name));
    const [ninth, twelfth] = await Promise.all([9, 12].map((page) => listPublicReleases(connection.db, query(page), now, positions)));
    for (const [page, actual] of [[9, ninth], [12, twelfth]] as const) {
      const expected = await listPublicReleases(connection.db, query(page), now, directNavigation(connection.db));
      expect(actual!.items.map((i) => i.id), `page ${page}`).toEqual(expected.items.map((i) => i.id));
    }
    const beyond = await listPublicReleases(connection.db, query(40), now, positions);
    expect(beyond.items).toEqual((await listPublicReleases(connection.db, query(40), now, directNavigation(connection.db))).items);
  });
});

describe('counts through the anchors', () => {
  it('counts as one statement does, for lists shorter than, exactly at and past a multiple of the step', async () => {
    const ministries = await connection.db.selectFrom('ministries').selectAll().execute();
    const direct = directNavigation(connection.db);
    for (const every of [7, 59, 200]) {
      const positions = new ListPositions(connection.db, contentFreshnessReader(connection.sqlite), every);
      for (const raw of [{}, { ministry: '교육부' }, { ministry: '환경부' }, { from: '2030-01-01' }]) {
        const { filter } = parseListQuery(raw, (name) => ministries.find((m) => m.name === name));
        expect(await positions.count(filter, now), `${every} ${JSON.stringify(raw)}`).toBe(await direct.count(filter, now));
      }
    }
  });
});

describe('FilterAnchors', () => {
  // A list of 25 rows, positions by row number (1-based), anchors every 5 rows.
  const rows = Array.from({ length: 25 }, (_, i) => ({ releasedAt: '2020-01-01T00:00:00.000Z', id: 25 - i }));
  function walker() {
    const calls: number[] = [];
    const find = async (from: { after?: { id: number }; offset: number }) => {
      const start = from.after ? rows.findIndex((r) => r.id === from.after!.id) + 1 : 0;
      calls.push(start);
      return rows[start + from.offset];
    };
    return { calls, find };
  }

  it('finds anchors only as deep as asked, each from the one before', async () => {
    const anchors = new FilterAnchors();
    const { calls, find } = walker();
    await anchors.reach(2, 5, find);
    expect(anchors.positions.map((p) => p.id)).toEqual([21, 16]);
    await anchors.reach(4, 5, find);
    expect(anchors.positions.map((p) => p.id)).toEqual([21, 16, 11, 6]);
    expect(calls).toEqual([0, 5, 10, 15]);
  });

  it('stops at the end of the list, and lets one request extend at a time', async () => {
    const anchors = new FilterAnchors();
    const { calls, find } = walker();
    await Promise.all([anchors.reach(9, 5, find), anchors.reach(9, 5, find)]);
    expect(anchors.positions.map((p) => p.id)).toEqual([21, 16, 11, 6, 1]);
    // five anchors and the step that found the end, once
    expect(calls).toEqual([0, 5, 10, 15, 20, 25]);
  });
});

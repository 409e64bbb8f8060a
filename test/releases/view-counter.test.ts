import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/sqlite.js';
import { totalViews } from '../../src/releases/release-repository.js';
import { FLUSH_CHUNK, ViewCounter, type ViewRequest } from '../../src/releases/view-counter.js';
import { freshDatabase, seedRelease } from '../helpers.js';

const NOW = new Date('2025-01-01T00:00:00.000Z');
let reader = 0;
const view = (): ViewRequest => ({ method: 'GET', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120', purpose: undefined, clientKey: `reader-${++reader}` });

let connection: Connection;
let ids: number[];

beforeEach(async () => {
  connection = freshDatabase();
  ids = [];
  // More releases than one flush transaction takes, so a flush runs in several.
  for (let i = 0; i < FLUSH_CHUNK + 20; i++) {
    ids.push(await seedRelease(connection, { title: `조회 ${i}`, releasedAt: '2024-12-01T09:00:00+09:00' }));
  }
});

afterEach(async () => {
  await connection.close();
});

describe('view count flush', () => {
  it('writes every count, a chunk of releases per transaction, letting other work run in between', async () => {
    const counter = new ViewCounter(connection.db, () => NOW);
    for (const id of ids) counter.record(id, view());
    counter.record(ids[0]!, view());

    let ranBeforeDone = false;
    setImmediate(() => (ranBeforeDone = true));
    expect(await counter.flush()).toBe(ids.length + 1);
    expect(ranBeforeDone).toBe(true);

    expect(await totalViews(connection.db, ids[0]!)).toBe(2);
    expect(await totalViews(connection.db, ids.at(-1)!)).toBe(1);
    const daily = await connection.db.selectFrom('release_daily_views').select((eb) => eb.fn.sum<number>('views').as('n')).executeTakeFirstOrThrow();
    expect(Number(daily.n)).toBe(ids.length + 1);
    // The article rows themselves are not rewritten.
    const rewritten = await connection.db.selectFrom('releases').select('id').where('view_count', '!=', 0).execute();
    expect(rewritten).toEqual([]);
  });

  it('keeps the counts of a failed transaction and those after it for the next flush, and writes none twice', async () => {
    const counter = new ViewCounter(connection.db, () => NOW);
    for (const id of ids) counter.record(id, view());
    const failing = ids[FLUSH_CHUNK + 5]!;
    connection.sqlite.exec(`CREATE TRIGGER fail_views BEFORE INSERT ON release_views WHEN NEW.release_id = ${failing} BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);

    await expect(counter.flush()).rejects.toThrow(/disk trouble/);
    expect(await totalViews(connection.db, ids[0]!)).toBe(1);
    expect(await totalViews(connection.db, failing)).toBe(0);

    connection.sqlite.exec('DROP TRIGGER fail_views');
    expect(await counter.flush()).toBe(20);
    for (const id of [ids[0]!, ids[FLUSH_CHUNK - 1]!, failing, ids.at(-1)!]) expect(await totalViews(connection.db, id)).toBe(1);
  });

  it('adds the views counted before migration 011 to those since', async () => {
    const id = ids[0]!;
    await connection.db.updateTable('releases').set({ view_count: 40 }).where('id', '=', id).execute();
    const counter = new ViewCounter(connection.db, () => NOW);
    counter.record(id, view());
    counter.record(id, view());
    await counter.flush();
    expect(await totalViews(connection.db, id)).toBe(42);
  });

  it("drops a deleted release's counts with it", async () => {
    const counter = new ViewCounter(connection.db, () => NOW);
    counter.record(ids[1]!, view());
    await counter.flush();
    connection.sqlite.prepare('DELETE FROM releases WHERE id = ?').run(ids[1]!);
    const left = (table: 'release_views' | 'release_daily_views') =>
      connection.db.selectFrom(table).select('release_id').where('release_id', '=', ids[1]!).execute();
    expect(await left('release_views')).toEqual([]);
    expect(await left('release_daily_views')).toEqual([]);
  });
});

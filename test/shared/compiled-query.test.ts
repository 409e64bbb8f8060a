// A query compiled once must still answer each call with that call's values: the
// stand-ins are replaced every run, and each shape (which values are set, how many
// ids) gets its own SQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { compiledOnce } from '../../src/shared/compiled-query.js';
import { freshDatabase, seedRelease } from '../helpers.js';
import type { Connection } from '../../src/db/sqlite.js';

let connection: Connection;
let ids: number[];
beforeEach(async () => {
  connection = freshDatabase();
  ids = [];
  for (const [i, ministry] of ['교육부', '환경부', '교육부'].entries()) {
    ids.push(await seedRelease(connection, { title: `자료 ${i}`, ministry, releasedAt: `2020-01-0${i + 1}T00:00:00Z` }));
  }
});
afterEach(async () => {
  await connection.close();
});

const titles = compiledOnce((db: Kysely<Database>, values: { ids: readonly number[]; ministry?: string; limit: number }, shape: string) => {
  let query = db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .select('releases.title')
    .where('releases.id', 'in', values.ids)
    .orderBy('releases.id', shape === 'newest' ? 'desc' : 'asc')
    .limit(values.limit);
  if (values.ministry !== undefined) query = query.where('ministries.name', '=', values.ministry);
  return query;
});

// The limit goes into the SQL text (db/sqlite.ts, inlineLimits): one statement per limit.
const newestTitles = compiledOnce(
  (db: Kysely<Database>, values: { limit: number }) => db.selectFrom('releases').select('releases.title').orderBy('releases.id', 'desc').limit(values.limit),
  { literals: ['limit'] },
);

const run = async (shape: string, values: { ids: readonly number[]; ministry?: string; limit: number }) =>
  (await titles(connection.db, shape, values)).map((r) => r.title);

describe('compiledOnce', () => {
  it('answers every call with its own values', async () => {
    expect(await run('', { ids: [ids[0]!], limit: 5 })).toEqual(['자료 0']);
    expect(await run('', { ids: [ids[1]!], limit: 5 })).toEqual(['자료 1']);
    expect(await run('', { ids: [ids[2]!], limit: 5 })).toEqual(['자료 2']);
  });

  it('compiles another SQL for a value set or not, a list of another length, or another shape', async () => {
    expect(await run('', { ids, limit: 5 })).toEqual(['자료 0', '자료 1', '자료 2']);
    expect(await run('', { ids, ministry: '교육부', limit: 5 })).toEqual(['자료 0', '자료 2']);
    expect(await run('', { ids, ministry: '환경부', limit: 5 })).toEqual(['자료 1']);
    expect(await run('', { ids, limit: 5 })).toEqual(['자료 0', '자료 1', '자료 2']);
    expect(await run('', { ids: ids.slice(1), limit: 5 })).toEqual(['자료 1', '자료 2']);
    expect(await run('newest', { ids, limit: 2 })).toEqual(['자료 2', '자료 1']);
    expect(await run('', { ids, limit: 2 })).toEqual(['자료 0', '자료 1']);
  });

  it('sees a change made after it was compiled', async () => {
    expect(await run('', { ids: [ids[0]!], limit: 1 })).toEqual(['자료 0']);
    await connection.db.updateTable('releases').set({ title: '정정된 자료' }).where('id', '=', ids[0]!).execute();
    expect(await run('', { ids: [ids[0]!], limit: 1 })).toEqual(['정정된 자료']);
  });

  it('runs inside a transaction, seeing its uncommitted writes', async () => {
    await connection.db.transaction().execute(async (trx) => {
      await trx.updateTable('releases').set({ title: '거래 안의 제목' }).where('id', '=', ids[1]!).execute();
      expect((await titles(trx, '', { ids: [ids[1]!], limit: 1 })).map((r) => r.title)).toEqual(['거래 안의 제목']);
    });
  });

  it('writes a literal limit into the SQL and still answers each limit with its own rows', async () => {
    expect((await newestTitles(connection.db, '', { limit: 1 })).map((r) => r.title)).toEqual(['자료 2']);
    expect((await newestTitles(connection.db, '', { limit: 2 })).map((r) => r.title)).toEqual(['자료 2', '자료 1']);
    expect((await newestTitles(connection.db, '', { limit: 1 })).map((r) => r.title)).toEqual(['자료 2']);
    const compiled = connection.db.selectFrom('releases').select('id').limit(20).offset(40).compile();
    expect(compiled.sql).toMatch(/ limit 20 offset \?$/);
    expect(compiled.parameters).toEqual([40]);
  });
});

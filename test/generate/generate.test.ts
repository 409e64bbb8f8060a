import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RELEASE_TYPES } from '../../src/db/schema.js';
import type { Connection } from '../../src/db/sqlite.js';
import { generateComments, generateReleases } from '../../src/generate/generate-service.js';
import { freshDatabase } from '../helpers.js';

const contentDir = path.resolve(__dirname, '../../content');
const now = new Date('2026-11-26T00:00:00.000Z');
let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(async () => {
  await connection.close();
});

describe('generate', () => {
  it('fills realistic releases across 50 publishers, every type, since 1999', async () => {
    const progress: number[] = [];
    const result = await generateReleases(connection, { releases: 3000, seed: 7, contentDir, now, onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ releases: 3000, ministries: 50 });
    expect(progress.at(-1)).toBe(3000);
    const db = connection.db;
    const types = await db.selectFrom('releases').select('type').distinct().execute();
    expect(types.map((t) => t.type).sort()).toEqual([...RELEASE_TYPES].sort());
    const range = await db
      .selectFrom('releases')
      .select((eb) => [eb.fn.min<string>('released_at').as('first'), eb.fn.max<string>('released_at').as('last')])
      .executeTakeFirstOrThrow();
    expect(range.first.slice(0, 4)).toBe('1999');
    expect(range.last < now.toISOString()).toBe(true);
    const sample = await db.selectFrom('releases').select(['title', 'body_html', 'body_markdown']).where('id', '=', 1500).executeTakeFirstOrThrow();
    expect(sample.title.length).toBeGreaterThan(5);
    expect(sample.body_html.startsWith('<p>')).toBe(true);
    expect(sample.body_markdown.split('\n\n').length).toBeGreaterThanOrEqual(6);
  });

  it('is reproducible from its seed', async () => {
    await generateReleases(connection, { releases: 50, seed: 42, contentDir, now });
    const other = freshDatabase();
    await generateReleases(other, { releases: 50, seed: 42, contentDir, now });
    const titles = (c: Connection) => c.db.selectFrom('releases').select(['title', 'released_at']).orderBy('id').execute();
    expect(await titles(other)).toEqual(await titles(connection));
    await other.close();
  });

  it('adds comments by citizens to published releases, in every state', async () => {
    await generateReleases(connection, { releases: 200, seed: 3, contentDir, now });
    const result = await generateComments(connection, { comments: 2000, seed: 3, contentDir, now });
    expect(result.comments).toBe(2000);
    const states = await connection.db.selectFrom('comments').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    expect(states.map((s) => s.state).sort()).toEqual(['deleted', 'held', 'published', 'removed_by_author']);
    const orphans = await connection.db
      .selectFrom('comments')
      .leftJoin('releases', 'releases.id', 'comments.release_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('releases.id', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(orphans.n)).toBe(0);
  });

  it('refuses comments when there is no release to comment on', async () => {
    await expect(generateComments(connection, { comments: 10, seed: 1, contentDir, now })).rejects.toThrow('게시된 보도자료가 없습니다');
  });
});

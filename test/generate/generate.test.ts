import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RELEASE_TYPES } from '../../src/db/schema.js';
import { indexedIds, searchMatch } from '../../src/db/sqlite-search.js';
import type { Connection } from '../../src/db/sqlite.js';
import { generateComments, generateReleases } from '../../src/generate/generate-service.js';
import { queryWords } from '../../src/search/search-query.js';
import { freshDatabase, seedRelease } from '../helpers.js';
import { copiedThroughTriggers, counters, expectSameAs, expectSameAsRebuilt, expectSameAsTriggersWrite, integrityCheck, schema } from './index-comparison.js';

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
    expect(result).toEqual({ releases: 3000, ministries: 50, searchIndex: 'assembled' });
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
    // The per-release counts the triggers would have kept, although the load bypassed them.
    const kept = await connection.db.selectFrom('release_comment_counts').select(['release_id', 'shown']).where('shown', '>', 0).orderBy('release_id').execute();
    const counted = await connection.db
      .selectFrom('comments')
      .select(['release_id', (eb) => eb.fn.countAll<number>().as('shown')])
      .where('state', 'in', ['published', 'hidden', 'deleted'])
      .groupBy('release_id')
      .orderBy('release_id')
      .execute();
    expect(kept.length).toBeGreaterThan(10);
    expect(kept).toEqual(counted.map((r) => ({ release_id: r.release_id, shown: Number(r.shown) })));
  });

  it('refuses comments when there is no release to comment on', async () => {
    await expect(generateComments(connection, { comments: 10, seed: 1, contentDir, now })).rejects.toThrow('게시된 보도자료가 없습니다');
  });
});

describe('the search index of a generated database', () => {
  it('holds exactly what the search trigger would have written, built by several builders', async () => {
    const result = await generateReleases(connection, { releases: 2500, seed: 11, contentDir, now, searchThreads: 3 });
    expect(result.searchIndex).toBe('assembled');
    // assembled from many segments, not written by one FTS5 instance
    const segments = connection.sqlite.prepare('SELECT count(*) FROM release_search_idx GROUP BY segid').all().length;
    expect(segments).toBeGreaterThan(3);
    await expectSameAsTriggersWrite(connection);
  });

  it('keeps the releases that were public before the load findable, and drafts out of it', async () => {
    await seedRelease(connection, { title: '반도체 특구 지정 계획', releasedAt: '2024-03-01T01:00:00Z' });
    await seedRelease(connection, { title: '해양 쓰레기 수거 확대', releasedAt: '2031-01-01T00:00:00Z', state: 'scheduled' });
    await seedRelease(connection, { title: '비공개 초안 특구', releasedAt: '2024-03-02T01:00:00Z', state: 'draft' });
    // one builder: it indexes the later 보도시점 of the scheduled release first, then the generated releases from 1999
    await generateReleases(connection, { releases: 800, seed: 5, contentDir, now, searchThreads: 1 });
    const found = (q: string) => connection.sqlite.prepare('SELECT count(*) FROM release_search WHERE release_search MATCH ?').pluck().get(searchMatch(queryWords(q), {}));
    expect(found('반도체특구')).toBe(1);
    expect(found('쓰레기')).toBeGreaterThanOrEqual(1);
    expect(found('비공개')).toBe(0);
    await expectSameAsTriggersWrite(connection);
  });

  it('stays exact as releases are edited, withdrawn and deleted afterwards', async () => {
    await generateReleases(connection, { releases: 1200, seed: 9, contentDir, now, searchThreads: 2 });
    const ordinary = copiedThroughTriggers(connection);
    for (const c of [connection, ordinary]) {
      c.sqlite.exec(`
        UPDATE releases SET title = '가나다라 시험 제목' WHERE id = 10;
        UPDATE releases SET state = 'withdrawn' WHERE id = 600;
        UPDATE releases SET released_at = '2026-01-01T00:00:00.000Z' WHERE id = 1100;
        DELETE FROM releases WHERE id = 1199;`);
      await seedRelease(c, { title: '새로 올린 보도자료 제목', releasedAt: '2026-02-01T00:00:00Z' });
    }
    const ids = await indexedIds(connection.db);
    expect(ids).toContain(10);
    expect(ids).toContain(1201);
    expect(ids).not.toContain(600);
    expect(ids).not.toContain(1199);
    expect(connection.sqlite.prepare("SELECT rowid & 33554431 FROM release_search WHERE release_search MATCH 'title : \"가나 나다 다라\"'").pluck().all()).toEqual([10]);
    try {
      await expectSameAs(connection, ordinary);
    } finally {
      await ordinary.close();
    }
    await expectSameAsRebuilt(connection);
  });

  it('lets the trigger index every release when release_search_source is not what the generator knows', async () => {
    const view = connection.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'release_search_source'").pluck().get() as string;
    const changed = view.replace('search_grams(r.title)', "search_grams(r.title || ' 보도')");
    expect(changed).not.toBe(view);
    connection.sqlite.exec(`DROP VIEW release_search_source; ${changed}`);
    const result = await generateReleases(connection, { releases: 300, seed: 2, contentDir, now });
    expect(result.searchIndex).toBe('trigger');
    const withSuffix = connection.sqlite.prepare('SELECT count(*) FROM release_search WHERE release_search MATCH ?').pluck().get(`title : ${searchMatch(['보도'], {})}`);
    expect(withSuffix).toBe(300);
    await expectSameAsRebuilt(connection);
  });
});

describe('a generated database', () => {
  it('has every trigger, index and view it had, and counts each release and comment in the version counters', async () => {
    const before = schema(connection);
    const versions = counters(connection);
    await generateReleases(connection, { releases: 700, seed: 4, contentDir, now });
    await generateComments(connection, { comments: 900, seed: 4, contentDir, now });
    expect(schema(connection)).toEqual(before);
    expect(counters(connection)).toEqual({ content_version: versions.content_version! + 700 });
    // the restored triggers work: a new release is indexed, a new comment counted
    const id = await seedRelease(connection, { title: '복원된 트리거 확인용 보도자료', releasedAt: '2026-03-01T00:00:00Z' });
    expect(await indexedIds(connection.db)).toContain(id);
    expect(counters(connection).content_version).toBe(versions.content_version! + 701);
  });

  it('is left as it was when a load fails midway', async () => {
    const seeded = await seedRelease(connection, { title: '먼저 있던 보도자료', releasedAt: '2024-05-01T00:00:00Z' });
    const before = schema(connection);
    const versions = counters(connection);
    const failing = (done: number) => {
      if (done >= 1000) throw new Error('중간에 멈춤');
    };
    await expect(generateReleases(connection, { releases: 3000, seed: 6, contentDir, now, onProgress: failing, searchThreads: 2 })).rejects.toThrow('중간에 멈춤');
    expect(schema(connection)).toEqual(before);
    expect(counters(connection)).toEqual(versions);
    expect(connection.sqlite.prepare('SELECT count(*) FROM releases').pluck().get()).toBe(1);
    expect(await indexedIds(connection.db)).toEqual([seeded]);
    integrityCheck(connection);

    await generateReleases(connection, { releases: 200, seed: 6, contentDir, now });
    await expect(generateComments(connection, { comments: 5000, seed: 6, contentDir, now, onProgress: () => failing(1000) })).rejects.toThrow('중간에 멈춤');
    expect(connection.sqlite.prepare('SELECT count(*) FROM comments').pluck().get()).toBe(0);
    expect(schema(connection)).toEqual(before);
  });
});

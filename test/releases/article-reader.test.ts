import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase, type Connection } from '../../src/db/sqlite.js';
import { insertComment } from '../../src/comments/comment-repository.js';
import { createUser } from '../../src/users/user-service.js';
import { readArticle, startArticleReadThread, type ArticleRequest } from '../../src/releases/article-reader.js';
import { parseListQuery } from '../../src/releases/list-query.js';
import { findOrCreateMinistry } from '../../src/ministries/ministry-service.js';
import { AppError } from '../../src/shared/errors.js';
import { seedRelease } from '../helpers.js';
import { ensureBuilt, ROOT, tempDir } from '../security/real-server.js';

// The read thread runs the compiled worker, as the built server does.
const WORKER = path.join(ROOT, 'dist/src/releases/article-read-worker.js');
const now = new Date('2025-03-01T00:00:00.000Z');
let dir: string;
let file: string;
let connection: Connection;
const ids: Record<string, number> = {};

beforeAll(async () => {
  ensureBuilt();
  dir = tempDir('article-reader');
  file = path.join(dir, 'briefroom.db');
  connection = openDatabase(file);
  migrate(connection);
  ids.older = await seedRelease(connection, { title: '국토부 지난 발표', ministry: '국토교통부', releasedAt: '2025-02-01T01:00:00Z' });
  ids.middle = await seedRelease(connection, { title: '다른 부처의 발표', ministry: '교육부', releasedAt: '2025-02-02T01:00:00Z' });
  ids.article = await seedRelease(connection, {
    title: '국토부 <주택> 공급 대책',
    ministry: '국토교통부',
    releasedAt: '2025-02-03T01:00:00Z',
    subtitles: ['부제목 한 줄'],
    summary: ['요약 첫째', '요약 둘째'],
    body: '본문 **강조**와 [링크](https://example.go.kr)',
  });
  ids.newer = await seedRelease(connection, { title: '국토부 나중 발표', ministry: '국토교통부', releasedAt: '2025-02-04T01:00:00Z' });
  ids.embargoed = await seedRelease(connection, { title: '보도시점 전', ministry: '국토교통부', state: 'scheduled', releasedAt: '2025-12-01T00:00:00Z' });
  const author = await createUser(connection.db, { email: 'reader@example.kr', displayName: '시민 독자', roles: ['citizen'], password: 'correct-horse-9' }, now);
  for (const body of ['첫 댓글', '둘째 댓글\n두 줄']) {
    await insertComment(connection.db, { release_id: ids.article!, author_id: author.userId, body, state: 'published', created_at: now.toISOString(), updated_at: now.toISOString() });
  }
});

afterAll(async () => {
  await connection.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ministryQuery(name: string) {
  const { ministry } = await findOrCreateMinistry(connection.db, name, now.toISOString());
  return parseListQuery({ ministry: name }, (asked) => (asked === name ? ministry : undefined));
}

describe('article read thread', () => {
  it('answers with what the request thread reads: the article, its neighbours within the list, its comments', async () => {
    const reader = startArticleReadThread(file, connection.db, { workerFile: WORKER });
    try {
      expect(reader.threaded()).toBe(true);
      const requests: ArticleRequest[] = [
        { releaseId: ids.article!, query: parseListQuery({}, () => undefined), now, commentPage: 1 },
        { releaseId: ids.article!, query: await ministryQuery('국토교통부'), now, commentPage: 1 },
        { releaseId: ids.middle!, query: parseListQuery({}, () => undefined), now, commentPage: 3 },
      ];
      for (const request of requests) {
        expect(await reader.read(request)).toEqual(await readArticle(connection.db, request));
      }
      const read = await reader.read(requests[1]!);
      expect(read.article.release.title).toBe('국토부 <주택> 공급 대책');
      expect(read.article.prev?.title).toBe('국토부 지난 발표');
      expect(read.article.next?.title).toBe('국토부 나중 발표');
      expect(read.comments.items.map((c) => c.lines)).toEqual([['둘째 댓글', '두 줄'], ['첫 댓글']]);
    } finally {
      await reader.stop();
    }
    expect(reader.threaded()).toBe(false);
  });

  it('refuses what is not public with the same Korean error, and reads what was committed after it started', async () => {
    const reader = startArticleReadThread(file, connection.db, { workerFile: WORKER });
    try {
      const ask = (releaseId: number) => reader.read({ releaseId, query: parseListQuery({}, () => undefined), now, commentPage: 1 });
      for (const releaseId of [ids.embargoed!, 9_999_999]) {
        const refused = await ask(releaseId).then(() => null, (error: unknown) => error);
        expect(refused).toBeInstanceOf(AppError);
        expect(refused).toMatchObject({ code: 'RELEASE_NOT_FOUND', message: '요청한 보도자료를 찾을 수 없습니다.', statusCode: 404 });
      }
      const added = await seedRelease(connection, { title: '방금 올린 발표', releasedAt: '2025-02-05T01:00:00Z' });
      expect((await ask(added)).article.release.title).toBe('방금 올린 발표');
    } finally {
      await reader.stop();
    }
  });

  it('reads on the calling thread when the thread cannot open the file, including what it was already asked', async () => {
    const errors: Error[] = [];
    const reader = startArticleReadThread(path.join(dir, 'missing.db'), connection.db, { workerFile: WORKER, onError: (error) => errors.push(error) });
    const request = { releaseId: ids.article!, query: parseListQuery({}, () => undefined), now, commentPage: 1 };
    // Asked before the thread has failed: answered all the same.
    const first = await reader.read(request);
    expect(first.article.release.title).toBe('국토부 <주택> 공급 대책');
    for (let waited = 0; reader.threaded() && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reader.threaded()).toBe(false);
    expect(await reader.read(request)).toEqual(first);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/article read thread ended/);
    await reader.stop();
  });

  it('reads on the calling thread for an in-memory database, which a second connection cannot see', async () => {
    const memory = openDatabase(':memory:');
    try {
      const reader = startArticleReadThread(':memory:', memory.db, { workerFile: WORKER });
      expect(reader.threaded()).toBe(false);
      await reader.stop();
    } finally {
      await memory.close();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { CommentsTable, Database } from '../../src/db/schema.js';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.js';
import { openDatabase, type Connection } from '../../src/db/sqlite.js';
import { countReleaseComments, insertComment, recountShownComments, updateComment } from '../../src/comments/comment-repository.js';
import { createUser } from '../../src/users/user-service.js';
import { freshDatabase, seedRelease } from '../helpers.js';

type State = CommentsTable['state'];
const at = '2025-01-01T00:00:00.000Z';

/** What an anonymous reader may see, counted the slow way. */
async function directCounts(db: Kysely<Database>): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('comments')
    .select(['release_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', 'in', ['published', 'hidden', 'deleted'])
    .groupBy('release_id')
    .execute();
  return new Map(rows.map((r) => [r.release_id, Number(r.n)]));
}

async function keptCounts(db: Kysely<Database>): Promise<Map<number, number>> {
  const rows = await db.selectFrom('release_comment_counts').select(['release_id', 'shown']).where('shown', '>', 0).execute();
  return new Map(rows.map((r) => [r.release_id, r.shown]));
}

async function addComment(db: Kysely<Database>, releaseId: number, authorId: number, state: State): Promise<number> {
  return insertComment(db, {
    release_id: releaseId,
    author_id: authorId,
    body: state === 'removed_by_author' ? '' : '의견입니다',
    state,
    hidden_reason: state === 'hidden' ? 'flags' : null,
    deleted_rule: state === 'deleted' ? 4 : null,
    created_at: at,
    updated_at: at,
  });
}

let connection: Connection;
beforeEach(() => {
  connection = freshDatabase();
});
afterEach(async () => {
  await connection.close();
});

describe('comment counts kept per release', () => {
  it('follow every insert, change of state and deletion, and agree with a count of the comments', async () => {
    const db = connection.db;
    const releases = [
      await seedRelease(connection, { title: '첫째 자료', releasedAt: at }),
      await seedRelease(connection, { title: '둘째 자료', releasedAt: at }),
    ];
    const author = await createUser(db, { email: 'count@example.kr', displayName: '세는독자', roles: ['citizen'], password: 'correct-horse-9' }, new Date(at));
    const states: State[] = ['published', 'held', 'hidden', 'deleted', 'removed_by_author', 'published'];
    const ids: number[] = [];
    for (const [i, state] of states.entries()) ids.push(await addComment(db, releases[i % 2]!, author.userId, state));
    expect(await keptCounts(db)).toEqual(await directCounts(db));

    // held → published, published → hidden, hidden → deleted, deleted → removed_by_author, published → held
    await updateComment(db, ids[1]!, { state: 'published' });
    await updateComment(db, ids[0]!, { state: 'hidden', hidden_reason: 'flags' });
    await updateComment(db, ids[0]!, { state: 'deleted', hidden_reason: null, deleted_rule: 2 });
    await updateComment(db, ids[3]!, { state: 'removed_by_author', deleted_rule: null, body: '' });
    await updateComment(db, ids[5]!, { state: 'held' });
    // a change that is not of visibility leaves the count alone
    await updateComment(db, ids[2]!, { open_flags: 3 });
    expect(await keptCounts(db)).toEqual(await directCounts(db));

    await db.deleteFrom('comments').where('id', 'in', [ids[0]!, ids[1]!, ids[4]!]).execute();
    expect(await keptCounts(db)).toEqual(await directCounts(db));
  });

  it('gives each viewer the count of what they see: held ones for their author and moderators only', async () => {
    const db = connection.db;
    const release = await seedRelease(connection, { title: '셋째 자료', releasedAt: at });
    const writer = await createUser(db, { email: 'writer@example.kr', displayName: '글쓴이', roles: ['citizen'], password: 'correct-horse-9' }, new Date(at));
    const other = await createUser(db, { email: 'other@example.kr', displayName: '다른이', roles: ['citizen'], password: 'correct-horse-9' }, new Date(at));
    for (const state of ['published', 'published', 'held', 'deleted', 'removed_by_author'] as State[]) await addComment(db, release, writer.userId, state);
    await addComment(db, release, other.userId, 'held');
    expect(await countReleaseComments(db, release, null, false)).toBe(3);
    expect(await countReleaseComments(db, release, writer.userId, false)).toBe(4);
    expect(await countReleaseComments(db, release, other.userId, false)).toBe(4);
    expect(await countReleaseComments(db, release, null, true)).toBe(5);
    expect(await countReleaseComments(db, 999, null, false)).toBe(0);
  });

  it('are recounted from the comments after a load that bypassed the triggers', async () => {
    const db = connection.db;
    const release = await seedRelease(connection, { title: '넷째 자료', releasedAt: at });
    const author = await createUser(db, { email: 'bulk@example.kr', displayName: '대량', roles: ['citizen'], password: 'correct-horse-9' }, new Date(at));
    connection.sqlite.exec('DROP TRIGGER comments_count_insert');
    for (let i = 0; i < 5; i++) await addComment(db, release, author.userId, i === 4 ? 'held' : 'published');
    expect(await keptCounts(db)).toEqual(new Map());
    await recountShownComments(db);
    expect(await keptCounts(db)).toEqual(new Map([[release, 4]]));
  });
});

describe('migration 012', () => {
  it('counts the comments written before it', async () => {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-migrations-'));
    try {
      for (const file of fs.readdirSync(MIGRATIONS_DIR)) {
        if (file < '012') fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(before, file));
      }
      const old = openDatabase(':memory:');
      migrate(old, before);
      const release = await seedRelease(old, { title: '옛 자료', releasedAt: at });
      const author = await createUser(old.db, { email: 'old@example.kr', displayName: '옛독자', roles: ['citizen'], password: 'correct-horse-9' }, new Date(at));
      for (const state of ['published', 'hidden', 'held', 'deleted'] as State[]) await addComment(old.db, release, author.userId, state);
      expect(migrate(old).applied).toContain('012_comment_counts');
      expect(await keptCounts(old.db)).toEqual(new Map([[release, 3]]));
      await old.close();
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});

describe('the version of a release\'s comments', () => {
  const versionOf = async (db: Kysely<Database>, releaseId: number) =>
    (await db.selectFrom('release_comment_counts').select('version').where('release_id', '=', releaseId).executeTakeFirst())?.version ?? 0;

  it('moves with every write to that release\'s comments and with none to another\'s', async () => {
    const db = connection.db;
    const mine = await seedRelease(connection, { title: '내 자료', releasedAt: at });
    const other = await seedRelease(connection, { title: '남의 자료', releasedAt: at });
    const { userId } = await createUser(db, { email: 'ver@example.kr', displayName: '판올림', roles: ['citizen'], password: 'correct-horse-9' }, new Date(at));
    const seen = new Set<number>([await versionOf(db, mine)]);
    const otherBefore = await versionOf(db, other);
    const id = await addComment(db, mine, userId, 'held');
    seen.add(await versionOf(db, mine));
    await updateComment(db, id, { body: '고친 의견입니다' });
    seen.add(await versionOf(db, mine));
    await updateComment(db, id, { open_flags: 1 });
    seen.add(await versionOf(db, mine));
    await db.deleteFrom('comments').where('id', '=', id).execute();
    seen.add(await versionOf(db, mine));
    expect(seen.size).toBe(5);
    expect(await versionOf(db, other)).toBe(otherBefore);
  });

  it('moves for every release when the counts are recounted', async () => {
    const db = connection.db;
    const release = await seedRelease(connection, { title: '다시 센 자료', releasedAt: at });
    const { userId } = await createUser(db, { email: 'recount@example.kr', displayName: '다시', roles: ['citizen'], password: 'correct-horse-9' }, new Date(at));
    await addComment(db, release, userId, 'published');
    const before = await versionOf(db, release);
    await recountShownComments(db);
    expect(await versionOf(db, release)).toBeGreaterThan(before);
  });
});

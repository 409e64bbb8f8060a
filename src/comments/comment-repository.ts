import { sql, type SqlBool, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { CommentRow, CommentsTable, Database } from '../db/schema.js';
import { compiledOnce, type QueryValues } from '../shared/compiled-query.js';

type Db = Kysely<Database>;

export async function insertComment(db: Db, row: Insertable<CommentsTable>): Promise<number> {
  const result = await db.insertInto('comments').values(row).returning('id').executeTakeFirstOrThrow();
  return result.id;
}

export async function updateComment(db: Db, id: number, patch: Updateable<CommentsTable>): Promise<void> {
  await db.updateTable('comments').set(patch).where('id', '=', id).execute();
}

export async function findComment(db: Db, id: number): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findComments(db: Db, ids: number[]): Promise<CommentRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('comments').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

export interface CommentListRow extends CommentRow {
  author_name: string | null;
}

/** The states every reader sees (as text or as a notice); release_comment_counts counts these. */
const SHOWN_STATES = ['published', 'hidden', 'deleted'] as const;

/** A reader sees published comments and the notices of hidden and deleted ones; held ones only their author and moderators. */
function visibleTo(viewer: { viewerId: number; moderator: number }) {
  return sql<SqlBool>`(comments.state in ('published', 'hidden', 'deleted')
      or (comments.state = 'held' and (${viewer.moderator} = 1 or comments.author_id = ${viewer.viewerId})))`;
}

interface ReleaseCommentValues extends QueryValues {
  releaseId: number;
  viewerId: number;
  moderator: number;
}

const viewerValues = (releaseId: number, viewerId: number | null, moderator: boolean): ReleaseCommentValues => ({
  releaseId,
  viewerId: viewerId ?? -1,
  moderator: moderator ? 1 : 0,
});

// Both run on every rendered article, so they are built and compiled once.
const shownCommentCount = compiledOnce((db: Db, values: { releaseId: number }) =>
  db.selectFrom('release_comment_counts').select('shown').where('release_id', '=', values.releaseId),
);

/** Held comments are few: their partial index (comments_held) serves both questions. */
const heldCommentCount = compiledOnce((db: Db, values: { releaseId: number; authorId?: number }) => {
  let query = db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('release_id', '=', values.releaseId)
    // A literal, not a parameter: only then may SQLite use the partial index.
    .where(sql<SqlBool>`state = 'held'`);
  if (values.authorId !== undefined) query = query.where('author_id', '=', values.authorId);
  return query;
});

const releaseCommentPage = compiledOnce((db: Db, values: ReleaseCommentValues & { limit: number; offset: number }) =>
  db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .selectAll('comments')
    .select('users.display_name as author_name')
    .where('comments.release_id', '=', values.releaseId)
    .where(visibleTo(values))
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(values.limit)
    .offset(values.offset),
  { literals: ['limit'] },
);

/**
 * The comments of a release its viewer may see: the kept count of those everyone
 * sees (migration 012), plus held ones for moderators, or the viewer's own.
 */
export async function countReleaseComments(db: Db, releaseId: number, viewerId: number | null, moderator: boolean): Promise<number> {
  const [shown] = await shownCommentCount(db, '', { releaseId });
  let total = Number(shown?.shown ?? 0);
  if (moderator || viewerId !== null) {
    const [held] = await heldCommentCount(db, '', { releaseId, authorId: moderator ? undefined : viewerId ?? undefined });
    total += Number(held?.n ?? 0);
  }
  return total;
}

/**
 * Counts every release's shown comments again from the comments, after a bulk load
 * that bypassed the triggers. Every version moves on, so no cached article outlives it.
 */
export async function recountShownComments(db: Db): Promise<void> {
  await db
    .updateTable('release_comment_counts')
    .set((eb) => ({ shown: 0, version: eb('version', '+', 1) }))
    .execute();
  await db
    .insertInto('release_comment_counts')
    .columns(['release_id', 'shown', 'version'])
    .expression(
      db
        .selectFrom('comments')
        .select((eb) => [
          'release_id',
          eb.fn.sum<number>(eb.case().when('state', 'in', SHOWN_STATES).then(1).else(0).end()).as('shown'),
          eb.lit(1).as('version'),
        ])
        // A WHERE before the upsert's ON CONFLICT keeps SQLite from reading ON as a join's.
        .where('release_id', 'is not', null)
        .groupBy('release_id'),
    )
    .onConflict((oc) => oc.column('release_id').doUpdateSet((eb) => ({ shown: eb.ref('excluded.shown') })))
    .execute();
}

export async function listReleaseComments(
  db: Db,
  releaseId: number,
  viewerId: number | null,
  moderator: boolean,
  offset: number,
  limit: number,
): Promise<CommentListRow[]> {
  return releaseCommentPage(db, '', { ...viewerValues(releaseId, viewerId, moderator), limit, offset });
}

/** One page of a reader's comments, newest first: the page from the author's index, then its releases' titles. */
export async function listAuthorComments(db: Db, authorId: number, limit: number, offset: number) {
  const page = db
    .selectFrom('comments as a')
    .select('a.id')
    .where('a.author_id', '=', authorId)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .as('page');
  const rows = await db
    .selectFrom(page)
    .innerJoin('comments', 'comments.id', 'page.id')
    .innerJoin('releases', 'releases.id', 'comments.release_id')
    .selectAll('comments')
    .select('releases.title as release_title')
    .execute();
  // The page's order, restored here rather than by a sort in SQL.
  return rows.sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1));
}

export async function countAuthorComments(db: Db, authorId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('author_id', '=', authorId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The author's comments since an instant (any state: deleting does not reset the limits). */
export async function authorActivitySince(db: Db, authorId: number, since: string): Promise<{ count: number; latest: string | null; earliest: string | null }> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('latest'), eb.fn.min('created_at').as('earliest')])
    .where('author_id', '=', authorId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), latest: row.latest ?? null, earliest: row.earliest ?? null };
}

export async function ipActivitySince(db: Db, ipHash: string, since: string): Promise<{ count: number; earliest: string | null }> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('earliest')])
    .where('ip_hash', '=', ipHash)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), earliest: row.earliest ?? null };
}

/** The author's recent texts, oldest first, for the engine's repeat check. */
export async function recentTextsByAuthor(db: Db, authorId: number, since: string, excludeId: number | null, limit = 50) {
  const rows = await db
    .selectFrom('comments')
    .select(['id', 'body', 'created_at'])
    .where('author_id', '=', authorId)
    .where('created_at', '>', since)
    .where('body', '!=', '')
    .$if(excludeId !== null, (qb) => qb.where('id', '!=', excludeId!))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** Other people's recent texts on the board, for the engine's campaign check. */
export async function recentTextsByOthers(db: Db, authorId: number, since: string, limit = 300) {
  return db
    .selectFrom('comments')
    .select(['author_id', 'body'])
    .where('created_at', '>', since)
    .where('body', '!=', '')
    .where((eb) => eb.or([eb('author_id', '!=', authorId), eb('author_id', 'is', null)]))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

// Flags

export async function insertFlag(db: Db, commentId: number, reporterId: number, rule: number, note: string, at: string): Promise<void> {
  await db.insertInto('comment_flags').values({ comment_id: commentId, reporter_id: reporterId, rule, note, created_at: at, resolved_at: null }).execute();
}

export async function findFlag(db: Db, commentId: number, reporterId: number) {
  return db.selectFrom('comment_flags').selectAll().where('comment_id', '=', commentId).where('reporter_id', '=', reporterId).executeTakeFirst();
}

export async function flaggedByReporter(db: Db, reporterId: number, commentIds: number[]): Promise<Set<number>> {
  if (commentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('comment_flags')
    .select('comment_id')
    .where('reporter_id', '=', reporterId)
    .where('comment_id', 'in', commentIds)
    .execute();
  return new Set(rows.map((r) => r.comment_id));
}

export async function openFlagRules(db: Db, commentId: number): Promise<{ rule: number; n: number }[]> {
  const rows = await db
    .selectFrom('comment_flags')
    .select((eb) => ['rule', eb.fn.countAll<number>().as('n')])
    .where('comment_id', '=', commentId)
    .where('resolved_at', 'is', null)
    .groupBy('rule')
    .orderBy('n', 'desc')
    .orderBy('rule')
    .execute();
  return rows.map((r) => ({ rule: r.rule, n: Number(r.n) }));
}

export async function resolveFlags(db: Db, commentId: number, at: string): Promise<void> {
  await db.updateTable('comment_flags').set({ resolved_at: at }).where('comment_id', '=', commentId).where('resolved_at', 'is', null).execute();
}

// Legal hold

/**
 * Recomputes legal_hold from its reasons: a rule-13 request naming the comment, or an open
 * appeal of a decision about the comment or its author. A comment its author removed loses
 * its text once nothing holds it any more.
 */
export async function refreshLegalHold(db: Db, commentIds: number[]): Promise<void> {
  if (commentIds.length === 0) return;
  await db
    .updateTable('comments')
    .set({
      legal_hold: sql<number>`case when exists (select 1 from rule13_request_comments r where r.comment_id = comments.id)
        or exists (select 1 from appeals a join moderation_decisions d on d.id = a.decision_id
                   where a.state = 'open' and (d.comment_id = comments.id or d.user_id = comments.author_id))
        then 1 else 0 end`,
    })
    .where('id', 'in', commentIds)
    .execute();
  await db
    .updateTable('comments')
    .set({ body: '' })
    .where('id', 'in', commentIds)
    .where('legal_hold', '=', 0)
    .where('state', '=', 'removed_by_author')
    .execute();
}

export async function commentIdsByAuthor(db: Db, authorId: number): Promise<number[]> {
  return (await db.selectFrom('comments').select('id').where('author_id', '=', authorId).execute()).map((r) => r.id);
}

/** Every stored comment in posting order, a page at a time (rescreening replays the board). */
export async function storedCommentsPage(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .innerJoin('releases', 'releases.id', 'comments.release_id')
    .selectAll('comments')
    .select(['users.display_name as author_name', 'releases.contact_phone as release_contact_phone'])
    .where('comments.id', '>', afterId)
    .orderBy('comments.id')
    .limit(limit)
    .execute();
}

import { sql, type Insertable, type Kysely, type SqlBool } from 'kysely';
import type { Database, ModerationDecisionRow, ModerationDecisionsTable, UserBlockRow } from '../db/schema.js';

type Db = Kysely<Database>;

// Decisions (append-only: only inserted and read)

export async function insertDecision(db: Db, row: Insertable<ModerationDecisionsTable>): Promise<number> {
  return (await db.insertInto('moderation_decisions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findDecision(db: Db, id: number): Promise<ModerationDecisionRow | undefined> {
  return db.selectFrom('moderation_decisions').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface DecisionWithNames extends ModerationDecisionRow {
  moderator_name: string | null;
  target_name: string | null;
  comment_body: string | null;
  comment_release_id: number | null;
  appeal_state: 'open' | 'granted' | 'rejected' | null;
}

function decisionsQuery(db: Db) {
  return db
    .selectFrom('moderation_decisions as d')
    .leftJoin('users as m', 'm.id', 'd.moderator_id')
    .leftJoin('comments as c', 'c.id', 'd.comment_id')
    .leftJoin('users as t', (join) => join.on(sql<SqlBool>`t.id = coalesce(d.user_id, c.author_id)`))
    .leftJoin('appeals as a', 'a.decision_id', 'd.id')
    .selectAll('d')
    .select([
      'm.display_name as moderator_name',
      't.display_name as target_name',
      'c.body as comment_body',
      'c.release_id as comment_release_id',
      'a.state as appeal_state',
    ]);
}

/** Decisions about a person: on their account and on any of their comments, newest first. */
export async function decisionsAffecting(db: Db, userId: number, limit = 200): Promise<DecisionWithNames[]> {
  return decisionsQuery(db)
    .where((eb) => eb.or([eb('d.user_id', '=', userId), eb('c.author_id', '=', userId)]))
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute() as Promise<DecisionWithNames[]>;
}

export async function decisionsForComments(db: Db, commentIds: number[]): Promise<ModerationDecisionRow[]> {
  if (commentIds.length === 0) return [];
  return db.selectFrom('moderation_decisions').selectAll().where('comment_id', 'in', commentIds).orderBy('id').execute();
}

export async function recentDecisions(db: Db, beforeId: number | null, limit: number): Promise<DecisionWithNames[]> {
  return decisionsQuery(db)
    .$if(beforeId !== null, (qb) => qb.where('d.id', '<', beforeId!))
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute() as Promise<DecisionWithNames[]>;
}

// Blocks

export async function insertBlock(db: Db, row: Omit<UserBlockRow, 'id' | 'lifted_at' | 'lifted_by_decision_id'>): Promise<void> {
  await db.insertInto('user_blocks').values({ ...row, lifted_at: null, lifted_by_decision_id: null }).execute();
}

export async function activeBlocks(db: Db, userId: number, at: string): Promise<UserBlockRow[]> {
  return db
    .selectFrom('user_blocks')
    .selectAll()
    .where('user_id', '=', userId)
    .where('lifted_at', 'is', null)
    .where('starts_at', '<=', at)
    .where((eb) => eb.or([eb('permanent', '=', 1), eb('until', '>', at)]))
    .execute();
}

export async function liftBlocks(db: Db, userId: number, at: string, decisionId: number, onlyDecisionId?: number): Promise<number> {
  const result = await db
    .updateTable('user_blocks')
    .set({ lifted_at: at, lifted_by_decision_id: decisionId })
    .where('user_id', '=', userId)
    .where('lifted_at', 'is', null)
    .$if(onlyDecisionId !== undefined, (qb) => qb.where('decision_id', '=', onlyDecisionId!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// Appeals

export async function insertAppeal(db: Db, decisionId: number, appellantId: number, reason: string, at: string): Promise<number> {
  return (
    await db
      .insertInto('appeals')
      .values({ decision_id: decisionId, appellant_id: appellantId, reason, state: 'open', created_at: at, decided_by: null, decided_at: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export async function findAppeal(db: Db, id: number) {
  return db.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAppealByDecision(db: Db, decisionId: number) {
  return db.selectFrom('appeals').selectAll().where('decision_id', '=', decisionId).executeTakeFirst();
}

export async function closeAppeal(db: Db, id: number, state: 'granted' | 'rejected', decidedBy: number, at: string): Promise<void> {
  await db.updateTable('appeals').set({ state, decided_by: decidedBy, decided_at: at }).where('id', '=', id).where('state', '=', 'open').execute();
}

export async function listOpenAppeals(db: Db) {
  return db
    .selectFrom('appeals as a')
    .innerJoin('moderation_decisions as d', 'd.id', 'a.decision_id')
    .innerJoin('users as u', 'u.id', 'a.appellant_id')
    .leftJoin('users as m', 'm.id', 'd.moderator_id')
    .leftJoin('comments as c', 'c.id', 'd.comment_id')
    .select([
      'a.id', 'a.reason', 'a.created_at', 'a.decision_id',
      'd.action', 'd.rule', 'd.reason as decision_reason', 'd.moderator_id', 'd.comment_id', 'd.user_id', 'd.block_until', 'd.created_at as decided_at',
      'u.display_name as appellant_name', 'm.display_name as moderator_name', 'c.body as comment_body',
    ])
    .where('a.state', '=', 'open')
    .orderBy('a.created_at')
    .execute();
}

// Rule-13 requests

export async function insertRule13Request(
  db: Db,
  row: { agency: string; reference_number: string; received_on: string; note: string; recorded_by: number; created_at: string },
): Promise<number> {
  return (await db.insertInto('rule13_requests').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findRule13Request(db: Db, agency: string, referenceNumber: string) {
  return db.selectFrom('rule13_requests').selectAll().where('agency', '=', agency).where('reference_number', '=', referenceNumber).executeTakeFirst();
}

export async function linkRule13Comment(db: Db, requestId: number, commentId: number): Promise<void> {
  await db.insertInto('rule13_request_comments').values({ request_id: requestId, comment_id: commentId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function listRule13Requests(db: Db, limit = 100) {
  const requests = await db
    .selectFrom('rule13_requests as r')
    .innerJoin('users as u', 'u.id', 'r.recorded_by')
    .selectAll('r')
    .select('u.display_name as recorded_by_name')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
  const links = requests.length
    ? await db.selectFrom('rule13_request_comments').selectAll().where('request_id', 'in', requests.map((r) => r.id)).orderBy('comment_id').execute()
    : [];
  return requests.map((r) => ({ ...r, commentIds: links.filter((l) => l.request_id === r.id).map((l) => l.comment_id) }));
}

// Temporary measures (임시조치)

export async function insertTemporaryMeasure(
  db: Db,
  row: { comment_id: number; requester_id: number; claimant: string; reason: string; created_at: string; hidden_until: string },
): Promise<number> {
  return (await db.insertInto('temporary_measures').values({ ...row, state: 'open', decided_at: null }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function openMeasureFor(db: Db, commentId: number) {
  return db.selectFrom('temporary_measures').selectAll().where('comment_id', '=', commentId).where('state', '=', 'open').executeTakeFirst();
}

export async function closeMeasures(db: Db, commentId: number, state: 'deleted' | 'restored', at: string): Promise<void> {
  await db.updateTable('temporary_measures').set({ state, decided_at: at }).where('comment_id', '=', commentId).where('state', '=', 'open').execute();
}

export async function measuresRequestedBy(db: Db, requesterId: number) {
  return db
    .selectFrom('temporary_measures as t')
    .innerJoin('comments as c', 'c.id', 't.comment_id')
    .select(['t.id', 't.comment_id', 't.claimant', 't.reason', 't.state', 't.created_at', 't.hidden_until', 't.decided_at', 'c.release_id'])
    .where('t.requester_id', '=', requesterId)
    .orderBy('t.id', 'desc')
    .execute();
}

// The queue

/**
 * One page of the review queue, oldest first. The page's ids come first, from the
 * queue's index alone; only those rows are then joined to their release and author.
 * Joined before the OFFSET, every skipped row read its release's row (the contact
 * phone lies past the bodies): page 500 of 38,000 held comments took 1.8 s.
 */
export async function queueRows(db: Db, rule: number | null, limit: number, offset: number) {
  const page = db
    .selectFrom('comments as q')
    .select(['q.id'])
    .where('q.queued_at', 'is not', null)
    .$if(rule !== null, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb.exists(eb.selectFrom(sql`json_each(q.rules_hit)`.as('j')).select(sql`1`.as('one')).where(sql.ref('j.value'), '=', rule!)),
          eb.exists(
            eb.selectFrom('comment_flags as f').select('f.id').whereRef('f.comment_id', '=', 'q.id').where('f.resolved_at', 'is', null).where('f.rule', '=', rule!),
          ),
        ]),
      ),
    )
    .orderBy('q.queued_at')
    .orderBy('q.id')
    .limit(limit)
    .offset(offset)
    .as('page');
  const rows = await db
    .selectFrom(page)
    .innerJoin('comments as c', 'c.id', 'page.id')
    .innerJoin('releases as r', 'r.id', 'c.release_id')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .selectAll('c')
    .select(['r.title as release_title', 'r.contact_phone as release_contact_phone', 'u.display_name as author_name'])
    .execute();
  // The page's order, restored here rather than by a sort in SQL.
  return rows.sort((a, b) => (a.queued_at === b.queued_at ? a.id - b.id : a.queued_at! < b.queued_at! ? -1 : 1));
}

export async function queueCount(db: Db): Promise<number> {
  const row = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('queued_at', 'is not', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function openFlagsFor(db: Db, commentIds: number[]) {
  if (commentIds.length === 0) return [];
  return db
    .selectFrom('comment_flags')
    .select(['comment_id', 'rule', 'note', 'created_at'])
    .where('comment_id', 'in', commentIds)
    .where('resolved_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function openMeasuresFor(db: Db, commentIds: number[]) {
  if (commentIds.length === 0) return [];
  return db.selectFrom('temporary_measures').selectAll().where('comment_id', 'in', commentIds).where('state', '=', 'open').execute();
}

/** How an author has fared so far: counts by state and by decision. */
export async function authorRecord(db: Db, authorIds: number[], at: string) {
  if (authorIds.length === 0) return [];
  const states = await db
    .selectFrom('comments')
    .select((eb) => ['author_id', 'state', eb.fn.countAll<number>().as('n')])
    .where('author_id', 'in', authorIds)
    .groupBy(['author_id', 'state'])
    .execute();
  const blocks = await db
    .selectFrom('user_blocks')
    .select((eb) => ['user_id', eb.fn.countAll<number>().as('n')])
    .where('user_id', 'in', authorIds)
    .groupBy('user_id')
    .execute();
  const active = await db
    .selectFrom('user_blocks')
    .select(['user_id', 'until', 'permanent'])
    .where('user_id', 'in', authorIds)
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('permanent', '=', 1), eb('until', '>', at)]))
    .execute();
  return authorIds.map((id) => ({
    authorId: id,
    states: Object.fromEntries(states.filter((s) => s.author_id === id).map((s) => [s.state, Number(s.n)])) as Record<string, number>,
    blocks: Number(blocks.find((b) => b.user_id === id)?.n ?? 0),
    activeBlock: active.find((b) => b.user_id === id) ?? null,
  }));
}

// The public report

export async function deletionsByMonthAndRule(db: Db) {
  const rows = await db
    .selectFrom('moderation_decisions')
    .select((eb) => [
      sql<string>`strftime('%Y-%m', created_at, '+9 hours')`.as('month'),
      'rule',
      eb.fn.countAll<number>().as('n'),
    ])
    .where('action', '=', 'delete')
    .groupBy([sql`strftime('%Y-%m', created_at, '+9 hours')`, 'rule'])
    .execute();
  return rows.map((r) => ({ month: r.month, rule: r.rule ?? 0, n: Number(r.n) }));
}

export async function blocksByMonth(db: Db) {
  const rows = await db
    .selectFrom('user_blocks')
    .select((eb) => [
      sql<string>`strftime('%Y-%m', starts_at, '+9 hours')`.as('month'),
      sql<string>`case when permanent = 1 then 'permanent' when julianday(until) - julianday(starts_at) > 8 then '30d' else '7d' end`.as('kind'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy([sql`strftime('%Y-%m', starts_at, '+9 hours')`, sql`2`])
    .execute();
  return rows.map((r) => ({ month: r.month, kind: r.kind as 'permanent' | '30d' | '7d', n: Number(r.n) }));
}

export async function countDecisionsByMonth(db: Db, action: 'restore' | 'appeal_granted') {
  const rows = await db
    .selectFrom('moderation_decisions')
    .select((eb) => [sql<string>`strftime('%Y-%m', created_at, '+9 hours')`.as('month'), eb.fn.countAll<number>().as('n')])
    .where('action', '=', action)
    .groupBy(sql`strftime('%Y-%m', created_at, '+9 hours')`)
    .execute();
  return rows.map((r) => ({ month: r.month, n: Number(r.n) }));
}

export async function findUserSummary(db: Db, userId: number) {
  return db.selectFrom('users').select(['id', 'display_name', 'created_at']).where('id', '=', userId).executeTakeFirst();
}

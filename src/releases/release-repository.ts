import { sql, type Kysely, type Transaction, type ExpressionBuilder } from 'kysely';
import type { AttachmentRow, Database, NewRelease, ReleaseRow, ReleaseState, ReleaseType, ReleaseUpdate } from '../db/schema.js';
import { isPublic, publicCondition, publicListCondition, type ListFilter } from './visibility.js';

type Db = Kysely<Database> | Transaction<Database>;

export type ReleaseFilter = ListFilter;

/** A position in the list order (보도시점 desc, id desc). */
export interface ListPosition {
  releasedAt: string;
  id: number;
}

export interface ReleaseListRow {
  id: number;
  type: ReleaseType;
  title: string;
  subtitles: string;
  released_at: string;
  state: ReleaseState;
  ministry_name: string;
}

export interface ReleaseWithMinistry extends ReleaseRow {
  ministry_name: string;
  ministry_short_name: string;
}


/**
 * Ids of one page of public releases, newest first: after a keyset position when
 * given, then skipping `offset` rows (a walk of the covering index only).
 */
export async function listPublicIds(
  db: Db,
  filter: ReleaseFilter,
  now: Date,
  page: { after?: ListPosition; offset?: number; limit: number },
): Promise<number[]> {
  let query = db
    .selectFrom('releases')
    .select('releases.id')
    .where((eb) => publicListCondition(eb, filter, now, page.after && { position: page.after, direction: 'older' }))
    .orderBy('releases.released_at', 'desc')
    .orderBy('releases.id', 'desc')
    .limit(page.limit);
  if (page.offset) query = query.offset(page.offset);
  const rows = await query.execute();
  return rows.map((r) => r.id);
}

/**
 * Every `every`-th position of the filtered list, in list order (the position of
 * row every, 2*every, ...). One walk of the covering index, so deep pages can start
 * from a nearby keyset instead of skipping a million rows.
 */
export async function listAnchors(db: Db, filter: ReleaseFilter, now: Date, every: number): Promise<ListPosition[]> {
  const numbered = db
    .selectFrom('releases')
    .select((eb) => [
      'releases.released_at',
      'releases.id',
      eb.fn.agg<number>('row_number').over((ob) => ob.orderBy('releases.released_at', 'desc').orderBy('releases.id', 'desc')).as('rn'),
    ])
    .where((eb) => publicListCondition(eb, filter, now))
    .as('numbered');
  const rows = await db
    .selectFrom(numbered)
    .select(['numbered.released_at', 'numbered.id'])
    .where(sql<boolean>`${sql.ref('numbered.rn')} % ${every} = 0`)
    .orderBy('numbered.rn')
    .execute();
  return rows.map((r) => ({ releasedAt: r.released_at, id: r.id }));
}

export async function countPublic(db: Db, filter: ReleaseFilter, now: Date): Promise<number> {
  const row = await db
    .selectFrom('releases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => publicListCondition(eb, filter, now))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** List rows for the given ids, in the order given; ids no longer public are dropped. */
export async function listRowsByIds(db: Db, ids: number[], now: Date): Promise<ReleaseListRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .select([
      'releases.id',
      'releases.type',
      'releases.title',
      'releases.subtitles',
      'releases.released_at',
      'releases.state',
      'ministries.name as ministry_name',
    ])
    .where('releases.id', 'in', ids)
    .execute();
  // Filtered here rather than in SQL so the lookup stays on the primary key.
  const byId = new Map(rows.filter((r) => isPublic(r, now)).map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function findReleaseById(db: Db, id: number): Promise<ReleaseWithMinistry | undefined> {
  return db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .selectAll('releases')
    .select(['ministries.name as ministry_name', 'ministries.short_name as ministry_short_name'])
    .where('releases.id', '=', id)
    .executeTakeFirst();
}

/** The public release just before (older) or after (newer) a position, within a filter. */
export async function findNeighbourId(
  db: Db,
  filter: ReleaseFilter,
  now: Date,
  position: ListPosition,
  direction: 'older' | 'newer',
): Promise<number | undefined> {
  const order = direction === 'older' ? 'desc' : 'asc';
  const query = db
    .selectFrom('releases')
    .select('releases.id')
    .where((eb) => publicListCondition(eb, filter, now, { position, direction }));
  const row = await query
    .orderBy('releases.released_at', order)
    .orderBy('releases.id', order)
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export async function listFeaturedIds(db: Db, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('releases')
    .select('releases.id')
    .where((eb) => eb.and([publicCondition(eb, now), eb('releases.featured', '=', 1)]))
    .orderBy('releases.released_at', 'desc')
    .orderBy('releases.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Release ids by views summed over KST days from `sinceDay`, most viewed first. */
export async function listMostViewedIds(db: Db, sinceDay: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('release_daily_views')
    .select(['release_id', (eb) => eb.fn.sum<number>('views').as('total')])
    .where('day', '>=', sinceDay)
    .groupBy('release_id')
    .orderBy('total', 'desc')
    .orderBy('release_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.release_id);
}

export function listAttachments(db: Db, releaseId: number): Promise<AttachmentRow[]> {
  return db.selectFrom('attachments').selectAll().where('release_id', '=', releaseId).orderBy('position').orderBy('id').execute();
}

export function findReleaseByNaturalKey(db: Db, ministryId: number, title: string, releasedAt: string) {
  return db
    .selectFrom('releases')
    .selectAll()
    .where('ministry_id', '=', ministryId)
    .where('title', '=', title)
    .where('released_at', '=', releasedAt)
    .executeTakeFirst();
}

export function findReleaseRowById(db: Db, id: number) {
  return db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRelease(db: Db, values: NewRelease): Promise<number> {
  const row = await db.insertInto('releases').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRelease(db: Db, id: number, values: ReleaseUpdate): Promise<void> {
  await db
    .updateTable('releases')
    .set({ ...values, lock_version: sql`lock_version + 1` })
    .where('id', '=', id)
    .execute();
}

/** Whether the database holds any release at all (an existence check, not a count). */
export async function hasAnyRelease(db: Db): Promise<boolean> {
  const row = await db.selectFrom('releases').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Adds batched view counts: the running total and the KST-day bucket. */
export async function addViews(db: Db, day: string, counts: Map<number, number>): Promise<void> {
  for (const [releaseId, views] of counts) {
    await db.updateTable('releases').set({ view_count: sql`view_count + ${views}` }).where('id', '=', releaseId).execute();
    await db
      .insertInto('release_daily_views')
      .values({ release_id: releaseId, day, views })
      .onConflict((oc) => oc.columns(['day', 'release_id']).doUpdateSet({ views: sql`release_daily_views.views + ${views}` }))
      .execute();
  }
}

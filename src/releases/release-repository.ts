import { sql, type Kysely, type Transaction, type ExpressionBuilder } from 'kysely';
import type { AttachmentRow, Database, NewRelease, ReleaseRow, ReleaseState, ReleaseType, ReleaseUpdate } from '../db/schema.js';
import { compiledOnce } from '../shared/compiled-query.js';
import {
  isPublic,
  listBounds,
  listBoundsCondition,
  listBoundsFromValues,
  listBoundsShape,
  listBoundsValues,
  publicCondition,
  publicListCondition,
  type ListFilter,
} from './visibility.js';

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

/** What the public article shows of a release: everything but the editing columns and the Markdown source. */
const ARTICLE_COLUMNS = [
  'releases.id',
  'releases.type',
  'releases.state',
  'releases.title',
  'releases.subtitles',
  'releases.summary',
  'releases.body_html',
  'releases.department',
  'releases.contact_responsible',
  'releases.contact_person',
  'releases.contact_phone',
  'releases.released_at',
  'releases.distributed_at',
  'releases.licence',
  'releases.withdrawn_at',
  'releases.withdrawal_reason',
  'releases.updated_at',
  'releases.embargo_preset',
  'releases.rebuttal_outlet',
  'releases.rebuttal_date',
  'releases.rebuttal_title',
] as const;

type ArticleColumn = (typeof ARTICLE_COLUMNS)[number] extends `releases.${infer C}` ? C : never;

export interface ReleaseWithMinistry extends Pick<ReleaseRow, ArticleColumn> {
  ministry_name: string;
  ministry_short_name: string;
}


const publicIdsQuery = compiledOnce((db: Db, values: ReturnType<typeof listBoundsValues> & { limit: number; offset?: number }, shape: string) => {
  let query = db
    .selectFrom('releases')
    .select('releases.id')
    .where((eb) => listBoundsCondition(eb, listBoundsFromValues(shape, values)))
    .orderBy('releases.released_at', 'desc')
    .orderBy('releases.id', 'desc')
    .limit(values.limit);
  if (values.offset !== undefined) query = query.offset(values.offset);
  return query;
}, { literals: ['limit'] });

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
  const bounds = listBounds(filter, now, page.after && { position: page.after, direction: 'older' });
  const rows = await publicIdsQuery(db, listBoundsShape(bounds), {
    ...listBoundsValues(bounds),
    limit: page.limit,
    offset: page.offset || undefined,
  });
  return rows.map((r) => r.id);
}

const publicPageQuery = compiledOnce(
  (db: Db, values: ReturnType<typeof listBoundsValues> & { limit: number; offset?: number }, shape: string) => {
    let page = db
      .selectFrom('releases')
      .select(['releases.id', 'releases.released_at'])
      .where((eb) => listBoundsCondition(eb, listBoundsFromValues(shape, values)))
      .orderBy('releases.released_at', 'desc')
      .orderBy('releases.id', 'desc')
      .limit(values.limit);
    if (values.offset !== undefined) page = page.offset(values.offset);
    return db
      .selectFrom(page.as('page'))
      .innerJoin('releases as r', 'r.id', 'page.id')
      .innerJoin('ministries as m', 'm.id', 'r.ministry_id')
      .select(['r.id', 'r.type', 'r.title', 'r.subtitles', 'page.released_at', 'r.state', 'm.name as ministry_name']);
  },
  { literals: ['limit'] },
);

/**
 * One page of the public list as list rows, newest first, in one statement (so the
 * page and its rows are one snapshot). 보도시점 comes from the index walk: in the
 * table row it lies past the bodies, and reading it there walked their overflow
 * pages for every row of the page.
 */
export async function listPublicPage(
  db: Db,
  filter: ReleaseFilter,
  now: Date,
  page: { after?: ListPosition; offset?: number; limit: number },
): Promise<ReleaseListRow[]> {
  const bounds = listBounds(filter, now, page.after && { position: page.after, direction: 'older' });
  const rows = await publicPageQuery(db, listBoundsShape(bounds), {
    ...listBoundsValues(bounds),
    limit: page.limit,
    offset: page.offset || undefined,
  });
  return rows.sort((a, b) => (a.released_at === b.released_at ? b.id - a.id : a.released_at < b.released_at ? 1 : -1));
}

const positionQuery = compiledOnce((db: Db, values: ReturnType<typeof listBoundsValues> & { offset: number }, shape: string) =>
  db
    .selectFrom('releases')
    .select(['releases.released_at', 'releases.id'])
    .where((eb) => listBoundsCondition(eb, listBoundsFromValues(shape, values)))
    .orderBy('releases.released_at', 'desc')
    .orderBy('releases.id', 'desc')
    .limit(1)
    .offset(values.offset),
);

/**
 * The position of the filtered list `offset` rows past a keyset position (or from
 * the top), in list order: a walk of the covering index, about 60 ns a row skipped.
 * undefined when the list ends before it.
 */
export async function findListPosition(
  db: Db,
  filter: ReleaseFilter,
  now: Date,
  from: { after?: ListPosition; offset: number },
): Promise<ListPosition | undefined> {
  const bounds = listBounds(filter, now, from.after && { position: from.after, direction: 'older' });
  const [row] = await positionQuery(db, listBoundsShape(bounds), { ...listBoundsValues(bounds), offset: from.offset });
  return row && { releasedAt: row.released_at, id: row.id };
}

/** The public releases under a filter, or only those listed after a position. */
export async function countPublic(db: Db, filter: ReleaseFilter, now: Date, after?: ListPosition): Promise<number> {
  if (!after) {
    const row = await db
      .selectFrom('releases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => publicListCondition(eb, filter, now))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const bounds = listBounds(filter, now, { position: after, direction: 'older' });
  const row = await db
    .selectFrom('releases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => listBoundsCondition(eb, bounds))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const rowsByIdsQuery = compiledOnce((db: Db, values: { ids: readonly number[] }) =>
  db
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
    .where('releases.id', 'in', values.ids),
);

/** List rows for the given ids, in the order given; ids no longer public are dropped. */
export async function listRowsByIds(db: Db, ids: number[], now: Date): Promise<ReleaseListRow[]> {
  if (ids.length === 0) return [];
  const rows = await rowsByIdsQuery(db, '', { ids });
  // Filtered here rather than in SQL so the lookup stays on the primary key.
  const byId = new Map(rows.filter((r) => isPublic(r, now)).map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const releaseByIdQuery = compiledOnce((db: Db, values: { id: number }) =>
  db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .select(ARTICLE_COLUMNS)
    .select(['ministries.name as ministry_name', 'ministries.short_name as ministry_short_name'])
    .where('releases.id', '=', values.id),
);

export async function findReleaseById(db: Db, id: number): Promise<ReleaseWithMinistry | undefined> {
  const rows = await releaseByIdQuery(db, '', { id });
  return rows[0];
}

export interface Neighbour {
  id: number;
  title: string;
}

// One statement, ordered and limited: unfiltered, SQLite answers it from
// releases_public_titles alone (migration 014), without reading the neighbour's row,
// which at 1,000,000 releases is a page the OS rarely still holds. A filtered order
// walks its own index and reads that one row for the title.
const neighbourQuery = compiledOnce((db: Db, values: ReturnType<typeof listBoundsValues>, shape: string) => {
  const order = shape.endsWith(':older') ? 'desc' : 'asc';
  return db
    .selectFrom('releases')
    .select(['releases.id', 'releases.title'])
    .where((eb) => listBoundsCondition(eb, listBoundsFromValues(shape, values)))
    .orderBy('releases.released_at', order)
    .orderBy('releases.id', order)
    .limit(1);
});

/** The public release just before (older) or after (newer) a position, within a filter. */
export async function findNeighbour(
  db: Db,
  filter: ReleaseFilter,
  now: Date,
  position: ListPosition,
  direction: 'older' | 'newer',
): Promise<Neighbour | undefined> {
  const bounds = listBounds(filter, now, { position, direction });
  const rows = await neighbourQuery(db, listBoundsShape(bounds), listBoundsValues(bounds));
  return rows[0];
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

/** Rows of any one day that a ranking step covers, at most (listMostViewedIds). */
const RANKING_STEP_ROWS = 2_000;

/**
 * Release ids by views summed over the given KST days, most viewed first. A busy
 * week is hundreds of thousands of day rows, and one GROUP BY over them held the
 * event loop for half a second; so the sum runs range of release ids by range,
 * each holding at most RANKING_STEP_ROWS rows of any day, with `pause()` in
 * between. All of a release's days fall in one range, so the best `limit` of each
 * range hold the week's best `limit`.
 */
export async function listMostViewedIds(db: Db, days: readonly string[], limit: number, pause: () => Promise<void> = async () => {}): Promise<number[]> {
  if (days.length === 0) return [];
  const best: { release_id: number; total: number }[] = [];
  let after = 0;
  for (;;) {
    // The range ends where the day with the most rows in it reaches the step.
    let end: number | undefined;
    for (const day of days) {
      const row = await db
        .selectFrom('release_daily_views')
        .select('release_id')
        .where('day', '=', day)
        .where('release_id', '>', after)
        .orderBy('release_id')
        .limit(1)
        .offset(RANKING_STEP_ROWS)
        .executeTakeFirst();
      if (row && (end === undefined || row.release_id < end)) end = row.release_id;
    }
    let range = db
      .selectFrom('release_daily_views')
      .select(['release_id', (eb) => eb.fn.sum<number>('views').as('total')])
      .where('day', 'in', days)
      .where('release_id', '>', after);
    if (end !== undefined) range = range.where('release_id', '<=', end);
    const rows = await range.groupBy('release_id').orderBy('total', 'desc').orderBy('release_id', 'desc').limit(limit).execute();
    best.push(...rows.map((row) => ({ release_id: row.release_id, total: Number(row.total) })));
    best.sort((a, b) => b.total - a.total || b.release_id - a.release_id);
    best.length = Math.min(best.length, limit);
    if (end === undefined) return best.map((row) => row.release_id);
    after = end;
    await pause();
  }
}

const attachmentsQuery = compiledOnce((db: Db, values: { releaseId: number }) =>
  db.selectFrom('attachments').selectAll().where('release_id', '=', values.releaseId).orderBy('position').orderBy('id'),
);

export function listAttachments(db: Db, releaseId: number): Promise<AttachmentRow[]> {
  return attachmentsQuery(db, '', { releaseId });
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

const addViewCountQuery = compiledOnce((db: Db, values: { id: number; views: number }) =>
  db
    .insertInto('release_views')
    .values({ release_id: values.id, views: values.views })
    .onConflict((oc) => oc.column('release_id').doUpdateSet({ views: sql`release_views.views + ${values.views}` })),
);

const addDailyViewsQuery = compiledOnce((db: Db, values: { id: number; day: string; views: number }) =>
  db
    .insertInto('release_daily_views')
    .values({ release_id: values.id, day: values.day, views: values.views })
    .onConflict((oc) => oc.columns(['day', 'release_id']).doUpdateSet({ views: sql`release_daily_views.views + ${values.views}` })),
);

/** A release's views: those counted before migration 011 plus those since. */
export async function totalViews(db: Db, id: number): Promise<number> {
  const row = await db
    .selectFrom('releases')
    .leftJoin('release_views', 'release_views.release_id', 'releases.id')
    .select((eb) => eb(eb.ref('releases.view_count'), '+', eb.fn.coalesce('release_views.views', eb.lit(0))).as('total'))
    .where('releases.id', '=', id)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Adds batched view counts: the running total and the KST-day bucket. */
export async function addViews(db: Db, day: string, counts: Map<number, number>): Promise<void> {
  for (const [id, views] of counts) {
    await addViewCountQuery(db, '', { id, views });
    await addDailyViewsQuery(db, '', { id, day, views });
  }
}

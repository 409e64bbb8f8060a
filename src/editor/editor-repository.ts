import { sql, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
type Eb = ExpressionBuilder<Database, 'releases' | 'ministries'>;

/** Which releases a dashboard reader may see: every ministry for admins, their own for the rest. */
export interface Scope {
  userId: number;
  allMinistries: boolean;
  ministryIds: number[];
}

export type DashboardSection =
  | 'myDrafts'
  | 'returnedToMe'
  | 'myInReview'
  | 'waitingForReview'
  | 'scheduled'
  | 'published'
  | 'failed'
  | 'forcePublished';

function notMine(eb: Eb, column: 'releases.created_by' | 'releases.last_edited_by', userId: number) {
  return eb.or([eb(column, 'is', null), eb(column, '!=', userId)]);
}

function mine(eb: Eb, userId: number) {
  return eb.or([eb('releases.created_by', '=', userId), eb('releases.last_edited_by', '=', userId)]);
}

function sectionCondition(eb: Eb, section: DashboardSection, userId: number) {
  switch (section) {
    case 'myDrafts':
      return eb.or([
        eb.and([eb('releases.state', '=', 'draft'), mine(eb, userId)]),
        eb.and([eb('releases.pending_state', '=', 'draft'), eb('releases.last_edited_by', '=', userId)]),
      ]);
    case 'returnedToMe':
      return eb.and([eb.or([eb('releases.state', '=', 'returned'), eb('releases.pending_state', '=', 'returned')]), mine(eb, userId)]);
    case 'myInReview':
      return eb.and([eb.or([eb('releases.state', '=', 'in_review'), eb('releases.pending_state', '=', 'in_review')]), mine(eb, userId)]);
    case 'waitingForReview':
      return eb.and([
        eb.or([eb('releases.state', '=', 'in_review'), eb('releases.pending_state', '=', 'in_review')]),
        notMine(eb, 'releases.created_by', userId),
        notMine(eb, 'releases.last_edited_by', userId),
      ]);
    case 'scheduled':
      return eb('releases.state', '=', 'scheduled');
    case 'published':
      return eb('releases.state', '=', 'published');
    case 'failed':
      return eb('releases.state', '=', 'failed');
    case 'forcePublished':
      // the condition of releases_force_unconfirmed (migration 013) as it is
      return eb.and([eb('releases.force_published_at', 'is not', null), eb('releases.force_publish_confirmed_by', 'is', null)]);
  }
}

/**
 * The WHERE clause of a partial index, repeated as a term of a query so that SQLite
 * may use the index: it does not work out that `state = 'draft'` within an OR
 * implies the index's condition. Without them, an admin's dashboard read the whole
 * releases table once a section: 14.5 s at 1,000,000 releases.
 */
const IN_WORKFLOW = sql<SqlBool>`(${sql.ref('releases.state')} in ('draft', 'in_review', 'returned', 'failed') or ${sql.ref('releases.pending_state')} is not null)`;
const PUBLIC_STATES = sql<SqlBool>`${sql.ref('releases.state')} in ('scheduled', 'published')`;

/** The condition of the partial index each section reads, where the section's own does not state it. */
const SECTION_INDEX_TERM: Record<DashboardSection, typeof IN_WORKFLOW | null> = {
  myDrafts: IN_WORKFLOW,
  returnedToMe: IN_WORKFLOW,
  myInReview: IN_WORKFLOW,
  waitingForReview: IN_WORKFLOW,
  failed: IN_WORKFLOW,
  published: PUBLIC_STATES,
  // releases_force_unconfirmed and releases_due: the sections' conditions are theirs
  forcePublished: null,
  scheduled: null,
};

const SMALL_INDEX_SECTIONS = new Set<DashboardSection>(['scheduled', 'forcePublished']);

export async function listDashboardSection(db: Db, scope: Scope, section: DashboardSection, limit: number) {
  if (!scope.allMinistries && scope.ministryIds.length === 0) return [];
  let query = db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .leftJoin('users as editor', 'editor.id', 'releases.last_edited_by')
    .select([
      'releases.id',
      'releases.type',
      'releases.title',
      'releases.state',
      'releases.pending_state',
      'releases.released_at',
      'releases.embargo_preset',
      'releases.updated_at',
      'releases.publish_error',
      'releases.force_published_at',
      'ministries.name as ministry_name',
      'editor.display_name as editor_name',
    ])
    .where((eb) => {
      const term = SECTION_INDEX_TERM[section];
      const condition = sectionCondition(eb, section, scope.userId);
      return term ? eb.and([term, condition]) : condition;
    })
    .limit(limit);
  if (!scope.allMinistries) {
    // A section whose index holds only a handful of rows (releases_due,
    // releases_force_unconfirmed) is read from it and then filtered by ministry: with a
    // ministry index usable, SQLite walked the ministry's 20,000 releases instead
    // (70-90 ms at 1,000,000). Unary plus keeps the column out of index lookups.
    const ministry = SMALL_INDEX_SECTIONS.has(section) ? sql<number>`+${sql.ref('releases.ministry_id')}` : sql.ref<number>('releases.ministry_id');
    query = query.where(ministry, 'in', scope.ministryIds);
  }
  if (section === 'scheduled') query = query.orderBy('releases.released_at', 'asc');
  else if (section === 'published') query = query.orderBy('releases.released_at', 'desc');
  else query = query.orderBy('releases.updated_at', 'desc');
  return query.orderBy('releases.id', 'desc').execute();
}

export function findEditableRelease(db: Db, id: number) {
  return db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .leftJoin('users as author', 'author.id', 'releases.created_by')
    .leftJoin('users as editor', 'editor.id', 'releases.last_edited_by')
    .selectAll('releases')
    .select(['ministries.name as ministry_name', 'author.display_name as author_name', 'editor.display_name as editor_name'])
    .where('releases.id', '=', id)
    .executeTakeFirst();
}

export function listMinistryChoices(db: Db, scope: Scope) {
  let query = db.selectFrom('ministries').select(['id', 'name']).orderBy('name');
  if (!scope.allMinistries) query = query.where('id', 'in', scope.ministryIds.length ? scope.ministryIds : [-1]);
  return query.execute();
}

import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
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
      return eb.and([eb('releases.force_published_at', 'is not', null), eb('releases.force_publish_confirmed_by', 'is', null)]);
  }
}

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
    .where((eb) => sectionCondition(eb, section, scope.userId))
    .limit(limit);
  if (!scope.allMinistries) query = query.where('releases.ministry_id', 'in', scope.ministryIds);
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

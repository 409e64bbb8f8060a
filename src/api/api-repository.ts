import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { AttachmentRow, Database, ReleaseState, ReleaseType } from '../db/schema.js';
import type { ListPosition, ReleaseFilter } from '../releases/release-repository.js';
import { isPublic, publicCondition, publicListCondition } from '../releases/visibility.js';
import { compiledOnce } from '../shared/compiled-query.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ApiReleaseRow {
  id: number;
  type: ReleaseType;
  state: ReleaseState;
  title: string;
  subtitles: string;
  summary: string;
  body_html: string;
  department: string;
  contact_responsible: string;
  contact_person: string;
  contact_phone: string;
  released_at: string;
  distributed_at: string | null;
  updated_at: string;
  licence: number;
  lock_version: number;
  ministry_name: string;
}


/** Public releases newest first (보도시점, id), after a keyset position. */
export async function listPublicPositions(
  db: Db,
  filter: ReleaseFilter,
  now: Date,
  page: { after?: ListPosition; limit: number; offset?: number; ascending?: boolean },
): Promise<{ id: number; released_at: string }[]> {
  const order = page.ascending ? 'asc' : 'desc';
  const keyset = page.after && { position: page.after, direction: page.ascending ? ('newer' as const) : ('older' as const) };
  let query = db
    .selectFrom('releases')
    .select(['releases.id', 'releases.released_at'])
    .where((eb) => publicListCondition(eb, filter, now, keyset))
    .orderBy('releases.released_at', order)
    .orderBy('releases.id', order)
    .limit(page.limit);
  if (page.offset) query = query.offset(page.offset);
  return query.execute();
}

const publicRowsQuery = compiledOnce((db: Db, values: { ids: readonly number[] }) =>
  db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .select([
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
      'releases.updated_at',
      'releases.licence',
      'releases.lock_version',
      'ministries.name as ministry_name',
    ])
    .where('releases.id', 'in', values.ids),
);

/** Full rows for the ids, in the order given; anything not public is dropped. */
export async function findPublicRows(db: Db, ids: number[], now: Date): Promise<ApiReleaseRow[]> {
  if (ids.length === 0) return [];
  const rows = await publicRowsQuery(db, '', { ids });
  // Filtered here rather than in SQL so the lookup stays on the primary key.
  const byId = new Map(rows.filter((r) => isPublic(r, now)).map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const attachmentsQuery = compiledOnce((db: Db, values: { releaseIds: readonly number[] }) =>
  db
    .selectFrom('attachments')
    .selectAll()
    .where('release_id', 'in', values.releaseIds)
    .orderBy('release_id')
    .orderBy('position')
    .orderBy('id'),
);

/** Attachments of several releases, each release's in its order. */
export async function listAttachmentsOf(db: Db, releaseIds: number[]): Promise<AttachmentRow[]> {
  if (releaseIds.length === 0) return [];
  return attachmentsQuery(db, '', { releaseIds });
}

const correctionsQuery = compiledOnce((db: Db, values: { releaseId: number }) =>
  db
    .selectFrom('release_corrections')
    .select(['id', 'change_note', 'minor', 'created_at'])
    .where('release_id', '=', values.releaseId)
    .orderBy('created_at')
    .orderBy('id'),
);

export function listCorrections(db: Db, releaseId: number) {
  return correctionsQuery(db, '', { releaseId });
}

import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { compiledOnce } from '../shared/compiled-query.js';
import type { Database, ReleaseRevisionsTable, ReleasesTable } from '../db/schema.js';

type NewRevision = Insertable<ReleaseRevisionsTable>;

type Db = Kysely<Database> | Transaction<Database>;

export function findReleaseRow(db: Db, id: number) {
  return db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertReleaseRow(db: Db, values: Insertable<ReleasesTable>): Promise<number> {
  const row = await db.insertInto('releases').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Every write to a release row moves its lock_version on, so an editor holding an older one is refused. */
export async function updateReleaseRow(
  db: Db,
  id: number,
  values: Partial<Omit<Insertable<ReleasesTable>, 'id' | 'lock_version'>>,
): Promise<void> {
  await db
    .updateTable('releases')
    .set({ ...values, lock_version: sql<number>`lock_version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function nextRevisionNumber(db: Db, releaseId: number): Promise<number> {
  const row = await db
    .selectFrom('release_revisions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('release_id', '=', releaseId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export async function insertRevision(db: Db, values: NewRevision): Promise<number> {
  const row = await db.insertInto('release_revisions').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findRevision(db: Db, releaseId: number, revisionId: number) {
  return db
    .selectFrom('release_revisions')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('id', '=', revisionId)
    .executeTakeFirst();
}

export function findRevisionByNumber(db: Db, releaseId: number, number: number) {
  return db
    .selectFrom('release_revisions')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export function listRevisions(db: Db, releaseId: number) {
  return db
    .selectFrom('release_revisions')
    .leftJoin('users', 'users.id', 'release_revisions.created_by')
    .select([
      'release_revisions.id',
      'release_revisions.number',
      'release_revisions.title',
      'release_revisions.change_note',
      'release_revisions.minor',
      'release_revisions.created_by',
      'release_revisions.created_at',
      'users.display_name as author_name',
    ])
    .where('release_revisions.release_id', '=', releaseId)
    .orderBy('release_revisions.number', 'desc')
    .execute();
}

export async function insertEvent(
  db: Db,
  values: {
    releaseId: number;
    revisionId: number | null;
    actorId: number | null;
    action: string;
    from: string;
    to: string;
    reason: string | null;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('workflow_events')
    .values({
      release_id: values.releaseId,
      revision_id: values.revisionId,
      actor_id: values.actorId,
      action: values.action,
      from_state: values.from,
      to_state: values.to,
      reason: values.reason,
      created_at: values.at,
    })
    .execute();
}

export function listEvents(db: Db, releaseId: number) {
  return db
    .selectFrom('workflow_events')
    .leftJoin('users', 'users.id', 'workflow_events.actor_id')
    .leftJoin('release_revisions', 'release_revisions.id', 'workflow_events.revision_id')
    .select([
      'workflow_events.id',
      'workflow_events.action',
      'workflow_events.from_state',
      'workflow_events.to_state',
      'workflow_events.reason',
      'workflow_events.created_at',
      'workflow_events.actor_id',
      'users.display_name as actor_name',
      'release_revisions.number as revision_number',
    ])
    .where('workflow_events.release_id', '=', releaseId)
    .orderBy('workflow_events.id', 'desc')
    .execute();
}

/** The person behind the latest force-publish of a release. */
export async function forcePublisherOf(db: Db, releaseId: number): Promise<number | null> {
  const row = await db
    .selectFrom('workflow_events')
    .select('actor_id')
    .where('release_id', '=', releaseId)
    .where('action', '=', 'force_publish')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.actor_id ?? null;
}

/** The latest change to a release, save or move, with who made it: what a refused save names. */
export async function latestChange(db: Db, releaseId: number) {
  const [revision, event] = await Promise.all([
    db
      .selectFrom('release_revisions')
      .leftJoin('users', 'users.id', 'release_revisions.created_by')
      .select(['release_revisions.created_at', 'users.display_name as name'])
      .where('release_revisions.release_id', '=', releaseId)
      .orderBy('release_revisions.id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('workflow_events')
      .leftJoin('users', 'users.id', 'workflow_events.actor_id')
      .select(['workflow_events.created_at', 'workflow_events.action', 'users.display_name as name'])
      .where('workflow_events.release_id', '=', releaseId)
      .where('workflow_events.action', '!=', 'create')
      .orderBy('workflow_events.id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  if (event && (!revision || event.created_at >= revision.created_at)) {
    return { kind: 'move' as const, action: event.action, name: event.name, at: event.created_at };
  }
  return revision ? { kind: 'save' as const, action: 'save', name: revision.name, at: revision.created_at } : null;
}

export async function insertCorrection(
  db: Db,
  values: { releaseId: number; revisionId: number; changeNote: string; minor: boolean; approvedBy: number | null; at: string },
): Promise<void> {
  await db
    .insertInto('release_corrections')
    .values({
      release_id: values.releaseId,
      revision_id: values.revisionId,
      change_note: values.changeNote,
      minor: values.minor ? 1 : 0,
      approved_by: values.approvedBy,
      created_at: values.at,
    })
    .execute();
}

const correctionsQuery = compiledOnce((db: Db, values: { releaseId: number }) =>
  db
    .selectFrom('release_corrections')
    .select(['id', 'change_note', 'minor', 'created_at'])
    .where('release_id', '=', values.releaseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc'),
);

export function listCorrections(db: Db, releaseId: number) {
  return correctionsQuery(db, '', { releaseId });
}

/** Scheduled releases whose 보도시점 has come: the sweep's work list. */
export async function listDueScheduledIds(db: Db, now: Date): Promise<number[]> {
  const rows = await db
    .selectFrom('releases')
    .select('id')
    .where('state', '=', 'scheduled')
    .where('released_at', '<=', now.toISOString())
    .orderBy('released_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function readSettings(db: Db, keys: string[]): Promise<Map<string, string>> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function writeSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export function findUserName(db: Db, id: number) {
  return db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst();
}

import type { Kysely, Transaction } from 'kysely';
import type { AttachmentRow, Database, ReleaseState } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What deciding about a release's attachments needs to know of the release. */
export interface ReleaseAccessRow {
  id: number;
  ministry_id: number;
  state: ReleaseState;
  released_at: string;
  title: string;
}

export function findReleaseAccess(db: Db, releaseId: number): Promise<ReleaseAccessRow | undefined> {
  return db
    .selectFrom('releases')
    .select(['id', 'ministry_id', 'state', 'released_at', 'title'])
    .where('id', '=', releaseId)
    .executeTakeFirst();
}

export function listAttachmentRows(db: Db, releaseId: number): Promise<AttachmentRow[]> {
  return db.selectFrom('attachments').selectAll().where('release_id', '=', releaseId).orderBy('position').orderBy('id').execute();
}

export function findAttachmentRow(db: Db, id: number): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAttachmentRow(
  db: Db,
  values: { releaseId: number; fileName: string; mediaType: string; sizeBytes: number; sha256: string; now: string },
): Promise<AttachmentRow> {
  const last = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('release_id', '=', values.releaseId)
    .executeTakeFirst();
  return db
    .insertInto('attachments')
    .values({
      release_id: values.releaseId,
      position: (last?.max ?? -1) + 1,
      file_name: values.fileName,
      media_type: values.mediaType,
      size_bytes: values.sizeBytes,
      sha256: values.sha256,
      created_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteAttachmentRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('attachments').where('id', '=', id).execute();
}

export async function isContentUsed(db: Db, sha256: string): Promise<boolean> {
  const row = await db.selectFrom('attachments').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function setAttachmentPositions(db: Db, orderedIds: number[]): Promise<void> {
  for (const [position, id] of orderedIds.entries()) {
    await db.updateTable('attachments').set({ position }).where('id', '=', id).execute();
  }
}

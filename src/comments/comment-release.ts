import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The few columns of a release the board needs: whether it is public, and its contact block. */
export async function findReleaseForComments(db: Kysely<Database>, releaseId: number) {
  return db
    .selectFrom('releases')
    .select(['id', 'title', 'state', 'released_at', 'contact_phone'])
    .where('id', '=', releaseId)
    .executeTakeFirst();
}

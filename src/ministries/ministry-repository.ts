import type { Kysely, Transaction } from 'kysely';
import type { Database, MinistryRow } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export function listMinistries(db: Db): Promise<MinistryRow[]> {
  return db.selectFrom('ministries').selectAll().orderBy('name').execute();
}

export async function findMinistryByNameOrAlias(db: Db, name: string): Promise<MinistryRow | undefined> {
  const direct = await db
    .selectFrom('ministries')
    .selectAll()
    .where((eb) => eb.or([eb('name', '=', name), eb('short_name', '=', name)]))
    .executeTakeFirst();
  if (direct) return direct;
  return db
    .selectFrom('ministry_aliases')
    .innerJoin('ministries', 'ministries.id', 'ministry_aliases.ministry_id')
    .selectAll('ministries')
    .where('ministry_aliases.alias', '=', name)
    .executeTakeFirst();
}

export async function insertMinistry(db: Db, name: string, shortName: string, now: string): Promise<MinistryRow> {
  return db
    .insertInto('ministries')
    .values({ name, short_name: shortName, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertAliases(db: Db, ministryId: number, aliases: string[]): Promise<void> {
  if (aliases.length === 0) return;
  await db
    .insertInto('ministry_aliases')
    .values(aliases.map((alias) => ({ alias, ministry_id: ministryId })))
    .onConflict((oc) => oc.column('alias').doNothing())
    .execute();
}

import type { Kysely } from 'kysely';
import type { Database, LexiconEntriesTable } from '../db/schema.js';
import type { Insertable, Selectable } from 'kysely';

export type LexiconEntryRow = Selectable<LexiconEntriesTable>;

export async function listLexiconEntries(db: Kysely<Database>): Promise<LexiconEntryRow[]> {
  return db.selectFrom('lexicon_entries').selectAll().orderBy('kind').orderBy('term').execute();
}

export async function insertLexiconEntries(db: Kysely<Database>, rows: Insertable<LexiconEntriesTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db.insertInto('lexicon_entries').values(rows.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();
  }
}

export async function findLexiconEntry(db: Kysely<Database>, kind: 'profanity' | 'allow', term: string) {
  return db.selectFrom('lexicon_entries').selectAll().where('kind', '=', kind).where('term', '=', term).executeTakeFirst();
}

export async function deleteLexiconEntry(db: Kysely<Database>, id: number): Promise<LexiconEntryRow | undefined> {
  const row = await db.selectFrom('lexicon_entries').selectAll().where('id', '=', id).executeTakeFirst();
  if (row) await db.deleteFrom('lexicon_entries').where('id', '=', id).execute();
  return row;
}

export async function readSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function writeSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

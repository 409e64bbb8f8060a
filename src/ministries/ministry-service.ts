import type { Kysely, Transaction } from 'kysely';
import type { Database, MinistryRow } from '../db/schema.js';
import { KNOWN_MINISTRIES } from './known-ministries.js';
import { findMinistryByNameOrAlias, insertAliases, insertMinistry, listMinistries } from './ministry-repository.js';

type Db = Kysely<Database> | Transaction<Database>;

export { listMinistries };

export function findMinistry(db: Db, name: string): Promise<MinistryRow | undefined> {
  return findMinistryByNameOrAlias(db, name.normalize('NFC').trim());
}

/**
 * The ministry a name or alias refers to; an unknown name becomes a new ministry
 * (with its known short name and former names when it is a listed one).
 */
export async function findOrCreateMinistry(db: Db, rawName: string, now: string): Promise<{ ministry: MinistryRow; created: boolean }> {
  const name = rawName.normalize('NFC').trim();
  const existing = await findMinistryByNameOrAlias(db, name);
  if (existing) return { ministry: existing, created: false };
  const known = KNOWN_MINISTRIES.find((k) => k.name === name || k.shortName === name || k.aliases.includes(name));
  const ministry = await insertMinistry(db, known?.name ?? name, known?.shortName ?? name, now);
  if (known) await insertAliases(db, ministry.id, known.aliases.filter((a) => a !== known.name));
  return { ministry, created: true };
}

import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { findActiveKeyByHash, findApiKey, insertApiKey, listApiKeys, markRevoked, type ApiKeyRow } from './apikey-repository.js';

/**
 * Service keys for the open XML API. A key is 32 random bytes in hex (so it
 * survives any URL encoding a client applies); only its SHA-256 is stored, and
 * a fast hash is enough because the key has 256 bits of entropy.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface IssuedKey {
  id: number;
  name: string;
  key: string;
}

export async function issueApiKey(db: Kysely<Database>, name: string, now: Date, random: (n: number) => Buffer = randomBytes): Promise<IssuedKey> {
  const label = name.normalize('NFC').trim();
  if (!label || label.length > 100) throw new AppError('VALIDATION_FAILED', '키 이름은 1자 이상 100자 이하로 지정해 주세요.');
  const key = random(32).toString('hex');
  const id = await insertApiKey(db, { name: label, key_hash: hashApiKey(key), key_prefix: key.slice(0, 8), created_at: now.toISOString() });
  return { id, name: label, key };
}

export async function revokeApiKey(db: Kysely<Database>, id: number, now: Date): Promise<ApiKeyRow> {
  const row = await findApiKey(db, id);
  if (!row) throw new AppError('NOT_FOUND', `번호 ${id}인 키가 없습니다.`);
  if (row.revoked_at) throw new AppError('CONFLICT', `번호 ${id}인 키는 이미 ${row.revoked_at}에 폐기되었습니다.`);
  await markRevoked(db, id, now.toISOString());
  return { ...row, revoked_at: now.toISOString() };
}

/** The active key a client presented, or undefined. */
export async function verifyApiKey(db: Kysely<Database>, presented: string): Promise<ApiKeyRow | undefined> {
  const key = presented.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(key)) return undefined;
  return findActiveKeyByHash(db, hashApiKey(key.toLowerCase()));
}

export function allApiKeys(db: Kysely<Database>): Promise<ApiKeyRow[]> {
  return listApiKeys(db);
}

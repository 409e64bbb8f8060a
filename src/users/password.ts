import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { concurrencyLimit } from '../shared/concurrency-limit.js';

const KEY_LENGTH = 64;
const COST = { N: 16384, r: 8, p: 1 } as const;

/**
 * scrypt holds 128·N·r bytes (16 MB at COST) for the 37 ms it runs on one of libuv's
 * four threads. Ten readers logging in at once raised the server's peak memory by
 * 65 MB (four hashes at a time) and held every thread that file reads also need.
 * Two at a time still log in over 50 people a second.
 */
const hashSlot = concurrencyLimit(2);

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return hashSlot(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

/** scrypt with a per-user salt, stored with its parameters so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await scrypt(password, Buffer.from(saltText, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A one-time password a person can type: no look-alike characters. */
export function generateOneTimePassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** Korean reasons a new password is refused; empty when it is acceptable. */
export function passwordProblems(password: string, context: { email?: string; displayName?: string } = {}): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('비밀번호는 10자 이상이어야 합니다.');
  if (password.length > 200) problems.push('비밀번호는 200자 이하여야 합니다.');
  const kinds = [/[a-zA-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (kinds < 2) problems.push('비밀번호에는 영문, 숫자, 기호 중 두 가지 이상을 섞어 주세요.');
  const local = context.email?.split('@')[0];
  if (local && local.length >= 4 && password.toLowerCase().includes(local.toLowerCase())) {
    problems.push('비밀번호에 이메일 주소를 넣을 수 없습니다.');
  }
  return problems;
}

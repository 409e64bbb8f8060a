import type { Kysely } from 'kysely';
import { ROLES, type Database, type Role, type UserRow } from '../db/schema.js';
import { findMinistry } from '../ministries/ministry-service.js';
import { recordAudit } from '../audit/audit-service.js';
import { AppError } from '../shared/errors.js';
import { generateOneTimePassword, hashPassword, passwordProblems, verifyPassword } from './password.js';
import {
  countUsersWithRole,
  findUserByDisplayName,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsersWithRoles,
  ministryIdsOf,
  recordFailedLogin,
  recordSuccessfulLogin,
  rolesOf,
  setMinistries,
  setRoles,
  updatePassword,
} from './user-repository.js';

/** Who is acting: what every authorization check on the server looks at. */
export interface Actor {
  id: number;
  email: string;
  displayName: string;
  roles: Role[];
  ministryIds: number[];
  mustChangePassword: boolean;
}

export const ROLE_LABELS: Record<Role, string> = {
  citizen: '시민',
  press_officer: '홍보담당관',
  reviewer: '검토자(대변인실)',
  moderator: '댓글 관리자',
  admin: '관리자',
};

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

export function hasRole(actor: Actor | null | undefined, ...roles: Role[]): boolean {
  return !!actor && roles.some((role) => actor.roles.includes(role));
}

export function isStaff(actor: Actor | null | undefined): boolean {
  return hasRole(actor, 'press_officer', 'reviewer', 'moderator', 'admin');
}

/** Admins act for every ministry; press officers and reviewers for theirs. */
export function actsForMinistry(actor: Actor, ministryId: number): boolean {
  return actor.roles.includes('admin') || actor.ministryIds.includes(ministryId);
}

export async function loadActor(db: Kysely<Database>, userId: number): Promise<Actor | null> {
  const user = await findUserById(db, userId);
  if (!user || user.disabled_at) return null;
  const [roles, ministryIds] = await Promise.all([rolesOf(db, userId), ministryIdsOf(db, userId)]);
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    roles,
    ministryIds,
    mustChangePassword: user.must_change_password === 1,
  };
}

export interface NewUser {
  email: string;
  displayName: string;
  roles: Role[];
  ministries?: string[];
  password?: string;
}

/**
 * Creates an account. Without a password, a one-time password is generated and
 * returned, and the person must choose their own at first login.
 */
export async function createUser(
  db: Kysely<Database>,
  input: NewUser,
  now: Date,
): Promise<{ userId: number; oneTimePassword: string | null }> {
  const errors: string[] = [];
  const email = input.email.trim().toLowerCase();
  const displayName = input.displayName.normalize('NFC').trim();
  if (!EMAIL.test(email)) errors.push(`이메일 "${input.email}"의 형식이 올바르지 않습니다.`);
  if (displayName.length < 2 || displayName.length > 40) errors.push('이름(닉네임)은 2자 이상 40자 이하로 입력해 주세요.');
  if (input.roles.length === 0) errors.push('역할을 하나 이상 지정해 주세요.');
  for (const role of input.roles) if (!ROLES.includes(role)) errors.push(`알 수 없는 역할입니다: ${role} (${ROLES.join(', ')})`);
  if (input.password !== undefined) errors.push(...passwordProblems(input.password, { email }));
  const needsMinistry = input.roles.some((r) => r === 'press_officer' || r === 'reviewer') && !input.roles.includes('admin');
  if (needsMinistry && !input.ministries?.length) errors.push('홍보담당관과 검토자는 소속 부처를 하나 이상 지정해야 합니다.');
  const ministryIds: number[] = [];
  for (const name of input.ministries ?? []) {
    const ministry = await findMinistry(db, name);
    if (ministry) ministryIds.push(ministry.id);
    else errors.push(`등록되지 않은 부처입니다: ${name}`);
  }
  if (errors.length === 0 && (await findUserByEmail(db, email))) errors.push('이미 가입된 이메일입니다.');
  if (errors.length === 0 && (await findUserByDisplayName(db, displayName))) errors.push('이미 사용 중인 이름(닉네임)입니다.');
  if (errors.length) throw new AppError('VALIDATION_FAILED', '계정을 만들 수 없습니다.', errors);

  const oneTimePassword = input.password === undefined ? generateOneTimePassword() : null;
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!);
  const at = now.toISOString();
  const userId = await db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, { email, displayName, passwordHash, mustChangePassword: oneTimePassword !== null, now: at });
    await setRoles(trx, id, [...new Set(input.roles)]);
    await setMinistries(trx, id, [...new Set(ministryIds)]);
    await recordAudit(trx, { actorId: null, actorLabel: 'system', action: 'user.create', targetType: 'user', targetId: id, detail: { roles: input.roles }, at });
    return id;
  });
  return { userId, oneTimePassword };
}

export type LoginOutcome =
  | { ok: true; actor: Actor }
  | { ok: false; message: string; lockedUntil?: string };

const WRONG_CREDENTIALS = '이메일 또는 비밀번호가 올바르지 않습니다.';

function lockedMessage(until: string): string {
  const kst = new Date(new Date(until).getTime() + 9 * 3600_000);
  const hhmm = `${String(kst.getUTCHours()).padStart(2, '0')}:${String(kst.getUTCMinutes()).padStart(2, '0')}`;
  return `로그인에 여러 번 실패하여 계정이 잠시 잠겼습니다. ${hhmm} 이후에 다시 시도해 주세요.`;
}

/** Checks a password, counting failures per account and locking it for a while after too many. */
export async function authenticate(
  db: Kysely<Database>,
  email: string,
  password: string,
  now: Date,
  ip: string,
): Promise<LoginOutcome> {
  const at = now.toISOString();
  const user: UserRow | undefined = await findUserByEmail(db, email);
  if (!user || user.disabled_at) {
    // Spend the same time as a real check so the answer does not reveal which emails exist.
    await verifyPassword(password, 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA');
    await recordAudit(db, { actorId: null, actorLabel: email.slice(0, 100), action: 'login.failed', ip, detail: { reason: 'unknown' }, at });
    return { ok: false, message: WRONG_CREDENTIALS };
  }
  if (user.locked_until && user.locked_until > at) {
    await recordAudit(db, { actorId: user.id, action: 'login.locked', ip, at });
    return { ok: false, message: lockedMessage(user.locked_until), lockedUntil: user.locked_until };
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    const failures = (user.locked_until ? 0 : user.failed_logins) + 1;
    const lockedUntil = failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
    await db.transaction().execute(async (trx) => {
      if (user.locked_until) await trx.updateTable('users').set({ failed_logins: 0 }).where('id', '=', user.id).execute();
      await recordFailedLogin(trx, user.id, lockedUntil, at);
      await recordAudit(trx, { actorId: user.id, action: 'login.failed', ip, detail: { failures }, at });
    });
    if (lockedUntil) return { ok: false, message: lockedMessage(lockedUntil), lockedUntil };
    return { ok: false, message: WRONG_CREDENTIALS };
  }
  await recordSuccessfulLogin(db, user.id, at);
  await recordAudit(db, { actorId: user.id, action: 'login', ip, at });
  const actor = await loadActor(db, user.id);
  if (!actor) return { ok: false, message: WRONG_CREDENTIALS };
  return { ok: true, actor };
}

export async function changePassword(
  db: Kysely<Database>,
  actor: Actor,
  current: string,
  next: string,
  confirm: string,
  now: Date,
  ip: string,
): Promise<void> {
  const user = await findUserById(db, actor.id);
  if (!user) throw new AppError('UNAUTHENTICATED', '다시 로그인해 주세요.');
  const errors: string[] = [];
  if (!(await verifyPassword(current, user.password_hash))) errors.push('현재 비밀번호가 올바르지 않습니다.');
  if (next !== confirm) errors.push('새 비밀번호와 확인 값이 다릅니다.');
  if (next === current) errors.push('새 비밀번호는 현재 비밀번호와 달라야 합니다.');
  errors.push(...passwordProblems(next, { email: user.email }));
  if (errors.length) throw new AppError('VALIDATION_FAILED', '비밀번호를 바꿀 수 없습니다.', errors);
  const at = now.toISOString();
  const hash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await updatePassword(trx, user.id, hash, false, at);
    await recordAudit(trx, { actorId: user.id, action: 'password.change', ip, at });
  });
}

/** On a first start with no admin, creates one and returns its one-time password (shown once). */
export async function ensureAdmin(db: Kysely<Database>, now: Date): Promise<{ email: string; oneTimePassword: string } | null> {
  if ((await countUsersWithRole(db, 'admin')) > 0) return null;
  const email = 'admin@briefroom.local';
  const { oneTimePassword } = await createUser(db, { email, displayName: '관리자', roles: ['admin'] }, now);
  return { email, oneTimePassword: oneTimePassword! };
}

export interface UserSummary {
  id: number;
  email: string;
  displayName: string;
  roles: Role[];
  ministries: string[];
  mustChangePassword: boolean;
  disabled: boolean;
  lastLoginAt: string | null;
}

/** Every account, oldest first, for the CLI and admin listings. */
export async function listUsers(db: Kysely<Database>): Promise<UserSummary[]> {
  const rows = await listUsersWithRoles(db);
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    roles: u.roles,
    ministries: u.ministries,
    mustChangePassword: u.must_change_password === 1,
    disabled: u.disabled_at !== null,
    lastLoginAt: u.last_login_at,
  }));
}

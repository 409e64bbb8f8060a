import type { Kysely, Transaction } from 'kysely';
import type { Database, Role, UserRow } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByDisplayName(db: Db, name: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('display_name', '=', name).executeTakeFirst();
}

export async function rolesOf(db: Db, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return rows.map((r) => r.role);
}

export async function ministryIdsOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('user_ministries').select('ministry_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.ministry_id);
}

export async function insertUser(
  db: Db,
  values: { email: string; displayName: string; passwordHash: string; mustChangePassword: boolean; now: string },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      email: values.email.trim().toLowerCase(),
      email_verified_at: null,
      display_name: values.displayName,
      password_hash: values.passwordHash,
      must_change_password: values.mustChangePassword ? 1 : 0,
      locked_until: null,
      disabled_at: null,
      last_login_at: null,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setRoles(db: Db, userId: number, roles: Role[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length) await db.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();
}

export async function setMinistries(db: Db, userId: number, ministryIds: number[]): Promise<void> {
  await db.deleteFrom('user_ministries').where('user_id', '=', userId).execute();
  if (ministryIds.length) {
    await db.insertInto('user_ministries').values(ministryIds.map((ministry_id) => ({ user_id: userId, ministry_id }))).execute();
  }
}

export async function recordFailedLogin(db: Db, userId: number, lockedUntil: string | null, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), locked_until: lockedUntil, updated_at: now }))
    .where('id', '=', userId)
    .execute();
}

export async function recordSuccessfulLogin(db: Db, userId: number, now: string): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now }).where('id', '=', userId).execute();
}

export async function updatePassword(db: Db, userId: number, passwordHash: string, mustChange: boolean, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

export async function countUsersWithRole(db: Db, role: Role): Promise<number> {
  const row = await db
    .selectFrom('user_roles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listStaff(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'disabled_at', 'last_login_at'])
    .where((eb) =>
      eb.exists(eb.selectFrom('user_roles').select('user_id').whereRef('user_roles.user_id', '=', 'users.id').where('role', '!=', 'citizen')),
    )
    .orderBy('display_name')
    .execute();
}

/** Every account with its roles and ministries' names, for listings. */
export async function listUsersWithRoles(db: Db) {
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'must_change_password', 'locked_until', 'disabled_at', 'last_login_at', 'created_at'])
    .orderBy('id')
    .execute();
  const roles = await db.selectFrom('user_roles').select(['user_id', 'role']).orderBy('role').execute();
  const ministries = await db
    .selectFrom('user_ministries')
    .innerJoin('ministries', 'ministries.id', 'user_ministries.ministry_id')
    .select(['user_ministries.user_id', 'ministries.name'])
    .orderBy('ministries.name')
    .execute();
  return users.map((u) => ({
    ...u,
    roles: roles.filter((r) => r.user_id === u.id).map((r) => r.role),
    ministries: ministries.filter((m) => m.user_id === u.id).map((m) => m.name),
  }));
}

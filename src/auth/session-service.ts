import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { loadActor, type Actor } from '../users/user-service.js';
import { deleteSession, deleteSessionsOfUser, findSession, insertSession, touchSession } from './session-repository.js';

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMinutes: number;
  /** A session ends this long after login, however active. */
  absoluteHours: number;
}

const TOUCH_EVERY_MS = 60_000;

/** The cookie carries the token; the database only its hash, so a leaked table opens no session. */
function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function startSession(
  db: Kysely<Database>,
  userId: number,
  policy: SessionPolicy,
  now: Date,
  client: { ip: string; userAgent: string },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, {
    id: sessionId(token),
    userId,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + policy.absoluteHours * 3_600_000).toISOString(),
    ...client,
  });
  return token;
}

/** The person behind a session token, or null when it is unknown, idle too long or expired. */
export async function resumeSession(
  db: Kysely<Database>,
  token: string,
  policy: SessionPolicy,
  now: Date,
): Promise<{ actor: Actor; sessionId: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = sessionId(token);
  const session = await findSession(db, id);
  if (!session) return null;
  const nowMs = now.getTime();
  const idleLimit = new Date(session.last_seen_at).getTime() + policy.idleMinutes * 60_000;
  if (nowMs >= new Date(session.expires_at).getTime() || nowMs >= idleLimit) {
    await deleteSession(db, id);
    return null;
  }
  const actor = await loadActor(db, session.user_id);
  if (!actor) {
    await deleteSession(db, id);
    return null;
  }
  // Writing on every request would serialize readers behind the writer; a minute's precision is enough.
  if (nowMs - new Date(session.last_seen_at).getTime() > TOUCH_EVERY_MS) await touchSession(db, id, now.toISOString());
  return { actor, sessionId: id };
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await deleteSession(db, sessionId(token));
}

export async function endOtherSessions(db: Kysely<Database>, userId: number, keepToken: string): Promise<void> {
  await deleteSessionsOfUser(db, userId, sessionId(keepToken));
}

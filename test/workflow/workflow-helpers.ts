import type { Kysely } from 'kysely';
import type { Database, ReleaseState, Role } from '../../src/db/schema.js';
import { findOrCreateMinistry } from '../../src/ministries/ministry-service.js';
import { insertUser, setMinistries, setRoles } from '../../src/users/user-repository.js';
import { createUser, loadActor, type Actor } from '../../src/users/user-service.js';
import type { ReleaseInput } from '../../src/workflow/release-input.js';
import { createDraft, type WorkflowContext } from '../../src/workflow/workflow-service.js';

export const HOME = '중소벤처기업부';
export const OTHER = '금융위원회';

export async function ministryId(db: Kysely<Database>, name: string): Promise<number> {
  return (await findOrCreateMinistry(db, name, '2024-01-01T00:00:00.000Z')).ministry.id;
}

let counter = 0;
/** A staff member straight into the tables (no password hashing): for service-level tests. */
export async function makeActor(db: Kysely<Database>, roles: Role[], ministries: string[] = [HOME], name?: string): Promise<Actor> {
  counter += 1;
  const label = name ?? `${roles.join('-') || 'nobody'}-${counter}`;
  const id = await insertUser(db, {
    email: `${label}-${counter}@example.go.kr`,
    displayName: label,
    passwordHash: 'scrypt$x',
    mustChangePassword: false,
    now: '2024-01-01T00:00:00.000Z',
  });
  await setRoles(db, id, roles);
  await setMinistries(db, id, await Promise.all(ministries.map((m) => ministryId(db, m))));
  return (await loadActor(db, id))!;
}

export const PASSWORD = 'correct-horse-9';

/** A staff member with a real password, for tests that log in through the form. */
export async function makeLoginUser(db: Kysely<Database>, email: string, displayName: string, roles: Role[], ministries: string[] = [HOME], now = new Date()) {
  for (const m of ministries) await ministryId(db, m);
  const { userId } = await createUser(db, { email, displayName, roles, ministries: roles.includes('admin') ? [] : ministries, password: PASSWORD }, now);
  return (await loadActor(db, userId))!;
}

export function draftInput(ministry: number, overrides: Partial<ReleaseInput> = {}): ReleaseInput {
  return {
    ministryId: ministry,
    type: '보도자료',
    title: '스마트공장 보급 확산 방안',
    subtitles: ['중소기업 3만 곳 지원'],
    summary: ['요약 하나'],
    bodyMarkdown: '## 개요\n\n본문 첫 줄입니다.\n\n본문 둘째 줄입니다.',
    department: '스마트제조혁신과',
    contactResponsible: '과장 홍길동',
    contactPerson: '사무관 김철수',
    contactPhone: '044-204-7000',
    embargo: { preset: 'explicit', explicitAt: '2025-01-02T12:00' },
    releasedAt: '2025-01-02T03:00:00.000Z',
    distributedAt: null,
    licence: 1,
    featured: false,
    rebuttal: null,
    changeNote: null,
    minor: false,
    ...overrides,
  };
}

export function ctx(actor: Actor | null, now: Date): WorkflowContext {
  return { actor, now, ip: '127.0.0.1' };
}

/** A release written by `author`, then put straight into `state` (test set-up, not a move under test). */
export async function releaseIn(
  db: Kysely<Database>,
  author: Actor,
  state: ReleaseState,
  now: Date,
  options: { ministry?: number; releasedAt?: string; pending?: 'draft' | 'in_review' | 'returned'; forcePublishedBy?: number } = {},
): Promise<number> {
  const ministry = options.ministry ?? author.ministryIds[0] ?? (await ministryId(db, HOME));
  const asAdmin: Actor = { ...author, roles: [...author.roles, 'admin'] };
  const id = await createDraft(db, ctx(asAdmin, now), draftInput(ministry, { releasedAt: options.releasedAt ?? '2025-01-02T03:00:00.000Z' }));
  await db
    .updateTable('releases')
    .set({
      state,
      withdrawn_at: state === 'withdrawn' ? now.toISOString() : null,
      withdrawal_reason: state === 'withdrawn' ? '사유' : null,
    })
    .where('id', '=', id)
    .execute();
  if (options.pending) {
    const rev = await db.selectFrom('releases').select('current_revision_id').where('id', '=', id).executeTakeFirstOrThrow();
    await db.updateTable('releases').set({ pending_state: options.pending, pending_revision_id: rev.current_revision_id }).where('id', '=', id).execute();
  }
  if (options.forcePublishedBy !== undefined) {
    await db.updateTable('releases').set({ force_published_at: now.toISOString() }).where('id', '=', id).execute();
    await db
      .insertInto('workflow_events')
      .values({ release_id: id, revision_id: null, actor_id: options.forcePublishedBy, action: 'force_publish', from_state: 'draft', to_state: 'published', reason: '긴급', created_at: now.toISOString() })
      .execute();
  }
  return id;
}

/** Everything about a release a refused move must leave as it was. */
export async function snapshot(db: Kysely<Database>, id: number) {
  const release = await db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = await db.selectFrom('workflow_events').select((eb) => eb.fn.countAll<number>().as('n')).where('release_id', '=', id).executeTakeFirstOrThrow();
  const corrections = await db.selectFrom('release_corrections').select((eb) => eb.fn.countAll<number>().as('n')).where('release_id', '=', id).executeTakeFirstOrThrow();
  return { release, events: Number(events.n), corrections: Number(corrections.n) };
}

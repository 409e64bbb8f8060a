import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database, ReleaseState, Role } from '../../src/db/schema.js';
import type { Connection } from '../../src/db/sqlite.js';
import { AppError } from '../../src/shared/errors.js';
import type { Actor } from '../../src/users/user-service.js';
import { MOVES, type Move } from '../../src/workflow/transitions.js';
import { MOVE_FUNCTIONS } from '../../src/workflow/workflow-service.js';
import { freshDatabase } from '../helpers.js';
import { ctx, HOME, makeActor, ministryId, OTHER, releaseIn, snapshot } from './workflow-helpers.js';

const NOW = new Date('2025-01-01T00:00:00.000Z');

type Who = Role | 'anonymous';
const WHO: Who[] = ['press_officer', 'reviewer', 'moderator', 'admin', 'citizen', 'anonymous'];

/** The state each move is tried from: one it is legal from, so only permission decides. */
const FROM: Record<Move, ReleaseState> = {
  submit: 'draft',
  return: 'in_review',
  approve: 'in_review',
  publish_now: 'scheduled',
  unschedule: 'scheduled',
  withdraw: 'published',
  force_publish: 'draft',
  confirm_force_publish: 'published',
};

/** The policy, written out independently of src/workflow/transitions.ts. */
const ROLES_FOR: Record<Move, Role[]> = {
  submit: ['press_officer', 'reviewer', 'admin'],
  return: ['reviewer', 'admin'],
  approve: ['reviewer', 'admin'],
  publish_now: ['reviewer', 'admin'],
  unschedule: ['press_officer', 'reviewer', 'admin'],
  withdraw: ['reviewer', 'admin'],
  force_publish: ['admin'],
  confirm_force_publish: ['reviewer', 'admin'],
};
const SECOND_PAIR: Move[] = ['approve', 'confirm_force_publish'];

function expected(who: Who, move: Move, ownMinistry: boolean, ownRelease: boolean): boolean {
  if (who === 'anonymous') return false;
  if (!ROLES_FOR[move].includes(who)) return false;
  if (!ownMinistry && who !== 'admin') return false;
  if (ownRelease && SECOND_PAIR.includes(move)) return false;
  return true;
}

let connection: Connection;
let db: Kysely<Database>;
beforeEach(() => {
  connection = freshDatabase();
  db = connection.db;
});
afterEach(async () => {
  await connection.close();
});

const cases = WHO.flatMap((who) =>
  MOVES.flatMap((move) =>
    [true, false].flatMap((ownMinistry) =>
      [true, false]
        .filter((ownRelease) => !(who === 'anonymous' && ownRelease))
        .map((ownRelease) => ({ who, move, ownMinistry, ownRelease, allowed: expected(who, move, ownMinistry, ownRelease) })),
    ),
  ),
);

describe('permission matrix: role × move × ministry × authorship', () => {
  it.each(cases)(
    '$who $move (own ministry: $ownMinistry, own release: $ownRelease) → allowed: $allowed',
    async ({ who, move, ownMinistry, ownRelease, allowed }) => {
      const home = await ministryId(db, HOME);
      const other = await ministryId(db, OTHER);
      // Everyone but admins is scoped to the home ministry; the release is in one or the other.
      const actor: Actor | null = who === 'anonymous' ? null : await makeActor(db, [who], [HOME]);
      const colleague = await makeActor(db, ['press_officer'], [HOME, OTHER]);
      const forcer = await makeActor(db, ['admin'], []);
      const author = ownRelease && actor ? actor : colleague;
      const id = await releaseIn(db, author, FROM[move], NOW, {
        ministry: ownMinistry ? home : other,
        forcePublishedBy: move === 'confirm_force_publish' ? forcer.id : undefined,
      });
      const before = await snapshot(db, id);
      const deniedBefore = await countDenials();

      const attempt = MOVE_FUNCTIONS[move](db, ctx(actor, NOW), id, '확인한 사유');
      if (allowed) {
        await expect(attempt).resolves.toBeTruthy();
        const after = await snapshot(db, id);
        expect(after.events).toBe(before.events + 1);
        expect(after.release.lock_version).toBeGreaterThan(before.release.lock_version);
      } else {
        const error = await attempt.then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(AppError);
        expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain((error as AppError).code);
        expect((error as AppError).message).toMatch(/[가-힣]/);
        expect(await snapshot(db, id)).toEqual(before);
        expect(await countDenials()).toBe(deniedBefore + 1);
      }
    },
  );
});

async function countDenials(): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'permission.denied')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

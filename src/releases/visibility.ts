import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Database, ReleaseState } from '../db/schema.js';

/**
 * States whose release is public once its 보도시점 has passed. A scheduled release
 * needs nobody to act at its time: the clock alone makes it visible.
 */
export const PUBLIC_STATES: readonly ReleaseState[] = ['scheduled', 'published'];

/** The one question every public surface asks. */
export function isPublic(release: { state: ReleaseState; released_at: string }, now: Date): boolean {
  return PUBLIC_STATES.includes(release.state) && new Date(release.released_at).getTime() <= now.getTime();
}

/** An upper limit on 보도시점 that a query adds to visibility (a date filter, a keyset). */
export interface UpperBound {
  releasedAt: string;
  inclusive: boolean;
}

/**
 * isPublic as a SQL condition. The state list is written as literals, not bound
 * parameters, so SQLite can prove it matches the partial indexes' WHERE clause.
 *
 * A query's own upper limits on 보도시점 are folded into the one bound this emits:
 * SQLite uses a single upper bound of a range as the index bound, and given two
 * (now and an older keyset) it may walk from now down to the older one.
 */
export function publicCondition(
  eb: ExpressionBuilder<Database, 'releases'>,
  now: Date,
  ...bounds: (UpperBound | undefined)[]
): Expression<SqlBool> {
  let tightest: UpperBound = { releasedAt: now.toISOString(), inclusive: true };
  for (const bound of bounds) {
    if (!bound) continue;
    if (bound.releasedAt < tightest.releasedAt || (bound.releasedAt === tightest.releasedAt && !bound.inclusive)) tightest = bound;
  }
  return eb.and([
    sql<SqlBool>`${sql.ref('releases.state')} in ('scheduled', 'published')`,
    eb('releases.released_at', tightest.inclusive ? '<=' : '<', tightest.releasedAt),
  ]);
}

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

/**
 * isPublic as a SQL condition. The state list is written as literals, not bound
 * parameters, so SQLite can prove it matches the partial indexes' WHERE clause.
 */
export function publicCondition(
  eb: ExpressionBuilder<Database, 'releases'>,
  now: Date,
): Expression<SqlBool> {
  return eb.and([
    sql<SqlBool>`${sql.ref('releases.state')} in ('scheduled', 'published')`,
    eb('releases.released_at', '<=', now.toISOString()),
  ]);
}

import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Database, ReleaseState, ReleaseType } from '../db/schema.js';

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

/** The list's filters as instants: every public surface filters releases this way. */
export interface ListFilter {
  ministryId?: number;
  type?: ReleaseType;
  /** inclusive lower bound of 보도시점 (UTC ISO) */
  from?: string;
  /** exclusive upper bound of 보도시점 (UTC ISO) */
  until?: string;
}

/** A keyset: rows strictly older or newer than a position in the list order. */
export interface Keyset {
  position: { releasedAt: string; id: number };
  direction: 'older' | 'newer';
}

/**
 * The filter as SQL, with at most one bound on each side of 보도시점: SQLite uses one
 * lower and one upper bound of a range as the index bounds, so the tightest of the
 * filter's dates, the keyset and now is folded into each.
 */
export function publicListCondition(
  eb: ExpressionBuilder<Database, 'releases'>,
  filter: ListFilter,
  now: Date,
  keyset?: Keyset,
): Expression<SqlBool> {
  const until = filter.until === undefined ? undefined : { releasedAt: filter.until, inclusive: false };
  const olderThan = keyset?.direction === 'older' ? { releasedAt: keyset.position.releasedAt, inclusive: true } : undefined;
  const terms = [publicCondition(eb, now, until, olderThan)];
  if (filter.ministryId !== undefined) terms.push(eb('releases.ministry_id', '=', filter.ministryId));
  if (filter.type !== undefined) terms.push(eb('releases.type', '=', filter.type));
  let from = filter.from;
  if (keyset?.direction === 'newer' && (from === undefined || keyset.position.releasedAt > from)) from = keyset.position.releasedAt;
  if (from !== undefined) terms.push(eb('releases.released_at', '>=', from));
  if (keyset) {
    const { releasedAt, id } = keyset.position;
    terms.push(eb(eb.refTuple('releases.released_at', 'releases.id'), keyset.direction === 'older' ? '<' : '>', eb.tuple(releasedAt, id)));
  }
  return eb.and(terms);
}

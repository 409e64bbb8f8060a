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
  return publicUpTo(eb, tightestUpper(now, ...bounds));
}

function publicUpTo(eb: ExpressionBuilder<Database, 'releases'>, upper: UpperBound): Expression<SqlBool> {
  return eb.and([
    sql<SqlBool>`${sql.ref('releases.state')} in ('scheduled', 'published')`,
    eb('releases.released_at', upper.inclusive ? '<=' : '<', upper.releasedAt),
  ]);
}

function tightestUpper(now: Date, ...bounds: (UpperBound | undefined)[]): UpperBound {
  let tightest: UpperBound = { releasedAt: now.toISOString(), inclusive: true };
  for (const bound of bounds) {
    if (!bound) continue;
    if (bound.releasedAt < tightest.releasedAt || (bound.releasedAt === tightest.releasedAt && !bound.inclusive)) tightest = bound;
  }
  return tightest;
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
 * A filtered list's condition worked out in JS: at most one bound on each side of
 * 보도시점 (SQLite uses one lower and one upper bound of a range as the index
 * bounds, so the tightest of the filter's dates, the keyset and now is folded into
 * each), then the equality filters and the keyset.
 */
export interface ListBounds {
  upper: UpperBound;
  /** inclusive */
  lower?: string;
  ministryId?: number;
  type?: ReleaseType;
  keyset?: Keyset;
}

export function listBounds(filter: ListFilter, now: Date, keyset?: Keyset): ListBounds {
  const until = filter.until === undefined ? undefined : { releasedAt: filter.until, inclusive: false };
  const olderThan = keyset?.direction === 'older' ? { releasedAt: keyset.position.releasedAt, inclusive: true } : undefined;
  let lower = filter.from;
  if (keyset?.direction === 'newer' && (lower === undefined || keyset.position.releasedAt > lower)) lower = keyset.position.releasedAt;
  return { upper: tightestUpper(now, until, olderThan), lower, ministryId: filter.ministryId, type: filter.type, keyset };
}


/** What of ListBounds changes the SQL text (for queries compiled once): the operators, not the values. */
export function listBoundsShape(bounds: ListBounds): string {
  return `${bounds.upper.inclusive ? 'le' : 'lt'}:${bounds.keyset?.direction ?? ''}`;
}

/** ListBounds' values by name, the counterpart of listBoundsFromValues. */
export function listBoundsValues(bounds: ListBounds) {
  return {
    upper: bounds.upper.releasedAt,
    lower: bounds.lower,
    ministryId: bounds.ministryId,
    type: bounds.type,
    keyAt: bounds.keyset?.position.releasedAt,
    keyId: bounds.keyset?.position.id,
  };
}

/** ListBounds rebuilt from its shape and values (which may be a compiled query's stand-ins). */
export function listBoundsFromValues(shape: string, values: ReturnType<typeof listBoundsValues>): ListBounds {
  const [operator, direction] = shape.split(':');
  const keyset: Keyset | undefined =
    direction === 'older' || direction === 'newer' ? { position: { releasedAt: values.keyAt!, id: values.keyId! }, direction } : undefined;
  return {
    upper: { releasedAt: values.upper, inclusive: operator === 'le' },
    lower: values.lower,
    ministryId: values.ministryId,
    type: values.type,
    keyset,
  };
}

/** ListBounds as SQL. */
export function listBoundsCondition(eb: ExpressionBuilder<Database, 'releases'>, bounds: ListBounds): Expression<SqlBool> {
  const terms = [publicUpTo(eb, bounds.upper)];
  if (bounds.ministryId !== undefined) terms.push(eb('releases.ministry_id', '=', bounds.ministryId));
  if (bounds.type !== undefined) terms.push(eb('releases.type', '=', bounds.type));
  if (bounds.lower !== undefined) terms.push(eb('releases.released_at', '>=', bounds.lower));
  if (bounds.keyset) {
    const { releasedAt, id } = bounds.keyset.position;
    terms.push(eb(eb.refTuple('releases.released_at', 'releases.id'), bounds.keyset.direction === 'older' ? '<' : '>', eb.tuple(releasedAt, id)));
  }
  return eb.and(terms);
}

/** The filter as SQL: see ListBounds. */
export function publicListCondition(
  eb: ExpressionBuilder<Database, 'releases'>,
  filter: ListFilter,
  now: Date,
  keyset?: Keyset,
): Expression<SqlBool> {
  return listBoundsCondition(eb, listBounds(filter, now, keyset));
}

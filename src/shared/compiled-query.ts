import { createQueryId, type Compilable, type CompiledQuery, type QueryResult } from 'kysely';

/** Stands in for a value while a query is compiled; each run puts the call's value in its place. */
class Slot {
  constructor(
    readonly key: string,
    readonly index?: number,
  ) {}

  resolve(values: Record<string, unknown>): unknown {
    const value = values[this.key];
    return this.index === undefined ? value : (value as unknown[])[this.index];
  }
}

/** A Kysely instance or a transaction. */
interface Executor {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** Scalar values of a query, or lists of them (for `in`). */
export type QueryValues = Record<string, string | number | null | undefined | readonly (string | number)[]>;

/**
 * A query kysely builds and compiles once per database and shape, then runs with
 * each call's values. kysely rebuilds and recompiles the query tree on every call,
 * which cost more than running the indexed lookups of the public pages.
 *
 * `build` receives stand-ins for the values, never the values themselves: it may
 * place them in the query and test whether one is undefined, but anything else
 * that changes the SQL text (an operator, a direction) must be spelled out in
 * `shape`. The cache key adds which values are set and how long each list is.
 *
 * `literals` names values that go into the SQL text itself, each value its own
 * statement: row limits, which SQLite must not receive as parameters (see
 * `inlineLimits` in db/sqlite.ts). Keep them to values with few distinct settings.
 */
export function compiledOnce<D extends Executor, V extends QueryValues, R>(
  build: (db: D, values: V, shape: string) => Compilable<R>,
  options: { literals?: readonly (keyof V & string)[] } = {},
): (db: D, shape: string, values: V) => Promise<R[]> {
  const literals = new Set<string>(options.literals ?? []);
  const compiledBy = new WeakMap<D, Map<string, CompiledQuery<R>>>();
  return async (db, shape, values) => {
    let compiled = compiledBy.get(db);
    if (!compiled) compiledBy.set(db, (compiled = new Map()));
    const key = cacheKey(shape, values, literals);
    let query = compiled.get(key);
    if (!query) {
      query = build(db, standIns(values, literals), shape).compile();
      compiled.set(key, query);
    }
    const parameters = query.parameters.map((p) => (p instanceof Slot ? p.resolve(values) : p));
    const result = await db.executeQuery<R>({ ...query, parameters, queryId: createQueryId() });
    return result.rows;
  };
}

function cacheKey(shape: string, values: QueryValues, literals: ReadonlySet<string>): string {
  let key = shape;
  for (const name in values) {
    const value = values[name];
    if (value === undefined) continue;
    key += Array.isArray(value) ? `|${name}[${value.length}]` : literals.has(name) ? `|${name}=${String(value)}` : `|${name}`;
  }
  return key;
}

function standIns<V extends QueryValues>(values: V, literals: ReadonlySet<string>): V {
  const slots: Record<string, unknown> = {};
  for (const name in values) {
    const value = values[name];
    if (value === undefined) continue;
    slots[name] = literals.has(name) ? value : Array.isArray(value) ? value.map((_, i) => new Slot(name, i)) : new Slot(name);
  }
  return slots as V;
}

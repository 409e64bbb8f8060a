// The review queue's pages at scale: the page's ids come from the queue's own index,
// and only that page's rows are joined to their release (whose row is large). Joined
// before the OFFSET, page 500 of 38,000 held comments took 1.8 s at 1,000,000.
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase, type Connection } from '../../src/db/sqlite.js';
import { queueRows } from '../../src/moderation/moderation-repository.js';

let connection: Connection;
let db: Kysely<Database>;
const statements: { sql: string; parameters: readonly unknown[] }[] = [];

beforeAll(() => {
  connection = openDatabase(':memory:');
  migrate(connection);
  db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: connection.sqlite }),
    log: (event: LogEvent) => {
      if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
});

afterAll(async () => {
  await db.destroy();
  await connection.close();
});

it.each([null, 11])('walks the queue index for a deep page, rule %s, and reads releases only by key', async (rule) => {
  statements.length = 0;
  await queueRows(db, rule, 20, 10_000);
  const { sql, parameters } = statements[0]!;
  const plan = (connection.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as { detail: string }[]).map((row) => row.detail);
  // the page is chosen first, apart, from the queue's index alone
  expect(plan.join(' | ')).toMatch(/^(MATERIALIZE|CO-ROUTINE) page \| SEARCH q USING (COVERING )?INDEX comments_queue/);
  expect(plan.filter((step) => /\b(r|releases)\b/.test(step))).toEqual(['SEARCH r USING INTEGER PRIMARY KEY (rowid=?)']);
  expect(plan.some((step) => /^SCAN (c|q|r)\b/.test(step))).toBe(false);
});

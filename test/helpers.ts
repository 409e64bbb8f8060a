import type { FastifyInstance } from 'fastify';
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import type { Database, ReleaseState, ReleaseType } from '../src/db/schema.js';
import { openDatabase, type Connection } from '../src/db/sqlite.js';
import { findOrCreateMinistry } from '../src/ministries/ministry-service.js';
import { insertRelease } from '../src/releases/release-repository.js';
import { renderMarkdown } from '../src/rendering/markdown.js';
import { fixedClock } from '../src/shared/clock.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ NODE_ENV: 'test' }, { databasePath: ':memory:', logLevel: process.env.TEST_LOG ?? 'silent', ...overrides });
}

/**
 * A migrated in-memory database, and a kysely over it that records every statement
 * it runs: for tests of query plans. `planOf` explains one recorded statement.
 */
export function recordingDatabase() {
  const connection = freshDatabase();
  const statements: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: connection.sqlite }),
    log: (event: LogEvent) => {
      if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const planOf = ({ sql, parameters }: { sql: string; parameters: readonly unknown[] }): string[] =>
    (connection.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as { detail: string }[]).map((row) => row.detail);
  return { connection, db, statements, planOf };
}

export function freshDatabase(): Connection {
  const connection = openDatabase(':memory:');
  migrate(connection);
  return connection;
}

export interface TestApp {
  app: FastifyInstance;
  connection: Connection;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

/** The real app over a fresh, migrated in-memory database and a clock the test controls. */
export async function createTestApp(now = '2025-01-01T00:00:00.000Z'): Promise<TestApp> {
  const connection = freshDatabase();
  const clock = fixedClock(now);
  const app = await buildApp({ config: testConfig(), connection, clock });
  return {
    app,
    connection,
    clock,
    async close() {
      await app.close();
      await connection.close();
    },
  };
}

export interface ReleaseSeed {
  title: string;
  ministry?: string;
  type?: ReleaseType;
  state?: ReleaseState;
  releasedAt: string;
  subtitles?: string[];
  summary?: string[];
  body?: string;
  featured?: boolean;
  licence?: number;
  department?: string;
  contactPerson?: string;
  contactPhone?: string;
}

export async function seedRelease(connection: Connection, seed: ReleaseSeed): Promise<number> {
  const now = new Date().toISOString();
  const { ministry } = await findOrCreateMinistry(connection.db, seed.ministry ?? '중소벤처기업부', now);
  const body = seed.body ?? `${seed.title}에 관한 본문입니다.`;
  return insertRelease(connection.db, {
    ministry_id: ministry.id,
    type: seed.type ?? '보도자료',
    state: seed.state ?? 'published',
    title: seed.title,
    subtitles: JSON.stringify(seed.subtitles ?? []),
    summary: JSON.stringify(seed.summary ?? []),
    body_markdown: body,
    body_html: renderMarkdown(body),
    department: seed.department ?? '',
    contact_person: seed.contactPerson ?? '',
    contact_phone: seed.contactPhone ?? '',
    released_at: new Date(seed.releasedAt).toISOString(),
    distributed_at: null,
    licence: seed.licence ?? 1,
    featured: seed.featured ? 1 : 0,
    source_file: null,
    withdrawn_at: null,
    withdrawal_reason: null,
    created_at: now,
    updated_at: now,
  });
}

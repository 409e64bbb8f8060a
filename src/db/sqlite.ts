// Everything SQLite-specific lives here: opening the file, pragmas, and (later) FTS5.
// A PostgreSQL backend replaces this module and keeps the kysely Database interface.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { registerSearchFunctions } from './sqlite-search.js';

export interface Connection {
  db: Kysely<Database>;
  /** The raw handle, for migrations, backups and the SQLite-only features of this module. */
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

export function openDatabase(file: string): Connection {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers go on while a writer commits; NORMAL keeps every committed
  // transaction across a process crash (only an OS crash may lose the last ones).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('temp_store = MEMORY');
  // Migration 003's search triggers call this function on every write to releases.
  registerSearchFunctions(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    sqlite,
    async close() {
      await db.destroy();
    },
  };
}


export interface ContentFreshness {
  /** moves whenever anything a public page shows changes (triggers in migration 006) */
  version: number;
  /** the next instant a scheduled release becomes public, or null */
  nextEmbargoAt: string | null;
}

/**
 * Reads the content version and the next embargo in one prepared statement: it
 * runs on every cached page view, so it skips the query builder.
 */
export function contentFreshnessReader(sqlite: SQLite.Database): (now: Date) => ContentFreshness {
  const statement = sqlite.prepare(
    `SELECT (SELECT value FROM site_state WHERE key = 'content_version') AS version,
            (SELECT min(released_at) FROM releases WHERE state = 'scheduled' AND released_at > ?) AS next_embargo_at`,
  );
  return (now) => {
    const row = statement.get(now.toISOString()) as { version: number; next_embargo_at: string | null };
    return { version: row.version, nextEmbargoAt: row.next_embargo_at };
  };
}

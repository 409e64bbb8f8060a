// Everything SQLite-specific lives here: opening the file, pragmas, and (later) FTS5.
// A PostgreSQL backend replaces this module and keeps the kysely Database interface.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    sqlite,
    async close() {
      await db.destroy();
    },
  };
}


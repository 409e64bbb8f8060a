// Everything SQLite-specific lives here: opening the file, pragmas, and (later) FTS5.
// A PostgreSQL backend replaces this module and keeps the kysely Database interface.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  LimitNode,
  OperationNodeTransformer,
  SqliteDialect,
  ValueNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type SqliteDatabase,
  type UnknownRow,
} from 'kysely';
import type { Database } from './schema.js';
import type { FreshnessReader } from '../shared/fresh-cache.js';
import { registerSearchFunctions } from './sqlite-search.js';

export interface Connection {
  db: Kysely<Database>;
  /** The raw handle, for migrations, backups and the SQLite-only features of this module. */
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * kysely's SQLite driver prepares every query anew; preparing cost more than
 * running most of our indexed queries. This keeps prepared statements by SQL text
 * (a statement still being iterated is never handed out twice).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const cached = statements.get(text);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(text);
      if (cached) return statement;
      if (statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

class LimitInliner extends OperationNodeTransformer {
  protected override transformLimit(node: LimitNode): LimitNode {
    const { limit } = node;
    if (ValueNode.is(limit) && !limit.immediate && Number.isSafeInteger(limit.value)) {
      return LimitNode.create(ValueNode.createImmediate(limit.value));
    }
    return super.transformLimit(node);
  }
}

/**
 * Writes integer row limits into the SQL text. SQLite (3.53 here) plans with the
 * value bound to `LIMIT ?` and so marks the statement to be prepared again at every
 * bind: the comments of an article took 33 µs instead of 13, every run. An OFFSET
 * parameter does not do this. A limit that the query builder received as a stand-in
 * (compiledOnce) stays a parameter unless the query names it among its literals.
 */
const limitInliner = new LimitInliner(); // its traversal is synchronous, so one serves every query
export const inlineLimits: KyselyPlugin = {
  transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => limitInliner.transformNode(args.node),
  transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
};

/**
 * Opens the database file (created with its folder when missing) in WAL mode.
 * `readOnly` opens an existing file for reading only, as a second connection beside
 * the server's (the article read thread): it sets no journal mode, which the first
 * connection has set for the file.
 */
export function openDatabase(file: string, options: { readOnly?: boolean } = {}): Connection {
  const readOnly = options.readOnly === true && file !== ':memory:';
  if (file !== ':memory:' && !readOnly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file, readOnly ? { readonly: true, fileMustExist: true } : {});
  if (!readOnly) {
    // WAL lets readers go on while a writer commits; NORMAL keeps every committed
    // transaction across a process crash (only an OS crash may lose the last ones).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('temp_store = MEMORY');
  // Migration 003's search triggers call this function on every write to releases.
  registerSearchFunctions(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins: [inlineLimits] });
  return {
    db,
    sqlite,
    async close() {
      await db.destroy();
      // kysely only closes a connection it has opened, i.e. after a first query.
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * Reads the content version and the next embargo in one prepared statement, and,
 * for a page that shows a release's comments, the version of those comments in the
 * same statement: it runs on every cached page view, so it skips the query builder.
 */
export function contentFreshnessReader(sqlite: SQLite.Database): FreshnessReader {
  const common = `(SELECT value FROM site_state WHERE key = 'content_version') AS version,
            (SELECT min(released_at) FROM releases WHERE state = 'scheduled' AND released_at > ?) AS next_embargo_at`;
  const content = sqlite.prepare(`SELECT ${common}, 0 AS comment_version`);
  const withComments = sqlite.prepare(
    `SELECT ${common}, coalesce((SELECT version FROM release_comment_counts WHERE release_id = ?), 0) AS comment_version`,
  );
  return (now, commentsOf) => {
    const at = now.toISOString();
    const row = (commentsOf === undefined ? content.get(at) : withComments.get(at, commentsOf)) as {
      version: number;
      comment_version: number;
      next_embargo_at: string | null;
    };
    return { version: row.version, commentVersion: row.comment_version, nextEmbargoAt: row.next_embargo_at };
  };
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from './sqlite.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** migrations/ at the package root, both from src/ (tests) and dist/src/ (built). */
export const MIGRATIONS_DIR = [path.resolve(here, '../../migrations'), path.resolve(here, '../../../migrations')].find(
  (dir) => fs.existsSync(dir),
) ?? path.resolve(here, '../../migrations');

export interface MigrationResult {
  applied: string[];
}

/** Applies every numbered migration not yet applied, each in its own transaction, in order. */
export function migrate(connection: Connection, dir: string = MIGRATIONS_DIR): MigrationResult {
  const { sqlite } = connection;
  sqlite.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
  const done = new Set(
    (sqlite.prepare('SELECT version FROM schema_migrations').all() as { version: string }[]).map((r) => r.version),
  );
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    if (done.has(version)) continue;
    const script = fs.readFileSync(path.join(dir, file), 'utf8');
    sqlite.transaction(() => {
      sqlite.exec(script);
      sqlite.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    })();
    applied.push(version);
  }
  return { applied };
}

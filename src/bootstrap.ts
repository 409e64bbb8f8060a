import path from 'node:path';
import type { Config } from './config.js';
import { migrate } from './db/migrate.js';
import { openDatabase, type Connection } from './db/sqlite.js';
import { PACKAGE_ROOT } from './app.js';
import { hasAnyRelease } from './releases/release-repository.js';
import { formatImportReport, importDirectory } from './content/index.js';

/** Opens the configured database and brings its schema up to date. */
export function openMigrated(config: Config): { connection: Connection; applied: string[] } {
  const connection = openDatabase(config.databasePath);
  try {
    const { applied } = migrate(connection);
    return { connection, applied };
  } catch (error) {
    void connection.close();
    throw error;
  }
}

/** On a database that holds no release, loads the sample releases so a first start shows a briefing room. */
export async function seedSampleContent(connection: Connection, config: Config, now: Date): Promise<string[] | null> {
  if (await hasAnyRelease(connection.db)) return null;
  const dir = path.resolve(PACKAGE_ROOT, config.contentDir);
  const report = await importDirectory(connection.db, dir, now);
  return formatImportReport(report);
}

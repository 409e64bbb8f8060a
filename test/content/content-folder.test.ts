import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatImportReport, importDirectory } from '../../src/content/index.js';
import { migrate } from '../../src/db/migrate.js';
import { RELEASE_TYPES } from '../../src/db/schema.js';
import { openDatabase, type Connection } from '../../src/db/sqlite.js';

const CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content');
const NOW = new Date('2025-12-01T00:00:00.000Z');

let connection: Connection;

beforeEach(() => {
  connection = openDatabase(':memory:');
  migrate(connection);
});

afterEach(async () => {
  await connection.close();
});

describe('the sample content/ folder', () => {
  it('imports without a failure: at least 30 releases, 8 ministries and every type', async () => {
    const report = await importDirectory(connection.db, CONTENT_DIR, NOW);
    expect(report.failures, formatImportReport(report).join('\n')).toEqual([]);
    expect(report.created.length).toBeGreaterThanOrEqual(30);

    const rows = await connection.db.selectFrom('releases').select(['ministry_id', 'type', 'state', 'released_at']).execute();
    expect(rows).toHaveLength(report.created.length);
    expect(new Set(rows.map((r) => r.ministry_id)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(RELEASE_TYPES));
    expect(rows.every((r) => r.state === 'published' && r.released_at.endsWith('Z'))).toBe(true);

    const again = await importDirectory(connection.db, CONTENT_DIR, NOW);
    expect(again.unchanged).toHaveLength(report.created.length);
    expect(again.failures).toEqual([]);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { backupDatabase, databaseInUse, restoreDatabase, verifyDatabaseFile } from '../../src/backup/backup-service.js';
import { main, type CliIo } from '../../src/cli.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase, type Connection } from '../../src/db/sqlite.js';
import { seedRelease, testConfig } from '../helpers.js';

let dir: string;
let previousDb: string | undefined;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-backup-'));
  previousDb = process.env.DATABASE_PATH;
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  if (previousDb === undefined) delete process.env.DATABASE_PATH;
  else process.env.DATABASE_PATH = previousDb;
  fs.rmSync(dir, { recursive: true, force: true });
});

function capture(): CliIo & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out: (l) => out_.push(l), err: (l) => err_.push(l), out_, err_ };
}

async function migratedFile(file: string, titles: string[] = []): Promise<void> {
  const connection = openDatabase(file);
  migrate(connection);
  for (const title of titles) await seedRelease(connection, { title, releasedAt: '2024-06-01T01:00:00Z' });
  await closeFully(connection);
}

/** Connection.close() leaves the SQLite handle open when kysely never ran a query; close it here. */
async function closeFully(connection: Connection): Promise<void> {
  await connection.close();
  if (connection.sqlite.open) connection.sqlite.close();
}

/**
 * A second process that writes to the database as fast as it can. Each
 * transaction inserts a row and moves a counter, so a consistent copy always
 * has counter == count(*).
 */
function startWriter(file: string): Promise<ChildProcess> {
  const script = `
    const SQLite = require(${JSON.stringify(requireCjs.resolve('better-sqlite3'))});
    const db = new SQLite(process.argv[1]);
    db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('busy_timeout = 5000');
    db.exec("CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
    db.exec("CREATE TABLE IF NOT EXISTS ledger_count (n INTEGER NOT NULL)");
    db.exec("INSERT INTO ledger_count SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ledger_count)");
    const insert = db.prepare('INSERT INTO ledger (payload) VALUES (?)');
    const bump = db.prepare('UPDATE ledger_count SET n = n + 1');
    const step = db.transaction(() => { insert.run('x'.repeat(2000)); bump.run(); });
    let written = 0;
    process.stdout.write('ready\\n');
    const loop = () => { for (let i = 0; i < 50; i++) { step(); written++; } if (written % 500 === 0) process.stdout.write('w' + written + '\\n'); setImmediate(loop); };
    loop();
  `;
  const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      // wait until it has written a good amount, so the backup runs during writes
      if (/w1000\n/.test(seen)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`writer exited ${code}`)));
  });
}

const requireCjs = createRequire(import.meta.url);

describe('briefroom backup', () => {
  it('takes a consistent copy while another process keeps writing', async () => {
    const file = path.join(dir, 'live.db');
    await migratedFile(file, ['백업 전에 게시한 보도자료']);
    const writer = await startWriter(file);
    const copies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const copy = path.join(dir, `copy-${i}.db`);
      const result = await backupDatabase(file, copy);
      expect(result.bytes).toBeGreaterThan(0);
      copies.push(copy);
    }
    expect(writer.exitCode).toBeNull();
    writer.kill('SIGKILL');
    const counts: number[] = [];
    for (const copy of copies) {
      verifyDatabaseFile(copy);
      const sqlite = new SQLite(copy, { readonly: true });
      const { rows } = sqlite.prepare('SELECT count(*) AS rows FROM ledger').get() as { rows: number };
      const { n } = sqlite.prepare('SELECT n FROM ledger_count').get() as { n: number };
      sqlite.close();
      expect(n).toBe(rows);
      counts.push(rows);
    }
    // the copies were taken at different moments of the writing
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBeGreaterThan(1);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('runs from the command line against DATABASE_PATH', async () => {
    const file = path.join(dir, 'cli.db');
    await migratedFile(file, ['명령줄 백업']);
    process.env.DATABASE_PATH = file;
    const io = capture();
    expect(await main(['backup', path.join(dir, 'out', 'b.db')], io)).toBe(0);
    expect(io.out_.join('\n')).toContain('백업했습니다');
    verifyDatabaseFile(path.join(dir, 'out', 'b.db'));

    const usage = capture();
    expect(await main(['backup'], usage)).toBe(2);
    expect(usage.err_.join('\n')).toContain('사용법: briefroom backup <파일>');

    const onto = capture();
    expect(await main(['backup', file], onto)).toBe(1);
    expect(onto.err_.join('\n')).toContain('데이터베이스 자신 위에');
  });
});

describe('briefroom restore', () => {
  it('restores into a fresh directory and the app serves from the restored file', async () => {
    const live = path.join(dir, 'live.db');
    await migratedFile(live, ['복원해서 다시 볼 보도자료']);
    const backup = path.join(dir, 'backup.db');
    await backupDatabase(live, backup);

    const target = path.join(dir, 'fresh', 'nested', 'briefroom.db');
    process.env.DATABASE_PATH = target;
    const io = capture();
    expect(await main(['restore', backup], io)).toBe(0);
    expect(io.out_.join('\n')).toContain('복원했습니다');

    const connection = openDatabase(target);
    const app = await buildApp({ config: testConfig({ databasePath: target }), connection });
    try {
      const res = await app.inject({ method: 'GET', url: '/briefing' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('복원해서 다시 볼 보도자료');
    } finally {
      await app.close();
      await connection.close();
    }
  });

  it('replaces an existing stopped database and removes its stale -wal and -shm', async () => {
    const backup = path.join(dir, 'backup.db');
    await migratedFile(backup, ['백업본의 보도자료']);
    const target = path.join(dir, 'target.db');
    await migratedFile(target, ['바뀔 보도자료']);
    fs.writeFileSync(`${target}-wal`, 'stale wal that must not be replayed');
    fs.writeFileSync(`${target}-shm`, 'stale shm');

    const result = restoreDatabase(backup, target);
    expect(result.replaced).toBe(true);
    expect(fs.existsSync(`${target}-wal`)).toBe(false);
    expect(fs.existsSync(`${target}-shm`)).toBe(false);
    const sqlite = new SQLite(target, { readonly: true });
    const titles = (sqlite.prepare('SELECT title FROM releases').all() as { title: string }[]).map((r) => r.title);
    sqlite.close();
    expect(titles).toEqual(['백업본의 보도자료']);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.restoring'))).toEqual([]);
  });

  it('refuses while another process holds the database, and leaves it untouched', async () => {
    const backup = path.join(dir, 'backup.db');
    await migratedFile(backup, ['백업본']);
    const target = path.join(dir, 'served.db');
    await migratedFile(target, ['서버가 쓰는 중']);
    // an idle holder: open, read once, then do nothing (like a server between requests)
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const S = require(${JSON.stringify(requireCjs.resolve('better-sqlite3'))}); const db = new S(process.argv[1]);
         db.pragma('journal_mode = WAL'); db.prepare('SELECT count(*) FROM releases').get(); console.log('ready'); setInterval(() => {}, 1000);`,
        target,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(holder);
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));

    expect(databaseInUse(target)).toBe(true);
    process.env.DATABASE_PATH = target;
    const io = capture();
    expect(await main(['restore', backup], io)).toBe(1);
    expect(io.err_.join('\n')).toContain('데이터베이스를 사용하는 프로세스가 있습니다');

    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    // a killed server leaves no stale lock behind
    expect(databaseInUse(target)).toBe(false);
    const after = capture();
    expect(await main(['restore', backup], after)).toBe(0);
  });

  it('refuses while this process has it open too', async () => {
    const backup = path.join(dir, 'backup.db');
    await migratedFile(backup);
    const target = path.join(dir, 'open.db');
    const connection = openDatabase(target);
    migrate(connection);
    try {
      expect(() => restoreDatabase(backup, target)).toThrow(/사용하는 프로세스가 있습니다/);
    } finally {
      await closeFully(connection);
    }
    expect(databaseInUse(target)).toBe(false);
  });

  it('refuses a damaged or foreign backup before touching the database', async () => {
    const target = path.join(dir, 'keep.db');
    await migratedFile(target, ['그대로 남을 보도자료']);
    const before = fs.readFileSync(target);

    const garbage = path.join(dir, 'garbage.db');
    fs.writeFileSync(garbage, 'this is not a database at all'.repeat(100));
    expect(() => restoreDatabase(garbage, target)).toThrow(/SQLite|손상/);

    const foreign = path.join(dir, 'foreign.db');
    const other = new SQLite(foreign);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(() => restoreDatabase(foreign, target)).toThrow(/브리핑룸 데이터베이스가 아닙니다/);

    // a real backup with one page overwritten in the middle
    const corrupt = path.join(dir, 'corrupt.db');
    await migratedFile(corrupt, Array.from({ length: 40 }, (_, i) => `보도자료 ${i} ${'가'.repeat(200)}`));
    const bytes = fs.readFileSync(corrupt);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x41, pageSize * 3, pageSize * 6);
    fs.writeFileSync(corrupt, bytes);
    expect(() => restoreDatabase(corrupt, target)).toThrow();

    expect(fs.readFileSync(target).equals(before)).toBe(true);
    expect(() => restoreDatabase(path.join(dir, 'missing.db'), target)).toThrow(/파일이 없습니다/);
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/sqlite.js';
import { startWalCheckpointer, type CheckpointResult } from '../../src/db/wal-checkpointer.js';
import { ensureBuilt, ROOT } from '../security/real-server.js';

let dir: string;
let file: string;
let connection: Connection;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-wal-'));
  file = path.join(dir, 'wal.db');
  connection = openDatabase(file);
  connection.sqlite.exec('CREATE TABLE pages (id INTEGER PRIMARY KEY, filler BLOB NOT NULL)');
});

afterEach(async () => {
  await connection.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Commits enough rows to fill `pages` log frames, one transaction at a time, as a busy server would. */
function write(pages: number): void {
  const insert = connection.sqlite.prepare('INSERT INTO pages (filler) VALUES (zeroblob(3000))');
  for (let i = 0; i < pages; i++) insert.run();
}

const logFrames = () => fs.statSync(`${file}-wal`).size;

function nextCheckpoint(results: CheckpointResult[], predicate: (r: CheckpointResult) => boolean): Promise<CheckpointResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const look = () => {
      const found = results.find(predicate);
      if (found) resolve(found);
      else if (Date.now() - started > 10_000) reject(new Error('no checkpoint within 10 s'));
      else setTimeout(look, 20);
    };
    look();
  });
}

describe('WAL checkpoints in a worker thread', () => {
  it('takes checkpoints away from the connection and copies the log into the file from the worker', async () => {
    const results: CheckpointResult[] = [];
    const errors: Error[] = [];
    const checkpointer = startWalCheckpointer(connection.sqlite, file, { intervalMs: 20, onCheckpoint: (r) => results.push(r), onError: (e) => errors.push(e) });
    expect(checkpointer).not.toBeNull();
    expect(connection.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    // Past SQLite's 1,000-page threshold: the connection itself would have checkpointed by now.
    write(1_500);
    const done = await nextCheckpoint(results, (r) => r.log >= 1_000 && r.checkpointed === r.log);
    expect(done.checkpointed).toBeGreaterThanOrEqual(1_000);
    expect(connection.sqlite.prepare('SELECT count(*) FROM pages').pluck().get()).toBe(1_500);

    await checkpointer!.stop();
    expect(errors).toEqual([]);
    expect(connection.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(logFrames()).toBeGreaterThan(0);
  });

  it('gives the connection its checkpoints back when the worker dies', async () => {
    const errors: Error[] = [];
    // The worker cannot open a file that is gone, and ends.
    const checkpointer = startWalCheckpointer(connection.sqlite, path.join(dir, 'moved-away.db'), { intervalMs: 20, onError: (e) => errors.push(e) });
    expect(connection.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    for (let waited = 0; errors.length < 2 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(connection.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/moved-away\.db[\s\S]*stopped/);
    await checkpointer!.stop();

    // And the connection checkpoints for itself: the log does not grow past SQLite's threshold.
    write(2_500);
    expect(logFrames()).toBeLessThan(1_200 * 4096);
  });

  it('lets a process that awaits its stop, and has nothing else to wait for, finish that wait', { timeout: 150_000 }, () => {
    // The worker does not keep a server process up (it is unref'd); a script such as the
    // view-count bench that awaits stop() must still see it stop, not exit in the middle.
    ensureBuilt();
    const built = path.join(ROOT, 'dist/src/db');
    const script = `
      const { openDatabase } = await import(${JSON.stringify(pathToFileURL(path.join(built, 'sqlite.js')).href)});
      const { startWalCheckpointer } = await import(${JSON.stringify(pathToFileURL(path.join(built, 'wal-checkpointer.js')).href)});
      const connection = openDatabase(${JSON.stringify(file)});
      const checkpointer = startWalCheckpointer(connection.sqlite, ${JSON.stringify(file)});
      await checkpointer.stop();
      console.log('stopped', connection.sqlite.pragma('wal_autocheckpoint', { simple: true }));
      await connection.close();
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('stopped 1000');
    expect(run.status).toBe(0);
  });

  it('does nothing for an in-memory database', () => {
    const memory = openDatabase(':memory:');
    expect(startWalCheckpointer(memory.sqlite, ':memory:')).toBeNull();
    return memory.close();
  });
});

// The compiled command, whose search index is built by worker threads (from the
// TypeScript sources the builders share the test's thread).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/sqlite.js';
import { cli, ensureBuilt, ROOT, serverEnv, tempDir } from '../security/real-server.js';
import { copiedThroughTriggers, expectSameAs, expectSameAsRebuilt, integrityCheck, schema } from './index-comparison.js';

let dir: string;
const opened: Connection[] = [];
afterEach(async () => {
  for (const connection of opened.splice(0)) await connection.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(file: string): Connection {
  const connection = openDatabase(file);
  opened.push(connection);
  return connection;
}

/** Resolves once `ready` holds, looking every few milliseconds (the process under test gives no other sign). */
async function until(ready: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('briefroom generate', () => {
  it('builds the search index in worker threads that the triggers would have written', async () => {
    ensureBuilt();
    dir = tempDir('generate');
    const env = serverEnv(dir);
    const run = cli(env, 'generate', '--releases', '4000', '--comments', '500');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('보도자료 4,000건을');
    expect(run.out).not.toContain('트리거가 한 건씩');
    expect(run.out).toContain('댓글 500건을');
    const connection = open(env.DATABASE_PATH!);
    expect(connection.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    const ordinary = copiedThroughTriggers(connection);
    opened.push(ordinary);
    await expectSameAs(connection, ordinary);
    await expectSameAsRebuilt(connection);
  }, 120_000);

  it('leaves the database as it was when the process is killed in the middle of a load', async () => {
    ensureBuilt();
    dir = tempDir('generate-kill');
    const env = serverEnv(dir);
    expect(cli(env, 'migrate').code).toBe(0);
    const file = env.DATABASE_PATH!;
    const before = open(file);
    const schemaBefore = schema(before);
    await before.close();
    opened.length = 0;

    const child = spawn(process.execPath, [path.join(ROOT, 'bin/briefroom.js'), 'generate', '--releases', '400000'], { cwd: ROOT, env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // well into the load's one transaction: its journal exists and the file has grown
    await until(() => fs.existsSync(`${file}-journal`) && fs.statSync(file).size > 100 * 2 ** 20, 60_000);
    child.kill('SIGKILL');
    await exited;

    // the next open rolls the hot journal back
    const after = open(file);
    expect(schema(after)).toEqual(schemaBefore);
    expect(after.sqlite.prepare('SELECT count(*) FROM releases').pluck().get()).toBe(0);
    expect(after.sqlite.prepare('SELECT count(*) FROM release_search').pluck().get()).toBe(0);
    expect(after.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    integrityCheck(after);
  }, 120_000);
});

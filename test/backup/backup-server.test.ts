// `briefroom backup` and `restore` against the real server process.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, cli, cliAsync, ensureBuilt, serverEnv, startServer, tempDir, type RunningServer } from '../security/real-server.js';

let dir: string;
const running: RunningServer[] = [];

beforeAll(() => {
  ensureBuilt();
  dir = tempDir('backup-server');
}, 120_000);

afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore beside a running server', () => {
  it('backs up while the server writes, refuses to restore under it, and serves the restored copy', async () => {
    const env = serverEnv(path.join(dir, 'live'), { COMMENT_MIN_INTERVAL_SECONDS: '0', COMMENT_DAILY_LIMIT: '10000', COMMENT_IP_HOURLY_LIMIT: '100000' });
    fs.mkdirSync(path.join(dir, 'live'));
    const server = await startServer(env);
    running.push(server);
    expect(cli(env, 'user', 'add', '--email', 'c@example.com', '--name', '백업독자', '--role', 'citizen', '--password', 'correct-horse-9').code).toBe(0);

    // comments keep coming while the backup runs
    const reader = new Client(server.origin);
    await reader.login('c@example.com', 'correct-horse-9');
    const list = await reader.get('/briefing');
    const releaseId = /href="\/briefing\/(\d+)/.exec(list.body)?.[1];
    const token = await reader.token(`/briefing/${releaseId}`);
    let writing = true;
    let during = 0;
    const load = (async () => {
      for (let i = 0; writing; i++) {
        const res = await reader.post(`/briefing/${releaseId}/comments`, { _csrf: token, body: `백업 중에 남기는 ${i}번째 의견입니다. 잘 읽었습니다.` });
        expect([303, 202, 422]).toContain(res.status);
        during++;
      }
    })();
    const backupFile = path.join(dir, 'backups', 'briefroom-backup.db');
    const backup = await cliAsync(env, 'backup', backupFile);
    writing = false;
    await load;
    expect(during).toBeGreaterThan(3);
    expect(backup.err).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.out).toContain('백업했습니다');
    const copy = new SQLite(backupFile, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const releases = (copy.prepare('SELECT count(*) AS n FROM releases').get() as { n: number }).n;
    copy.close();
    expect(releases).toBeGreaterThan(0);

    const refused = cli(env, 'restore', backupFile);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('데이터베이스를 사용하는 프로세스가 있습니다');
    expect((await new Client(server.origin).get('/briefing')).status).toBe(200);

    // into a fresh directory, then a server on the restored file
    const restoredEnv = serverEnv(path.join(dir, 'restored', 'deeper'));
    const restored = cli(restoredEnv, 'restore', backupFile);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    const second = await startServer(restoredEnv);
    running.push(second);
    expect(second.adminPassword, 'the restored database already has its administrator').toBeNull();
    const page = await new Client(second.origin).get('/briefing');
    expect(page.status).toBe(200);
    const firstTitle = /<a[^>]+href="\/briefing\/\d+[^"]*"[^>]*>([^<]+)<\/a>/.exec(list.body)?.[1];
    expect(firstTitle).toBeTruthy();
    expect(page.body).toContain(firstTitle!);
    const again = new Client(second.origin);
    await again.login('c@example.com', 'correct-horse-9');

    // once the first server is stopped, restoring over its database is allowed
    expect(await server.stop('SIGTERM')).toBe(0);
    const overStopped = cli(env, 'restore', backupFile);
    expect(overStopped.err).toBe('');
    expect(overStopped.code).toBe(0);
  }, 90_000);
});

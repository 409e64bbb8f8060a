// SERVER_PROCESSES=2: the real server started as `npm start` does, as a supervisor
// of two server processes on one port.
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { RestartBudget } from '../../src/server-processes.js';
import { ensureBuilt, ROOT, serverEnv, startServer, tempDir, type RunningServer } from '../security/real-server.js';

function childrenOf(pid: number): number[] {
  const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** GET on a new connection: one kept alive from before may belong to a process since killed. */
function statusOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe('RestartBudget', () => {
  it('allows restarts until five exits fall within a minute, and again once they age out', () => {
    const budget = new RestartBudget(5, 60_000);
    for (const at of [0, 1_000, 2_000, 3_000]) expect(budget.allow(at)).toBe(true);
    expect(budget.allow(4_000)).toBe(false);
    const spread = new RestartBudget(5, 60_000);
    for (const at of [0, 20_000, 40_000, 60_000, 80_000, 100_000]) expect(spread.allow(at)).toBe(true);
  });
});

describe.skipIf(process.platform !== 'linux')('SERVER_PROCESSES=2', () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = tempDir('processes');
    server = await startServer(serverEnv(dir, { SERVER_PROCESSES: '2' }));
  }, 60_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs two server processes on one port, migrated and seeded once', async () => {
    const workers = await waitFor(() => {
      const pids = childrenOf(server.child.pid!);
      return pids.length === 2 && (server.log().match(/Server listening at/g) ?? []).length === 2 ? pids : undefined;
    });
    expect(workers).toHaveLength(2);
    expect((server.log().match(/sample releases loaded/g) ?? []).length).toBe(1);
    expect(server.adminPassword).not.toBeNull();
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${server.origin}/briefing`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('보도자료 목록');
    }
  }, 60_000);

  it('replaces a server process that dies, and the site keeps answering meanwhile', async () => {
    const [victim, survivor] = childrenOf(server.child.pid!) as [number, number];
    process.kill(victim, 'SIGKILL');
    // Once the supervisor has seen it go (a connection handed to it in the instant
    // before is lost with it), the other process answers while the replacement starts.
    await waitFor(() => (server.log().includes(`"worker":${victim},"code":null,"signal":"SIGKILL"`) ? true : undefined));
    expect(await statusOnNewConnection(`${server.origin}/briefing`)).toBe(200);
    const replaced = await waitFor(() => {
      const pids = childrenOf(server.child.pid!);
      return pids.length === 2 && !pids.includes(victim) ? pids : undefined;
    });
    expect(replaced).toContain(survivor);
    await waitFor(() => ((server.log().match(/Server listening at/g) ?? []).length === 3 ? true : undefined));
    for (let i = 0; i < 4; i++) expect(await statusOnNewConnection(`${server.origin}/briefing`)).toBe(200);
  }, 60_000);

  it('stops every server process on SIGTERM and exits 0', async () => {
    const workers = childrenOf(server.child.pid!);
    expect(await server.stop('SIGTERM')).toBe(0);
    for (const pid of workers) expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
  }, 60_000);
});

describe.skipIf(process.platform !== 'linux')('SERVER_PROCESSES=2 over a database that cannot be opened', () => {
  it('stops restarting after five failures within a minute, says so and exits 1', async () => {
    ensureBuilt();
    const dir = tempDir('processes-broken');
    try {
      // A directory where the database file should be: every server process fails at start.
      const env = serverEnv(dir, { SERVER_PROCESSES: '2', DATABASE_PATH: dir });
      const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/server.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect((output.match(/server process exited; starting another/g) ?? []).length).toBe(4);
      expect(output).toContain('1분 안에 5번 멈춰 더는 시작하지 않습니다');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

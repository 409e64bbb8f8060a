// The real server as a separate process (`node dist/src/server.js`), for tests that
// need a process to kill or a browser to drive. Shared by test/security and test/e2e.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER = path.join(ROOT, 'dist/src/server.js');
const CLI = path.join(ROOT, 'bin/briefroom.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Compiles src/ into dist/ when dist is missing or older than a source file. Type
 * errors elsewhere in the tree do not stop the emit, so a half-finished feature of
 * a colleague does not block these tests. A lock directory keeps two test files
 * from compiling at once.
 */
export function ensureBuilt(): void {
  const stale = () => !fs.existsSync(SERVER) || fs.statSync(SERVER).mtimeMs < newestMtime(path.join(ROOT, 'src'));
  if (!stale()) return;
  const lock = path.join(os.tmpdir(), 'briefroom-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) fs.rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!stale()) return;
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      if (!fs.existsSync(SERVER)) throw error;
    }
    // touch, so that a tree with type errors is not recompiled by every test file
    const now = new Date();
    fs.utimesSync(SERVER, now, now);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `briefroom-${prefix}-`));
}

export function serverEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_PATH: path.join(dir, 'briefroom.db'),
    ATTACHMENTS_DIR: path.join(dir, 'attachments'),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    VIEW_FLUSH_SECONDS: '1',
    ...extra,
  };
}

/** Runs `briefroom <args>` (the compiled CLI) against the environment's database. */
export function cli(env: NodeJS.ProcessEnv, ...args: string[]): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, out, err: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status ?? 1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}

/** `cli` without blocking the event loop, so the test can go on sending requests meanwhile. */
export function cliAsync(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8' }, (error, out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  origin: string;
  /** the one-time admin password printed on a first start, if any */
  adminPassword: string | null;
  adminEmail: string | null;
  log: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServer(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<RunningServer> {
  ensureBuilt();
  // its own process group: a signal meant for the test runner's group (seen as a stray SIGINT
  // while Chromium starts) must not stop the server under test
  const child = spawn(process.execPath, [SERVER], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  process.once('exit', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!listening) return;
      clearTimeout(timer);
      const admin = /관리자 계정을 만들었습니다: (\S+) \/ 임시 비밀번호: (\S+)/.exec(output);
      resolve({
        child,
        origin: listening[1]!,
        adminEmail: admin?.[1] ?? null,
        adminPassword: admin?.[2] ?? null,
        log: () => output,
        async stop(signal: NodeJS.Signals = 'SIGTERM') {
          if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

/** A tiny browser-like HTTP client: a cookie jar, no redirects followed, forms posted urlencoded. */
export class Client {
  private readonly jar = new Map<string, string>();
  constructor(readonly origin: string) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<{ status: number; body: string; location: string | null; headers: Headers }> {
    const res = await fetch(this.origin + url, { redirect: 'manual', headers: { cookie: this.cookieHeader(), 'user-agent': 'briefroom-test-client' } });
    this.remember(res);
    return { status: res.status, body: await res.text(), location: res.headers.get('location'), headers: res.headers };
  }

  async post(url: string, form: Record<string, string>): Promise<{ status: number; body: string; location: string | null }> {
    const res = await fetch(this.origin + url, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'briefroom-test-client' },
      body: new URLSearchParams(form).toString(),
    });
    this.remember(res);
    return { status: res.status, body: await res.text(), location: res.headers.get('location') };
  }

  /** The CSRF token of the form on `url` (which also sets the cookie it is bound to). */
  async token(url: string): Promise<string> {
    const page = await this.get(url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${url} (status ${page.status})`);
    return token;
  }

  async login(email: string, password: string): Promise<void> {
    const token = await this.token('/login');
    const res = await this.post('/login', { _csrf: token, email, password });
    if (res.status !== 302 && res.status !== 303) throw new Error(`login of ${email} failed: ${res.status}`);
  }
}

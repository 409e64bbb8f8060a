import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli.js';
import { openMigrated } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { findOrCreateMinistry } from '../../src/ministries/ministry-service.js';
import { authenticate } from '../../src/users/user-service.js';

let dir: string;
let previous: string | undefined;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-cli-'));
  previous = process.env.DATABASE_PATH;
  process.env.DATABASE_PATH = path.join(dir, 'test.db');
  const { connection } = openMigrated(loadConfig());
  await findOrCreateMinistry(connection.db, '중소벤처기업부', new Date().toISOString());
  await connection.close();
});

afterEach(() => {
  if (previous === undefined) delete process.env.DATABASE_PATH;
  else process.env.DATABASE_PATH = previous;
  fs.rmSync(dir, { recursive: true, force: true });
});

function capture(): CliIo & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out: (l) => out_.push(l), err: (l) => err_.push(l), out_, err_ };
}

async function withDb<T>(use: (db: ReturnType<typeof openMigrated>['connection']['db']) => Promise<T>): Promise<T> {
  const { connection } = openMigrated(loadConfig());
  try {
    return await use(connection.db);
  } finally {
    await connection.close();
  }
}

describe('briefroom user add', () => {
  it('creates a reviewer of a ministry and prints a one-time password that must be changed', async () => {
    const io = capture();
    const code = await main(
      ['user', 'add', '--email', 'Reviewer@MSS.go.kr', '--name', '검토담당', '--role', 'reviewer', '--ministry', '중소벤처기업부'],
      io,
    );
    expect(io.err_).toEqual([]);
    expect(code).toBe(0);
    const password = /^임시 비밀번호: (\S+)$/.exec(io.out_.find((l) => l.startsWith('임시 비밀번호')) ?? '')?.[1];
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(io.out_.join('\n')).toContain('처음 로그인할 때 새 비밀번호로 바꿔야 합니다');

    await withDb(async (db) => {
      const outcome = await authenticate(db, 'reviewer@mss.go.kr', password!, new Date(), '127.0.0.1');
      expect(outcome.ok).toBe(true);
      if (outcome.ok) {
        expect(outcome.actor.roles).toEqual(['reviewer']);
        expect(outcome.actor.ministryIds).toHaveLength(1);
        expect(outcome.actor.mustChangePassword).toBe(true);
      }
    });
  });

  it('takes several roles and a given password, and prints no password then', async () => {
    const io = capture();
    const code = await main(
      ['user', 'add', '--email', 'boss@example.go.kr', '--name', '총괄', '--role', 'admin', '--role', 'moderator', '--password', 'correct-horse-9'],
      io,
    );
    expect(code).toBe(0);
    expect(io.out_.join('\n')).not.toContain('임시 비밀번호');
    await withDb(async (db) => {
      const outcome = await authenticate(db, 'boss@example.go.kr', 'correct-horse-9', new Date(), '127.0.0.1');
      expect(outcome.ok && [...outcome.actor.roles].sort()).toEqual(['admin', 'moderator']);
      expect(outcome.ok && outcome.actor.mustChangePassword).toBe(false);
    });
  });

  it.each([
    [['--name', '이름', '--role', 'admin'], '--email'],
    [['--email', 'a@example.go.kr', '--role', 'admin'], '--name'],
    [['--email', 'a@example.go.kr', '--name', '이름'], '--role'],
    [['--email', 'a@example.go.kr', '--name', '이름', '--role', 'chief'], '--role'],
    [['--email', 'not-an-email', '--name', '이름', '--role', 'admin'], '--email'],
    [['--email', 'a@example.go.kr', '--name', '이름', '--role', 'reviewer'], '--ministry'],
    [['--email', 'a@example.go.kr', '--name', '이름', '--role', 'reviewer', '--ministry', '없는부'], '--ministry'],
    [['--email', 'a@example.go.kr', '--name', '이름', '--role', 'admin', '--password', 'short'], '--password'],
    [['--email', 'a@example.go.kr', '--name', '이름', '--role', 'admin', '--colour', 'red'], '--colour'],
    [['--email', 'a@example.go.kr', '--name', '이름', '--role'], '--role'],
  ])('refuses %j naming %s and exits non-zero', async (args, field) => {
    const io = capture();
    const code = await main(['user', 'add', ...args], io);
    expect(code).not.toBe(0);
    expect(io.err_.some((l) => l.startsWith(`${field}:`)), io.err_.join('\n')).toBe(true);
    expect(io.out_.join('\n')).not.toContain('임시 비밀번호');
    await withDb(async (db) => expect(await db.selectFrom('users').selectAll().execute()).toEqual([]));
  });

  it('refuses a second account with the same email', async () => {
    const args = ['user', 'add', '--email', 'a@example.go.kr', '--name', '하나', '--role', 'admin'];
    expect(await main(args, capture())).toBe(0);
    const io = capture();
    expect(await main(['user', 'add', '--email', 'a@example.go.kr', '--name', '둘째', '--role', 'admin'], io)).toBe(1);
    expect(io.err_).toContain('--email: 이미 가입된 이메일입니다.');
  });
});

describe('briefroom user list', () => {
  it('lists accounts with roles, ministries and state', async () => {
    await main(['user', 'add', '--email', 'r@mss.go.kr', '--name', '검토담당', '--role', 'reviewer', '--ministry', '중소벤처기업부'], capture());
    await main(['user', 'add', '--email', 'boss@example.go.kr', '--name', '총괄', '--role', 'admin', '--password', 'correct-horse-9'], capture());
    const io = capture();
    expect(await main(['user', 'list'], io)).toBe(0);
    expect(io.out_[1]).toBe('1\tr@mss.go.kr\t검토담당\t검토자(대변인실)\t중소벤처기업부\t임시 비밀번호');
    expect(io.out_[2]).toBe('2\tboss@example.go.kr\t총괄\t관리자\t-\t정상');
    expect(io.out_.at(-1)).toBe('총 2명');
  });

  it('explains an unknown sub-command', async () => {
    const io = capture();
    expect(await main(['user', 'remove'], io)).toBe(2);
    expect(io.err_[0]).toContain('알 수 없는 user 명령입니다: remove');
  });
});

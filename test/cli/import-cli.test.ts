import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli.js';
import { openMigrated } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';

let dir: string;
let previous: string | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-import-cli-'));
  previous = process.env.DATABASE_PATH;
  process.env.DATABASE_PATH = path.join(dir, 'test.db');
});
afterEach(() => {
  if (previous === undefined) delete process.env.DATABASE_PATH;
  else process.env.DATABASE_PATH = previous;
  fs.rmSync(dir, { recursive: true, force: true });
});

function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => errors.push(l), lines, errors };
}

function release(title: string, extra = ''): string {
  return `---\ntype: 보도자료\ntitle: ${title}\nministry: 교육부\ndepartment: 학교정책과\nreleased_at: 2021-03-02T10:00:00+09:00\n${extra}---\n본문입니다.\n`;
}

describe('briefroom import', () => {
  it('imports a folder, then re-imports it without duplicates, exiting 0', async () => {
    const folder = path.join(dir, 'in');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'a.md'), release('개학 준비 점검'));
    fs.writeFileSync(path.join(folder, 'b.md'), release('새 학기 시?도 교육청 협력'));
    const first = capture();
    expect(await main(['import', folder], first)).toBe(0);
    expect(first.lines.at(-1)).toBe('생성 2건, 갱신 0건, 변경 없음 0건, 복구 1건, 실패 0건');
    const second = capture();
    expect(await main(['import', folder], second)).toBe(0);
    expect(second.lines.at(-1)).toBe('생성 0건, 갱신 0건, 변경 없음 2건, 복구 0건, 실패 0건');
    const { connection } = openMigrated(loadConfig());
    const titles = await connection.db.selectFrom('releases').select('title').orderBy('title').execute();
    await connection.close();
    expect(titles.map((t) => t.title)).toEqual(['개학 준비 점검', '새 학기 시·도 교육청 협력']);
  });

  it('names the file and the field of a bad file, imports the rest, and exits non-zero', async () => {
    const folder = path.join(dir, 'in');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'good.md'), release('정상 자료'));
    fs.writeFileSync(path.join(folder, 'bad-type.md'), release('잘못된 유형').replace('type: 보도자료', 'type: 공지'));
    fs.writeFileSync(path.join(folder, 'bad-date.md'), release('잘못된 날짜').replace('2021-03-02T10:00:00+09:00', '2021-13-45T10:00:00+09:00'));
    const io = capture();
    expect(await main(['import', folder], io)).toBe(1);
    const output = io.lines.join('\n');
    expect(output).toMatch(/bad-type\.md: type/);
    expect(output).toMatch(/bad-date\.md: released_at/);
    expect(io.lines.at(-1)).toContain('생성 1건');
    expect(io.lines.at(-1)).toContain('실패 2건');
  });

  it('fails with a Korean message for a missing folder and for missing arguments', async () => {
    const missing = capture();
    expect(await main(['import', path.join(dir, 'nowhere')], missing)).toBe(1);
    expect(missing.errors.join('\n')).toContain('가져올 폴더가 없습니다');
    const usage = capture();
    expect(await main(['import'], usage)).toBe(2);
    expect(usage.errors.join('\n')).toContain('사용법');
  });
});

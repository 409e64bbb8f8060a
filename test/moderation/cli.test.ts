import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { openMigrated } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { seedRelease } from '../helpers.js';

let dir: string;
let saved: string | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-screen-'));
  saved = process.env.DATABASE_PATH;
  process.env.DATABASE_PATH = path.join(dir, 'board.db');
});
afterEach(() => {
  if (saved === undefined) delete process.env.DATABASE_PATH;
  else process.env.DATABASE_PATH = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], input: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), stdin: Readable.from(input.map((l) => `${l}\n`)) });
  return { code, out, err };
}

describe('briefroom screen', () => {
  it('writes one JSON line per input, in order, on an empty database it migrates and seeds', async () => {
    const lines = [
      { id: 'a1', author: 'kim', article: '1', text: '좋은 정책입니다. 지역 기업에 도움이 되겠네요.' },
      { id: 'a2', author: 'lee', article: '1', text: '씨발 이게 뭐냐' },
      { id: 'a3', author: 'park', article: '1', text: '제 번호 010-1234-5678로 연락 주세요' },
      { id: 4, author: 'choi', article: '없는 제목', text: '시발점이 어디인지 궁금합니다' },
    ].map((l) => JSON.stringify(l));
    const { code, out } = await run(['screen'], lines);
    expect(code).toBe(0);
    expect(out).toHaveLength(4);
    const results = out.map((l) => JSON.parse(l) as { id: unknown; rules: number[]; action: string; evidence: unknown[] });
    expect(results.map((r) => r.id)).toEqual(['a1', 'a2', 'a3', 4]);
    for (const r of results) expect(Object.keys(r)).toEqual(['id', 'rules', 'action', 'evidence']);
    expect(results[0]).toMatchObject({ rules: [], action: 'publish', evidence: [] });
    expect(results[1]!.rules).toContain(4);
    expect(results[1]!.action).toBe('reject');
    expect(results[2]!.rules).toContain(1);
    expect(results[3]).toMatchObject({ rules: [], action: 'publish' });
    const { connection } = openMigrated(loadConfig());
    const count = await connection.db.selectFrom('lexicon_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await connection.close();
    expect(Number(count.n)).toBeGreaterThan(100);
  });

  it('treats the lines as one board: a repeated text by the same author is caught by rule 11', async () => {
    const text = '여러분 이 정책은 반드시 다시 검토되어야 합니다 모두 의견을 남겨 주세요';
    const lines = Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `r${i}`, author: 'spam', article: '1', text }));
    const { out } = await run(['screen'], lines);
    const last = JSON.parse(out.at(-1)!) as { rules: number[]; action: string };
    expect(last.rules).toContain(11);
    expect(last.action).not.toBe('publish');
  });

  it("does not treat the release's own contact numbers as personal information", async () => {
    const { connection } = openMigrated(loadConfig());
    const releaseId = await seedRelease(connection, { title: '연락처 있는 보도자료', releasedAt: '2024-01-01T00:00:00Z', contactPhone: '044-204-7000' });
    await connection.close();
    const { out } = await run(['screen'], [
      JSON.stringify({ id: 1, author: 'kim', article: String(releaseId), text: '문의는 044-204-7000으로 하시면 됩니다' }),
      JSON.stringify({ id: 2, author: 'lee', article: '연락처 있는 보도자료', text: '담당 부서 044-204-7000 번호 맞나요' }),
    ]);
    expect(out.map((l) => (JSON.parse(l) as { rules: number[] }).rules)).toEqual([[], []]);
  });

  it('answers a line it cannot read with an error line and a non-zero exit', async () => {
    const { code, out, err } = await run(['screen'], ['{"id": "x1"', JSON.stringify({ id: 'x2', author: 'a', article: '1', text: '좋아요' })]);
    expect(code).toBe(1);
    expect(out).toHaveLength(2);
    expect(JSON.parse(out[0]!)).toMatchObject({ error: 'JSON으로 읽을 수 없는 줄입니다.' });
    expect(JSON.parse(out[1]!)).toMatchObject({ id: 'x2', action: 'publish' });
    expect(err[0]).toContain('1번째 줄');
  });
});

describe('briefroom rescreen', () => {
  it('reports how many stored comments it screened', async () => {
    const { code, out } = await run(['rescreen'], []);
    expect(code).toBe(0);
    expect(out[0]).toContain('다시 검토한 댓글 0건');
  });
});

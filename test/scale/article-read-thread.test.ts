// ARTICLE_READ_THREAD=1: the real server reads anonymous readers' uncached articles on
// a thread of its own. It must answer exactly what a server without the thread answers.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/sqlite.js';
import { serverEnv, startServer, tempDir, type RunningServer } from '../security/real-server.js';

describe('ARTICLE_READ_THREAD=1', () => {
  let dir: string;
  let plain: RunningServer;
  let threaded: RunningServer;
  const origin = 'https://briefroom.example.kr';

  beforeAll(async () => {
    dir = tempDir('read-thread');
    // The first server migrates and seeds the sample releases; the second reads the same file.
    plain = await startServer(serverEnv(dir, { PUBLIC_ORIGIN: origin }));
    threaded = await startServer(serverEnv(dir, { PUBLIC_ORIGIN: origin, ARTICLE_READ_THREAD: '1' }));
  }, 90_000);

  afterAll(async () => {
    await threaded?.stop('SIGKILL');
    await plain?.stop('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves every sample article, a filtered one and a missing one as the server without the thread does', async () => {
    const list = await (await fetch(`${plain.origin}/briefing`)).text();
    const paths = [...new Set([...list.matchAll(/href="(\/briefing\/\d+)"/g)].map((m) => m[1]!))];
    expect(paths.length).toBeGreaterThan(3);
    paths.push(`${paths[1]}?type=${encodeURIComponent('보도자료')}`, `${paths[0]}?cpage=2`, '/briefing/987654321');
    for (const at of paths) {
      const [expected, answered] = await Promise.all([fetch(`${plain.origin}${at}`), fetch(`${threaded.origin}${at}`)]);
      expect(answered.status, at).toBe(expected.status);
      expect(await answered.text(), at).toBe(await expected.text());
    }
    const missing = await fetch(`${threaded.origin}/briefing/987654321`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('요청한 보도자료를 찾을 수 없습니다.');
    expect(threaded.log()).toContain('article read thread started');
    expect(plain.log()).not.toContain('article read thread');
    expect(threaded.log()).not.toMatch(/article read thread ended|"level":50/);
  });

  it('shows a withdrawal made elsewhere on the next request, where it had the page cached', async () => {
    const list = await (await fetch(`${threaded.origin}/briefing`)).text();
    const at = /href="(\/briefing\/(\d+))"/.exec(list)!;
    const before = await (await fetch(`${threaded.origin}${at[1]}`)).text();
    expect(before).not.toContain('철회된 보도자료입니다');
    // Another writer (here the test itself, as another server process would) withdraws it.
    const other = openDatabase(path.join(dir, 'briefroom.db'));
    try {
      other.sqlite
        .prepare("UPDATE releases SET state = 'withdrawn', withdrawn_at = ?, withdrawal_reason = ? WHERE id = ?")
        .run(new Date().toISOString(), '자료 오류로 철회합니다', Number(at[2]));
    } finally {
      await other.close();
    }
    const after = await (await fetch(`${threaded.origin}${at[1]}`)).text();
    expect(after).toContain('철회된 보도자료입니다');
    expect(after).toContain('자료 오류로 철회합니다');
    expect(after).toBe(await (await fetch(`${plain.origin}${at[1]}`)).text());
  });

  it('stops cleanly, its thread with it', async () => {
    expect(await threaded.stop('SIGTERM')).toBe(0);
    expect(threaded.log()).not.toMatch(/article read thread ended/);
  });
});

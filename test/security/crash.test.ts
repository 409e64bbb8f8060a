// Crash safety: the real server takes releases and comments at load, is killed
// with SIGKILL mid-way, restarts, and every write it acknowledged is still there.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, cli, ensureBuilt, serverEnv, startServer, tempDir, type RunningServer } from './real-server.js';

const PASSWORD = 'correct-horse-9';
const MINISTRY = '중소벤처기업부';
let dir: string;
let env: NodeJS.ProcessEnv;
const running: RunningServer[] = [];

beforeAll(() => {
  ensureBuilt();
  dir = tempDir('crash');
  env = serverEnv(dir, {
    // comments at load from a few accounts on one address: lift the pacing limits
    COMMENT_MIN_INTERVAL_SECONDS: '0',
    COMMENT_DAILY_LIMIT: '10000',
    COMMENT_IP_HOURLY_LIMIT: '100000',
  });
}, 120_000);

afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Acknowledged {
  drafts: Map<number, string>;
  approved: Set<number>;
  comments: string[];
  refused: string[];
}

async function staffWorker(officer: Client, reviewer: Client, ministryId: string, worker: number, ack: Acknowledged, stop: () => boolean) {
  for (let i = 0; !stop(); i++) {
    const title = `부하 시험 보도자료 ${worker}-${i}`;
    try {
      const token = await officer.token('/admin/releases/new');
      const created = await officer.post('/admin/releases', {
        _csrf: token,
        ministry_id: ministryId,
        type: '보도자료',
        title,
        body: `${title}의 본문입니다.\n\n둘째 문단.`,
        department: '시험과',
        embargo_preset: 'immediate',
        licence: '1',
      });
      const id = Number(/\/admin\/releases\/(\d+)\/edit/.exec(created.location ?? '')?.[1]);
      if (created.status !== 303 || !id) throw new Error(`draft refused: ${created.status} ${created.body.slice(0, 500)}`);
      ack.drafts.set(id, title);
      const submitToken = await officer.token(`/admin/releases/${id}/edit`);
      const submitted = await officer.post(`/admin/releases/${id}/submit`, { _csrf: submitToken });
      if (submitted.status !== 303) throw new Error(`submit refused: ${submitted.status}`);
      const approveToken = await reviewer.token(`/admin/releases/${id}/edit`);
      const approved = await reviewer.post(`/admin/releases/${id}/approve`, { _csrf: approveToken });
      if (approved.status !== 303) throw new Error(`approve refused: ${approved.status} ${approved.body.slice(0, 500)}`);
      ack.approved.add(id);
    } catch (error) {
      if (stop()) return; // the kill cut this request off: it was never acknowledged
      throw error;
    }
  }
}

async function commentWorker(citizen: Client, releaseId: number, worker: number, ack: Acknowledged, stop: () => boolean) {
  const token = await citizen.token(`/briefing/${releaseId}`);
  for (let i = 0; !stop(); i++) {
    const body = `부하 시험 댓글 ${worker}번 독자의 ${i}번째 의견: 정책 설명 잘 읽었습니다 (접수 번호 ${worker * 100000 + i})`;
    try {
      const res = await citizen.post(`/briefing/${releaseId}/comments`, { _csrf: token, body });
      // screening may refuse a comment (repetition, a word it dislikes): refused, so never stored
      if (res.status === 422) {
        ack.refused.push(body);
        continue;
      }
      if (res.status !== 303 && res.status !== 202) throw new Error(`comment refused: ${res.status} ${(res.body.match(/<li[^>]*>[^<]*<\/li>|<p[^>]*class="[^"]*(error|message)[^"]*"[^>]*>[\s\S]*?<\/p>/g) ?? []).join(" ").slice(0, 1500)}`);
      ack.comments.push(body);
    } catch (error) {
      if (stop()) return;
      throw error;
    }
  }
}

describe('crash safety (SIGKILL under load)', () => {
  it('keeps every acknowledged write, and the database passes integrity_check', async () => {
    const first = await startServer(env);
    running.push(first);
    for (const [email, name, role, ministry] of [
      ['po@mss.go.kr', '홍보담당', 'press_officer', MINISTRY],
      ['rv@mss.go.kr', '검토담당', 'reviewer', MINISTRY],
      ['c1@example.com', '독자하나', 'citizen', ''],
      ['c2@example.com', '독자둘', 'citizen', ''],
    ] as const) {
      const result = cli(env, 'user', 'add', '--email', email, '--name', name, '--role', role, ...(ministry ? ['--ministry', ministry] : []), '--password', PASSWORD);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
    }

    const officer = new Client(first.origin);
    const reviewer = new Client(first.origin);
    const citizens = [new Client(first.origin), new Client(first.origin)];
    await officer.login('po@mss.go.kr', PASSWORD);
    await reviewer.login('rv@mss.go.kr', PASSWORD);
    await citizens[0]!.login('c1@example.com', PASSWORD);
    await citizens[1]!.login('c2@example.com', PASSWORD);

    const newPage = await officer.get('/admin/releases/new');
    const ministryId = new RegExp(`<option value="(\\d+)"[^>]*>${MINISTRY}</option>`).exec(newPage.body)?.[1];
    expect(ministryId, 'the editor offers the officer their ministry').toBeTruthy();
    const list = await citizens[0]!.get('/briefing');
    const releaseId = Number(/href="\/briefing\/(\d+)/.exec(list.body)?.[1]);
    expect(releaseId).toBeGreaterThan(0);

    const ack: Acknowledged = { drafts: new Map(), approved: new Set(), comments: [], refused: [] };
    let killed = false;
    const stop = () => killed;
    const workers = Promise.allSettled([
      staffWorker(officer, reviewer, ministryId!, 1, ack, stop),
      staffWorker(officer, reviewer, ministryId!, 2, ack, stop),
      staffWorker(officer, reviewer, ministryId!, 3, ack, stop),
      commentWorker(citizens[0]!, releaseId, 1, ack, stop),
      commentWorker(citizens[1]!, releaseId, 2, ack, stop),
      commentWorker(citizens[0]!, releaseId, 3, ack, stop),
    ]);
    // let the load build up, then kill while requests are in flight
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (ack.approved.size < 10 || ack.comments.length < 40)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    killed = true;
    first.child.kill('SIGKILL');
    console.log(`killed after ${ack.drafts.size} drafts, ${ack.approved.size} approvals, ${ack.comments.length} comments (${ack.refused.length} refused)`);
    const outcomes = await workers;
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
    expect(ack.approved.size).toBeGreaterThanOrEqual(10);
    expect(ack.comments.length).toBeGreaterThanOrEqual(40);

    const second = await startServer(env);
    running.push(second);
    const reader = new Client(second.origin);
    const article = await reader.get(`/briefing/${[...ack.approved].at(-1)}`);
    expect(article.status).toBe(200);

    // the server holds the file; a second connection reads it as any process would
    const sqlite = new SQLite(env.DATABASE_PATH!, { readonly: true });
    try {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      const titles = new Map(
        (sqlite.prepare('SELECT id, title, state FROM releases').all() as { id: number; title: string; state: string }[]).map((r) => [r.id, r]),
      );
      for (const [id, title] of ack.drafts) expect(titles.get(id)?.title).toBe(title);
      for (const id of ack.approved) expect(titles.get(id)?.state).toBe('published');
      const bodies = new Set((sqlite.prepare('SELECT body FROM comments').all() as { body: string }[]).map((r) => r.body));
      const missing = ack.comments.filter((b) => !bodies.has(b));
      expect(missing).toEqual([]);
      expect(ack.refused.filter((b) => bodies.has(b))).toEqual([]);
    } finally {
      sqlite.close();
    }
    expect(await second.stop('SIGTERM')).toBe(0);
    expect(fs.existsSync(path.join(dir, 'briefroom.db'))).toBe(true);
  }, 90_000);
});

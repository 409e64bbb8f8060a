// Two app instances over one database file, as two server processes behind a load
// balancer would run: nothing kept in one process may hide a change made through
// the other (page cache, list counts, widgets, ministries, sessions).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase, type Connection } from '../../src/db/sqlite.js';
import { fixedClock } from '../../src/shared/clock.js';
import { approve, createDraft, submit, withdraw } from '../../src/workflow/workflow-service.js';
import { totalViews } from '../../src/releases/release-repository.js';
import { testConfig } from '../helpers.js';
import { csrfFrom, loginAs } from '../session-helpers.js';
import { ctx, draftInput, makeActor, makeLoginUser, ministryId } from '../workflow/workflow-helpers.js';

type App = Awaited<ReturnType<typeof buildApp>>;
let dir: string;
let connections: Connection[];
let apps: App[];
const clock = fixedClock('2025-01-01T00:00:00.000Z');

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-two-'));
  const file = path.join(dir, 'shared.db');
  connections = [openDatabase(file), openDatabase(file)];
  migrate(connections[0]!);
  apps = [];
  for (const connection of connections) apps.push(await buildApp({ config: testConfig({ databasePath: file }), connection, clock }));
});

afterEach(async () => {
  for (const app of apps) await app.close();
  for (const connection of connections) await connection.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('two app instances on one database', () => {
  it('publish through one, read through the other; withdraw through one, gone from the other', async () => {
    const [a, b] = apps as [App, App];
    const db = connections[0]!.db;
    const home = await ministryId(db, '중소벤처기업부');
    const author = await makeActor(db, ['press_officer']);
    const reviewer = await makeActor(db, ['reviewer']);

    // B has rendered (and cached) the list and the count before anything exists.
    const before = await b.inject('/briefing');
    expect(before.body).toContain('총 <strong>0</strong>건');

    const now = clock();
    const id = await createDraft(db, ctx(author, now), draftInput(home, { title: '두 서버 시험 보도자료', releasedAt: '2024-12-31T00:00:00.000Z' }));
    await submit(db, ctx(author, now), id);
    await approve(db, ctx(reviewer, now), id);

    const list = await b.inject('/briefing');
    expect(list.body).toContain('두 서버 시험 보도자료');
    expect(list.body).toContain('총 <strong>1</strong>건');
    const article = await b.inject(`/briefing/${id}`);
    expect(article.statusCode).toBe(200);

    await withdraw(db, ctx(reviewer, clock()), id, '자료 오류로 철회합니다');
    expect((await b.inject('/briefing')).body).not.toContain('두 서버 시험 보도자료');
    const withdrawn = await b.inject(`/briefing/${id}`);
    expect(withdrawn.body).toContain('자료 오류로 철회합니다');
    expect(withdrawn.body).not.toContain('본문 첫 줄입니다');
    // A, which never saw it, agrees.
    expect((await a.inject('/briefing')).body).toContain('총 <strong>0</strong>건');
  });

  it('a session started on one instance is valid on the other', async () => {
    const [a, b] = apps as [App, App];
    await makeLoginUser(connections[0]!.db, 'editor@example.go.kr', '두서버담당', ['press_officer']);
    const session = await loginAs(a, 'editor@example.go.kr', 'correct-horse-9');
    expect(session.status).toBe(302);
    const onB = await b.inject({ method: 'GET', url: '/admin', cookies: session.cookies });
    expect(onB.statusCode).toBe(200);
    expect(onB.body).toContain('두서버담당');
  });

  it('adds view counts flushed from both instances', async () => {
    const [a, b] = apps as [App, App];
    const db = connections[0]!.db;
    const home = await ministryId(db, '중소벤처기업부');
    const author = await makeActor(db, ['press_officer']);
    const reviewer = await makeActor(db, ['reviewer']);
    const id = await createDraft(db, ctx(author, clock()), draftInput(home, { releasedAt: '2024-12-31T00:00:00.000Z' }));
    await submit(db, ctx(author, clock()), id);
    await approve(db, ctx(reviewer, clock()), id);
    const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36' };
    await a.inject({ url: `/briefing/${id}`, headers: browser, remoteAddress: '10.1.0.1' });
    await b.inject({ url: `/briefing/${id}`, headers: browser, remoteAddress: '10.1.0.2' });
    await b.inject({ url: `/briefing/${id}`, headers: browser, remoteAddress: '10.1.0.3' });
    await a.services.views.flush();
    await b.services.views.flush();
    expect(await totalViews(db, id)).toBe(3);
  });

  it('a comment posted through one shows at once on the other\'s cached article, and only there', async () => {
    const [a, b] = apps as [App, App];
    const db = connections[0]!.db;
    const home = await ministryId(db, '중소벤처기업부');
    const author = await makeActor(db, ['press_officer']);
    const reviewer = await makeActor(db, ['reviewer']);
    const ids: number[] = [];
    for (const title of ['댓글 받을 자료', '댓글 없는 자료']) {
      const id = await createDraft(db, ctx(author, clock()), draftInput(home, { title, releasedAt: '2024-12-31T00:00:00.000Z' }));
      await submit(db, ctx(author, clock()), id);
      await approve(db, ctx(reviewer, clock()), id);
      ids.push(id);
    }
    const [commented, quiet] = ids as [number, number];
    // B caches both articles for anonymous readers.
    expect((await b.inject(`/briefing/${commented}`)).body).toContain('아직 댓글이 없습니다.');
    const quietEtag = String((await b.inject(`/briefing/${quiet}`)).headers.etag);

    await makeLoginUser(db, 'reader@example.kr', '두서버독자', ['citizen'], []);
    const reader = await loginAs(a, 'reader@example.kr', 'correct-horse-9');
    const page = await a.inject({ url: `/briefing/${commented}`, cookies: reader.cookies });
    const { token, cookies } = csrfFrom(page);
    const posted = await a.inject({
      method: 'POST',
      url: `/briefing/${commented}/comments`,
      cookies: { ...reader.cookies, ...cookies },
      payload: { _csrf: token, body: '두 서버 사이에서도 바로 보이나요' },
    });
    expect(posted.statusCode).toBe(303);

    const onB = await b.inject(`/briefing/${commented}`);
    expect(onB.body).toContain('두 서버 사이에서도 바로 보이나요');
    expect(onB.body).toContain('댓글 <span class="br-comments-count">1건</span>');
    expect((await b.inject({ url: `/briefing/${quiet}`, headers: { 'if-none-match': quietEtag } })).statusCode).toBe(304);
  });
});


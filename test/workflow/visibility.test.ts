import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/sqlite.js';
import { fixedClock } from '../../src/shared/clock.js';
import { startPublishSweeper } from '../../src/workflow/publish-sweeper.js';
import { approve, createDraft, submit } from '../../src/workflow/workflow-service.js';
import { createTestApp, seedRelease, testConfig, type TestApp } from '../helpers.js';
import { ctx, draftInput, HOME, makeActor, ministryId } from './workflow-helpers.js';

const EMBARGOED = '보도시점 전에는 보이면 안 되는 발표';

describe('보도시점: nothing leaks before, everything shows after, with nobody acting', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp('2025-01-01T00:00:00.000Z');
  });
  afterEach(async () => {
    await t.close();
  });

  it('keeps a scheduled release off the list, its URL (404), prev/next and widgets until its time', async () => {
    const older = await seedRelease(t.connection, { title: '이미 공개된 이전 발표', releasedAt: '2024-12-30T00:00:00.000Z', featured: true });
    const id = await seedRelease(t.connection, { title: EMBARGOED, state: 'scheduled', releasedAt: '2025-01-02T03:00:00.000Z', featured: true });
    const get = (url: string) => t.app.inject({ method: 'GET', url });

    const list = await get('/briefing');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(EMBARGOED);
    const article = await get(`/briefing/${id}`);
    expect(article.statusCode).toBe(404);
    expect(article.body).not.toContain(EMBARGOED);
    const neighbour = await get(`/briefing/${older}`);
    expect(neighbour.statusCode).toBe(200);
    expect(neighbour.body).not.toContain(EMBARGOED);
    expect(neighbour.body).toContain('다음기사가 없습니다.');

    t.clock.set('2025-01-02T02:59:59.999Z');
    expect((await get(`/briefing/${id}`)).statusCode).toBe(404);

    t.clock.set('2025-01-02T03:00:00.000Z');
    const after = await get('/briefing');
    expect(after.body).toContain(EMBARGOED);
    const open = await get(`/briefing/${id}`);
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain(EMBARGOED);
    const next = await get(`/briefing/${older}`);
    expect(next.body).toMatch(new RegExp(`다음기사</span><span class="br-prevnext-title">${EMBARGOED}`));
    // The side widgets (latest, featured) list it too.
    const aside = next.body.slice(next.body.indexOf('</main>'));
    expect(aside).toContain(EMBARGOED);
  });
});

describe('the sweep after a restart', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-sweep-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a release scheduled before a restart is public at its time and published by the sweep at start', async () => {
    const file = path.join(dir, 'briefroom.db');
    const clock = fixedClock('2025-01-01T00:00:00.000Z');

    // First process: a release is approved for a later 보도시점, then the server stops.
    let connection = openDatabase(file);
    migrate(connection);
    let app = await buildApp({ config: testConfig({ databasePath: file }), connection, clock });
    const writer = await makeActor(connection.db, ['press_officer']);
    const reviewer = await makeActor(connection.db, ['reviewer']);
    const id = await createDraft(connection.db, ctx(writer, clock()), draftInput(await ministryId(connection.db, HOME), { title: EMBARGOED }));
    await submit(connection.db, ctx(writer, clock()), id);
    await approve(connection.db, ctx(reviewer, clock()), id);
    expect((await app.inject({ method: 'GET', url: `/briefing/${id}` })).statusCode).toBe(404);
    await app.close();
    await connection.close();

    // Second process, after the 보도시점: visible before any sweep, and the sweep records the publish.
    clock.set('2025-01-02T03:00:30.000Z');
    connection = openDatabase(file);
    migrate(connection);
    app = await buildApp({ config: testConfig({ databasePath: file }), connection, clock });
    expect((await app.inject({ method: 'GET', url: `/briefing/${id}` })).statusCode).toBe(200);
    const logged: string[] = [];
    const sweeper = startPublishSweeper(connection.db, clock, { info: (_o, m) => logged.push(m), error: (_o, m) => logged.push(m) });
    await sweeper.stop();
    const release = await connection.db.selectFrom('releases').select('state').where('id', '=', id).executeTakeFirstOrThrow();
    expect(release.state).toBe('published');
    expect(logged).toEqual(['publish sweep']);
    const event = await connection.db.selectFrom('workflow_events').selectAll().where('release_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: 'publish', actor_id: null, created_at: '2025-01-02T03:00:30.000Z' });
    await app.close();
    await connection.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approve, correctionHistory, createDraft, saveRevision, submit, withdraw } from '../../src/workflow/workflow-service.js';
import { createTestApp, seedRelease, type TestApp } from '../helpers.js';
import { ctx, draftInput, HOME, makeActor, ministryId } from './workflow-helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

async function publishedRelease(overrides: Parameters<typeof draftInput>[1] = {}) {
  const db = t.connection.db;
  const writer = await makeActor(db, ['press_officer'], [HOME], '작성자');
  const reviewer = await makeActor(db, ['reviewer'], [HOME], '검토자');
  const id = await createDraft(db, ctx(writer, t.clock()), draftInput(await ministryId(db, HOME), { releasedAt: '2024-12-31T03:00:00.000Z', ...overrides }));
  await submit(db, ctx(writer, t.clock()), id);
  await approve(db, ctx(reviewer, t.clock()), id);
  return { id, writer, reviewer };
}

describe('the public article and the workflow', () => {
  it('shows both times: 보도시점 in the press wording and 배포', async () => {
    const { id } = await publishedRelease({ embargo: { preset: 'morning', paperDate: '2025-01-01' }, releasedAt: '2024-12-31T03:00:00.000Z', distributedAt: '2024-12-30T00:30:00.000Z' });
    const page = main((await get(`/briefing/${id}`)).body);
    expect(page).toContain('<dt>보도시점</dt>');
    expect(page).toContain('2025.01.01 조간 (온라인 2024.12.31 12:00부터)');
    expect(page).toContain('<dt>배포</dt>');
    expect(page).toContain('<time datetime="2024-12-30T09:30:00+09:00">2024.12.30 09:30</time>');
  });

  it('answers a withdrawn article with a 철회 notice (reason and date) instead of the body, and drops it from lists', async () => {
    const { id, reviewer } = await publishedRelease({ title: '철회될 발표', bodyMarkdown: '철회 전 본문의 고유한 문장' });
    const neighbour = await seedRelease(t.connection, { title: '남아 있는 발표', releasedAt: '2024-12-01T00:00:00.000Z' });
    expect(main((await get('/briefing')).body)).toContain('철회될 발표');
    t.clock.set('2025-01-02T01:00:00.000Z');
    await withdraw(t.connection.db, ctx(reviewer, t.clock()), id, '통계 집계 오류가 확인되어 철회합니다.');

    const res = await get(`/briefing/${id}`);
    expect(res.statusCode).toBe(200);
    const page = main(res.body);
    expect(page).toContain('철회된 보도자료입니다');
    expect(page).toContain('통계 집계 오류가 확인되어 철회합니다.');
    expect(page).toContain('2025.01.02');
    expect(page).not.toContain('철회 전 본문의 고유한 문장');
    expect(main((await get('/briefing')).body)).not.toContain('철회될 발표');
    const other = await get(`/briefing/${neighbour}`);
    expect(other.body).not.toContain('철회될 발표');
  });

  it('shows the public 수정 이력 after an approved correction; the live article stays until then', async () => {
    const { id, writer, reviewer } = await publishedRelease({ title: '원래 제목' });
    const db = t.connection.db;
    const lock = (await db.selectFrom('releases').select('lock_version').where('id', '=', id).executeTakeFirstOrThrow()).lock_version;
    t.clock.set('2025-01-03T00:00:00.000Z');
    await saveRevision(db, ctx(writer, t.clock()), id, draftInput(await ministryId(db, HOME), { title: '고친 제목', changeNote: '지원 대상 수치 정정(3만 → 3만 5천)' }), lock);
    await submit(db, ctx(writer, t.clock()), id);
    let page = main((await get(`/briefing/${id}`)).body);
    expect(page).toContain('원래 제목');
    expect(page).not.toContain('수정 이력');
    await approve(db, ctx(reviewer, t.clock()), id);
    page = main((await get(`/briefing/${id}`)).body);
    expect(page).toContain('고친 제목');
    expect(page).toContain('수정 이력');
    expect(page).toContain('2025.01.03</time> 지원 대상 수치 정정(3만 → 3만 5천)');
    expect(await correctionHistory(db, id)).toHaveLength(1);
  });

  it('names the media report a 해명자료 answers', async () => {
    const { id } = await publishedRelease({ type: '해명자료', rebuttal: { outlet: '한국일보', date: '2024-12-30', title: '스마트공장 예산 삭감' } });
    const page = main((await get(`/briefing/${id}`)).body);
    expect(page).toContain('해명 대상 보도');
    expect(page).toContain('한국일보');
    expect(page).toContain('2024.12.30');
    expect(page).toContain('스마트공장 예산 삭감');
  });
});

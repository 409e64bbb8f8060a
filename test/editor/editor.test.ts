import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../helpers.js';
import { csrfFrom, loginAs } from '../session-helpers.js';
import { forcePublish, runPublishSweep } from '../../src/workflow/workflow-service.js';
import { ctx, HOME, makeLoginUser, ministryId, OTHER, PASSWORD, releaseIn, snapshot } from '../workflow/workflow-helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

async function session(email: string) {
  const res = await loginAs(t.app, email, PASSWORD);
  expect(res.status).toBe(302);
  return res.cookies;
}

function formFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    type: '보도자료',
    title: '소상공인 디지털 전환 지원',
    subtitles: '부제 하나\n부제 둘',
    summary: '요약 첫째',
    body: '## 개요\n\n**굵은** 본문입니다.',
    department: '소상공인정책과',
    contact_responsible: '과장 이영희',
    contact_person: '사무관 박민수',
    contact_phone: '044-204-7001',
    embargo_preset: 'morning',
    paper_date: '2025-01-03',
    released_at_local: '',
    distributed_at_local: '',
    licence: '1',
    intent: 'save',
    ...overrides,
  };
}

async function post(url: string, cookies: Record<string, string>, page: LightMyRequestResponse, payload: Record<string, string>) {
  const { token, cookies: csrfCookies } = csrfFrom(page);
  return t.app.inject({ method: 'POST', url, cookies: { ...cookies, ...csrfCookies }, payload: { _csrf: token, ...payload } });
}

describe('editor pages', () => {
  it('creates a draft through the form and shows the editor with history and moves', async () => {
    const home = await ministryId(t.connection.db, HOME);
    await makeLoginUser(t.connection.db, 'writer@example.go.kr', '작성자', ['press_officer']);
    const cookies = await session('writer@example.go.kr');
    const dash = await t.app.inject({ method: 'GET', url: '/admin', cookies });
    expect(dash.statusCode).toBe(200);
    expect(dash.body).toContain('내가 작성 중인 보도자료');
    const form = await t.app.inject({ method: 'GET', url: '/admin/releases/new', cookies });
    expect(form.statusCode).toBe(200);
    const created = await post('/admin/releases', cookies, form, formFields({ ministry_id: String(home) }));
    expect(created.statusCode, created.body).toBe(303);
    const editUrl = created.headers.location as string;
    const edit = await t.app.inject({ method: 'GET', url: editUrl, cookies });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.body).toContain('소상공인 디지털 전환 지원');
    expect(edit.body).toContain('2025.01.03 조간 (온라인 2025.01.02 12:00부터)');
    expect(edit.body).toContain('검토 요청');
    expect(edit.body).toContain('수정판 기록');
    expect(edit.body).toContain('처리 기록');
  });

  it('previews the body as the public page renders it and the exact 보도시점, saving nothing', async () => {
    const home = await ministryId(t.connection.db, HOME);
    await makeLoginUser(t.connection.db, 'writer@example.go.kr', '작성자', ['press_officer']);
    const cookies = await session('writer@example.go.kr');
    const form = await t.app.inject({ method: 'GET', url: '/admin/releases/new', cookies });
    const preview = await post('/admin/releases', cookies, form, formFields({ ministry_id: String(home), intent: 'preview', embargo_preset: 'evening', paper_date: '2025-01-10', body: '## 소제목\n\n<script>x</script> **강조**' }));
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('2025.01.10 석간 (온라인 2025.01.10 12:00부터)');
    expect(preview.body).toContain('<h2>소제목</h2>');
    expect(preview.body).toContain('<strong>강조</strong>');
    expect(preview.body).not.toContain('<script>x</script>');
    expect(preview.body).toContain('<script src="/static/js/editor.js" defer></script>');
    const count = await t.connection.db.selectFrom('releases').select('id').execute();
    expect(count).toHaveLength(0);
  });

  it('re-renders a form with problems (422) with an error summary linking to each field', async () => {
    const home = await ministryId(t.connection.db, HOME);
    await makeLoginUser(t.connection.db, 'writer@example.go.kr', '작성자', ['press_officer']);
    const cookies = await session('writer@example.go.kr');
    const form = await t.app.inject({ method: 'GET', url: '/admin/releases/new', cookies });
    const res = await post('/admin/releases', cookies, form, formFields({ ministry_id: String(home), title: '', type: '해명자료', paper_date: '' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toContain('<a href="#f-title">제목을 입력해 주세요.</a>');
    expect(res.body).toContain('href="#f-paper_date"');
    expect(res.body).toContain('href="#f-rebuttal_outlet"');
    expect(res.body).toMatch(/id="f-title"[^>]*aria-describedby="f-title-error" aria-invalid="true"/);
    expect(res.body).toContain('value="해명자료" selected');
  });
});

describe('who may use the staff pages', () => {
  it('sends anonymous visitors to the login form and refuses citizens and moderators (403, logged)', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/admin' });
    expect(anon.statusCode).toBe(302);
    expect(anon.headers.location).toContain('/login');
    await makeLoginUser(t.connection.db, 'citizen@example.com', '시민', ['citizen']);
    await makeLoginUser(t.connection.db, 'mod@example.go.kr', '댓글관리', ['moderator']);
    for (const email of ['citizen@example.com', 'mod@example.go.kr']) {
      const res = await t.app.inject({ method: 'GET', url: '/admin', cookies: await session(email) });
      expect(res.statusCode).toBe(403);
    }
    const denials = await t.connection.db.selectFrom('audit_log').select('action').where('action', '=', 'permission.denied').execute();
    expect(denials).toHaveLength(2);
  });

  it("refuses a press officer the editor of another ministry's release, and a save and a move on it, and logs each", async () => {
    const writer = await makeLoginUser(t.connection.db, 'fsc@example.go.kr', '금융위담당', ['press_officer'], [OTHER]);
    await makeLoginUser(t.connection.db, 'sme@example.go.kr', '중기부담당', ['press_officer'], [HOME]);
    const id = await releaseIn(t.connection.db, writer, 'draft', t.clock());
    const cookies = await session('sme@example.go.kr');
    const edit = await t.app.inject({ method: 'GET', url: `/admin/releases/${id}/edit`, cookies });
    expect(edit.statusCode).toBe(403);
    expect(edit.body).toContain('다른 부처의 보도자료는');
    const form = await t.app.inject({ method: 'GET', url: '/admin/releases/new', cookies });
    const before = await snapshot(t.connection.db, id);
    const save = await post(`/admin/releases/${id}`, cookies, form, formFields({ ministry_id: String(await ministryId(t.connection.db, OTHER)), lock_version: String(before.release.lock_version) }));
    expect(save.statusCode).toBe(403);
    const submitted = await post(`/admin/releases/${id}/submit`, cookies, form, {});
    expect(submitted.statusCode).toBe(403);
    expect(await snapshot(t.connection.db, id)).toEqual(before);
    const denials = await t.connection.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'permission.denied').execute();
    expect(denials).toHaveLength(3);
  });

  it('refuses a workflow form without a valid CSRF token, changing nothing', async () => {
    const writer = await makeLoginUser(t.connection.db, 'writer@example.go.kr', '작성자', ['press_officer']);
    const id = await releaseIn(t.connection.db, writer, 'draft', t.clock());
    const cookies = await session('writer@example.go.kr');
    const before = await snapshot(t.connection.db, id);
    const none = await t.app.inject({ method: 'POST', url: `/admin/releases/${id}/submit`, cookies, payload: {} });
    expect(none.statusCode).toBe(403);
    expect(none.body).toContain('보안 토큰');
    const forged = await t.app.inject({ method: 'POST', url: `/admin/releases/${id}/submit`, cookies, payload: { _csrf: 'forged' } });
    expect(forged.statusCode).toBe(403);
    expect(await snapshot(t.connection.db, id)).toEqual(before);
    const audit = await t.connection.db.selectFrom('audit_log').select('action').where('action', '=', 'csrf.refused').execute();
    expect(audit).toHaveLength(2);
  });
});

describe('the workflow through the pages', () => {
  it('submit, a return needing its reason, approval by another reviewer, and the dashboard lists', async () => {
    const home = await ministryId(t.connection.db, HOME);
    await makeLoginUser(t.connection.db, 'writer@example.go.kr', '작성자', ['press_officer']);
    await makeLoginUser(t.connection.db, 'rev@example.go.kr', '검토자', ['reviewer']);
    const writer = await session('writer@example.go.kr');
    const reviewer = await session('rev@example.go.kr');
    const form = await t.app.inject({ method: 'GET', url: '/admin/releases/new', cookies: writer });
    const created = await post('/admin/releases', writer, form, formFields({ ministry_id: String(home) }));
    const id = Number(/releases\/(\d+)\/edit/.exec(created.headers.location as string)![1]);
    let page = await t.app.inject({ method: 'GET', url: `/admin/releases/${id}/edit`, cookies: writer });
    const submitted = await post(`/admin/releases/${id}/submit`, writer, page, {});
    expect(submitted.statusCode).toBe(303);

    const dash = await t.app.inject({ method: 'GET', url: '/admin', cookies: reviewer });
    const waiting = dash.body.slice(dash.body.indexOf('내 검토를 기다리는 보도자료'), dash.body.indexOf('나에게 반려된'));
    expect(waiting).toContain('소상공인 디지털 전환 지원');

    page = await t.app.inject({ method: 'GET', url: `/admin/releases/${id}/edit`, cookies: reviewer });
    expect(page.body).toContain(`action="/admin/releases/${id}/approve"`);
    expect(page.body).toContain(`action="/admin/releases/${id}/return"`);
    const noReason = await post(`/admin/releases/${id}/return`, reviewer, page, { reason: '' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('반려하려면 사유를 입력해 주세요.');
    const returned = await post(`/admin/releases/${id}/return`, reviewer, page, { reason: '연락처를 확인해 주세요' });
    expect(returned.statusCode).toBe(303);

    const writerDash = await t.app.inject({ method: 'GET', url: '/admin', cookies: writer });
    const returnedList = writerDash.body.slice(writerDash.body.indexOf('나에게 반려된'), writerDash.body.indexOf('내가 작성 중인'));
    expect(returnedList).toContain('소상공인 디지털 전환 지원');
    page = await t.app.inject({ method: 'GET', url: `/admin/releases/${id}/edit`, cookies: writer });
    expect(page.body).toContain('사유: 연락처를 확인해 주세요');
    expect(page.body).not.toContain(`action="/admin/releases/${id}/approve"`);
    await post(`/admin/releases/${id}/submit`, writer, page, {});
    page = await t.app.inject({ method: 'GET', url: `/admin/releases/${id}/edit`, cookies: reviewer });
    const approved = await post(`/admin/releases/${id}/approve`, reviewer, page, {});
    expect(approved.statusCode).toBe(303);
    const done = await t.app.inject({ method: 'GET', url: approved.headers.location as string, cookies: reviewer });
    expect(done.body).toContain('&#39;승인&#39;을(를) 마쳤습니다.');
    expect(done.body).toContain('예약됨');
    const scheduled = (await t.app.inject({ method: 'GET', url: '/admin', cookies: writer })).body;
    expect(scheduled.slice(scheduled.indexOf('예약된 보도자료'))).toContain('소상공인 디지털 전환 지원');
  });

  it('refuses the later of two saves from the same editor page, naming who saved, keeping the typed text', async () => {
    const home = await ministryId(t.connection.db, HOME);
    const a = await makeLoginUser(t.connection.db, 'a@example.go.kr', '김하나', ['press_officer']);
    await makeLoginUser(t.connection.db, 'b@example.go.kr', '이두리', ['press_officer']);
    const id = await releaseIn(t.connection.db, a, 'draft', t.clock());
    const ca = await session('a@example.go.kr');
    const cb = await session('b@example.go.kr');
    const pageA = await t.app.inject({ method: 'GET', url: `/admin/releases/${id}/edit`, cookies: ca });
    const pageB = await t.app.inject({ method: 'GET', url: `/admin/releases/${id}/edit`, cookies: cb });
    const lock = /name="lock_version" value="(\d+)"/.exec(pageB.body)![1]!;
    t.clock.set('2025-01-01T00:15:00.000Z');
    const saveA = await post(`/admin/releases/${id}`, ca, pageA, formFields({ ministry_id: String(home), lock_version: lock, title: '김하나가 고친 제목' }));
    expect(saveA.statusCode).toBe(303);
    const saveB = await post(`/admin/releases/${id}`, cb, pageB, formFields({ ministry_id: String(home), lock_version: lock, title: '이두리가 고친 제목' }));
    expect(saveB.statusCode).toBe(409);
    expect(saveB.body).toContain('김하나님이 2025.01.01 09:15에 이 보도자료를 저장했습니다');
    expect(saveB.body).toContain('value="이두리가 고친 제목"');
    const release = await t.connection.db.selectFrom('releases').select('title').where('id', '=', id).executeTakeFirstOrThrow();
    expect(release.title).toBe('김하나가 고친 제목');
  });

  it('shows a diff between two revisions', async () => {
    const home = await ministryId(t.connection.db, HOME);
    const a = await makeLoginUser(t.connection.db, 'a@example.go.kr', '김하나', ['press_officer']);
    const id = await releaseIn(t.connection.db, a, 'draft', t.clock());
    const cookies = await session('a@example.go.kr');
    const page = await t.app.inject({ method: 'GET', url: `/admin/releases/${id}/edit`, cookies });
    const lock = /name="lock_version" value="(\d+)"/.exec(page.body)![1]!;
    const saved = await post(`/admin/releases/${id}`, cookies, page, formFields({ ministry_id: String(home), lock_version: lock, body: '## 개요\n\n새 문장입니다.' }));
    expect(saved.statusCode).toBe(303);
    const diff = await t.app.inject({ method: 'GET', url: `/admin/releases/${id}/diff?from=1&to=2`, cookies });
    expect(diff.statusCode).toBe(200);
    expect(diff.body).toContain('<ins><span class="sr-only">추가: </span>새 문장입니다.</ins>');
    expect(diff.body).toContain('<del><span class="sr-only">삭제: </span>본문 첫 줄입니다.</del>');
    const missing = await t.app.inject({ method: 'GET', url: `/admin/releases/${id}/diff?from=1&to=9`, cookies });
    expect(missing.statusCode).toBe(404);
  });

  it('lists failed releases with their error, and force-published ones awaiting a second reviewer', async () => {
    const writer = await makeLoginUser(t.connection.db, 'writer@example.go.kr', '작성자', ['press_officer']);
    const admin = await makeLoginUser(t.connection.db, 'boss@example.go.kr', '관리자', ['admin']);
    await makeLoginUser(t.connection.db, 'rev@example.go.kr', '검토자', ['reviewer']);
    const broken = await releaseIn(t.connection.db, writer, 'scheduled', t.clock());
    await t.connection.db.updateTable('releases').set({ body_markdown: '' }).where('id', '=', broken).execute();
    t.clock.set('2025-01-03T00:00:00.000Z');
    await runPublishSweep(t.connection.db, t.clock());
    const urgent = await releaseIn(t.connection.db, writer, 'draft', t.clock());
    await forcePublish(t.connection.db, ctx(admin, t.clock()), urgent, '재난 문자 긴급 공지');

    const reviewer = await session('rev@example.go.kr');
    const dash = (await t.app.inject({ method: 'GET', url: '/admin', cookies: reviewer })).body;
    const failed = dash.slice(dash.indexOf('id="heading-failed"'), dash.indexOf('id="heading-forcePublished"'));
    expect(failed).toContain('게시하지 못했습니다: 본문이 비어 있습니다.');
    const forced = dash.slice(dash.indexOf('id="heading-forcePublished"'), dash.indexOf('id="heading-waitingForReview"'));
    expect(forced).toContain(`/admin/releases/${urgent}/edit`);
    const page = await t.app.inject({ method: 'GET', url: `/admin/releases/${urgent}/edit`, cookies: reviewer });
    expect(page.body).toContain('다른 검토자의 확인을 기다리고 있습니다');
    expect(page.body).toContain('재난 문자 긴급 공지');
    const confirmed = await post(`/admin/releases/${urgent}/confirm-force-publish`, reviewer, page, {});
    expect(confirmed.statusCode).toBe(303);
    const after = (await t.app.inject({ method: 'GET', url: '/admin', cookies: reviewer })).body;
    expect(after.slice(after.indexOf('id="heading-forcePublished"'), after.indexOf('id="heading-waitingForReview"'))).not.toContain(`/admin/releases/${urgent}/edit`);
  });

  it('lets an admin change the 조간/석간 times, which the editor then uses', async () => {
    await makeLoginUser(t.connection.db, 'boss@example.go.kr', '관리자', ['admin']);
    const cookies = await session('boss@example.go.kr');
    const page = await t.app.inject({ method: 'GET', url: '/admin/settings/embargo', cookies });
    expect(page.statusCode).toBe(200);
    const saved = await post('/admin/settings/embargo', cookies, page, { morning_time: '06:00', evening_time: '15:00' });
    expect(saved.statusCode).toBe(303);
    const form = await t.app.inject({ method: 'GET', url: '/admin/releases/new', cookies });
    expect(form.body).toContain('data-morning-time="06:00"');
    expect(form.body).toContain('조간 (신문 날짜 전날 06:00부터)');
  });
});

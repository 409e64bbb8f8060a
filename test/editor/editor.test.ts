import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../helpers.js';
import { csrfFrom, loginAs } from '../session-helpers.js';
import { HOME, makeLoginUser, ministryId, OTHER, PASSWORD } from '../workflow/workflow-helpers.js';

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
    void OTHER;

  });
});

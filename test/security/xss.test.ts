// Every XSS payload through every input, checked in the HTML the server answers.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRelease } from '../helpers.js';
import { minimalPdf, multipartBody } from '../attachments/attachment-fixtures.js';
import { unsafeMarkup } from './html-safety.js';
import { asName, XSS_PAYLOADS } from './payloads.js';
import { createSecurityApp, formToken, HOME, isHtml, releaseForm, type SecurityApp } from './security-app.js';

let s: SecurityApp;

beforeAll(async () => {
  s = await createSecurityApp();
}, 60_000);
afterAll(async () => s?.close());

function expectSafe(res: LightMyRequestResponse, where: string): void {
  expect(res.statusCode, `${where} answered ${res.statusCode}`).toBeLessThan(500);
  if (!isHtml(res)) return;
  const problems = unsafeMarkup(res.body);
  expect(problems, `unsafe markup in ${where}`).toEqual([]);
}

async function get(url: string, cookies: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return s.app.inject({ method: 'GET', url, cookies });
}

describe('the payload list', () => {
  it('has at least 100 distinct payloads', () => {
    expect(new Set(XSS_PAYLOADS).size).toBe(XSS_PAYLOADS.length);
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(100);
  });

  it('the checker itself catches what it must', () => {
    expect(unsafeMarkup('<p>ok</p><script src="/static/js/editor.js"></script>')).toEqual([]);
    expect(unsafeMarkup('<img src=x onerror=alert(1)>')).not.toEqual([]);
    expect(unsafeMarkup('<a href="jav&#x09;ascript:alert(1)">x</a>')).not.toEqual([]);
    expect(unsafeMarkup('<p>94011</p>')).not.toEqual([]);
    expect(unsafeMarkup('<svg onload=1>')).not.toEqual([]);
  });
});

function xmlElements(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);
}

function decodeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

describe('XSS through every input', () => {
  // RSS 2.0 readers render <description> as HTML once its XML escaping is undone, so plain
  // text there must be HTML-escaped before it is XML-escaped. src/feeds escapes it once:
  // a title or summary of `<img src=x onerror=...>` reaches a reader as a live tag.
  it('RSS <description> carries plain text as escaped HTML (feed readers render it)', async () => {
    const sec = await createSecurityApp();
    try {
      await seedRelease(sec.connection, { title: '요약에 태그', ministry: HOME, releasedAt: '2025-02-10T00:00:00Z', summary: ['<img src=x onerror=window.__xss=1>'] });
      const rss = await sec.app.inject({ method: 'GET', url: '/briefing/feed.rss' });
      for (const item of xmlElements(rss.body, 'item')) {
        const description = decodeXml(/<description>([\s\S]*?)<\/description>/.exec(item)?.[1] ?? '');
        expect(unsafeMarkup(description), 'rss description as a reader renders it').toEqual([]);
      }
    } finally {
      await sec.close();
    }
  });

  it('release fields, imported (published) and read on the list, the article, search, feeds and the API', async () => {
    const ids: number[] = [];
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      ids.push(
        await seedRelease(s.connection, {
          title: `공개 ${i} ${payload}`.slice(0, 300),
          ministry: HOME,
          releasedAt: new Date(Date.UTC(2025, 1, 10, 0, i)).toISOString(),
          subtitles: [payload.slice(0, 300)],
          summary: [payload.slice(0, 300)],
          body: `${payload}\n\n본문 ${i}\n\n${payload}`,
          department: payload.slice(0, 100),
          contactPerson: payload.slice(0, 100),
          contactPhone: '044-000-0000',
        }),
      );
    }
    for (const [i, id] of ids.entries()) {
      expectSafe(await get(`/briefing/${id}`), `article of payload ${i}: ${XSS_PAYLOADS[i]}`);
      expectSafe(await get(`/briefing/${id}`, s.cookies.citizen), `article (logged in) of payload ${i}`);
    }
    for (let page = 1; page <= Math.ceil(ids.length / 20) + 1; page++) expectSafe(await get(`/briefing?page=${page}`), `list page ${page}`);
    const atom = await get('/briefing/feed.atom');
    expect(atom.statusCode).toBe(200);
    for (const entry of xmlElements(atom.body, 'entry')) {
      // Atom says what each field is: text fields are shown as text, html content is parsed
      expect(/<title>|<title type="text">/.test(entry) && /<summary type="text">/.test(entry), 'atom fields declare text').toBe(true);
      expect(unsafeMarkup(decodeXml(/<content type="html">([\s\S]*?)<\/content>/.exec(entry)?.[1] ?? '')), 'atom html content').toEqual([]);
    }
    const rss = await get('/briefing/feed.rss');
    expect(rss.statusCode).toBe(200);
    for (const item of xmlElements(rss.body, 'item')) {
      const encoded = /<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/.exec(item)?.[1] ?? '';
      expect(unsafeMarkup(encoded), 'rss content:encoded').toEqual([]);
    }
    const api = await get('/api/v1/releases');
    expect(api.statusCode).toBe(200);
    expect(String(api.headers['content-type'])).toMatch(/application\/json/);
  });

  it('search queries, filter values and API parameters', async () => {
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const q = encodeURIComponent(payload);
      expectSafe(await get(`/briefing/search?q=${q}`), `search for payload ${i}`);
      expectSafe(await get(`/briefing/search?q=${q}&ministry=${q}&type=${q}&from=${q}&to=${q}&sort=${q}`), `search filters, payload ${i}`);
      expectSafe(await get(`/briefing?ministry=${q}`), `list ministry filter, payload ${i}`);
      expectSafe(await get(`/briefing?type=${q}&from=${q}&to=${q}&page=${q}&cursor=${q}`), `list filters, payload ${i}`);
      expectSafe(await get(`/briefing/${q}`), `article id, payload ${i}`);
      expectSafe(await get(`/briefing/${s.publicReleaseId}?from=${q}&ministry=${q}&cpage=${q}`), `article list context, payload ${i}`);
      expectSafe(await get(`/login?next=${q}`), `login next, payload ${i}`);
      const api = await get(`/api/v1/releases?q=${q}&ministry=${q}&type=${q}&from=${q}&cursor=${q}`);
      expect(api.statusCode, `API with payload ${i}`).toBeLessThan(500);
      expect(String(api.headers['content-type'])).toMatch(/application\/json/);
      const apiItem = await get(`/api/v1/releases/${q}`);
      expect(apiItem.statusCode).toBeLessThan(500);
      expect(String(apiItem.headers['content-type'])).toMatch(/application\/json/);
    }
  });

  it('release fields through the editor: the editor, its preview, the dashboard and the published article', async () => {
    const cookies = s.cookies.officer;
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const form = releaseForm(s.homeMinistryId, {
        title: `편집 ${i} ${payload}`.slice(0, 300),
        subtitles: payload.slice(0, 300),
        summary: payload.slice(0, 300),
        body: payload,
        department: payload.slice(0, 100),
        contact_responsible: payload.slice(0, 100),
        contact_person: payload.slice(0, 100),
      });
      const { token, cookies: c } = await formToken(s.app, '/admin/releases/new', cookies);
      const preview = await s.app.inject({ method: 'POST', url: '/admin/releases', cookies: c, payload: { ...form, _csrf: token, intent: 'preview' } });
      expectSafe(preview, `editor preview of payload ${i}`);
      const created = await s.app.inject({ method: 'POST', url: '/admin/releases', cookies: c, payload: { ...form, _csrf: token } });
      expect(created.statusCode, `draft with payload ${i}: ${created.body.slice(0, 200)}`).toBe(303);
      const id = Number(/\/admin\/releases\/(\d+)\/edit/.exec(String(created.headers.location))?.[1]);
      expectSafe(await get(`/admin/releases/${id}/edit`, cookies), `editor of payload ${i}`);
      if (i % 10 === 0) {
        // a few all the way to the public side through review
        const submit = await formToken(s.app, `/admin/releases/${id}/edit`, cookies);
        expect((await s.app.inject({ method: 'POST', url: `/admin/releases/${id}/submit`, cookies: submit.cookies, payload: { _csrf: submit.token } })).statusCode).toBe(303);
        const approve = await formToken(s.app, `/admin/releases/${id}/edit`, s.cookies.reviewer);
        expect((await s.app.inject({ method: 'POST', url: `/admin/releases/${id}/approve`, cookies: approve.cookies, payload: { _csrf: approve.token } })).statusCode).toBe(303);
        expectSafe(await get(`/briefing/${id}`), `published article of payload ${i}`);
      }
    }
    expectSafe(await get('/admin', cookies), 'dashboard');
    expectSafe(await get('/admin', s.cookies.reviewer), 'reviewer dashboard');
    expectSafe(await get('/admin/audit', s.cookies.admin), 'audit log');
  });

  it('attachment names', async () => {
    const { token, cookies } = await formToken(s.app, '/admin/releases/new', s.cookies.officer);
    const created = await s.app.inject({ method: 'POST', url: '/admin/releases', cookies, payload: { ...releaseForm(s.homeMinistryId, { title: '첨부 시험' }), _csrf: token } });
    const id = Number(/\/admin\/releases\/(\d+)\/edit/.exec(String(created.headers.location))?.[1]);
    let accepted = 0;
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      // as a browser sends a file name: quotes and line breaks percent-encoded
      const fileName = `${i}${payload}`.replace(/"/g, '%22').replace(/\r?\n/g, '%0A').slice(0, 120) + '.pdf';
      const page = await s.app.inject({ method: 'GET', url: `/admin/releases/${id}/attachments`, cookies: s.cookies.officer });
      const formTokenValue = decodeURIComponent(/_csrf=([^&"]+)/.exec(page.body)?.[1] ?? '');
      const all = { ...s.cookies.officer };
      for (const c of page.cookies) all[c.name] = c.value;
      const { payload: body, headers } = multipartBody({ fileName, content: minimalPdf(), contentType: 'application/pdf' });
      const res = await s.app.inject({ method: 'POST', url: `/admin/releases/${id}/attachments?_csrf=${encodeURIComponent(formTokenValue)}`, cookies: all, headers, payload: body });
      expect(res.statusCode, `upload named payload ${i}`).toBeLessThan(500);
      expectSafe(res, `upload answer for payload ${i}`);
      if (res.statusCode < 400) accepted++;
    }
    expect(accepted).toBeGreaterThan(50);
    expectSafe(await get(`/admin/releases/${id}/attachments`, s.cookies.officer), 'attachments page');
    expectSafe(await get(`/admin/releases/${id}/edit`, s.cookies.officer), 'editor with attachments');
    const submit = await formToken(s.app, `/admin/releases/${id}/edit`, s.cookies.officer);
    await s.app.inject({ method: 'POST', url: `/admin/releases/${id}/submit`, cookies: submit.cookies, payload: { _csrf: submit.token } });
    const approve = await formToken(s.app, `/admin/releases/${id}/edit`, s.cookies.reviewer);
    await s.app.inject({ method: 'POST', url: `/admin/releases/${id}/approve`, cookies: approve.cookies, payload: { _csrf: approve.token } });
    const article = await get(`/briefing/${id}`);
    expect(article.statusCode).toBe(200);
    expectSafe(article, 'public article with payload attachment names');
  });

  it('comment text: the article, my comments, the edit form and the moderation queue', async () => {
    const releaseId = s.publicReleaseId;
    const { token, cookies } = await formToken(s.app, `/briefing/${releaseId}`, s.cookies.citizen);
    let stored = 0;
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const res = await s.app.inject({ method: 'POST', url: `/briefing/${releaseId}/comments`, cookies, payload: { _csrf: token, body: `${i}번 의견 ${payload}` } });
      expect([303, 202, 422], `comment with payload ${i}: ${res.statusCode}`).toContain(res.statusCode);
      expectSafe(res, `comment answer for payload ${i}`);
      if (res.statusCode !== 422) stored++;
    }
    expect(stored).toBeGreaterThan(50);
    for (let cpage = 1; cpage <= 20; cpage++) {
      expectSafe(await get(`/briefing/${releaseId}?cpage=${cpage}`), `article comments page ${cpage}`);
      expectSafe(await get(`/briefing/${releaseId}?cpage=${cpage}`, s.cookies.citizen), `article comments page ${cpage} (author)`);
    }
    for (let page = 1; page <= 15; page++) expectSafe(await get(`/my/comments?page=${page}`, s.cookies.citizen), `my comments page ${page}`);
    const ids = (s.connection.sqlite.prepare('SELECT id FROM comments').all() as { id: number }[]).map((r) => r.id);
    for (const id of ids.slice(0, 40)) {
      expectSafe(await get(`/comments/${id}/edit`, s.cookies.citizen), `edit form of comment ${id}`);
      expectSafe(await get(`/comments/${id}/flag`, s.cookies.reviewer), `flag form of comment ${id}`);
    }
    expectSafe(await get('/admin/moderation', s.cookies.moderator), 'moderation queue');
    expectSafe(await get(`/admin/moderation/users/${s.userIds.citizen}`, s.cookies.moderator), 'moderation user page');
    expectSafe(await get('/admin/moderation/log', s.cookies.moderator), 'moderation log');
  });

  it('nicknames: the header, the comment board and the moderation queue', async () => {
    const releaseId = s.publicReleaseId;
    let accepted = 0;
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const remoteAddress = `10.9.${Math.floor(i / 200)}.${(i % 200) + 1}`;
      const page = await s.app.inject({ method: 'GET', url: '/signup', remoteAddress });
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const cookies: Record<string, string> = {};
      for (const c of page.cookies) cookies[c.name] = c.value;
      const nickname = asName(`${i}${payload}`);
      const res = await s.app.inject({
        method: 'POST',
        url: '/signup',
        remoteAddress,
        cookies,
        payload: { _csrf: token, email: `nick${i}@example.com`, nickname, password: 'correct-horse-9', confirm: 'correct-horse-9', agree: 'yes' },
      });
      expectSafe(res, `signup answer for nickname ${i}`);
      if (res.statusCode !== 302 && res.statusCode !== 303) continue;
      accepted++;
      for (const c of res.cookies) cookies[c.name] = c.value;
      const list = await s.app.inject({ method: 'GET', url: '/briefing', cookies, remoteAddress });
      expectSafe(list, `header with nickname ${i}`);
      const form = /name="_csrf" value="([^"]+)"/.exec((await s.app.inject({ method: 'GET', url: `/briefing/${releaseId}`, cookies, remoteAddress })).body)?.[1] ?? '';
      await s.app.inject({ method: 'POST', url: `/briefing/${releaseId}/comments`, cookies, remoteAddress, payload: { _csrf: form, body: `닉네임 시험 ${i}번째 댓글입니다. 좋은 정책입니다.` } });
    }
    expect(accepted).toBeGreaterThan(30);
    for (let cpage = 1; cpage <= 15; cpage++) expectSafe(await get(`/briefing/${releaseId}?cpage=${cpage}`), `comment board page ${cpage}`);
    expectSafe(await get('/admin/moderation', s.cookies.moderator), 'moderation queue with nicknames');
  });
});

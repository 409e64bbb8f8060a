// CSRF on every state-changing route, and the permission table of the staff and
// moderation routes for every kind of visitor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftInput, ctx } from '../workflow/workflow-helpers.js';
import { createDraft } from '../../src/workflow/workflow-service.js';
import { loadActor } from '../../src/users/user-service.js';
import { anyToken, createSecurityApp, formToken, tableCounts, type SecurityApp, type Who } from './security-app.js';
import { fill, listRoutes, UNSAFE_METHODS, type RouteEntry } from './routes.js';

let s: SecurityApp;
let routes: RouteEntry[];
const ids: Record<string, number> = {};

beforeAll(async () => {
  s = await createSecurityApp();
  await s.app.ready();
  routes = listRoutes(s.app);
  const officer = (await loadActor(s.connection.db, s.userIds.officer))!;
  ids.id = await createDraft(s.connection.db, ctx(officer, s.clock()), draftInput(s.homeMinistryId));
  // a comment, a block on the blocked citizen (through the moderation form), for the routes that need them
  const { token, cookies } = await formToken(s.app, `/briefing/${s.publicReleaseId}`, s.cookies.blocked);
  const posted = await s.app.inject({ method: 'POST', url: `/briefing/${s.publicReleaseId}/comments`, cookies, payload: { _csrf: token, body: '처음 남기는 평범한 의견입니다.' } });
  expect(posted.statusCode).toBe(303);
  ids.comment = Number(/comment-(\d+)/.exec(String(posted.headers.location))?.[1]);
  const mod = await formToken(s.app, `/admin/moderation/users/${s.userIds.blocked}`, s.cookies.moderator);
  const blocked = await s.app.inject({
    method: 'POST',
    url: `/admin/moderation/users/${s.userIds.blocked}/block`,
    cookies: mod.cookies,
    payload: { _csrf: mod.token, duration: '7d', rule: '4', reason: '욕설을 되풀이함' },
  });
  expect(blocked.statusCode, blocked.body.slice(0, 300)).toBe(303);
}, 60_000);
afterAll(async () => s?.close());

function urlOf(route: RouteEntry): string {
  const idFor: Record<string, number> = { id: ids.id!, attachmentId: 1, n: 1 };
  if (route.url.startsWith('/comments/')) idFor.id = ids.comment!;
  if (route.url.startsWith('/admin/moderation/comments/')) idFor.id = ids.comment!;
  if (route.url.startsWith('/admin/moderation/users/')) idFor.id = s.userIds.citizen;
  if (route.url.startsWith('/briefing/:id')) idFor.id = s.publicReleaseId;
  return fill(route.url, idFor);
}

describe('CSRF', () => {
  it('finds the state-changing routes by itself', () => {
    const unsafe = routes.filter((r) => UNSAFE_METHODS.has(r.method));
    expect(unsafe.length).toBeGreaterThan(25);
    expect(unsafe.map((r) => r.url)).toEqual(expect.arrayContaining(['/login', '/signup', '/briefing/:id/comments', '/admin/releases/:id/approve']));
  });

  for (const variant of ['no token', 'a token from another session', 'a garbled token'] as const) {
    it(`every state-changing route refuses a request with ${variant}, and nothing is stored`, async () => {
      const refused: string[] = [];
      const accepted: string[] = [];
      const before = tableCounts(s.connection);
      const other = await anyToken(s.app, s.cookies.citizen);
      for (const route of routes.filter((r) => UNSAFE_METHODS.has(r.method))) {
        const url = urlOf(route);
        // a body every route's schema accepts, so that only the token is missing
        const payload: Record<string, string> = { ...VALID_BODY };
        if (variant === 'a token from another session') payload._csrf = other.token;
        if (variant === 'a garbled token') payload._csrf = 'AAAA-not-a-token';
        // the admin can reach every route, so only the token stands in the way
        const res = await s.app.inject({ method: route.method as 'POST', url, cookies: s.cookies.admin, payload });
        if (res.statusCode === 403 && res.body.includes('보안 토큰이 없거나 만료되었습니다')) refused.push(`${route.method} ${route.url}`);
        else accepted.push(`${route.method} ${route.url} -> ${res.statusCode}`);
      }
      expect(accepted).toEqual([]);
      expect(refused.length).toBeGreaterThan(25);
      expect(tableCounts(s.connection)).toEqual(before);
    });
  }

  it('refusals are written to the audit log', async () => {
    const n = s.connection.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'csrf.refused'").get() as { n: number };
    expect(n.n).toBeGreaterThan(25);
  });
});

/** Fields that satisfy the body schema of every state-changing route. */
const VALID_BODY: Record<string, string> = {
  body: '평범한 의견입니다.',
  reason: '운영원칙에 따른 조치',
  rule: '4',
  duration: '7d',
  action: 'delete',
  outcome: 'reject',
  title: '제목',
  email: 'a@b.kr',
  nickname: '새독자',
  password: 'correct-horse-9',
  current: 'correct-horse-9',
  confirm: 'correct-horse-9',
  morning_time: '09:00',
  evening_time: '18:00',
  agency: '경찰청',
  referenceNumber: '2025-1',
  receivedOn: '2025-03-01',
  commentIds: '1',
  term: '낱말',
  kind: 'block',
  claimant: '본인',
};

type Expect = 'allowed' | 'denied';

/** The permission table for the staff and moderation side (/admin). */
function expected(who: Who, url: string): Expect {
  const moderation = url.startsWith('/admin/moderation');
  if (moderation) return who === 'moderator' || who === 'admin' ? 'allowed' : 'denied';
  const adminOnly = url.startsWith('/admin/settings') || url.startsWith('/admin/audit');
  if (adminOnly) return who === 'admin' ? 'allowed' : 'denied';
  const staff = who === 'officer' || who === 'reviewer' || who === 'admin' || who === 'otherOfficer';
  if (!staff) return 'denied';
  // a release of 중소벤처기업부: the other ministry's officer may not touch it
  if (/^\/admin\/(releases|attachments)\/:id/.test(url) && who === 'otherOfficer') return 'denied';
  return 'allowed';
}

function isDenied(who: Who, status: number, location: string | undefined): boolean {
  if (who === 'anonymous') return status === 401 || (status === 302 && String(location).startsWith('/login'));
  return status === 403 || status === 404;
}

describe('authorization', () => {
  const visitors: Who[] = ['anonymous', 'citizen', 'blocked', 'otherOfficer', 'moderator', 'officer', 'admin'];

  it('every staff and moderation page answers as the permission table says', async () => {
    const wrong: string[] = [];
    // wildcard routes (attachment downloads) have no page of their own to check here
    const pages = routes.filter((r) => r.method === 'GET' && r.url.startsWith('/admin') && !r.url.includes('*'));
    expect(pages.length).toBeGreaterThan(10);
    for (const who of visitors) {
      for (const route of pages) {
        const url = urlOf(route) + (route.url.endsWith('/diff') ? '?from=1&to=1' : '');
        const res = await s.app.inject({ method: 'GET', url, cookies: who === 'anonymous' ? {} : s.cookies[who] });
        const want = expected(who, route.url);
        const denied = isDenied(who, res.statusCode, res.headers.location as string | undefined);
        if (want === 'denied' && !denied) wrong.push(`${who} GET ${route.url}: ${res.statusCode}, expected a refusal`);
        if (want === 'allowed' && (denied || res.statusCode >= 500)) wrong.push(`${who} GET ${route.url}: ${res.statusCode}, expected access`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every staff and moderation action refuses whoever the table refuses, with a valid token, and stores nothing', async () => {
    const wrong: string[] = [];
    const notes: string[] = [];
    const actions = routes.filter((r) => UNSAFE_METHODS.has(r.method) && r.url.startsWith('/admin'));
    expect(actions.length).toBeGreaterThan(15);
    for (const who of visitors) {
      const { token, cookies } = await anyToken(s.app, who === 'anonymous' ? {} : s.cookies[who]);
      for (const route of actions) {
        if (expected(who, route.url) === 'allowed') continue;
        const before = tableCounts(s.connection);
        const res = await s.app.inject({
          method: route.method as 'POST',
          url: urlOf(route),
          cookies,
          payload: { ...VALID_BODY, _csrf: token, ids: String(ids.comment) },
        });
        // a 400 is a refusal too (an upload route checks the upload's form before the person), but say so
        if (res.statusCode === 400) notes.push(`${who} ${route.method} ${route.url}: 400 before the permission check`);
        else if (!isDenied(who, res.statusCode, res.headers.location as string | undefined)) wrong.push(`${who} ${route.method} ${route.url}: ${res.statusCode}`);
        const after = tableCounts(s.connection);
        if (JSON.stringify(after) !== JSON.stringify(before)) wrong.push(`${who} ${route.method} ${route.url} changed the database`);
      }
    }
    if (notes.length) console.warn(`refused with 400 before the permission check:\n  ${notes.join('\n  ')}`);
    expect(wrong).toEqual([]);
  });

  it('a blocked citizen can no longer post, and an anonymous visitor is asked to log in', async () => {
    const before = tableCounts(s.connection);
    const { token, cookies } = await formToken(s.app, `/briefing/${s.publicReleaseId}`, s.cookies.blocked).catch(async () => anyToken(s.app, s.cookies.blocked));
    const res = await s.app.inject({ method: 'POST', url: `/briefing/${s.publicReleaseId}/comments`, cookies, payload: { _csrf: token, body: '차단된 뒤에 쓰는 의견입니다.' } });
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/제한|차단/);
    const anon = await anyToken(s.app);
    const res2 = await s.app.inject({ method: 'POST', url: `/briefing/${s.publicReleaseId}/comments`, cookies: anon.cookies, payload: { _csrf: anon.token, body: '로그인 없이 쓰는 의견' } });
    expect(res2.statusCode).toBe(401);
    expect(tableCounts(s.connection)).toEqual(before);
  });
});

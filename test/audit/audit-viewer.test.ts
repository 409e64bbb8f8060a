import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/audit-service.js';
import { findOrCreateMinistry } from '../../src/ministries/ministry-service.js';
import { createUser } from '../../src/users/user-service.js';
import type { Role } from '../../src/db/schema.js';
import { createTestApp, type TestApp } from '../helpers.js';
import { loginAs } from '../session-helpers.js';

const PASSWORD = 'correct-horse-9';
let t: TestApp;

beforeEach(async () => {
  t = await createTestApp('2025-03-01T00:00:00.000Z');
  await findOrCreateMinistry(t.connection.db, '중소벤처기업부', t.clock().toISOString());
});
afterEach(async () => {
  await t.close();
});

async function user(email: string, displayName: string, roles: Role[], ministries: string[] = []) {
  const { userId } = await createUser(t.connection.db, { email, displayName, roles, ministries, password: PASSWORD }, t.clock());
  const session = await loginAs(t.app, email, PASSWORD);
  return { userId, cookies: session.cookies };
}

function rowsOf(body: string): string[] {
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '';
  return [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

describe('the audit log viewer', () => {
  it('shows who, what, when in KST, IP and target to an admin', async () => {
    const admin = await user('chief@example.go.kr', '감사관', ['admin']);
    await recordAudit(t.connection.db, {
      actorId: admin.userId,
      action: 'attachment.upload',
      targetType: 'attachment',
      targetId: 42,
      ip: '203.0.113.7',
      detail: { fileName: '<b>보도자료</b>.pdf' },
      at: '2025-02-28T15:30:05.000Z',
    });
    const page = await t.app.inject({ method: 'GET', url: '/admin/audit', cookies: admin.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="br-page-title">감사 기록</h1>');
    const row = rowsOf(page.body).find((r) => r.includes('첨부파일 올림'))!;
    expect(row).toContain('2025-03-01 00:30:05'); // KST
    expect(row).toContain('감사관');
    expect(row).toContain('chief@example.go.kr');
    expect(row).toContain('attachment 42');
    expect(row).toContain('203.0.113.7');
    expect(page.body).not.toContain('<b>보도자료</b>');
    expect(page.body).toContain('<time datetime="2025-03-01T00:30:05+09:00">');
    // the login itself was recorded and shows too
    expect(rowsOf(page.body).some((r) => r.includes('로그인'))).toBe(true);
  });

  it('filters by action, actor (email or name) and date range', async () => {
    const admin = await user('chief@example.go.kr', '감사관', ['admin']);
    const officer = await user('officer@mss.go.kr', '홍보담당', ['press_officer'], ['중소벤처기업부']);
    const db = t.connection.db;
    await recordAudit(db, { actorId: officer.userId, action: 'attachment.upload', targetType: 'attachment', targetId: 1, at: '2025-02-10T03:00:00.000Z' });
    await recordAudit(db, { actorId: officer.userId, action: 'attachment.delete', targetType: 'attachment', targetId: 1, at: '2025-02-12T03:00:00.000Z' });
    await recordAudit(db, { actorId: admin.userId, action: 'attachment.upload', targetType: 'attachment', targetId: 2, at: '2025-02-20T03:00:00.000Z' });
    // 2025-02-14 23:30 KST is still the 14th in Korea, though the 14th 14:30 in UTC
    await recordAudit(db, { actorId: null, actorLabel: 'nobody@example.com', action: 'login.failed', at: '2025-02-14T14:30:00.000Z' });

    const get = async (qs: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/admin/audit?${qs}`, cookies: admin.cookies });
      expect(res.statusCode, qs).toBe(200);
      return rowsOf(res.body);
    };
    expect(await get('action=attachment.upload')).toHaveLength(2);
    expect((await get('action=attachment.upload&actor=officer@mss')).map((r) => r.includes('attachment 1'))).toEqual([true]);
    expect(await get(`actor=${encodeURIComponent('홍보')}`)).toHaveLength(3); // upload, delete, and the login
    expect(await get('actor=nobody@')).toHaveLength(1);
    const feb = await get('from=2025-02-11&to=2025-02-14');
    expect(feb).toHaveLength(2);
    expect(feb.some((r) => r.includes('로그인 실패'))).toBe(true);
    expect(await get('from=2025-02-15&to=2025-02-28')).toHaveLength(1);
    expect(await get('action=attachment.move')).toEqual([]);
  });

  it('pages by id cursor, keeping the filters', async () => {
    const admin = await user('chief@example.go.kr', '감사관', ['admin']);
    for (let i = 0; i < 120; i++) {
      await recordAudit(t.connection.db, { actorId: admin.userId, action: 'attachment.move', targetType: 'attachment', targetId: i, at: '2025-02-20T03:00:00.000Z' });
    }
    const seen = new Set<string>();
    let url: string | undefined = '/admin/audit?action=attachment.move';
    let pages = 0;
    while (url) {
      const res: LightMyRequestResponse = await t.app.inject({ method: 'GET', url, cookies: admin.cookies });
      for (const row of rowsOf(res.body)) seen.add(row);
      url = /href="([^"]+)" class="krds-btn secondary medium">이전 기록 더 보기/.exec(res.body)?.[1]?.replace(/&amp;/g, '&');
      if (url) expect(url).toContain('action=attachment.move');
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen.size).toBe(120);
  });

  it('explains a bad date with 422', async () => {
    const admin = await user('chief@example.go.kr', '감사관', ['admin']);
    const res = await t.app.inject({ method: 'GET', url: '/admin/audit?from=2025-02-30', cookies: admin.cookies });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('시작일 &quot;2025-02-30&quot;이(가) 올바른 날짜가 아닙니다');
  });

  it.each([
    ['press_officer', ['중소벤처기업부']],
    ['reviewer', ['중소벤처기업부']],
    ['moderator', []],
    ['citizen', []],
  ] as [Role, string[]][])('refuses a %s with 403 and audits the denial', async (role, ministries) => {
    const someone = await user(`${role}@example.go.kr`, `사용자${role}`, [role], ministries);
    const res = await t.app.inject({ method: 'GET', url: '/admin/audit', cookies: someone.cookies });
    expect(res.statusCode).toBe(403);
    const denial = await t.connection.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'permission.denied')
      .where('actor_id', '=', someone.userId)
      .executeTakeFirst();
    expect(denial?.target_id).toBe('GET /admin/audit');
  });

  it('sends an anonymous visitor to the login form', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/audit' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toContain('/login');
  });
});

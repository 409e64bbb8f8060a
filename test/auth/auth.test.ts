import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/users/user-service.js';
import { createTestApp, type TestApp } from '../helpers.js';
import { csrfFrom, loginAs } from '../session-helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

async function addUser(email: string, password = 'correct-horse-9') {
  return createUser(t.connection.db, { email, displayName: email.split('@')[0]!, roles: ['admin'], password }, t.clock());
}

describe('login', () => {
  it('logs in with the right password, sets an HttpOnly SameSite=Lax session cookie, and logs out', async () => {
    await addUser('chief@example.go.kr');
    const session = await loginAs(t.app, 'chief@example.go.kr', 'correct-horse-9');
    expect(session.status).toBe(302);
    expect(session.setCookie).toMatch(/briefroom_session=[^;]+;.*HttpOnly/i);
    expect(session.setCookie).toMatch(/SameSite=Lax/i);
    const page = await t.app.inject({ method: 'GET', url: '/briefing', cookies: session.cookies });
    expect(page.body).toContain('로그아웃');

    const form = await t.app.inject({ method: 'GET', url: '/account/password', cookies: session.cookies });
    const logout = await t.app.inject({
      method: 'POST',
      url: '/logout',
      cookies: { ...session.cookies, ...csrfFrom(form).cookies },
      payload: { _csrf: csrfFrom(form).token },
    });
    expect(logout.statusCode).toBe(302);
    const after = await t.app.inject({ method: 'GET', url: '/account/password', cookies: session.cookies });
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toContain('/login');
  });

  it('refuses a wrong password with a Korean message and records it in the audit log', async () => {
    await addUser('chief@example.go.kr');
    const res = await loginAs(t.app, 'chief@example.go.kr', 'wrong-password-1');
    expect(res.status).toBe(401);
    expect(res.body).toContain('이메일 또는 비밀번호가 올바르지 않습니다.');
    const audit = await t.connection.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('login.failed');
  });

  it('locks an account for a while after five failures, even with the right password', async () => {
    await addUser('chief@example.go.kr');
    for (let i = 0; i < 4; i++) expect((await loginAs(t.app, 'chief@example.go.kr', 'nope-nope-1')).status).toBe(401);
    const fifth = await loginAs(t.app, 'chief@example.go.kr', 'nope-nope-1');
    expect(fifth.status).toBe(429);
    expect(fifth.body).toContain('계정이 잠시 잠겼습니다');
    expect((await loginAs(t.app, 'chief@example.go.kr', 'correct-horse-9')).status).toBe(429);
    t.clock.advance(16 * 60_000);
    expect((await loginAs(t.app, 'chief@example.go.kr', 'correct-horse-9')).status).toBe(302);
  });

  it('throttles login attempts per IP', async () => {
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await loginAs(t.app, `nobody${i}@example.com`, 'whatever-123')).status;
    expect(last).toBe(429);
  });

  it('refuses a form post without a valid CSRF token', async () => {
    await addUser('chief@example.go.kr');
    const noToken = await t.app.inject({ method: 'POST', url: '/login', payload: { email: 'chief@example.go.kr', password: 'correct-horse-9' } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toContain('보안 토큰');
    const page = await t.app.inject({ method: 'GET', url: '/login' });
    const forged = await t.app.inject({
      method: 'POST',
      url: '/login',
      cookies: csrfFrom(page).cookies,
      payload: { email: 'chief@example.go.kr', password: 'correct-horse-9', _csrf: 'forged-token' },
    });
    expect(forged.statusCode).toBe(403);
  });

  it('ends a session after the idle limit and after the absolute limit', async () => {
    await addUser('chief@example.go.kr');
    const session = await loginAs(t.app, 'chief@example.go.kr', 'correct-horse-9');
    t.clock.advance(29 * 60_000);
    expect((await t.app.inject({ method: 'GET', url: '/account/password', cookies: session.cookies })).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await t.app.inject({ method: 'GET', url: '/account/password', cookies: session.cookies })).statusCode).toBe(302);

    const again = await loginAs(t.app, 'chief@example.go.kr', 'correct-horse-9');
    for (let hour = 0; hour < 12; hour++) {
      t.clock.advance(20 * 60_000);
      await t.app.inject({ method: 'GET', url: '/account/password', cookies: again.cookies });
      t.clock.advance(20 * 60_000);
      await t.app.inject({ method: 'GET', url: '/account/password', cookies: again.cookies });
      t.clock.advance(20 * 60_000);
    }
    expect((await t.app.inject({ method: 'GET', url: '/account/password', cookies: again.cookies })).statusCode).toBe(302);
  });

  it('makes a person with a one-time password choose their own first', async () => {
    const { oneTimePassword } = await createUser(
      t.connection.db,
      { email: 'new@example.go.kr', displayName: '신규담당', roles: ['press_officer'], ministries: ['중소벤처기업부'] },
      t.clock(),
    ).catch(async () => {
      // the ministry must exist first
      await t.connection.db.insertInto('ministries').values({ name: '중소벤처기업부', short_name: '중기부', created_at: '' }).execute();
      return createUser(
        t.connection.db,
        { email: 'new@example.go.kr', displayName: '신규담당', roles: ['press_officer'], ministries: ['중소벤처기업부'] },
        t.clock(),
      );
    });
    expect(oneTimePassword).toMatch(/^[A-Za-z2-9]{16}$/);
    const session = await loginAs(t.app, 'new@example.go.kr', oneTimePassword!);
    expect(session.location).toBe('/account/password');
    const form = await t.app.inject({ method: 'GET', url: '/account/password', cookies: session.cookies });
    expect(form.body).toContain('임시 비밀번호');
    const { token, cookies } = csrfFrom(form);
    const weak = await t.app.inject({
      method: 'POST',
      url: '/account/password',
      cookies: { ...session.cookies, ...cookies },
      payload: { _csrf: token, current: oneTimePassword!, password: 'short', confirm: 'short' },
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('10자 이상');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/account/password',
      cookies: { ...session.cookies, ...cookies },
      payload: { _csrf: token, current: oneTimePassword!, password: 'brand-new-pass-7', confirm: 'brand-new-pass-7' },
    });
    expect(ok.statusCode).toBe(302);
    expect((await loginAs(t.app, 'new@example.go.kr', 'brand-new-pass-7')).location).not.toBe('/account/password');
  });
});

describe('signup', () => {
  it('creates a citizen account and logs it in', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/signup' });
    const { token, cookies } = csrfFrom(page);
    const res = await t.app.inject({
      method: 'POST',
      url: '/signup',
      cookies,
      payload: { _csrf: token, email: 'reader@example.com', nickname: '열심독자', password: 'maple-leaf-42', confirm: 'maple-leaf-42', agree: 'yes' },
    });
    expect(res.statusCode).toBe(302);
    const roles = await t.connection.db.selectFrom('user_roles').select('role').execute();
    expect(roles).toEqual([{ role: 'citizen' }]);
  });

  it('re-renders with Korean errors for a taken nickname, bad email and missing consent', async () => {
    await createUser(t.connection.db, { email: 'a@example.com', displayName: '열심독자', roles: ['citizen'], password: 'reader-pass-12' }, t.clock());
    const page = await t.app.inject({ method: 'GET', url: '/signup' });
    const { token, cookies } = csrfFrom(page);
    const res = await t.app.inject({
      method: 'POST',
      url: '/signup',
      cookies,
      payload: { _csrf: token, email: 'not-an-email', nickname: '<b>x</b>', password: 'reader-pass-12', confirm: 'reader-pass-12' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('댓글 운영원칙에 동의해야');
    expect(res.body).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createUser } from '../../src/users/user-service.js';
import { fixedClock } from '../../src/shared/clock.js';
import { freshDatabase, testConfig } from '../helpers.js';
import { loginAs } from '../session-helpers.js';

// The anonymous header and the footer are rendered once (per path) when templates are
// cached, as in production: these pages must still show each reader their own header.
const connection = freshDatabase();
afterAll(() => connection.close());

function currentMenuItem(html: string): string[] {
  return [...html.matchAll(/<a href="[^"]*" class="gnb-main-trigger is-link active" aria-current="page">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

describe('page shell with cached templates', () => {
  it('marks the current menu item per path, and never shows one reader the header of another', async () => {
    const clock = fixedClock('2025-01-01T00:00:00.000Z');
    const app = await buildApp({ config: testConfig({ production: true }), connection, clock });
    try {
      await createUser(connection.db, { email: 'reader@example.kr', displayName: '김독자', roles: ['citizen'], password: 'correct-horse-9' }, clock());

      const list = await app.inject({ method: 'GET', url: '/briefing' });
      expect(currentMenuItem(list.body)).toEqual(['브리핑룸']);
      expect(list.body).toContain('href="/login"');
      expect(list.body).toContain('<footer');

      const rules = await app.inject({ method: 'GET', url: '/briefing/rules' });
      expect(currentMenuItem(rules.body)).toEqual(['댓글 운영원칙']);

      const session = await loginAs(app, 'reader@example.kr', 'correct-horse-9');
      const mine = await app.inject({ method: 'GET', url: '/briefing/rules', cookies: session.cookies });
      expect(mine.body).toContain('김독자 님');
      expect(mine.body).toContain('로그아웃');
      expect(currentMenuItem(mine.body)).toEqual(['댓글 운영원칙']);

      const again = await app.inject({ method: 'GET', url: '/briefing' });
      expect(again.body).not.toContain('김독자');
      expect(again.body).toContain('href="/login"');
      expect(currentMenuItem(again.body)).toEqual(['브리핑룸']);
    } finally {
      await app.close();
    }
  });
});

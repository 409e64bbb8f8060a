// A cache that honours our headers (revalidating every use, as `no-cache` demands)
// never shows a withdrawn or still-embargoed release: each public surface answers
// a stale ETag with the new content, not a 304.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedRelease, type TestApp } from '../helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

const surfaces = (id: number) => [
  '/briefing',
  `/briefing/search?q=${encodeURIComponent('캐시검증')}`,
  '/briefing/feed.rss',
  '/briefing/feed.atom',
  '/sitemap.xml',
  '/api/v1/releases',
  `/api/v1/releases/${id}`,
];

describe('HTTP caching cannot serve the wrong thing', () => {
  it('every public surface asks caches to revalidate and names its version', async () => {
    const id = await seedRelease(t.connection, { title: '캐시검증 자료', releasedAt: '2019-01-01T09:00:00+09:00' });
    for (const url of [...surfaces(id), `/briefing/${id}`]) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('public, no-cache');
      expect(res.headers.etag, url).toMatch(/^"/);
      const again = await t.app.inject({ url, headers: { 'if-none-match': String(res.headers.etag) } });
      expect(again.statusCode, url).toBe(304);
    }
  });

  it('a withdrawal changes every surface at once, so a revalidating cache gets the new answer', async () => {
    const id = await seedRelease(t.connection, { title: '캐시검증 철회 대상', releasedAt: '2019-01-01T09:00:00+09:00' });
    const before = new Map<string, string>();
    for (const url of surfaces(id)) {
      const res = await t.app.inject(url);
      // (search highlights the query word, so the check uses the rest of the title)
      expect(res.body, url).toContain(url.startsWith('/sitemap') ? `/briefing/${id}<` : '철회 대상');
      before.set(url, String(res.headers.etag));
    }
    await t.connection.db
      .updateTable('releases')
      .set({ state: 'withdrawn', withdrawn_at: '2024-12-31T00:00:00.000Z', withdrawal_reason: '오류로 철회' })
      .where('id', '=', id)
      .execute();
    for (const url of surfaces(id)) {
      const res = await t.app.inject({ url, headers: { 'if-none-match': before.get(url)! } });
      expect(res.statusCode, url).not.toBe(304);
      expect(res.body, url).not.toContain(url.startsWith('/sitemap') ? `/briefing/${id}<` : '철회 대상');
    }
  });

  it('an embargo passing changes every surface with no write at all', async () => {
    const id = await seedRelease(t.connection, { title: '캐시검증 예약 자료', state: 'scheduled', releasedAt: '2025-01-01T09:00:00+09:00' });
    t.clock.set('2024-12-31T23:59:00.000Z');
    const before = new Map<string, string>();
    for (const url of surfaces(id)) {
      const res = await t.app.inject(url);
      expect(res.body, url).not.toContain(url.startsWith('/sitemap') ? `/briefing/${id}<` : '예약 자료');
      before.set(url, String(res.headers.etag ?? ''));
    }
    expect((await t.app.inject(`/briefing/${id}`)).statusCode).toBe(404);
    t.clock.set('2025-01-01T00:00:00.000Z');
    for (const url of surfaces(id)) {
      const res = await t.app.inject({ url, headers: { 'if-none-match': before.get(url)! } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(url.startsWith('/sitemap') ? `/briefing/${id}<` : '예약 자료');
    }
  });
});

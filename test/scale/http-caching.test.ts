// A cache that honours our headers (revalidating every use, as `no-cache` demands)
// never shows a withdrawn or still-embargoed release: each public surface answers
// a stale ETag with the new content, not a 304.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedRelease, type TestApp } from '../helpers.js';
import { comment, latestCommentId, opinion, person } from '../comments/board-helpers.js';

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

  it('a comment changes its own article at once and leaves the cached pages of other articles as they were', async () => {
    const commented = await seedRelease(t.connection, { title: '댓글이 달리는 자료', releasedAt: '2024-12-01T09:00:00+09:00' });
    const quiet = await seedRelease(t.connection, { title: '조용한 자료', releasedAt: '2024-11-01T09:00:00+09:00' });
    const etagOf = async (id: number) => String((await t.app.inject(`/briefing/${id}`)).headers.etag);
    const revalidate = (id: number, etag: string) => t.app.inject({ url: `/briefing/${id}`, headers: { 'if-none-match': etag } });
    const quietEtag = await etagOf(quiet);
    const before = await etagOf(commented);

    const reader = await person(t, '댓글독자');
    expect((await comment(t.app, reader, commented, opinion(1))).statusCode).toBe(303);
    // The anonymous page of the article commented on is rendered again, with the comment.
    const stale = await revalidate(commented, before);
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toContain(opinion(1));
    expect(stale.body).toContain('댓글 <span class="br-comments-count">1건</span>');
    // The other article's cached page is still what it was.
    expect((await revalidate(quiet, quietEtag)).statusCode).toBe(304);

    // A moderator's decision on the comment is a change of its article too.
    const afterPost = String(stale.headers.etag);
    await t.connection.db.updateTable('comments').set({ state: 'deleted', deleted_rule: 4 }).where('id', '=', await latestCommentId(t)).execute();
    const decided = await revalidate(commented, afterPost);
    expect(decided.statusCode).toBe(200);
    expect(decided.body).not.toContain(opinion(1));
    expect((await revalidate(quiet, quietEtag)).statusCode).toBe(304);
  });
});

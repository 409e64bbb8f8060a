// What the public pages keep between renders (compiled queries, the rendered side
// column) must never show a state of a release that is no longer true.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedRelease, type TestApp } from '../helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

const aside = (html: string) => html.slice(html.indexOf('<aside'), html.indexOf('</aside>'));
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

describe('the rendered side column', () => {
  it('shows a corrected title and drops a withdrawn release on the next request', async () => {
    const other = await seedRelease(t.connection, { title: '옆 칸 원래 제목', releasedAt: '2024-12-01T09:00:00+09:00', featured: true });
    const reader = await seedRelease(t.connection, { title: '읽고 있는 자료', releasedAt: '2024-11-01T09:00:00+09:00' });
    const before = await t.app.inject(`/briefing/${reader}`);
    expect(aside(before.body)).toContain('옆 칸 원래 제목');

    await t.connection.db.updateTable('releases').set({ title: '옆 칸 정정 제목' }).where('id', '=', other).execute();
    for (const url of [`/briefing/${reader}`, '/briefing']) {
      const page = (await t.app.inject(url)).body;
      expect(aside(page), url).toContain('옆 칸 정정 제목');
      expect(page, url).not.toContain('옆 칸 원래 제목');
    }

    await t.connection.db
      .updateTable('releases')
      .set({ state: 'withdrawn', withdrawn_at: '2024-12-31T00:00:00.000Z', withdrawal_reason: '오류' })
      .where('id', '=', other)
      .execute();
    for (const url of [`/briefing/${reader}`, '/briefing']) {
      expect((await t.app.inject(url)).body, url).not.toContain('옆 칸 정정 제목');
    }
  });

  it('shows a release whose embargo has just passed, with no write in between', async () => {
    const reader = await seedRelease(t.connection, { title: '읽고 있는 자료', releasedAt: '2024-11-01T09:00:00+09:00' });
    await seedRelease(t.connection, { title: '자정에 풀리는 추천 자료', state: 'scheduled', featured: true, releasedAt: '2025-01-01T09:00:00+09:00' });
    t.clock.set('2024-12-31T23:59:00.000Z');
    expect(aside((await t.app.inject(`/briefing/${reader}`)).body)).not.toContain('자정에 풀리는 추천 자료');
    t.clock.set('2025-01-01T00:00:00.000Z');
    expect(aside((await t.app.inject(`/briefing/${reader}`)).body)).toContain('자정에 풀리는 추천 자료');
  });

  it('escapes titles in the side column as text', async () => {
    await seedRelease(t.connection, { title: '<img src=x onerror=alert(1)>', releasedAt: '2024-12-01T09:00:00+09:00' });
    const page = (await t.app.inject('/briefing')).body;
    expect(aside(page)).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
  });
});

describe('prev/next from the compiled neighbour query', () => {
  it('follows each filter the reader came from, and a retitled neighbour at once', async () => {
    const a = await seedRelease(t.connection, { title: '교육 첫째', ministry: '교육부', releasedAt: '2024-01-01T09:00:00+09:00' });
    await seedRelease(t.connection, { title: '환경 사이', ministry: '환경부', releasedAt: '2024-01-02T09:00:00+09:00' });
    const c = await seedRelease(t.connection, { title: '교육 셋째', ministry: '교육부', releasedAt: '2024-01-03T09:00:00+09:00' });
    const nav = (html: string) => html.slice(html.indexOf('br-prevnext'), html.indexOf('br-prevnext-actions'));
    expect(nav((await t.app.inject(`/briefing/${c}`)).body)).toContain('환경 사이');
    const filtered = nav((await t.app.inject(`/briefing/${c}?ministry=${encodeURIComponent('교육부')}`)).body);
    expect(filtered).toContain('교육 첫째');
    expect(filtered).not.toContain('환경 사이');
    expect(nav((await t.app.inject(`/briefing/${a}?ministry=${encodeURIComponent('교육부')}`)).body)).toContain('교육 셋째');
    expect(nav((await t.app.inject(`/briefing/${a}?to=2024-01-01`)).body)).toContain('다음기사가 없습니다');

    await t.connection.db.updateTable('releases').set({ title: '교육 첫째 정정' }).where('id', '=', a).execute();
    const after = (await t.app.inject(`/briefing/${c}?ministry=${encodeURIComponent('교육부')}`)).body;
    expect(nav(after)).toContain('교육 첫째 정정');
    expect(main(after)).not.toContain('교육 첫째<');
  });
});

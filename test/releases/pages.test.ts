import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedRelease, type TestApp } from '../helpers.js';
import { totalViews } from '../../src/releases/release-repository.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

/** Titles in the order the main list shows them (the side widgets excluded). */
function titlesIn(page: string, titles: string[]): string[] {
  const html = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
  return titles.filter((title) => html.includes(title)).sort((a, b) => html.indexOf(a) - html.indexOf(b));
}

describe('/briefing list', () => {
  it('lists public releases newest first with type, subtitle, ministry and date', async () => {
    await seedRelease(t.connection, { title: '지역 정책 협의회 개최', releasedAt: '2018-07-18T14:00:00+09:00', subtitles: ['첫 협의 채널 마련'] });
    await seedRelease(t.connection, { title: '마이데이터 도입방안 발표', ministry: '금융위원회', releasedAt: '2018-07-18T15:30:00+09:00' });
    await seedRelease(t.connection, { title: '오래된 해명', type: '해명자료', ministry: '교육부', releasedAt: '2017-03-02T09:00:00+09:00' });
    const res = await get('/briefing');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<html lang="ko"');
    expect(titlesIn(res.body, ['오래된 해명', '지역 정책 협의회 개최', '마이데이터 도입방안 발표'])).toEqual([
      '마이데이터 도입방안 발표',
      '지역 정책 협의회 개최',
      '오래된 해명',
    ]);
    expect(res.body).toContain('첫 협의 채널 마련');
    expect(res.body).toContain('2018.07.18');
    expect(res.body).toContain('금융위원회');
    expect(res.body).toContain('해명자료');
    expect(res.body).toContain('본문 바로가기');
    expect(res.body).toContain('이 누리집은 대한민국 공식 전자정부 누리집입니다.');
  });

  it('filters by ministry (name or short name), type and KST date range, combined', async () => {
    await seedRelease(t.connection, { title: '중기부 보도 7월', releasedAt: '2018-07-18T14:00:00+09:00' });
    await seedRelease(t.connection, { title: '중기부 해명 7월', type: '해명자료', releasedAt: '2018-07-19T10:00:00+09:00' });
    await seedRelease(t.connection, { title: '중기부 보도 8월', releasedAt: '2018-08-01T00:30:00+09:00' });
    await seedRelease(t.connection, { title: '금융위 보도 7월', ministry: '금융위원회', releasedAt: '2018-07-20T10:00:00+09:00' });
    const all = ['중기부 보도 7월', '중기부 해명 7월', '중기부 보도 8월', '금융위 보도 7월'];

    const byMinistry = await get(`/briefing?ministry=${encodeURIComponent('중기부')}`);
    expect(titlesIn(byMinistry.body, all)).toEqual(['중기부 보도 8월', '중기부 해명 7월', '중기부 보도 7월']);

    const byType = await get(`/briefing?type=${encodeURIComponent('해명자료')}`);
    expect(titlesIn(byType.body, all)).toEqual(['중기부 해명 7월']);

    // 2018-08-01 00:30 KST is still July 31 in UTC: the range is in Korean days.
    const july = await get('/briefing?from=2018-07-01&to=2018-07-31');
    expect(titlesIn(july.body, all)).toEqual(['금융위 보도 7월', '중기부 해명 7월', '중기부 보도 7월']);
    const august = await get('/briefing?from=2018-08-01');
    expect(titlesIn(august.body, all)).toEqual(['중기부 보도 8월']);

    const combined = await get(`/briefing?ministry=${encodeURIComponent('중소벤처기업부')}&type=${encodeURIComponent('보도자료')}&from=2018-07-01&to=2018-07-31`);
    expect(titlesIn(combined.body, all)).toEqual(['중기부 보도 7월']);
    // the filters stay in the form and in the links
    expect(combined.body).toMatch(/<option[^>]*value="중소벤처기업부"[^>]*selected/);
    expect(combined.body).toContain('value="2018-07-01"');
  });

  it('says so when nothing matches', async () => {
    await seedRelease(t.connection, { title: '하나', releasedAt: '2018-07-18T14:00:00+09:00' });
    const res = await get('/briefing?from=2024-01-01');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('조건에 맞는 보도자료가 없습니다');
  });

  it('pages by 20 with numbered links, and the next link follows a cursor to the same rows', async () => {
    for (let i = 1; i <= 45; i++) {
      await seedRelease(t.connection, { title: `연번 보도자료 ${String(i).padStart(2, '0')}호`, releasedAt: new Date(Date.UTC(2020, 0, i)).toISOString() });
    }
    const first = await get('/briefing');
    expect(first.body).toContain('연번 보도자료 45호');
    expect(first.body).toContain('연번 보도자료 26호');
    expect(first.body).not.toContain('연번 보도자료 25호');
    expect(first.body).toContain('href="/briefing?page=2"');
    expect(first.body).toContain('href="/briefing?page=3"');
    expect(first.body).not.toContain('href="/briefing?page=4"');

    const nextHref = /href="(\/briefing\?page=2&amp;cursor=[^"]+)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(nextHref).toBeDefined();
    const viaCursor = await get(nextHref!);
    const viaPage = await get('/briefing?page=2');
    const rowsOf = (html: string) => html.match(/연번 보도자료 \d+호/g);
    expect(rowsOf(viaCursor.body)).toEqual(rowsOf(viaPage.body));
    expect(viaPage.body).toContain('연번 보도자료 25호');
    expect(viaPage.body).toContain('연번 보도자료 06호');

    const last = await get('/briefing?page=3');
    expect(last.body).toContain('연번 보도자료 01호');
    expect(last.body).toContain('연번 보도자료 05호');
    expect(last.body).not.toContain('연번 보도자료 06호');
  });

  it('answers a page past the end of the list with 404 and how many pages there are, not an empty page', async () => {
    for (let i = 1; i <= 25; i++) {
      await seedRelease(t.connection, { title: `끝쪽 점검 ${String(i).padStart(2, '0')}호`, ministry: '교육부', releasedAt: new Date(Date.UTC(2020, 0, i)).toISOString() });
    }
    const last = await get('/briefing?page=2');
    expect(last.statusCode).toBe(200);
    expect(last.body).toContain('끝쪽 점검 01호');

    const beyond = await get('/briefing?page=3');
    expect(beyond.statusCode).toBe(404);
    expect(beyond.body).toContain('이 목록은 2쪽까지 있습니다. 3쪽에는 보도자료가 없습니다.');
    expect(beyond.headers['cache-control']).toBe('no-store');
    const far = await get('/briefing?page=999999');
    expect(far.statusCode).toBe(404);
    expect(far.body).toContain('999,999쪽에는');

    // A filter that matches nothing still has its first page, which says so.
    const none = `/briefing?ministry=${encodeURIComponent('교육부')}&from=2024-01-01`;
    expect((await get(none)).statusCode).toBe(200);
    expect((await get(`${none}&page=2`)).statusCode).toBe(404);
  });

  it.each([
    ['/briefing?page=abc', '쪽 번호'],
    ['/briefing?page=-1', '쪽 번호'],
    ['/briefing?from=2018-13-45', '시작일'],
    ['/briefing?to=2018-02-30', '종료일'],
    [`/briefing?ministry=${encodeURIComponent('없는부')}`, '등록되지 않은 부처'],
    [`/briefing?type=${encodeURIComponent('공지사항')}`, '유형은'],
    ['/briefing?type=%00', '제어 문자'],
    ['/briefing?ministry=%1B%5B31m', '제어 문자'],
    ['/briefing?page=1&page=2', '한 번만'],
    ['/briefing?cursor=%27%20OR%201%3D1--', 'cursor'],
    ['/briefing/123?from=bad', '시작일'],
  ])('answers %s with a 400 page that says what was wrong', async (url, expected) => {
    await seedRelease(t.connection, { title: '하나', releasedAt: '2018-07-18T14:00:00+09:00' });
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain(expected);
  });
});

describe('/briefing/:id article', () => {
  async function seedSequence() {
    const a = await seedRelease(t.connection, { title: '가장 오래된 자료', ministry: '교육부', releasedAt: '2018-07-17T09:00:00+09:00' });
    const b = await seedRelease(t.connection, {
      title: '지자체가 주도하는 정책 시동',
      releasedAt: '2018-07-18T14:00:00+09:00',
      subtitles: ['첫 협의회 개최', '정례화 추진'],
      summary: ['협의 채널 신설', '매년 정례 개최'],
      body: '## 추진 배경\n\n시·도 부단체장이 참석했다.',
      department: '지역기업정책과',
      contactPerson: '김담당',
      contactPhone: '042-481-0000',
      licence: 1,
    });
    const c = await seedRelease(t.connection, { title: '「마이데이터 도입방안」 발표', ministry: '금융위원회', releasedAt: '2018-07-18T15:30:00+09:00' });
    const d = await seedRelease(t.connection, { title: '교육부 새 소식', ministry: '교육부', releasedAt: '2018-07-19T09:00:00+09:00' });
    return { a, b, c, d };
  }

  it('shows every part of the release and the attribution naming its ministry', async () => {
    const { b } = await seedSequence();
    const res = await get(`/briefing/${b}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toMatch(/<h1[^>]*>\s*지자체가 주도하는 정책 시동\s*<\/h1>/);
    expect(html).toContain('- 첫 협의회 개최 -');
    expect(html).toContain('- 정례화 추진 -');
    expect(html).toContain('협의 채널 신설');
    expect(html).toContain('2018.07.18 14:00');
    expect(html).toContain('<h2>추진 배경</h2>');
    expect(html).toContain('시·도 부단체장이 참석했다.');
    expect(html).toContain('지역기업정책과');
    expect(html).toContain('김담당');
    expect(html).toContain('042-481-0000');
    expect(html).toContain('이 자료는 중소벤처기업부의 보도자료를 전재하여 제공함을 알려드립니다.');
    expect(html).toContain('공공누리 제1유형');
    expect(html).toContain('href="/briefing"');
  });

  it('links 이전기사 to the next older and 다음기사 to the next newer release', async () => {
    const { a, b, c, d } = await seedSequence();
    const middle = await get(`/briefing/${c}`);
    expect(middle.body).toMatch(new RegExp(`이전기사[\\s\\S]*?href="/briefing/${b}"[\\s\\S]*?지자체가 주도하는 정책 시동`));
    expect(middle.body).toMatch(new RegExp(`다음기사[\\s\\S]*?href="/briefing/${d}"[\\s\\S]*?교육부 새 소식`));

    const oldest = await get(`/briefing/${a}`);
    expect(oldest.body).toContain('이전기사가 없습니다');
    expect(oldest.body).toContain(`href="/briefing/${b}"`);
    const newest = await get(`/briefing/${d}`);
    expect(newest.body).toContain('다음기사가 없습니다');
    expect(newest.body).toContain(`href="/briefing/${c}"`);
  });

  it('orders releases with the same 보도시점 by id', async () => {
    const x = await seedRelease(t.connection, { title: '동시 발표 첫째', releasedAt: '2019-01-01T10:00:00+09:00' });
    const y = await seedRelease(t.connection, { title: '동시 발표 둘째', releasedAt: '2019-01-01T10:00:00+09:00' });
    const res = await get(`/briefing/${x}`);
    expect(res.body).toMatch(new RegExp(`다음기사[\\s\\S]*?href="/briefing/${y}"`));
    const back = await get(`/briefing/${y}`);
    expect(back.body).toMatch(new RegExp(`이전기사[\\s\\S]*?href="/briefing/${x}"`));
  });

  it('keeps prev/next inside the filter the reader came from, and 목록 returns to it', async () => {
    const { a, d } = await seedSequence();
    const edu = encodeURIComponent('교육부');
    const res = await get(`/briefing/${d}?ministry=${edu}&page=2`);
    expect(res.body).toMatch(new RegExp(`이전기사[\\s\\S]*?href="/briefing/${a}\\?ministry=${edu}"`));
    expect(res.body).toContain('다음기사가 없습니다');
    expect(res.body).toContain(`href="/briefing?ministry=${edu}&amp;page=2"`);
    // the list links carry the filter into the article
    const list = await get(`/briefing?ministry=${edu}`);
    expect(list.body).toContain(`href="/briefing/${d}?ministry=${edu}"`);
  });

  it('words the attribution for each type and names the release\'s own ministry', async () => {
    const cases = [
      ['해명자료', '금융위원회', '이 자료는 금융위원회의 해명자료를 전재하여 제공함을 알려드립니다.'],
      ['브리핑', '국토교통부', '이 자료는 국토교통부의 브리핑 내용을 전재하여 제공함을 알려드립니다.'],
      ['연설', '외교부', '이 자료는 외교부의 연설문을 전재하여 제공함을 알려드립니다.'],
      ['설명자료', '환경부', '이 자료는 환경부의 설명자료를 전재하여 제공함을 알려드립니다.'],
    ] as const;
    for (const [type, ministry, notice] of cases) {
      const id = await seedRelease(t.connection, { title: `${ministry} ${type}`, type, ministry, releasedAt: '2020-05-05T10:00:00+09:00' });
      const res = await get(`/briefing/${id}`);
      expect(res.body).toContain(notice);
    }
  });

  it.each(['/briefing/999999', '/briefing/abc', '/briefing/0', '/briefing/1e3', '/briefing/99999999999999999999', '/nowhere'])(
    'answers %s with a Korean 404 page',
    async (url) => {
      const res = await get(url);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('페이지를 찾을 수 없습니다');
    },
  );
});

describe('a release that is not public appears nowhere', () => {
  it.each(['draft', 'in_review', 'returned', 'withdrawn', 'failed', 'embargoed'] as const)('%s', async (kind) => {
    const before = await seedRelease(t.connection, { title: '앞선 공개 자료', releasedAt: '2018-01-01T09:00:00+09:00' });
    const hidden = await seedRelease(t.connection, {
      title: '숨은 자료 제목',
      featured: true,
      state: kind === 'embargoed' ? 'scheduled' : kind,
      releasedAt: kind === 'embargoed' ? '2025-01-02T09:00:00+09:00' : '2018-06-01T09:00:00+09:00',
    });
    const after = await seedRelease(t.connection, { title: '뒤의 공개 자료', releasedAt: '2018-12-01T09:00:00+09:00', featured: true });
    await t.connection.db.insertInto('release_daily_views').values({ release_id: hidden, day: '2024-12-31', views: 999 }).execute();

    const list = await get('/briefing');
    expect(list.body).not.toContain('숨은 자료 제목');
    expect(list.body).toContain('뒤의 공개 자료');
    expect((await get(`/briefing/${hidden}`)).statusCode).toBe(404);
    const neighbour = await get(`/briefing/${before}`);
    expect(neighbour.body).toMatch(new RegExp(`다음기사[\\s\\S]*?href="/briefing/${after}"`));
    expect(neighbour.body).not.toContain('숨은 자료 제목');
    expect((await get(`/briefing/${after}`)).body).not.toContain('숨은 자료 제목');
  });

  it('an embargoed release appears at its 보도시점 without anyone acting', async () => {
    const id = await seedRelease(t.connection, { title: '예약된 자료', state: 'scheduled', releasedAt: '2025-01-01T09:00:00+09:00' });
    t.clock.set('2024-12-31T23:59:59.000Z');
    expect((await get(`/briefing/${id}`)).statusCode).toBe(404);
    t.clock.set('2025-01-01T00:00:00.000Z');
    expect((await get(`/briefing/${id}`)).statusCode).toBe(200);
    expect((await get('/briefing')).body).toContain('예약된 자료');
  });
});

describe('side widgets and view counting', () => {
  const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36' };

  it('counts reader views in batches, skips bots and repeats, and ranks 많이 본 뉴스 from them', async () => {
    const quiet = await seedRelease(t.connection, { title: '조용한 자료', releasedAt: '2024-12-20T09:00:00+09:00' });
    const popular = await seedRelease(t.connection, { title: '인기 많은 자료', releasedAt: '2024-12-21T09:00:00+09:00' });
    for (let i = 0; i < 3; i++) {
      await t.app.inject({ method: 'GET', url: `/briefing/${popular}`, headers: browser, remoteAddress: `10.0.0.${i + 1}` });
    }
    await t.app.inject({ method: 'GET', url: `/briefing/${popular}`, headers: browser, remoteAddress: '10.0.0.1' });
    await t.app.inject({ method: 'GET', url: `/briefing/${quiet}`, headers: browser, remoteAddress: '10.0.0.9' });
    await t.app.inject({ method: 'GET', url: `/briefing/${quiet}`, headers: { 'user-agent': 'Googlebot/2.1' } });

    const stored = (id: number) => totalViews(t.connection.db, id);
    // nothing is written while reading
    expect(await stored(popular)).toBe(0);
    await t.app.services.views.flush();
    expect(await stored(popular)).toBe(3);
    expect(await stored(quiet)).toBe(1);

    t.app.services.widgets.invalidate();
    const list = await get('/briefing');
    const mostViewed = list.body.slice(list.body.indexOf('많이 본'));
    expect(mostViewed.indexOf('인기 많은 자료')).toBeGreaterThanOrEqual(0);
    expect(mostViewed.indexOf('인기 많은 자료')).toBeLessThan(mostViewed.indexOf('조용한 자료'));
  });

  it('shows featured releases under 추천', async () => {
    await seedRelease(t.connection, { title: '추천할 만한 자료', featured: true, releasedAt: '2019-01-01T09:00:00+09:00' });
    const list = await get('/briefing');
    expect(list.body.slice(list.body.indexOf('추천'))).toContain('추천할 만한 자료');
  });
});

describe('safety headers', () => {
  it('sends a CSP that allows no inline script and no third-party origin', async () => {
    const res = await get('/briefing');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:\/\//);
  });

  it('escapes titles as text', async () => {
    const id = await seedRelease(t.connection, { title: '<script>window.__xss=1</script>', releasedAt: '2019-01-01T09:00:00+09:00' });
    const res = await get(`/briefing/${id}`);
    expect(res.body).not.toContain('<script>window.__xss');
    expect(res.body).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
  });
});

describe('cached pages never serve the wrong thing', () => {
  it('answers 304 to a matching ETag and marks pages public, no-cache', async () => {
    const id = await seedRelease(t.connection, { title: '캐시 시험 자료', releasedAt: '2019-01-01T09:00:00+09:00' });
    const first = await get(`/briefing/${id}`);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    expect(first.headers['set-cookie']).toBeUndefined();
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await get(`/briefing/${id}`, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('stops serving a release the moment it leaves public view, even from the cache', async () => {
    const id = await seedRelease(t.connection, { title: '곧 철회될 자료', releasedAt: '2019-01-01T09:00:00+09:00' });
    expect((await get('/briefing')).body).toContain('곧 철회될 자료');
    expect((await get(`/briefing/${id}`)).statusCode).toBe(200);
    await t.connection.db.updateTable('releases').set({ state: 'draft' }).where('id', '=', id).execute();
    expect((await get('/briefing')).body).not.toContain('곧 철회될 자료');
    expect((await get(`/briefing/${id}`)).statusCode).toBe(404);
  });

  it('shows a corrected title at once', async () => {
    const id = await seedRelease(t.connection, { title: '정정 전 제목', releasedAt: '2019-01-01T09:00:00+09:00' });
    const before = await get(`/briefing/${id}`);
    await t.connection.db.updateTable('releases').set({ title: '정정 후 제목' }).where('id', '=', id).execute();
    const after = await get(`/briefing/${id}`, { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('정정 후 제목');
  });

  it('renders the list again when an embargo passes, with no write in between', async () => {
    await seedRelease(t.connection, { title: '이미 공개된 자료', releasedAt: '2019-01-01T09:00:00+09:00' });
    await seedRelease(t.connection, { title: '자정에 풀리는 자료', state: 'scheduled', releasedAt: '2025-01-01T09:00:00+09:00' });
    t.clock.set('2024-12-31T23:59:00.000Z');
    expect((await get('/briefing')).body).not.toContain('자정에 풀리는 자료');
    t.clock.set('2025-01-01T00:00:00.000Z');
    expect((await get('/briefing')).body).toContain('자정에 풀리는 자료');
  });
});

describe('discovery metadata on the pages', () => {
  it('gives the article a canonical link, Open Graph tags, JSON-LD NewsArticle and feed links', async () => {
    const id = await seedRelease(t.connection, { title: '메타데이터 시험 자료', ministry: '교육부', releasedAt: '2019-01-01T09:00:00+09:00', summary: ['요약 첫 줄'] });
    const html = (await get(`/briefing/${id}`)).body;
    expect(html).toMatch(new RegExp(`<link rel="canonical" href="http://127\\.0\\.0\\.1:3000/briefing/${id}">`));
    expect(html).toContain('<meta property="og:title" content="메타데이터 시험 자료">');
    const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const data = JSON.parse(jsonLd!) as { '@type': string; datePublished: string; publisher: { '@type': string; name: string } };
    expect(data['@type']).toBe('NewsArticle');
    expect(data.datePublished).toBe('2019-01-01T09:00:00+09:00');
    expect(data.publisher).toMatchObject({ '@type': 'GovernmentOrganization', name: '교육부' });
    expect(html).toContain('<link rel="alternate" type="application/rss+xml"');
  });

  it('links the list to the feeds of its filter', async () => {
    await seedRelease(t.connection, { title: '하나', ministry: '교육부', releasedAt: '2019-01-01T09:00:00+09:00' });
    const html = (await get(`/briefing?ministry=${encodeURIComponent('교육부')}`)).body;
    expect(html).toContain(`href="/briefing/feed.rss?ministry=${encodeURIComponent('교육부')}"`);
    expect(html).toContain('href="/briefing/feed.atom"');
  });
});

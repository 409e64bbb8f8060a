import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { facetExpression, indexedIds, matchExpression, searchCharSet, searchGrams } from '../../src/db/sqlite-search.js';
import { parseSearchQuery, queryWords } from '../../src/search/search-query.js';
import { highlightHtml, snippetHtml } from '../../src/search/search-snippet.js';
import { rankPool } from '../../src/search/search-rank.js';
import { COUNT_CAP } from '../../src/search/search-service.js';
import { createTestApp, seedRelease, type TestApp } from '../helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });
const search = (q: string, extra = '') => get(`/briefing/search?q=${encodeURIComponent(q)}${extra}`);
function titlesIn(html: string, titles: string[]): string[] {
  const text = html.replace(/<\/?mark>/g, '');
  return titles.filter((title) => text.includes(title)).sort((a, b) => text.indexOf(a) - text.indexOf(b));
}

describe('pure parts', () => {
  it('turns text into letter/digit bigrams, dropping spaces and punctuation', () => {
    expect(searchGrams('스마트 공장!')).toBe('스마 마트 트공 공장 장');
    expect(searchGrams('AI·데이터')).toBe('ai i데 데이 이터 터');
    expect(searchGrams('')).toBe('');
    expect(searchGrams(null)).toBe('');
  });

  it('lists each release\'s distinct characters once, in code point order, for one-character queries', () => {
    expect(searchCharSet('스마트 공장!', 'AI·공장', null, '')).toBe('a i 공 마 스 장 트');
    expect(searchCharSet()).toBe('');
  });

  it('builds MATCH expressions only from letters and digits', () => {
    expect(matchExpression(['공'])).toBe('"공"');
    expect(matchExpression(['공장'])).toBe('"공장"');
    expect(matchExpression(['스마트공장', '예산'])).toBe('"스마 마트 트공 공장" AND "예산"');
    for (const hostile of ['"', '*', 'NEAR(', ')', "'", 'AND', '^', ':', '-']) {
      const words = queryWords(hostile);
      for (const word of words) expect(word).toMatch(/^[\p{L}\p{N}]+$/u);
    }
  });

  it('ranks title above subtitles above summary above a body-only match', () => {
    const docs = [
      { id: 4, columns: ['지역 소식', '', '', '행정안전부'] },
      { id: 3, columns: ['지역 소식', '', '예산 집행 점검', '행정안전부'] },
      { id: 2, columns: ['지역 소식', '예산 조기 집행', '', '행정안전부'] },
      { id: 1, columns: ['내년 예 산안 확정', '', '', '기획재정부'] },
    ];
    const ranked = rankPool(docs, ['예산']).sort((a, b) => a.score - b.score);
    expect(ranked.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    // a word in the headlines of fewer candidates weighs more
    const two = rankPool(
      [
        { id: 1, columns: ['공장 공장', '', '', ''] },
        { id: 2, columns: ['특구', '', '', ''] },
        { id: 3, columns: ['공장', '', '', ''] },
      ],
      ['공장', '특구'],
    ).sort((a, b) => a.score - b.score);
    expect(two[0]!.id).toBe(2);
  });

  it('turns ministry and type into facet tokens', () => {
    expect(facetExpression({})).toBe('');
    expect(facetExpression({ ministryId: 7, type: '해명자료' })).toBe('"_m7" AND "_t해명자료"');
    // a period is a range of the index's keys, not a token
    expect(facetExpression({ from: '2024-01-01T00:00:00.000Z' })).toBe('');
  });

  it('escapes snippet text and marks matches, spaced or not', () => {
    expect(highlightHtml('<b>스마트 공장</b> 확산', ['스마트공장'])).toBe('&lt;b&gt;<mark>스마트 공장</mark>&lt;/b&gt; 확산');
    expect(snippetHtml('앞부분 '.repeat(50) + '예산 특구 지정', ['특구'])).toContain('<mark>특구</mark>');
    expect(snippetHtml('</script><script>alert(1)</script> 공장', ['공장'])).not.toMatch(/<script/);
  });

  it('refuses queries over 200 characters with a clear Korean sentence', () => {
    expect(() => parseSearchQuery({ q: '가'.repeat(201) }, () => undefined)).toThrow(/검색 조건/);
    try {
      parseSearchQuery({ q: '가'.repeat(201) }, () => undefined);
    } catch (error) {
      expect((error as { details: string[] }).details.join()).toContain('200자 이내');
    }
  });
});

describe('/briefing/search', () => {
  async function seedCorpus() {
    const ids = {
      factory: await seedRelease(t.connection, {
        title: '스마트공장 보급 확산 전략 발표',
        releasedAt: '2024-03-01T10:00:00+09:00',
        summary: ['중소 제조기업 2만 곳에 스마트 공장 도입'],
        body: '정부는 스마트 공장 보급을 늘린다.',
      }),
      zone: await seedRelease(t.connection, {
        title: '규제자유특구 추가 지정',
        ministry: '중소벤처기업부',
        releasedAt: '2024-02-01T10:00:00+09:00',
        body: '새 특구 7곳을 지정했다.',
      }),
      budget: await seedRelease(t.connection, {
        title: '내년 예산안 국회 제출',
        ministry: '기획재정부',
        type: '브리핑',
        releasedAt: '2024-01-15T10:00:00+09:00',
        body: '총지출 규모는 656조 원이다. 물 관리 예산도 늘었다.',
      }),
      bodyOnly: await seedRelease(t.connection, {
        title: '지역 산업 동향',
        releasedAt: '2024-04-01T10:00:00+09:00',
        body: '공장 가동률과 예산 집행 실적을 점검했다. 스마트공장 사례도 소개했다.',
      }),
    };
    return ids;
  }

  it.each([
    ['물', ['내년 예산안 국회 제출']],
    ['특구', ['규제자유특구 추가 지정']],
    ['예산안', ['내년 예산안 국회 제출']],
    ['스마트공장', ['스마트공장 보급 확산 전략 발표', '지역 산업 동향']],
    ['스마트 공장', ['스마트공장 보급 확산 전략 발표', '지역 산업 동향']],
    ['규제자유특구', ['규제자유특구 추가 지정']],
    ['기획재정부', ['내년 예산안 국회 제출']],
    ['656', ['내년 예산안 국회 제출']],
  ])('finds %s', async (q, expected) => {
    await seedCorpus();
    const res = await search(q);
    expect(res.statusCode).toBe(200);
    const all = ['스마트공장 보급 확산 전략 발표', '규제자유특구 추가 지정', '내년 예산안 국회 제출', '지역 산업 동향'];
    expect(titlesIn(res.body, all).sort()).toEqual([...expected].sort());
    expect(res.body).toContain(`총 <strong>${expected.length}</strong>건`);
  });

  it('ranks a title match above a body match, and 최신순 orders by 보도시점', async () => {
    await seedCorpus();
    const all = ['스마트공장 보급 확산 전략 발표', '지역 산업 동향'];
    const relevance = await search('스마트공장');
    expect(titlesIn(relevance.body, all)).toEqual(['스마트공장 보급 확산 전략 발표', '지역 산업 동향']);
    // with a filter, the facet tokens narrow the candidates and bm25 still ranks the title first
    const filtered = await search('스마트공장', `&ministry=${encodeURIComponent('중소벤처기업부')}`);
    expect(titlesIn(filtered.body, all)).toEqual(['스마트공장 보급 확산 전략 발표', '지역 산업 동향']);
    const latest = await search('스마트공장', '&sort=latest');
    expect(titlesIn(latest.body, all)).toEqual(['지역 산업 동향', '스마트공장 보급 확산 전략 발표']);
  });

  it('highlights matches in escaped snippets', async () => {
    await seedRelease(t.connection, { title: '<script>alert(1)</script> 공장 소식', releasedAt: '2024-01-01T00:00:00Z', body: '<img src=x onerror=alert(1)> 공장 가동' });
    const res = await search('공장');
    expect(res.body).toContain('<mark>공장</mark>');
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).toContain('&lt;script&gt;');
  });

  it('combines with the list filters', async () => {
    await seedCorpus();
    const all = ['스마트공장 보급 확산 전략 발표', '규제자유특구 추가 지정', '내년 예산안 국회 제출', '지역 산업 동향'];
    const byMinistry = await search('예산', `&ministry=${encodeURIComponent('기획재정부')}`);
    expect(titlesIn(byMinistry.body, all)).toEqual(['내년 예산안 국회 제출']);
    const byType = await search('예산', `&type=${encodeURIComponent('보도자료')}`);
    expect(titlesIn(byType.body, all)).toEqual(['지역 산업 동향']);
    const byDate = await search('공장', '&from=2024-03-15&to=2024-04-30');
    expect(titlesIn(byDate.body, all)).toEqual(['지역 산업 동향']);
  });

  it('pages with a cursor, without repeating or skipping', async () => {
    for (let i = 1; i <= 45; i++) {
      await seedRelease(t.connection, { title: `반도체 지원 ${String(i).padStart(2, '0')}호`, releasedAt: new Date(Date.UTC(2020, 0, i)).toISOString() });
    }
    for (const sort of ['', '&sort=latest']) {
      const seen: string[] = [];
      let url: string | null = `/briefing/search?q=${encodeURIComponent('반도체')}${sort}`;
      while (url) {
        const res = await get(url);
        expect(res.statusCode).toBe(200);
        for (const m of res.body.matchAll(/<h3 class="br-release-title"><a [^>]*>([^]*?)<\/a>/g)) seen.push(m[1]!.replace(/<\/?mark>/g, ''));
        const next = /class="page-navi next" href="([^"]+)"/.exec(res.body)?.[1];
        url = next ? next.replace(/&amp;/g, '&') : null;
      }
      expect(seen).toHaveLength(45);
      expect(new Set(seen).size).toBe(45);
    }
  });

  it.each([
    '"',
    '"unbalanced',
    '*',
    'NEAR(a b)',
    'a AND b OR NOT c',
    '((()))',
    '\u0000\u0001\u001b[31m',
    "'; DROP TABLE releases; --",
    '공장*',
    '^title:공장',
    '-',
    '가'.repeat(200),
  ])('answers hostile query %j without a 500', async (q) => {
    await seedCorpus();
    const res = await search(q);
    expect(res.statusCode).toBe(200);
  });

  it('answers a 500-character query with a 400 page saying why', async () => {
    const res = await search('가'.repeat(500));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('검색어는 200자 이내로 입력해 주세요');
    expect(res.body).toContain('<label for="search-q">검색어</label>');
  });

  it('shows a labelled form and no results section before a query', async () => {
    const res = await get('/briefing/search');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<label for="search-q">검색어</label>');
    expect(res.body).not.toContain('검색 결과 총');
  });

  it('says so when nothing matches', async () => {
    await seedCorpus();
    const res = await search('없는낱말');
    expect(res.body).toContain('에 맞는 보도자료가 없습니다');
  });

  it.each(['draft', 'in_review', 'returned', 'withdrawn', 'failed', 'embargoed'] as const)('never finds a %s release', async (kind) => {
    await seedRelease(t.connection, {
      title: '숨은 반도체 자료',
      state: kind === 'embargoed' ? 'scheduled' : kind,
      releasedAt: kind === 'embargoed' ? '2025-01-02T09:00:00+09:00' : '2018-06-01T09:00:00+09:00',
    });
    await seedRelease(t.connection, { title: '공개 반도체 자료', releasedAt: '2018-01-01T09:00:00+09:00' });
    for (const q of ['반', '반도', '반도체', '숨은']) {
      const res = await search(q);
      expect(res.body.replace(/<\/?mark>/g, '')).not.toContain('숨은 반도체 자료');
    }
    expect((await search('반도체')).body).toContain('공개 <mark>반도체</mark> 자료');
  });

  it('keeps the index in step with releases in the same transaction: publish, correction, withdrawal', async () => {
    const id = await seedRelease(t.connection, { title: '초안 제목', body: '본문', state: 'draft', releasedAt: '2024-01-01T00:00:00Z' });
    expect(await indexedIds(t.connection.db)).toEqual([]);
    await t.connection.db.updateTable('releases').set({ state: 'published' }).where('id', '=', id).execute();
    expect(await indexedIds(t.connection.db)).toEqual([id]);
    expect((await search('초안')).body).toContain('<mark>초안</mark> 제목');

    await t.connection.db.updateTable('releases').set({ title: '정정된 제목' }).where('id', '=', id).execute();
    expect((await search('초안')).body).not.toContain('<mark>초안</mark> 제목');
    expect((await search('정정')).body).toContain('<mark>정정</mark>된 제목');

    await expect(
      t.connection.db.transaction().execute(async (trx) => {
        await trx.updateTable('releases').set({ title: '롤백될 제목' }).where('id', '=', id).execute();
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await search('롤백')).body).not.toContain('<mark>롤백</mark>될 제목');
    expect((await search('정정')).body).toContain('정정</mark>된 제목');

    await t.connection.db.updateTable('releases').set({ state: 'withdrawn', withdrawn_at: '2024-02-01T00:00:00Z' }).where('id', '=', id).execute();
    expect(await indexedIds(t.connection.db)).toEqual([]);
    expect((await search('정정')).body).not.toContain('된 제목');
  });

  it('bounds a period by KST days to the second, and pages releases of the same second', async () => {
    await seedRelease(t.connection, { title: '새해 첫 자료', releasedAt: '2023-12-31T15:00:00Z' });
    await seedRelease(t.connection, { title: '묵은해 마지막 자료', releasedAt: '2023-12-31T14:59:59Z' });
    const all = ['새해 첫 자료', '묵은해 마지막 자료'];
    expect(titlesIn((await search('자료', '&from=2024-01-01')).body, all)).toEqual(['새해 첫 자료']);
    expect(titlesIn((await search('자료', '&to=2023-12-31')).body, all)).toEqual(['묵은해 마지막 자료']);
    expect(titlesIn((await search('자료', '&from=2023-12-31&to=2024-01-01&sort=latest')).body, all)).toEqual(all);
    for (let i = 1; i <= 25; i++) await seedRelease(t.connection, { title: `동시 자료 ${i}`, releasedAt: '2022-05-01T01:00:00Z' });
    const seen: string[] = [];
    let url: string | null = `/briefing/search?q=${encodeURIComponent('동시')}&sort=latest`;
    while (url) {
      const res = await get(url);
      for (const m of res.body.matchAll(/<h3 class="br-release-title"><a [^>]*>([^]*?)<\/a>/g)) seen.push(m[1]!.replace(/<\/?mark>/g, ''));
      const next = /class="page-navi next" href="([^"]+)"/.exec(res.body)?.[1];
      url = next ? next.replace(/&amp;/g, '&') : null;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `동시 자료 ${25 - i}`));
  });

  it('orders 최신순 by the KST day, then by registration within a day, and hides what is due later today', async () => {
    // the test clock is 2025-01-01 09:00 KST; registered in this order
    await seedRelease(t.connection, { title: '자정 직후 공지', releasedAt: '2024-12-31T00:30:00+09:00' }); // 2024-12-30 in UTC
    await seedRelease(t.connection, { title: '전날 오후 공지', releasedAt: '2024-12-30T18:00:00+09:00' });
    await seedRelease(t.connection, { title: '아침 아홉 시 공지', releasedAt: '2024-12-31T09:00:00+09:00' });
    await seedRelease(t.connection, { title: '아침 여덟 시 공지', releasedAt: '2024-12-31T08:00:00+09:00' });
    await seedRelease(t.connection, { title: '오늘 저녁 예정 공지', releasedAt: '2025-01-01T18:00:00+09:00', state: 'scheduled' });
    const all = ['자정 직후 공지', '전날 오후 공지', '아침 아홉 시 공지', '아침 여덟 시 공지', '오늘 저녁 예정 공지'];
    const latest = await search('공지', '&sort=latest');
    expect(titlesIn(latest.body, all)).toEqual(['아침 여덟 시 공지', '아침 아홉 시 공지', '자정 직후 공지', '전날 오후 공지']);
    expect(latest.body).toContain('총 <strong>4</strong>건');
    expect(titlesIn((await search('공지')).body, all)).not.toContain('오늘 저녁 예정 공지');
  });

  it('never matches the filter tokens themselves with a short query', async () => {
    await seedRelease(t.connection, { title: '가나다 소식', body: '라마바 사아자', releasedAt: '2024-01-01T00:00:00Z' });
    for (const q of ['m', 't', 'y', '_m', '2024']) {
      const res = await search(q);
      expect(res.statusCode).toBe(200);
      expect(titlesIn(res.body, ['가나다 소식']), q).toEqual([]);
    }
    expect(titlesIn((await search('가')).body, ['가나다 소식'])).toEqual(['가나다 소식']);
  });

  it('follows a release into another type, ministry and year under the filters', async () => {
    const id = await seedRelease(t.connection, { title: '항만 물류 개선', ministry: '해양수산부', releasedAt: '2023-06-01T00:00:00Z' });
    const found = async (extra: string) => titlesIn((await search('항만', extra)).body, ['항만 물류 개선']).length === 1;
    expect(await found('&from=2023-01-01&to=2023-12-31')).toBe(true);
    expect(await found(`&type=${encodeURIComponent('해명자료')}`)).toBe(false);
    const { ministry } = await (await import('../../src/ministries/ministry-service.js')).findOrCreateMinistry(t.connection.db, '국토교통부', new Date().toISOString());
    await t.connection.db
      .updateTable('releases')
      .set({ type: '해명자료', released_at: '2024-02-01T00:00:00.000Z', ministry_id: ministry.id })
      .where('id', '=', id)
      .execute();
    expect(await found(`&type=${encodeURIComponent('해명자료')}`)).toBe(true);
    expect(await found(`&type=${encodeURIComponent('보도자료')}`)).toBe(false);
    expect(await found('&from=2023-01-01&to=2023-12-31')).toBe(false);
    expect(await found('&from=2024-01-01&to=2024-12-31')).toBe(true);
    expect(await found(`&ministry=${encodeURIComponent('국토교통부')}`)).toBe(true);
    expect(await found(`&ministry=${encodeURIComponent('해양수산부')}`)).toBe(false);
  });

  it('finds a release under its ministry after the ministry is renamed', async () => {
    const id = await seedRelease(t.connection, { title: '부처 이름 시험', ministry: '옛부처', releasedAt: '2024-01-01T00:00:00Z' });
    const row = await t.connection.db.selectFrom('releases').select('ministry_id').where('id', '=', id).executeTakeFirstOrThrow();
    await t.connection.db.updateTable('ministries').set({ name: '새이름부', short_name: '새부' }).where('id', '=', row.ministry_id).execute();
    expect((await search('새이름부')).body).toContain('부처 이름 시험');
    expect((await search('옛부처')).body).not.toContain('부처 이름 시험');
  });

  it('counts to 1,000 and then says "이상", by relevance and by date, a withdrawn match not counted', async () => {
    const seedMany = async (count: number, title: string) => {
      for (let i = 0; i < count; i++) {
        await seedRelease(t.connection, { title: `${title} ${i}`, releasedAt: new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString() });
      }
    };
    await seedMany(COUNT_CAP, '항만물류 점검');
    await seedRelease(t.connection, { title: '항만물류 철회본', state: 'withdrawn', releasedAt: '2021-01-01T00:00:00Z' });
    for (const sort of ['', '&sort=latest']) {
      const html = (await search('항만물류', sort)).body;
      expect(/총 <strong>[^<]*<\/strong>건[^<]*/.exec(html)?.[0], sort).toMatch(/총 <strong>1,000<\/strong>건(?! 이상)/);
    }
    await seedMany(1, '항만물류 추가');
    for (const sort of ['', '&sort=latest']) {
      expect((await search('항만물류', sort)).body, sort).toMatch(/총 <strong>1,000<\/strong>건 이상/);
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleMetadata, scriptSafeJson } from '../../src/feeds/article-metadata.js';
import { feedLinks } from '../../src/feeds/feed-links.js';
import { feedRoutes } from '../../src/feeds/feed-routes.js';
import { SitemapFileStarts } from '../../src/feeds/feed-service.js';
import { cdata, xmlText } from '../../src/feeds/xml.js';
import { createTestApp, seedRelease, type TestApp } from '../helpers.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const ORIGIN = 'http://127.0.0.1:3000';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});
const get = (url: string) => t.app.inject({ method: 'GET', url });

async function seedFeedCorpus() {
  const a = await seedRelease(t.connection, {
    title: '스마트공장 보급 확산',
    releasedAt: '2024-03-01T10:00:00+09:00',
    summary: ['중소기업 2만 곳 지원'],
    licence: 1,
  });
  const b = await seedRelease(t.connection, { title: '예산안 설명', ministry: '기획재정부', type: '브리핑', releasedAt: '2024-03-02T09:30:00+09:00', licence: 3 });
  const hidden = await seedRelease(t.connection, { title: '엠바고 걸린 자료', state: 'scheduled', releasedAt: '2025-01-02T09:00:00+09:00' });
  const withdrawn = await seedRelease(t.connection, { title: '철회된 자료', state: 'withdrawn', releasedAt: '2024-01-02T09:00:00+09:00' });
  return { a, b, hidden, withdrawn };
}

describe('RSS and Atom', () => {
  it('serves all public releases, parsed back by a feed parser, with KST dates, stable GUIDs and attribution + KOGL', async () => {
    const { a, b } = await seedFeedCorpus();
    for (const format of ['rss', 'atom'] as const) {
      const res = await get(`/briefing/feed.${format}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(format === 'rss' ? 'application/rss+xml' : 'application/atom+xml');
      expect(XMLValidator.validate(res.body)).toBe(true);
      const feed = parseFeed(res.body);
      expect(feed.items.map((i) => i.title)).toEqual(['예산안 설명', '스마트공장 보급 확산']);
      const [first, second] = feed.items;
      expect(first!.url).toBe(`${ORIGIN}/briefing/${b}`);
      expect(second!.id).toBe(`tag:127.0.0.1,2018:release/${a}`);
      expect(first!.published?.toISOString()).toBe('2024-03-02T00:30:00.000Z');
      expect(res.body).not.toContain('엠바고');
      expect(res.body).not.toContain('철회된');
      const text = `${first!.description ?? ''}${first!.content ?? ''}`;
      expect(text).toContain('이 자료는 기획재정부의 브리핑 내용을 전재하여 제공함을 알려드립니다.');
      expect(text).toContain('공공누리');
      expect(text).toContain('제3유형');
    }
    const rss = (await get('/briefing/feed.rss')).body;
    expect(rss).toContain('<pubDate>Sat, 02 Mar 2024 09:30:00 +0900</pubDate>');
    const atom = (await get('/briefing/feed.atom')).body;
    expect(atom).toContain('<published>2024-03-02T09:30:00+09:00</published>');
  });

  it('keeps the GUID when a release is corrected', async () => {
    const { a } = await seedFeedCorpus();
    const before = parseFeed((await get('/briefing/feed.rss')).body).items.find((i) => i.url?.endsWith(`/${a}`));
    await t.connection.db.updateTable('releases').set({ title: '스마트공장 보급 확산 (정정)', updated_at: '2024-03-05T00:00:00.000Z' }).where('id', '=', a).execute();
    const after = parseFeed((await get('/briefing/feed.rss')).body).items.find((i) => i.url?.endsWith(`/${a}`));
    expect(after!.title).toBe('스마트공장 보급 확산 (정정)');
    expect(after!.id).toBe(before!.id);
  });

  it('filters by ministry and by type', async () => {
    await seedFeedCorpus();
    const byMinistry = parseFeed((await get(`/briefing/feed.atom?ministry=${encodeURIComponent('기획재정부')}`)).body);
    expect(byMinistry.items.map((i) => i.title)).toEqual(['예산안 설명']);
    expect(byMinistry.title).toContain('기획재정부');
    const byType = parseFeed((await get(`/briefing/feed.rss?type=${encodeURIComponent('보도자료')}`)).body);
    expect(byType.items.map((i) => i.title)).toEqual(['스마트공장 보급 확산']);
    expect((await get(`/briefing/feed.rss?ministry=${encodeURIComponent('없는부')}`)).statusCode).toBe(400);
  });

  it('stays well-formed whatever a release holds', async () => {
    await seedRelease(t.connection, { title: 'A & B <c> "d" \u0001\u0008 ]]> 끝', body: 'x ]]> y \u000b\uFFFE & <script>', releasedAt: '2024-01-01T00:00:00Z' });
    for (const format of ['rss', 'atom']) {
      const res = await get(`/briefing/feed.${format}`);
      expect(XMLValidator.validate(res.body)).toBe(true);
      expect(parseFeed(res.body).items[0]!.title).toBe('A & B <c> "d"  ]]> 끝');
    }
  });
});

describe('sitemap and robots', () => {
  /** The feed routes with sitemap files of two URLs, over `releases` releases a day apart (their ids in date order). */
  async function sitemapOfTwoPerFile(releases: number) {
    const app = Fastify();
    app.decorate('services', t.app.services);
    await app.register(feedRoutes, { sitemapPageSize: 2 });
    const ids: number[] = [];
    for (let i = 0; i < releases; i++) ids.push(await seedRelease(t.connection, { title: `자료 ${i}`, releasedAt: new Date(Date.UTC(2020, 0, i + 1)).toISOString() }));
    return { app, ids };
  }

  it('lists public releases with lastmod from the last public change, valid against the sitemap schema', async () => {
    const { a, b, hidden, withdrawn } = await seedFeedCorpus();
    await t.connection.db.updateTable('releases').set({ updated_at: '2024-06-01T00:00:00.000Z' }).where('id', '=', a).execute();
    const res = await get('/sitemap.xml');
    expect(res.statusCode).toBe(200);
    const result = await validateXML({ xml: [{ fileName: 'sitemap.xml', contents: res.body }], schema: [fs.readFileSync(path.join(fixtures, 'sitemap.xsd'), 'utf8')] });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(res.body).toContain(`<loc>${ORIGIN}/briefing/${a}</loc><lastmod>2024-06-01T09:00:00+09:00</lastmod>`);
    expect(res.body).toContain(`<loc>${ORIGIN}/briefing/${b}</loc>`);
    expect(res.body).not.toContain(`/briefing/${hidden}<`);
    expect(res.body).not.toContain(`/briefing/${withdrawn}<`);
  });

  it('becomes a sitemap index past the per-file limit', async () => {
    const { app } = await sitemapOfTwoPerFile(5);
    const index = await app.inject('/sitemap.xml');
    const checked = await validateXML({ xml: [{ fileName: 'index.xml', contents: index.body }], schema: [fs.readFileSync(path.join(fixtures, 'siteindex.xsd'), 'utf8')] });
    expect(checked.errors).toEqual([]);
    const parsed = new XMLParser().parse(index.body) as { sitemapindex: { sitemap: { loc: string }[] } };
    const locs = parsed.sitemapindex.sitemap.map((s) => s.loc);
    expect(locs).toEqual([1, 2, 3].map((n) => `${ORIGIN}/sitemaps/releases-${n}.xml`));
    const urls: string[] = [];
    for (const loc of locs) {
      const page = await app.inject(loc.replace(ORIGIN, ''));
      expect(page.statusCode).toBe(200);
      const valid = await validateXML({ xml: [{ fileName: 'p.xml', contents: page.body }], schema: [fs.readFileSync(path.join(fixtures, 'sitemap.xsd'), 'utf8')] });
      expect(valid.valid).toBe(true);
      urls.push(...[...page.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!));
    }
    expect(new Set(urls).size).toBe(5);
    expect((await app.inject('/sitemaps/releases-4.xml')).statusCode).toBe(404);
    await app.close();
  });

  it('gives the same files whatever order a crawler reads them in, and moves them on after a withdrawal', async () => {
    const { app, ids } = await sitemapOfTwoPerFile(7);
    const fileIds = async (n: number) => {
      const res = await app.inject(`/sitemaps/releases-${n}.xml`);
      expect(res.statusCode, `file ${n}`).toBe(200);
      return [...res.body.matchAll(/\/briefing\/(\d+)</g)].map((m) => Number(m[1]));
    };
    // The fourth file first, before any file's start is known; then in order.
    expect(await fileIds(4)).toEqual([ids[6]]);
    expect([...(await fileIds(1)), ...(await fileIds(2)), ...(await fileIds(3)), ...(await fileIds(4))]).toEqual(ids);
    await t.connection.db.updateTable('releases').set({ state: 'withdrawn', withdrawn_at: new Date().toISOString() }).where('id', '=', ids[1]!).execute();
    const after = [...(await fileIds(1)), ...(await fileIds(2)), ...(await fileIds(3))];
    expect(after).toEqual(ids.filter((id) => id !== ids[1]));
    expect((await app.inject('/sitemaps/releases-4.xml')).statusCode).toBe(404);
    await app.close();
  });

  it('keeps sitemap files out of the page cache that readers\' pages live in', async () => {
    const { app } = await sitemapOfTwoPerFile(5);
    expect((await get('/briefing')).statusCode).toBe(200);
    const pagesBefore = t.app.services.pages.usage;
    expect(pagesBefore.entries).toBeGreaterThan(0);
    for (const n of [1, 2, 3]) {
      const first = await app.inject(`/sitemaps/releases-${n}.xml`);
      // a crawler coming back with the ETag is told nothing changed
      const again = await app.inject({ url: `/sitemaps/releases-${n}.xml`, headers: { 'if-none-match': first.headers.etag as string } });
      expect(again.statusCode).toBe(304);
    }
    expect(t.app.services.pages.usage).toEqual(pagesBefore);
    await app.close();
  });

  it('serves robots.txt pointing at the sitemap', async () => {
    const res = await get('/robots.txt');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('User-agent: *');
    expect(res.body).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
    expect(res.body).toContain('Disallow: /admin');
  });
});

describe('article metadata and feed links', () => {
  const article = {
    id: 7,
    type: '보도자료' as const,
    title: '제목 </script><!-- <b>',
    subtitles: ['부제'],
    summary: ['요약 </script> 문장'],
    ministry: '중소벤처기업부',
    releasedAt: '2024-03-01T01:00:00.000Z',
    updatedAt: '2024-03-02T01:00:00.000Z',
  };

  it('gives canonical, Open Graph, Twitter and a NewsArticle with the ministry as publisher', () => {
    const meta = articleMetadata(article, ORIGIN);
    expect(meta.canonicalUrl).toBe(`${ORIGIN}/briefing/7`);
    const tag = (key: string) => meta.metaTags.find((m) => m.key === key)?.content;
    expect(tag('og:title')).toBe(article.title);
    expect(tag('og:url')).toBe(`${ORIGIN}/briefing/7`);
    expect(tag('twitter:card')).toBe('summary');
    const data = JSON.parse(meta.jsonLd) as Record<string, unknown>;
    expect(data['@type']).toBe('NewsArticle');
    expect(data.datePublished).toBe('2024-03-01T10:00:00+09:00');
    expect(data.dateModified).toBe('2024-03-02T10:00:00+09:00');
    expect(data.publisher).toEqual({ '@type': 'GovernmentOrganization', name: '중소벤처기업부' });
    expect(data.headline).toBe(article.title);
  });

  it('prints the tags as <meta> elements with their text escaped', () => {
    const meta = articleMetadata({ ...article, title: '"인용" <b>굵게</b> & 기타' }, ORIGIN);
    expect(meta.metaTagsHtml.split('\n')).toHaveLength(meta.metaTags.length);
    expect(meta.metaTagsHtml).toContain('<meta property="og:title" content="&quot;인용&quot; &lt;b&gt;굵게&lt;/b&gt; &amp; 기타">');
    expect(meta.metaTagsHtml).toContain('<meta name="twitter:card" content="summary">');
    expect(meta.metaTagsHtml).not.toContain('<b>');
  });

  it('cannot break out of the script element', () => {
    const meta = articleMetadata(article, ORIGIN);
    expect(meta.jsonLdHtml.startsWith('<script type="application/ld+json">')).toBe(true);
    const inner = meta.jsonLdHtml.slice('<script type="application/ld+json">'.length, -'</script>'.length);
    expect(inner).not.toMatch(/<|>/);
    expect(scriptSafeJson('\u2028</script>')).toBe('"\\u2028\\u003c/script\\u003e"');
  });

  it('names the filtered and the full feeds', () => {
    expect(feedLinks().map((l) => l.href)).toEqual(['/briefing/feed.rss', '/briefing/feed.atom']);
    const links = feedLinks({ ministry: '교육부', type: '보도자료' });
    expect(links[0]!.href).toBe(`/briefing/feed.rss?ministry=${encodeURIComponent('교육부')}&type=${encodeURIComponent('보도자료')}`);
    expect(links).toHaveLength(4);
  });

  it('escapes XML text and splits ]]> in CDATA', () => {
    expect(xmlText('a\u0000<&>')).toBe('a&lt;&amp;&gt;');
    expect(cdata('x]]>y')).toBe('<![CDATA[x]]]]><![CDATA[>y]]>');
  });
});

describe('SitemapFileStarts', () => {
  it('reads a file from the nearest start it knows, skipping whole files from there', () => {
    const starts = new SitemapFileStarts();
    expect(starts.from(1, 100)).toEqual({ id: 0, skip: 0 });
    expect(starts.from(3, 100)).toEqual({ id: 0, skip: 200 });
    starts.learn(1, 151);
    expect(starts.from(2, 100)).toEqual({ id: 151, skip: 0 });
    expect(starts.from(4, 100)).toEqual({ id: 151, skip: 200 });
    // a short file is the last: nothing follows it
    starts.learn(2, null);
    expect(starts.from(3, 100)).toEqual({ id: 151, skip: 100 });
  });
});

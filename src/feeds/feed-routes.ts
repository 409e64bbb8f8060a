import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseListQuery, type ListQuery } from '../releases/list-query.js';
import { AppError } from '../shared/errors.js';
import { buildFeed, buildSitemap, buildSitemapPage, renderAtom, renderRss, robotsTxt, SITEMAP_LIMIT, SitemapFileStarts } from './feed-service.js';
import { PageCache, sendCachedPage } from '../web/page-cache.js';
import { FreshCache } from '../shared/fresh-cache.js';

/** Twelve files of 10,000 URLs. */
const SITEMAP_CACHE_LIMITS = { maxEntries: 50, maxBytes: 12 * 2 ** 20, maxPageBytes: 6 * 2 ** 20 };

export interface FeedRoutesOptions {
  /** URLs per sitemap file (SITEMAP_LIMIT; smaller in tests) */
  sitemapPageSize?: number;
}

export async function feedRoutes(app: FastifyInstance, options: FeedRoutesOptions = {}): Promise<void> {
  const { connection, clock, ministries, config, pages, positions, freshness } = app.services;
  const db = connection.db;
  const origin = config.publicOrigin;
  const pageSize = options.sitemapPageSize ?? SITEMAP_LIMIT;
  // Sitemap files (about 1 MB each) have a cache of their own: a crawler reading all
  // of them then pushes out only sitemaps, not the pages readers come back to.
  const sitemapFiles = new PageCache(freshness, SITEMAP_CACHE_LIMITS);
  // Where the files start, learnt as they are read, for as long as the content stands.
  const fileStarts = new FreshCache<SitemapFileStarts>(freshness, { maxAgeMs: 10 * 60_000, maxEntries: 1 });

  async function readFilter(request: FastifyRequest): Promise<ListQuery> {
    const raw = request.query as Record<string, unknown>;
    if (typeof raw.ministry === 'string' && raw.ministry) await ministries.resolve(raw.ministry.normalize('NFC').trim());
    const filters: Record<string, unknown> = {};
    for (const key of ['ministry', 'type', 'from', 'to']) if (raw[key] !== undefined) filters[key] = raw[key];
    return parseListQuery(filters, (name) => ministries.lookup(name));
  }

  for (const format of ['rss', 'atom'] as const) {
    app.get(`/briefing/feed.${format}`, async (request, reply) => {
      const query = await readFilter(request);
      const now = clock();
      // Cached like the pages (revalidated on every use, never past a withdrawal or an embargo).
      return sendCachedPage(
        pages,
        request,
        reply,
        now,
        async () => {
          const { channel, feedId } = await buildFeed(db, query.filter, query.params, origin, format, now);
          return format === 'rss' ? renderRss(channel) : renderAtom(channel, feedId);
        },
        { contentType: format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8' },
      );
    });
  }

  app.get('/sitemap.xml', async (request, reply) => {
    const now = clock();
    return sendCachedPage(pages, request, reply, now, () => buildSitemap(db, origin, now, pageSize), { contentType: 'application/xml; charset=utf-8' });
  });

  app.get<{ Params: { n: string } }>('/sitemaps/releases-:n.xml', async (request, reply) => {
    const { n } = request.params;
    const now = clock();
    const files = Math.ceil((await positions.count({}, now)) / pageSize);
    if (!/^[1-9]\d{0,5}$/.test(n) || Number(n) > files) throw new AppError('NOT_FOUND', '요청한 사이트맵 파일이 없습니다.');
    const number = Number(n);
    const starts = await fileStarts.get('sitemap', now, async () => new SitemapFileStarts());
    const build = async () => {
      const page = await buildSitemapPage(db, origin, now, { number, from: starts.from(number, pageSize) }, pageSize);
      starts.learn(number, page.nextFileFrom);
      return page.xml;
    };
    return sendCachedPage(sitemapFiles, request, reply, now, build, {
      contentType: 'application/xml; charset=utf-8',
    });
  });

  app.get('/robots.txt', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('text/plain; charset=utf-8').send(robotsTxt(origin)),
  );
}

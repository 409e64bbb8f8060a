import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { RELEASE_TYPES } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { parseListQuery, type ListQuery } from './list-query.js';
import { getPublicArticle, listPublicReleases } from './release-service.js';
import { sendCachedPage } from '../web/page-cache.js';
import { articleMetadata } from '../feeds/article-metadata.js';
import { feedLinks } from '../feeds/feed-links.js';
import { articleComments, commentPageOf } from '../comments/comment-routes.js';
import type { Widgets } from './widgets.js';

function clientKey(request: FastifyRequest): string {
  return createHash('sha1')
    .update(`${request.ip}\n${request.headers['user-agent'] ?? ''}`)
    .digest('base64url')
    .slice(0, 16);
}

export async function releaseRoutes(app: FastifyInstance): Promise<void> {
  const { connection, clock, widgets, views, ministries, pages, positions, config, articles } = app.services;
  const db = connection.db;

  // The side column is the same on every page while its lists stand, so it is rendered
  // once per lists (by the same autoescaping template the pages would include) and
  // dropped with them: WidgetSource hands out one object per content version and minute.
  const renderedWidgets = new WeakMap<Widgets, Promise<string>>();
  async function widgetsHtml(now: Date): Promise<string> {
    const lists = await widgets.get(now);
    let html = renderedWidgets.get(lists);
    if (!html) {
      html = app.view('partials/widgets.njk', { widgets: lists });
      renderedWidgets.set(lists, html);
      html.catch(() => renderedWidgets.delete(lists));
    }
    return html;
  }

  async function readListQuery(request: FastifyRequest): Promise<ListQuery> {
    const raw = request.query as Record<string, unknown>;
    // Load (or reload) the directory before the synchronous parse when a ministry is named.
    if (typeof raw.ministry === 'string' && raw.ministry) await ministries.resolve(raw.ministry.normalize('NFC').trim());
    return parseListQuery(raw, (name) => ministries.lookup(name));
  }

  app.get('/briefing', async (request, reply) => {
    const query = await readListQuery(request);
    const now = clock();
    return sendCachedPage(pages, request, reply, now, async () => {
      const [list, aside, allMinistries] = await Promise.all([
        listPublicReleases(db, query, now, positions),
        widgetsHtml(now),
        ministries.all(),
      ]);
      // A page past the end is no page of the archive: a 404 says so to readers, and to
      // crawlers that would otherwise index an empty page at every number. The first
      // page of a filter that matches nothing stays, to say that nothing matches.
      if (list.items.length === 0 && list.page > 1) {
        throw new AppError('NOT_FOUND', `이 목록은 ${list.pageCount.toLocaleString('ko-KR')}쪽까지 있습니다. ${list.page.toLocaleString('ko-KR')}쪽에는 보도자료가 없습니다.`);
      }
      return reply.renderPage('releases/list.njk', {
        pageTitle: list.page > 1 ? `보도자료 목록 (${list.page}쪽)` : '보도자료 목록',
        currentPath: '/briefing',
        filters: query.params,
        ministries: allMinistries.map((m) => ({ name: m.name, shortName: m.short_name })),
        types: RELEASE_TYPES,
        ...list,
        feeds: feedLinks(query.params),
        widgetsHtml: aside,
      });
    });
  });

  app.get<{ Params: { id: string } }>('/briefing/:id', async (request, reply) => {
    const { id } = request.params;
    if (!/^[1-9]\d{0,15}$/.test(id) || !Number.isSafeInteger(Number(id))) {
      throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
    }
    const query = await readListQuery(request);
    const now = clock();
    const releaseId = Number(id);
    const countView = () =>
      views.record(releaseId, {
        method: request.method,
        userAgent: request.headers['user-agent'],
        purpose: (request.headers['sec-purpose'] ?? request.headers.purpose) as string | undefined,
        clientKey: clientKey(request),
      });
    const sent = await sendCachedPage(pages, request, reply, now, async () => {
      // The page an anonymous reader gets (and the cache keeps) comes from the article
      // reader, on its own thread when so configured; a logged-in reader's shows what is
      // theirs (controls on their comments, a form token) and is read here.
      const read = request.actor
        ? getPublicArticle(db, releaseId, query, now).then(async (found) => ({ article: found, comments: await articleComments(request, reply, releaseId) }))
        : articles.read({ releaseId, query, now, commentPage: commentPageOf(request) }).then((found) => ({ ...found, comments: { ...found.comments, csrfToken: null } }));
      const [{ article, comments }, aside] = await Promise.all([read, widgetsHtml(now)]);
      const { release } = article;
      return reply.renderPage('releases/article.njk', {
        pageTitle: release.title,
        currentPath: '/briefing',
        ...article,
        meta: articleMetadata(
          { id: release.id, type: release.type, title: release.title, subtitles: release.subtitles, summary: release.summary, ministry: release.ministry, releasedAt: release.releasedAt, updatedAt: release.updatedAt },
          config.publicOrigin,
        ),
        widgetsHtml: aside,
        comments,
      });
    }, { commentsOf: releaseId });
    // Counted once the page is found, whether rendered or served from the cache.
    countView();
    return sent;
  });
}

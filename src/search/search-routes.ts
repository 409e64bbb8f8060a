import type { FastifyInstance } from 'fastify';
import { RELEASE_TYPES } from '../db/schema.js';
import { listQueryString } from '../releases/list-query.js';
import { AppError } from '../shared/errors.js';
import { feedLinks } from '../feeds/feed-links.js';
import { MAX_QUERY_LENGTH, parseSearchQuery, type SearchQuery } from './search-query.js';
import { sendCachedPage } from '../web/page-cache.js';

export async function searchRoutes(app: FastifyInstance): Promise<void> {
  const { clock, ministries, pages, search } = app.services;

  app.get('/briefing/search', async (request, reply) => {
    const raw = request.query as Record<string, unknown>;
    if (typeof raw.ministry === 'string' && raw.ministry) await ministries.resolve(raw.ministry.normalize('NFC').trim());
    const allMinistries = (await ministries.all()).map((m) => ({ name: m.name, shortName: m.short_name }));
    const base = { currentPath: '/briefing/search', ministries: allMinistries, types: RELEASE_TYPES, maxLength: MAX_QUERY_LENGTH };

    let query: SearchQuery;
    try {
      query = parseSearchQuery(raw, (name) => ministries.lookup(name));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'INVALID_QUERY') throw error;
      // The form comes back with what was wrong, so the reader can fix the query.
      const typed = typeof raw.q === 'string' ? raw.q.slice(0, 1000) : '';
      reply.code(400);
      return reply.viewAsync('search/search.njk', {
        ...base,
        pageTitle: '검색 조건 오류',
        q: typed,
        filters: { ministry: '', type: '', from: '', to: '' },
        sort: 'relevance',
        errors: error.details,
        searched: false,
        hits: [],
        total: 0,
      });
    }

    const now = clock();
    return sendCachedPage(pages, request, reply, now, async () => {
    const result = await search(query, now, { abandoned: request.signal });
    const keep = (extra: Record<string, string | number | undefined>) =>
      `/briefing/search${listQueryString(query.params, { q: query.text, sort: query.sort === 'latest' ? 'latest' : undefined, ...extra })}`;
    return reply.renderPage('search/search.njk', {
      ...base,
      pageTitle: query.text ? `‘${query.text.slice(0, 40)}’ 검색 결과${query.page > 1 ? ` (${query.page}쪽)` : ''}` : '보도자료 검색',
      q: query.text,
      filters: query.params,
      sort: query.sort,
      errors: [],
      searched: query.words.length > 0,
      emptyQuery: query.text !== '' && query.words.length === 0,
      hits: result.hits,
      total: result.total.toLocaleString('ko-KR'),
      totalIsLowerBound: result.totalIsLowerBound,
      page: query.page,
      rankedRecentOnly: result.rankedRecentOnly,
      rankPoolSize: result.rankPoolSize.toLocaleString('ko-KR'),
      sortUrls: { relevance: keep({ sort: undefined }), latest: keep({ sort: 'latest' }) },
      firstUrl: query.page > 1 ? keep({}) : null,
      nextUrl: result.nextCursor ? keep({ cursor: result.nextCursor, page: query.page + 1 }) : null,
      feeds: feedLinks(query.params),
    });
    });
  });
}

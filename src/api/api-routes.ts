import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import { parseSearchQuery } from '../search/search-query.js';
import { AppError } from '../shared/errors.js';
import { ApiErrorBody, IdParams, ListQuerystring, ReleaseDetail, ReleaseList } from './api-schemas.js';
import { getApiRelease, listApiReleases } from './api-service.js';
import { FreshCache } from '../shared/fresh-cache.js';
import { encodeUtf8 } from '../shared/utf8.js';

// Caches must revalidate every time: only the app knows when an embargo passes or a
// release is withdrawn. The ETag makes that revalidation a cheap 304.
const CACHE_CONTROL = 'public, no-cache';

/** An answer as sent: serialized and encoded once, with its validator. */
interface Answer {
  body: Buffer;
  etag: string;
}

/** A strong validator of exactly the bytes sent: any change to a release changes it. */
function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(request: FastifyRequest, etag: string): boolean {
  const presented = request.headers['if-none-match'];
  return !!presented && presented.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*');
}

function sendAnswer(request: FastifyRequest, reply: FastifyReply, answer: Answer): FastifyReply {
  reply.header('etag', answer.etag).header('cache-control', CACHE_CONTROL).header('vary', 'Origin');
  if (matches(request, answer.etag)) return reply.code(304).send('');
  return reply.type('application/json; charset=utf-8').send(answer.body);
}

/** The JSON API under /api/v1: CORS for GET, ETag/304, and an OpenAPI document from the route schemas. */
export async function apiRoutes(app: FastifyInstance): Promise<void> {
  const { connection, clock, ministries, config, freshness, positions, search: runSearch } = app.services;
  const origin = config.publicOrigin;
  // Answers by URL, serialized, used only while the content they were built from is current.
  const answers = new FreshCache<Answer>(freshness, {
    maxAgeMs: 60_000,
    maxEntries: 200,
    maxBytes: 16 * 2 ** 20,
    maxEntryBytes: 2 ** 20,
    sizeOf: (answer) => answer.body.length,
  });
  const serialize = (reply: FastifyReply, value: unknown): Answer => {
    // The route's response schema serializes to a string; it is encoded once, here,
    // rather than by the hash and again by every send of a cached answer.
    const body = encodeUtf8(String(reply.serialize(value)));
    return { body, etag: etagOf(body) };
  };

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '브리핑룸 보도자료 API',
        description: '정부 부처 보도자료를 조회합니다. 공개된 자료만 나오며, 오류는 { error: { status, code, message, details } } 로 답합니다.',
        version: '1.0.0',
      },
      servers: [{ url: origin }],
    },
  });
  await app.register(cors, { origin: '*', methods: ['GET', 'HEAD'], maxAge: 86_400 });

  // Answers not sent through sendAnswer (the OpenAPI document) get their validator here.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string' || reply.hasHeader('etag') || (request.method !== 'GET' && request.method !== 'HEAD')) return payload;
    const etag = etagOf(payload);
    reply.header('etag', etag).header('cache-control', CACHE_CONTROL).header('vary', 'Origin');
    if (matches(request, etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });

  const errorResponses = { 400: ApiErrorBody, 404: ApiErrorBody };

  app.get(
    '/api/v1/releases',
    {
      schema: {
        summary: '공개된 보도자료 목록',
        description: '보도시점 최신순. q를 주면 검색 결과(관련도순 또는 최신순: 검색의 최신순은 보도 날짜순이며, 같은 날의 자료는 등록 순)입니다. nextCursor로 다음 쪽을 받습니다.',
        tags: ['releases'],
        querystring: ListQuerystring,
        // 503 (BUSY): too many searches waiting at once; Retry-After says when to ask again.
        response: { 200: ReleaseList, ...errorResponses, 503: ApiErrorBody },
      },
    },
    async (request, reply) => {
      const raw = request.query as ListQuerystring;
      if (raw.ministry) await ministries.resolve(raw.ministry.normalize('NFC').trim());
      const search = parseSearchQuery(
        { ministry: raw.ministry, type: raw.type, from: raw.from, to: raw.to, q: raw.q, sort: raw.sort },
        (name) => ministries.lookup(name),
      );
      const now = clock();
      const answer = await answers.get(request.url, now, async () =>
        serialize(
          reply,
          await listApiReleases(
            connection.db,
            { filter: search.filter, words: search.words, sort: search.sort, cursor: raw.cursor, limit: raw.limit ?? 20 },
            origin,
            now,
            (filter, at) => positions.count(filter, at),
            (input, at, options) => runSearch(input, at, { ...options, abandoned: request.signal }),
          ),
        ),
      );
      return sendAnswer(request, reply, answer);
    },
  );

  app.get(
    '/api/v1/releases/:id',
    {
      schema: {
        summary: '보도자료 한 건',
        description: '첨부파일과 수정 이력을 포함합니다.',
        tags: ['releases'],
        params: IdParams,
        response: { 200: ReleaseDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!Number.isSafeInteger(Number(id))) throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
      const now = clock();
      const answer = await answers.get(request.url, now, async () => serialize(reply, await getApiRelease(connection.db, Number(id), origin, now)));
      return sendAnswer(request, reply, answer);
    },
  );

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

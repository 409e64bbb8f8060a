import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FreshCache, type FreshnessReader } from '../shared/fresh-cache.js';
import { encodeUtf8 } from '../shared/utf8.js';

export interface CachedPage {
  /** encoded once: re-encoding a page of Korean text to UTF-8 on every hit costs more than the lookup */
  body: Buffer;
  etag: string;
}

/**
 * Rendered public pages for anonymous readers, kept at most a minute (the widgets'
 * view ranking changes) and never past a change of what they show.
 */
export class PageCache extends FreshCache<CachedPage> {
  constructor(freshness: FreshnessReader) {
    super(freshness, { maxAgeMs: 60_000, maxEntries: 1_000 });
  }
}

// Hashes the encoded bytes: handing sha1 the string would encode the page a second time.
function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/**
 * Answers an anonymous GET from the cache (or 304 when the reader already has it),
 * rendering and storing it on a miss: pages, search results, feeds and sitemaps.
 * Logged-in readers always get a fresh render.
 */
export async function sendCachedPage(
  cache: PageCache,
  request: FastifyRequest,
  reply: FastifyReply,
  now: Date,
  render: () => Promise<string>,
  options: { commentsOf?: number; contentType?: string } = {},
): Promise<FastifyReply> {
  const contentType = options.contentType ?? 'text/html; charset=utf-8';
  if (request.actor) return reply.type(contentType).header('cache-control', 'private, no-store').send(await render());
  const page = await cache.get(
    request.url,
    now,
    async () => {
      const body = encodeUtf8(await render());
      return { body, etag: etagOf(body) };
    },
    options.commentsOf,
  );
  // Shared caches must revalidate every time: only the app knows when an embargo passes.
  reply.header('cache-control', 'public, no-cache').header('etag', page.etag).header('vary', 'Cookie');
  if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
  return reply.type(contentType).send(page.body);
}

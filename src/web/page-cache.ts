import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FreshCache, type FreshnessReader } from '../shared/fresh-cache.js';
import { encodeUtf8 } from '../shared/utf8.js';

export interface CachedPage {
  /** encoded once: re-encoding a page of Korean text to UTF-8 on every hit costs more than the lookup */
  body: Buffer;
  etag: string;
}

/** How many pages, and how many bytes of them, a PageCache holds. */
export interface PageCacheLimits {
  maxEntries: number;
  maxBytes: number;
  /** a page larger than this is sent but not kept */
  maxPageBytes: number;
}

/**
 * Pages, lists and feeds (a feed of 50 full releases is about 300 KB). The byte
 * bound keeps a run of large answers from growing the server past its memory.
 */
export const PAGE_CACHE_LIMITS: PageCacheLimits = { maxEntries: 1_000, maxBytes: 32 * 2 ** 20, maxPageBytes: 2 ** 20 };

/**
 * Rendered public pages for anonymous readers, kept at most a minute (the widgets'
 * view ranking changes) and never past a change of what they show.
 */
export class PageCache extends FreshCache<CachedPage> {
  constructor(freshness: FreshnessReader, limits: PageCacheLimits = PAGE_CACHE_LIMITS) {
    super(freshness, {
      maxAgeMs: 60_000,
      maxEntries: limits.maxEntries,
      maxBytes: limits.maxBytes,
      maxEntryBytes: limits.maxPageBytes,
      sizeOf: (page) => page.body.length,
    });
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

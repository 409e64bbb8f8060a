import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ContentFreshness } from '../db/sqlite.js';

export interface CachedPage {
  html: string;
  etag: string;
  version: number;
  /** epoch ms after which the page must be rendered again */
  validUntil: number;
}

const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 2_000;

/**
 * Rendered public pages for anonymous readers. An entry is served only while the
 * content version it was rendered at is still current (any process's write moves
 * it), no embargo has passed since, and it is under a minute old (the widgets'
 * view ranking). So a withdrawal, correction or embargo is never served stale.
 */
export class PageCache {
  private entries = new Map<string, CachedPage>();

  constructor(private readonly freshness: (now: Date) => ContentFreshness) {}

  lookup(key: string, now: Date): { hit: CachedPage | null; freshness: ContentFreshness } {
    const freshness = this.freshness(now);
    const entry = this.entries.get(key);
    if (entry && entry.version === freshness.version && now.getTime() < entry.validUntil) return { hit: entry, freshness };
    if (entry) this.entries.delete(key);
    return { hit: null, freshness };
  }

  store(key: string, html: string, freshness: ContentFreshness, now: Date): CachedPage {
    const embargo = freshness.nextEmbargoAt ? new Date(freshness.nextEmbargoAt).getTime() : Infinity;
    const entry: CachedPage = {
      html,
      etag: `"${createHash('sha1').update(html).digest('base64url').slice(0, 22)}"`,
      version: freshness.version,
      validUntil: Math.min(now.getTime() + MAX_AGE_MS, embargo),
    };
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Answers an anonymous GET from the cache (or 304 when the reader already has it),
 * rendering and storing it on a miss. Logged-in readers always get a fresh render.
 */
export async function sendCachedPage(
  cache: PageCache,
  request: FastifyRequest,
  reply: FastifyReply,
  now: Date,
  render: () => Promise<string>,
): Promise<FastifyReply> {
  if (request.actor) return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(await render());
  const key = request.url;
  const { hit, freshness } = cache.lookup(key, now);
  const page = hit ?? cache.store(key, await render(), freshness, now);
  // Shared caches must revalidate every time: only the app knows when an embargo passes.
  reply.header('cache-control', 'public, no-cache').header('etag', page.etag).header('vary', 'Cookie');
  if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
  return reply.type('text/html; charset=utf-8').send(page.html);
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { kstDay } from '../shared/time.js';
import { addViews } from './release-repository.js';
import { nextTurn } from '../shared/heavy-work.js';

/**
 * Who counts as a reader. Crawlers, link-preview fetchers, monitors and scripts
 * announce themselves in the User-Agent; prefetches are not reads; and one client
 * re-reading the same release within REPEAT_WINDOW_MS counts once.
 */
const BOT_AGENT =
  /bot|crawl|spider|slurp|archiver|curl|wget|python|java\/|go-http|okhttp|libwww|httpclient|axios|node-fetch|undici|headless|lighthouse|preview|monitor|uptime|scanner|facebookexternalhit|embedly|whatsapp|kakaotalk-scrap|daumoa|yeti/i;
const REPEAT_WINDOW_MS = 30 * 60 * 1000;
const MAX_REMEMBERED_READERS = 100_000;
/** Releases whose counts one flush transaction writes. */
export const FLUSH_CHUNK = 100;

export interface ViewRequest {
  method: string;
  userAgent: string | undefined;
  purpose: string | undefined;
  clientKey: string;
}

export function isCountableView(request: ViewRequest): boolean {
  if (request.method !== 'GET') return false;
  if (!request.userAgent || request.userAgent.length < 10 || BOT_AGENT.test(request.userAgent)) return false;
  if (request.purpose && /prefetch|prerender/i.test(request.purpose)) return false;
  return true;
}

/**
 * Counts views in memory and adds them to the database every few seconds, so
 * reading an article never waits on a write.
 */
export class ViewCounter {
  private pending = new Map<number, number>();
  private recentReaders = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  record(releaseId: number, request: ViewRequest): boolean {
    if (!isCountableView(request)) return false;
    const now = this.clock().getTime();
    const key = `${releaseId}:${request.clientKey}`;
    const seen = this.recentReaders.get(key);
    if (seen !== undefined && now - seen < REPEAT_WINDOW_MS) return false;
    this.recentReaders.delete(key);
    this.recentReaders.set(key, now);
    if (this.recentReaders.size > MAX_REMEMBERED_READERS) {
      // Map keeps insertion order: drop the oldest tenth.
      let drop = MAX_REMEMBERED_READERS / 10;
      for (const oldest of this.recentReaders.keys()) {
        this.recentReaders.delete(oldest);
        if (--drop <= 0) break;
      }
    }
    this.pending.set(releaseId, (this.pending.get(releaseId) ?? 0) + 1);
    return true;
  }

  /**
   * Writes the counts so far, FLUSH_CHUNK releases to a transaction, giving the
   * event loop back between transactions: a busy minute of a large archive is
   * tens of thousands of releases, and requests must not wait behind them all.
   */
  async flush(): Promise<number> {
    if (this.pending.size === 0) return 0;
    // In id order, a transaction's rows share pages: fewer pages written per commit.
    const batch = [...this.pending].sort((a, b) => a[0] - b[0]);
    this.pending = new Map();
    const day = kstDay(this.clock().toISOString());
    let total = 0;
    for (let start = 0; start < batch.length; start += FLUSH_CHUNK) {
      if (start > 0) await nextTurn();
      const chunk = new Map(batch.slice(start, start + FLUSH_CHUNK));
      try {
        await this.db.transaction().execute((trx) => addViews(trx, day, chunk));
      } catch (error) {
        // Keep the counts not yet written for the next flush rather than lose them.
        for (const [id, n] of batch.slice(start)) this.pending.set(id, (this.pending.get(id) ?? 0) + n);
        throw error;
      }
      for (const n of chunk.values()) total += n;
    }
    return total;
  }

  start(intervalSeconds: number, onError: (error: unknown) => void): void {
    this.timer = setInterval(() => {
      this.flush().catch(onError);
    }, intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}

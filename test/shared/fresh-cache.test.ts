import { describe, expect, it } from 'vitest';
import { FreshCache, type Freshness } from '../../src/shared/fresh-cache.js';
import { WorkAbandoned } from '../../src/shared/heavy-work.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('FreshCache', () => {
  const now = new Date('2025-01-01T00:00:00Z');

  it('renders once for a burst of readers asking for the same missing page', async () => {
    const freshness: Freshness = { version: 1, commentVersion: 1, nextEmbargoAt: null };
    const cache = new FreshCache<string>(() => freshness, { maxAgeMs: 60_000, maxEntries: 10 });
    const render = deferred<string>();
    let renders = 0;
    const compute = () => {
      renders++;
      return render.promise;
    };
    const answers = Promise.all(Array.from({ length: 20 }, () => cache.get('/briefing/1', now, compute)));
    render.resolve('page');
    expect(await answers).toEqual(Array(20).fill('page'));
    expect(renders).toBe(1);
    // and the answer stays for the next reader
    expect(await cache.get('/briefing/1', now, async () => 'again')).toBe('page');
  });

  it('renders anew for a reader still waiting when the one whose render it shared has left', async () => {
    const freshness: Freshness = { version: 1, commentVersion: 1, nextEmbargoAt: null };
    const cache = new FreshCache<string>(() => freshness, { maxAgeMs: 60_000, maxEntries: 10 });
    const key = '/briefing/search?q=예산';
    let giveUp!: (error: unknown) => void;
    const leaving = cache.get(key, now, () => new Promise<string>((_, reject) => (giveUp = reject)));
    const staying = cache.get(key, now, async () => 'results');
    // The first reader closed the connection, so the search it waited for was given up.
    giveUp(new WorkAbandoned());
    await expect(leaving).rejects.toBeInstanceOf(WorkAbandoned);
    expect(await staying).toBe('results');
    expect(await cache.get(key, now, async () => 'again')).toBe('results');
  });

  it('hands any other failure of a shared render to every reader who waited for it', async () => {
    const freshness: Freshness = { version: 1, commentVersion: 1, nextEmbargoAt: null };
    const cache = new FreshCache<string>(() => freshness, { maxAgeMs: 60_000, maxEntries: 10 });
    let fail!: (error: unknown) => void;
    let renders = 0;
    const compute = () => {
      renders++;
      return new Promise<string>((_, reject) => (fail = reject));
    };
    const answers = [cache.get('/briefing/1', now, compute), cache.get('/briefing/1', now, compute)];
    fail(new Error('디스크를 읽지 못했습니다'));
    for (const answer of answers) await expect(answer).rejects.toThrow('디스크를 읽지 못했습니다');
    expect(renders).toBe(1);
  });

  it('never hands a reader a render begun before a change it can see', async () => {
    const freshness: Freshness = { version: 1, commentVersion: 1, nextEmbargoAt: null };
    const cache = new FreshCache<string>(() => ({ ...freshness }), { maxAgeMs: 60_000, maxEntries: 10 });
    const before = deferred<string>();
    const first = cache.get('/briefing/1', now, () => before.promise);
    // A withdrawal commits while the first render is still running.
    freshness.version = 2;
    const second = cache.get('/briefing/1', now, async () => 'after withdrawal');
    before.resolve('before withdrawal');
    expect(await first).toBe('before withdrawal');
    expect(await second).toBe('after withdrawal');
    expect(await cache.get('/briefing/1', now, async () => 'third')).toBe('after withdrawal');
  });

  it('does not share a render across an embargo passing', async () => {
    const freshness: Freshness = { version: 1, commentVersion: 1, nextEmbargoAt: '2025-01-01T00:00:01.000Z' };
    const cache = new FreshCache<string>(() => ({ ...freshness }), { maxAgeMs: 60_000, maxEntries: 10 });
    const before = deferred<string>();
    const first = cache.get('/briefing', now, () => before.promise);
    freshness.nextEmbargoAt = null;
    const second = cache.get('/briefing', new Date('2025-01-01T00:00:02Z'), async () => 'with the new release');
    before.resolve('without it');
    expect(await first).toBe('without it');
    expect(await second).toBe('with the new release');
  });

  it('lets the next reader try again after a failed render', async () => {
    const cache = new FreshCache<string>(() => ({ version: 1, commentVersion: 1, nextEmbargoAt: null }), { maxAgeMs: 60_000, maxEntries: 10 });
    await expect(cache.get('/x', now, async () => Promise.reject(new Error('database busy')))).rejects.toThrow('database busy');
    expect(await cache.get('/x', now, async () => 'recovered')).toBe('recovered');
  });

  it('evicts the least recently used page, so a flood of one-off pages keeps the busy ones', async () => {
    const cache = new FreshCache<string>(() => ({ version: 1, commentVersion: 1, nextEmbargoAt: null }), { maxAgeMs: 60_000, maxEntries: 3 });
    await cache.get('/briefing', now, async () => 'list');
    for (let id = 1; id <= 5; id++) {
      await cache.get(`/briefing/${id}`, now, async () => `article ${id}`);
      expect(await cache.get('/briefing', now, async () => 'list rendered again')).toBe('list');
    }
    expect(await cache.get('/briefing/1', now, async () => 'article 1 rendered again')).toBe('article 1 rendered again');
  });

  it('checks a page showing a release\'s comments against those comments only', async () => {
    const commentVersions = new Map([[1, 7], [2, 3]]);
    const reads: (number | undefined)[] = [];
    const cache = new FreshCache<string>(
      (_now, commentsOf) => {
        reads.push(commentsOf);
        return { version: 1, commentVersion: commentsOf === undefined ? 0 : commentVersions.get(commentsOf) ?? 0, nextEmbargoAt: null };
      },
      { maxAgeMs: 60_000, maxEntries: 10 },
    );
    expect(await cache.get('/briefing/1', now, async () => 'article 1', 1)).toBe('article 1');
    expect(await cache.get('/briefing/2', now, async () => 'article 2', 2)).toBe('article 2');
    expect(reads).toEqual([1, 2]);
    // A comment on article 2 retires its page, and only its page.
    commentVersions.set(2, 4);
    expect(await cache.get('/briefing/1', now, async () => 'article 1 again', 1)).toBe('article 1');
    expect(await cache.get('/briefing/2', now, async () => 'article 2 with the comment', 2)).toBe('article 2 with the comment');
    // Asked for without naming its release, a page that shows comments is not trusted.
    expect(await cache.get('/briefing/1', now, async () => 'article 1 unchecked')).toBe('article 1 unchecked');
  });

  describe('with a byte budget', () => {
    const fresh = (): Freshness => ({ version: 1, commentVersion: 1, nextEmbargoAt: null });
    const sized = () =>
      new FreshCache<string>(fresh, { maxAgeMs: 60_000, maxEntries: 100, maxBytes: 10, maxEntryBytes: 6, sizeOf: (value) => value.length });

    it('drops the least recently used answers until a new one fits', async () => {
      const cache = sized();
      await cache.get('/a', now, async () => 'aaaa');
      await cache.get('/b', now, async () => 'bbbb');
      // /a is read again, so /b is now the least recently used
      expect(await cache.get('/a', now, async () => 'rendered again')).toBe('aaaa');
      await cache.get('/c', now, async () => 'cccccc');
      expect(cache.usage).toEqual({ entries: 2, bytes: 10 });
      expect(await cache.get('/b', now, async () => 'b again')).toBe('b again');
      expect(await cache.get('/c', now, async () => 'lost')).toBe('cccccc');
    });

    it('hands out an answer over the entry limit without keeping it or dropping others', async () => {
      const cache = sized();
      await cache.get('/small', now, async () => 'ss');
      let renders = 0;
      const large = async () => `${++renders}-large-answer`;
      expect(await cache.get('/large', now, large)).toBe('1-large-answer');
      expect(await cache.get('/large', now, large)).toBe('2-large-answer');
      expect(cache.usage).toEqual({ entries: 1, bytes: 2 });
      expect(await cache.get('/small', now, async () => 'gone')).toBe('ss');
    });

    it('gives back the bytes of an answer that went stale or was replaced', async () => {
      const freshness = fresh();
      const cache = new FreshCache<string>(() => ({ ...freshness }), { maxAgeMs: 60_000, maxEntries: 100, maxBytes: 10, sizeOf: (v) => v.length });
      await cache.get('/a', now, async () => 'aaaa');
      freshness.version = 2;
      await cache.get('/a', now, async () => 'a2');
      expect(cache.usage).toEqual({ entries: 1, bytes: 2 });
      cache.clear();
      expect(cache.usage).toEqual({ entries: 0, bytes: 0 });
    });
  });
});

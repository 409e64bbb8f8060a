// Uncached searches wait in one line (HeavyWork). A reader who closes the connection
// while waiting (gives up, presses reload) must not cost the thread a search: under
// load the line is long, and the searches of readers still there wait behind it. And
// the line has an end: past it, a reader hears at once that it is busy.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { fixedClock } from '../../src/shared/clock.js';
import { HeavyWork, type Pause } from '../../src/shared/heavy-work.js';
import { freshDatabase, seedRelease, testConfig } from '../helpers.js';

/** The real line, with what it was asked and what it actually started. */
class WatchedWork extends HeavyWork {
  readonly signals: (AbortSignal | undefined)[] = [];
  started = 0;

  override run<T>(task: (pause: Pause) => Promise<T>, abandoned?: AbortSignal): Promise<T> {
    this.signals.push(abandoned);
    return super.run((pause) => {
      this.started++;
      return task(pause);
    }, abandoned);
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5_000) throw new Error('timed out waiting for the server');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(url: string): { request: http.ClientRequest; answer: Promise<Answer> } {
  const request = http.get(url);
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
  });
  return { request, answer };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The app over one release about 예산, listening on loopback, with the given line. */
async function serve(work: HeavyWork, lines: string[]): Promise<string> {
  const connection = freshDatabase();
  await seedRelease(connection, { title: '내년도 지역 예산 편성 방향 발표', releasedAt: '2024-12-01T01:00:00.000Z' });
  app = await buildApp({
    config: testConfig({ logLevel: 'info' }),
    connection,
    clock: fixedClock('2025-01-01T00:00:00.000Z'),
    logStream: { write: (line) => void lines.push(line) },
    heavyWork: work,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Holds the line with a task of its own until the returned function is called. */
function holdLine(work: HeavyWork): { release: () => Promise<void> } {
  let finish!: () => void;
  const held = work.run(() => new Promise<void>((resolve) => (finish = resolve)));
  return {
    release: async () => {
      finish();
      await held;
    },
  };
}

const errorsIn = (lines: string[]) => lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((entry) => entry.level >= 50);

const word = encodeURIComponent('예산');

describe('a search whose reader has left', () => {
  it.each([
    // The title comes with the word marked on the page, as it is in the API.
    ['on the search page', `/briefing/search?q=${word}`, `/briefing/search?q=${word}&sort=latest`, '편성 방향 발표'],
    ['in the API', `/api/v1/releases?q=${word}`, `/api/v1/releases?q=${word}&sort=latest`, '내년도 지역 예산 편성 방향 발표'],
  ])('is not done %s, while the search of a reader still waiting is answered', async (_where, leavingPath, stayingPath, expected) => {
    const lines: string[] = [];
    const work = new WatchedWork();
    const origin = await serve(work, lines);
    // Another search holds the line.
    const ahead = holdLine(work);

    const leaving = get(`${origin}${leavingPath}`);
    leaving.answer.catch(() => {});
    await until(() => work.signals.length === 2);
    const staying = get(`${origin}${stayingPath}`);
    await until(() => work.signals.length === 3);

    leaving.request.destroy();
    await until(() => work.signals[1]?.aborted === true);
    expect(work.signals[2]?.aborted).toBe(false);

    await ahead.release();
    const answer = await staying.answer;
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(expected);
    // The line started the search ahead and the one of the reader still there, not the other.
    expect(work.started).toBe(2);
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logged.filter((entry) => entry.msg === 'reader left before the answer')).toHaveLength(1);
    expect(errorsIn(lines)).toEqual([]);
  });
});

describe('a full line of searches', () => {
  it('turns the next reader away at once with a Korean 503 and Retry-After, on the page and in the API, while answering what the cache holds', async () => {
    const lines: string[] = [];
    const work = new WatchedWork({ maxWaiting: 1 });
    const origin = await serve(work, lines);
    // A search answered before the line filled: the page cache keeps it.
    const cachedPath = `/briefing/search?q=${encodeURIComponent('지역')}`;
    expect((await get(`${origin}${cachedPath}`).answer).status).toBe(200);

    const ahead = holdLine(work);
    const waiting = get(`${origin}/briefing/search?q=${word}`);
    await until(() => work.signals.length === 3);

    const refused = await get(`${origin}/briefing/search?q=${word}&sort=latest`).answer;
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.body).toContain('몇 초 뒤에 다시 검색해 주세요');

    const refusedApi = await get(`${origin}/api/v1/releases?q=${word}&sort=latest`).answer;
    expect(refusedApi.status).toBe(503);
    expect(refusedApi.headers['retry-after']).toBe('5');
    expect(JSON.parse(refusedApi.body)).toMatchObject({ error: { status: 503, code: 'BUSY' } });

    const cached = await get(`${origin}${cachedPath}`).answer;
    expect(cached.status).toBe(200);
    expect(cached.body).toContain('편성 방향 발표');

    await ahead.release();
    expect((await waiting.answer).status).toBe(200);
    // Once the line has moved, the same search is answered.
    expect((await get(`${origin}/briefing/search?q=${word}&sort=latest`).answer).status).toBe(200);
    expect(errorsIn(lines)).toEqual([]);
  });
});

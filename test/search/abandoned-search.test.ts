// Uncached searches wait in one line (HeavyWork). A reader who closes the connection
// while waiting (gives up, presses reload) must not cost the thread a search: under
// load the line is long, and the searches of readers still there wait behind it.
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

function get(url: string): { request: http.ClientRequest; answer: Promise<{ status: number; body: string }> } {
  const request = http.get(url);
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
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

const word = encodeURIComponent('예산');

describe('a search whose reader has left', () => {
  it.each([
    // The title comes with the word marked on the page, as it is in the API.
    ['on the search page', `/briefing/search?q=${word}`, `/briefing/search?q=${word}&sort=latest`, '편성 방향 발표'],
    ['in the API', `/api/v1/releases?q=${word}`, `/api/v1/releases?q=${word}&sort=latest`, '내년도 지역 예산 편성 방향 발표'],
  ])('is not done %s, while the search of a reader still waiting is answered', async (_where, leavingPath, stayingPath, expected) => {
    const connection = freshDatabase();
    await seedRelease(connection, { title: '내년도 지역 예산 편성 방향 발표', releasedAt: '2024-12-01T01:00:00.000Z' });
    const lines: string[] = [];
    const work = new WatchedWork();
    app = await buildApp({
      config: testConfig({ logLevel: 'info' }),
      connection,
      clock: fixedClock('2025-01-01T00:00:00.000Z'),
      logStream: { write: (line) => void lines.push(line) },
      heavyWork: work,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    // Another search holds the line.
    let finishAhead!: () => void;
    const ahead = work.run(() => new Promise<void>((resolve) => (finishAhead = resolve)));

    const leaving = get(`${origin}${leavingPath}`);
    leaving.answer.catch(() => {});
    await until(() => work.signals.length === 2);
    const staying = get(`${origin}${stayingPath}`);
    await until(() => work.signals.length === 3);

    leaving.request.destroy();
    await until(() => work.signals[1]?.aborted === true);
    expect(work.signals[2]?.aborted).toBe(false);

    finishAhead();
    await ahead;
    const answer = await staying.answer;
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(expected);
    // The line started the search ahead and the one of the reader still there, not the other.
    expect(work.started).toBe(2);
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logged.filter((entry) => entry.msg === 'reader left before the answer')).toHaveLength(1);
    expect(logged.filter((entry) => entry.level >= 50)).toEqual([]);
  });
});

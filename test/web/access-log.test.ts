import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { freshDatabase, testConfig } from '../helpers.js';

async function logged(accessLog: boolean, urls: string[]): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const app = await buildApp({
    config: testConfig({ logLevel: 'info', accessLog }),
    connection: freshDatabase(),
    logStream: { write: (line) => void lines.push(line) },
  });
  try {
    for (const url of urls) await app.inject(url);
  } finally {
    await app.close();
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('request logging', () => {
  it('writes one line per answered request with ACCESS_LOG, and none for passing health probes', async () => {
    const entries = await logged(true, ['/briefing', '/briefing/999', '/healthz']);
    const requests = entries.filter((entry) => entry.msg === 'request');
    expect(requests.map((entry) => [entry.method, entry.url, entry.status])).toEqual([
      ['GET', '/briefing', 200],
      ['GET', '/briefing/999', 404],
    ]);
    expect(typeof requests[0]!.ms).toBe('number');
    expect(entries.some((entry) => entry.msg === 'incoming request' || entry.msg === 'request completed')).toBe(false);
  });

  it('writes no line per request without it', async () => {
    const entries = await logged(false, ['/briefing', '/briefing/999']);
    expect(entries.filter((entry) => 'url' in entry || entry.msg === 'request' || entry.msg === 'incoming request')).toEqual([]);
  });
});

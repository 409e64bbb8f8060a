import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { freshDatabase, testConfig } from '../helpers.js';

const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
async function app(connection = freshDatabase()) {
  const built = await buildApp({ config: testConfig(), connection });
  apps.push(built);
  return { app: built, connection };
}

afterEach(async () => {
  for (const built of apps.splice(0)) await built.close().catch(() => {});
});

describe('GET /healthz', () => {
  it('answers 200 while the database can be read, never to be cached', async () => {
    const { app: server } = await app();
    const res = await server.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
    const head = await server.inject({ method: 'HEAD', url: '/healthz' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers 503 with a Korean message once the database cannot be read', async () => {
    const { app: server, connection } = await app();
    expect((await server.inject('/healthz')).statusCode).toBe(200);
    connection.sqlite.close();
    const res = await server.inject('/healthz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', message: '데이터베이스를 읽을 수 없습니다.' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 when the content version, which migration 006 writes, is missing', async () => {
    const { app: server, connection } = await app();
    connection.sqlite.exec('DELETE FROM site_state');
    const res = await server.inject('/healthz');
    expect(res.statusCode).toBe(503);
    expect(res.json().status).toBe('unavailable');
  });
});

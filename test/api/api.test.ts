import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, seedRelease, type TestApp } from '../helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

interface ListBody {
  items: { id: number; title: string; releasedAt: string; url: string; ministry: string }[];
  total: number;
  nextCursor: string | null;
}

describe('GET /api/v1/releases', () => {
  it('lists public releases newest first with the contract fields', async () => {
    const a = await seedRelease(t.connection, { title: '첫 자료', releasedAt: '2024-01-01T10:00:00+09:00', subtitles: ['부제'], summary: ['요약'] });
    const b = await seedRelease(t.connection, { title: '둘째 자료', ministry: '교육부', releasedAt: '2024-01-02T10:00:00+09:00' });
    await seedRelease(t.connection, { title: '엠바고', state: 'scheduled', releasedAt: '2025-06-01T00:00:00Z' });
    await seedRelease(t.connection, { title: '철회', state: 'withdrawn', releasedAt: '2024-01-03T00:00:00Z' });
    const res = await get('/api/v1/releases');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json() as ListBody;
    expect(body.total).toBe(2);
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((i) => i.id)).toEqual([b, a]);
    expect(body.items[1]).toMatchObject({
      id: a,
      url: `http://127.0.0.1:3000/briefing/${a}`,
      type: '보도자료',
      title: '첫 자료',
      subtitles: ['부제'],
      summary: ['요약'],
      ministry: '중소벤처기업부',
      releasedAt: '2024-01-01T10:00:00+09:00',
      licence: { type: 1, label: '공공누리 제1유형' },
    });
  });

  it('filters by ministry, type, dates and q', async () => {
    await seedRelease(t.connection, { title: '반도체 지원', releasedAt: '2024-01-01T10:00:00+09:00' });
    await seedRelease(t.connection, { title: '교육 과정', ministry: '교육부', type: '브리핑', releasedAt: '2024-02-01T10:00:00+09:00' });
    const titles = async (query: string) => ((await get(`/api/v1/releases?${query}`)).json() as ListBody).items.map((i) => i.title);
    expect(await titles(`ministry=${encodeURIComponent('교육부')}`)).toEqual(['교육 과정']);
    expect(await titles(`type=${encodeURIComponent('보도자료')}`)).toEqual(['반도체 지원']);
    expect(await titles('from=2024-01-15')).toEqual(['교육 과정']);
    expect(await titles('to=2024-01-15')).toEqual(['반도체 지원']);
    expect(await titles(`q=${encodeURIComponent('반도')}`)).toEqual(['반도체 지원']);
    expect(await titles(`q=${encodeURIComponent('교')}&sort=latest`)).toEqual(['교육 과정']);
  });

  it('keeps cursor pages stable while newer releases are inserted', async () => {
    for (let i = 1; i <= 7; i++) await seedRelease(t.connection, { title: `자료 ${i}`, releasedAt: new Date(Date.UTC(2024, 0, i)).toISOString() });
    const first = (await get('/api/v1/releases?limit=3')).json() as ListBody;
    expect(first.items.map((i) => i.title)).toEqual(['자료 7', '자료 6', '자료 5']);
    await seedRelease(t.connection, { title: '새 자료', releasedAt: '2024-06-01T00:00:00Z' });
    const second = (await get(`/api/v1/releases?limit=3&cursor=${first.nextCursor}`)).json() as ListBody;
    expect(second.items.map((i) => i.title)).toEqual(['자료 4', '자료 3', '자료 2']);
    const third = (await get(`/api/v1/releases?limit=3&cursor=${second.nextCursor}`)).json() as ListBody;
    expect(third.items.map((i) => i.title)).toEqual(['자료 1']);
    expect(third.nextCursor).toBeNull();
  });

  it('answers ETag, Cache-Control, 304 and CORS', async () => {
    await seedRelease(t.connection, { title: '캐시 자료', releasedAt: '2024-01-01T00:00:00Z' });
    const res = await get('/api/v1/releases', { origin: 'https://news.example' });
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.headers['cache-control']).toBe('public, no-cache');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const again = await get('/api/v1/releases', { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await seedRelease(t.connection, { title: '새 자료', releasedAt: '2024-02-01T00:00:00Z' });
    expect((await get('/api/v1/releases', { 'if-none-match': String(res.headers.etag) })).statusCode).toBe(200);
    const preflight = await t.app.inject({ method: 'OPTIONS', url: '/api/v1/releases', headers: { origin: 'https://news.example', 'access-control-request-method': 'GET' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('GET');
  });

  it.each([
    ['/api/v1/releases?from=2024-13-01', 400, 'INVALID_QUERY'],
    [`/api/v1/releases?ministry=${encodeURIComponent('없는부')}`, 400, 'INVALID_QUERY'],
    ['/api/v1/releases?cursor=bogus', 400, 'INVALID_QUERY'],
    [`/api/v1/releases?q=${'가'.repeat(201)}`, 400, 'INVALID_QUERY'],
    ['/api/v1/releases?limit=1000', 400, 'BAD_REQUEST'],
    ['/api/v1/releases?type=nope', 400, 'BAD_REQUEST'],
    ['/api/v1/releases/999', 404, 'RELEASE_NOT_FOUND'],
    ['/api/v1/nothing', 404, 'NOT_FOUND'],
  ])('%s answers JSON %i with code %s', async (url, status, code) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[가-힣]/);
  });

  it.each(['"', 'NEAR(', '*', '\u0000', 'a OR b'])('never fails on q=%j', async (q) => {
    await seedRelease(t.connection, { title: '자료', releasedAt: '2024-01-01T00:00:00Z' });
    expect((await get(`/api/v1/releases?q=${encodeURIComponent(q)}`)).statusCode).toBe(200);
  });
});

describe('GET /api/v1/releases/:id', () => {
  it('returns the release with attachments in order and the correction history', async () => {
    const id = await seedRelease(t.connection, { title: '첨부 자료', releasedAt: '2024-01-01T00:00:00Z', department: '정책과', contactPerson: '김담당' });
    for (const [position, name] of [[2, '둘.pdf'], [1, '하나.hwp']] as const) {
      await t.connection.db.insertInto('attachments').values({ release_id: id, position, file_name: name, media_type: 'application/pdf', size_bytes: 10, sha256: 'x', created_at: '2024-01-01T00:00:00Z' }).execute();
    }
    const res = await get(`/api/v1/releases/${id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { attachments: { fileName: string; url: string }[]; corrections: unknown[]; bodyHtml: string; department: string; contact: { person: string }; attribution: string };
    expect(body.attachments.map((a) => a.fileName)).toEqual(['하나.hwp', '둘.pdf']);
    expect(body.attachments[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/attachments\/\d+\//);
    expect(body.corrections).toEqual([]);
    expect(body.bodyHtml).toContain('<p>');
    expect(body.department).toBe('정책과');
    expect(body.contact.person).toBe('김담당');
    expect(body.attribution).toContain('중소벤처기업부');
  });

  it.each(['draft', 'withdrawn', 'embargoed'] as const)('hides a %s release', async (kind) => {
    const id = await seedRelease(t.connection, {
      title: '숨은 자료',
      state: kind === 'embargoed' ? 'scheduled' : kind,
      releasedAt: kind === 'embargoed' ? '2025-01-02T00:00:00Z' : '2024-01-01T00:00:00Z',
    });
    expect((await get(`/api/v1/releases/${id}`)).statusCode).toBe(404);
    expect((await get('/api/v1/releases')).body).not.toContain('숨은');
    expect((await get(`/api/v1/releases?q=${encodeURIComponent('숨은')}`)).body).not.toContain('숨은 자료');
  });
});

describe('OpenAPI', () => {
  it('documents the routes from their schemas', async () => {
    const res = await get('/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, { get: { parameters?: { name: string }[]; responses: Record<string, unknown> } }> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/releases', '/api/v1/releases/{id}']);
    const names = doc.paths['/api/v1/releases']!.get.parameters!.map((p) => p.name).sort();
    expect(names).toEqual(['cursor', 'from', 'limit', 'ministry', 'q', 'sort', 'to', 'type']);
    expect(Object.keys(doc.paths['/api/v1/releases/{id}']!.get.responses)).toEqual(expect.arrayContaining(['200', '404']));
  });
});

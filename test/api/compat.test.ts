import { loadConfig } from '../../src/config.js';
import Fastify from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { issueApiKey, revokeApiKey } from '../../src/apikeys/apikey-service.js';
import { compatRoutes } from '../../src/api/compat-routes.js';
import { createTestApp, seedRelease, type TestApp } from '../helpers.js';

let t: TestApp;
let key: string;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
  key = (await issueApiKey(t.connection.db, '시험 수집기', new Date())).key;
});
afterEach(async () => {
  await t.close();
});

const PATH = '/1371000/pressReleaseService/pressReleaseList';
const parser = new XMLParser({ isArray: (name) => ['NewsItem', 'FileName', 'FileUrl'].includes(name), parseTagValue: false, trimValues: false });
type Item = Record<string, string | string[]>;
async function call(query: string, app = t.app) {
  const res = await app.inject({ method: 'GET', url: `${PATH}?${query}` });
  expect(XMLValidator.validate(res.body)).toBe(true);
  return { res, xml: parser.parse(res.body) as Record<string, any> };
}
const items = (xml: Record<string, any>): Item[] => xml.response?.body?.NewsItem ?? [];

describe('the open-data-portal-compatible XML API', () => {
  it('answers resultCode 03 and no items when nothing matches', async () => {
    const { res, xml } = await call(`serviceKey=${key}&startDate=20240101&endDate=20240103`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('xml');
    expect(xml.response.header.resultCode).toBe('03');
    expect(items(xml)).toEqual([]);
  });

  it('answers one item with every field', async () => {
    const id = await seedRelease(t.connection, {
      title: '한 건 자료',
      ministry: '교육부',
      subtitles: ['부제 하나', '부제 둘'],
      body: '본문 **강조**',
      releasedAt: '2024-01-02T14:00:00+09:00',
    });
    for (const [position, name] of [[1, '첫째.hwp'], [2, '둘째.pdf'], [3, '셋째.zip']] as const) {
      await t.connection.db.insertInto('attachments').values({ release_id: id, position, file_name: name, media_type: 'application/octet-stream', size_bytes: 1, sha256: 'x', created_at: '2024-01-01T00:00:00Z' }).execute();
    }
    const { xml } = await call(`serviceKey=${key}&startDate=20240101&endDate=20240103`);
    expect(xml.response.header).toEqual({ resultCode: '0', resultMsg: 'NORMAL SERVICE' });
    const [item] = items(xml);
    expect(item).toMatchObject({
      NewsItemId: String(id),
      ContentsStatus: 'I',
      ModifyId: '1',
      ApproveDate: '01/02/2024 14:00:00',
      EmbargoDate: '01/02/2024 14:00:00',
      ApproverName: '',
      GroupingCode: 'brief',
      Title: '한 건 자료',
      SubTitle1: '부제 하나',
      SubTitle2: '부제 둘',
      SubTitle3: '',
      MinisterCode: '교육부',
      OriginalUrl: `http://127.0.0.1:3000/briefing/${id}`,
    });
    expect(item!.DataContents).toContain('<strong>강조</strong>');
    expect(item!.FileName).toEqual(['첫째.hwp', '둘째.pdf', '셋째.zip']);
    expect((item!.FileUrl as string[]).map((u) => decodeURIComponent(u.split('/').pop()!))).toEqual(['첫째.hwp', '둘째.pdf', '셋째.zip']);
    // the pairs are siblings in order: FileName, FileUrl, FileName, FileUrl ...
    const raw = (await t.app.inject(`${PATH}?serviceKey=${key}&startDate=20240101&endDate=20240103`)).body;
    const order = [...raw.matchAll(/<(FileName|FileUrl)>/g)].map((m) => m[1]);
    expect(order).toEqual(['FileName', 'FileUrl', 'FileName', 'FileUrl', 'FileName', 'FileUrl']);
  });

  it('answers many items, paged, only public ones, with U and the change counter after a correction', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await seedRelease(t.connection, { title: `자료 ${i}`, releasedAt: new Date(Date.UTC(2024, 0, 1, i)).toISOString() }));
    await seedRelease(t.connection, { title: '철회 자료', state: 'withdrawn', releasedAt: '2024-01-01T05:00:00Z' });
    await seedRelease(t.connection, { title: '초안 자료', state: 'draft', releasedAt: '2024-01-01T06:00:00Z' });
    await t.connection.db.updateTable('releases').set({ title: '자료 0 (정정)', lock_version: 3 }).where('id', '=', ids[0]!).execute();
    const all = items((await call(`serviceKey=${key}&startDate=20240101&endDate=20240102`)).xml);
    expect(all.map((i) => i.Title)).toEqual(['자료 0 (정정)', '자료 1', '자료 2', '자료 3', '자료 4']);
    expect(all[0]).toMatchObject({ ContentsStatus: 'U', ModifyId: '3' });
    const page2 = items((await call(`serviceKey=${key}&startDate=20240101&endDate=20240102&pageNo=2&numOfRows=2`)).xml);
    expect(page2.map((i) => i.Title)).toEqual(['자료 2', '자료 3']);
    const beyond = (await call(`serviceKey=${key}&startDate=20240101&endDate=20240102&pageNo=9&numOfRows=2`)).xml;
    expect(beyond.response.header.resultCode).toBe('03');
  });

  it('hides an embargoed release until its 보도시점', async () => {
    await seedRelease(t.connection, { title: '엠바고 자료', state: 'scheduled', releasedAt: '2025-01-01T10:00:00+09:00' });
    expect(items((await call(`serviceKey=${key}&startDate=20241231&endDate=20250102`)).xml)).toEqual([]);
    t.clock.set('2025-01-01T01:00:01Z');
    expect(items((await call(`serviceKey=${key}&startDate=20241231&endDate=20250102`)).xml).map((i) => i.Title)).toEqual(['엠바고 자료']);
  });

  it('answers repeated requests from its cache, but never after a change, and never to an unknown key', async () => {
    const id = await seedRelease(t.connection, { title: '캐시 자료', releasedAt: '2024-01-01T01:00:00Z' });
    const query = `serviceKey=${key}&startDate=20240101&endDate=20240101`;
    expect(items((await call(query)).xml).map((i) => i.Title)).toEqual(['캐시 자료']);
    expect(items((await call(query)).xml).map((i) => i.Title)).toEqual(['캐시 자료']);
    await t.connection.db.updateTable('releases').set({ title: '캐시 자료 (정정)' }).where('id', '=', id).execute();
    expect(items((await call(query)).xml).map((i) => i.Title)).toEqual(['캐시 자료 (정정)']);
    await t.connection.db.updateTable('releases').set({ state: 'withdrawn' }).where('id', '=', id).execute();
    expect((await call(query)).xml.response.header.resultCode).toBe('03');
    const unknown = (await call('serviceKey=not-a-key&startDate=20240101&endDate=20240101')).xml;
    expect(unknown.OpenAPI_ServiceResponse.cmmMsgHeader.returnReasonCode).toBe('30');
  });

  it('stays well-formed with control characters and ]]> in a body', async () => {
    await seedRelease(t.connection, { title: '제어\u0001문자 & <태그>', releasedAt: '2024-01-01T00:00:00Z', body: '앞 ]]> 뒤 \u0007 \u001b[31m' });
    await t.connection.db.updateTable('releases').set({ body_html: '<p>앞 ]]> 뒤 \u0007\u000b</p>' }).execute();
    const { xml } = await call(`serviceKey=${key}&startDate=20240101&endDate=20240101`);
    const [item] = items(xml);
    expect(item!.Title).toBe('제어문자 & <태그>');
    expect(item!.DataContents).toBe('<p>앞 ]]> 뒤 </p>');
  });

  it.each([
    ['', '30', 'SERVICE_KEY_IS_NOT_REGISTERED_ERROR'],
    ['serviceKey=nope&startDate=20240101&endDate=20240101', '30', 'SERVICE_KEY_IS_NOT_REGISTERED_ERROR'],
    [`serviceKey=${'0'.repeat(64)}&startDate=20240101&endDate=20240101`, '30', 'SERVICE_KEY_IS_NOT_REGISTERED_ERROR'],
    ['serviceKey=KEY', '11', 'NO_MANDATORY_REQUEST_PARAMETERS_ERROR'],
    ['serviceKey=KEY&startDate=20240101', '11', 'NO_MANDATORY_REQUEST_PARAMETERS_ERROR'],
    ['serviceKey=KEY&startDate=20240101&endDate=20240105', '10', 'INVALID_REQUEST_PARAMETER_ERROR'],
    ['serviceKey=KEY&startDate=2024-01-01&endDate=20240101', '10', 'INVALID_REQUEST_PARAMETER_ERROR'],
    ['serviceKey=KEY&startDate=20240230&endDate=20240301', '10', 'INVALID_REQUEST_PARAMETER_ERROR'],
    ['serviceKey=KEY&startDate=20240103&endDate=20240101', '10', 'INVALID_REQUEST_PARAMETER_ERROR'],
    ['serviceKey=KEY&startDate=20240101&endDate=20240101&numOfRows=0', '10', 'INVALID_REQUEST_PARAMETER_ERROR'],
    ['serviceKey=KEY&startDate=20240101&endDate=20240101&pageNo=abc', '10', 'INVALID_REQUEST_PARAMETER_ERROR'],
    ['serviceKey=KEY&startDate=20240101&startDate=20240102&endDate=20240102', '10', 'INVALID_REQUEST_PARAMETER_ERROR'],
  ])('answers %s with the portal error shape %s', async (query, code, message) => {
    const { res, xml } = await call(query.replace('KEY', key));
    expect(res.statusCode).toBe(200);
    expect(xml.OpenAPI_ServiceResponse.cmmMsgHeader).toEqual({ errMsg: message, returnAuthMsg: message, returnReasonCode: code });
  });

  it('accepts a range of exactly three days', async () => {
    const { xml } = await call(`serviceKey=${key}&startDate=20240101&endDate=20240103`);
    expect(xml.response.header.resultCode).toBe('03');
  });

  it('refuses a revoked key', async () => {
    const issued = await issueApiKey(t.connection.db, '곧 폐기', new Date());
    expect((await call(`serviceKey=${issued.key}&startDate=20240101&endDate=20240101`)).xml.response).toBeDefined();
    await revokeApiKey(t.connection.db, issued.id, new Date());
    const { xml } = await call(`serviceKey=${issued.key}&startDate=20240101&endDate=20240101`);
    expect(xml.OpenAPI_ServiceResponse.cmmMsgHeader.returnReasonCode).toBe('30');
  });

  it('rate-limits per key', async () => {
    const app = Fastify();
    app.decorate('services', t.app.services);
    await app.register(compatRoutes, { rateLimitMax: 3, rateLimitWindowMs: 60_000 });
    const other = (await issueApiKey(t.connection.db, '다른 키', new Date())).key;
    for (let i = 0; i < 3; i++) expect((await call(`serviceKey=${key}&startDate=20240101&endDate=20240101`, app)).res.statusCode).toBe(200);
    const { res, xml } = await call(`serviceKey=${key}&startDate=20240101&endDate=20240101`, app);
    expect(res.statusCode).toBe(429);
    expect(xml.OpenAPI_ServiceResponse.cmmMsgHeader).toMatchObject({ errMsg: 'LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR', returnReasonCode: '22' });
    expect((await call(`serviceKey=${other}&startDate=20240101&endDate=20240101`, app)).res.statusCode).toBe(200);
    await app.close();
  });

  it('takes the hourly limit from OPEN_API_HOURLY_LIMIT', async () => {
    const app = Fastify();
    app.decorate('services', { ...t.app.services, config: loadConfig({ OPEN_API_HOURLY_LIMIT: '2' }) });
    await app.register(compatRoutes);
    for (let i = 0; i < 2; i++) expect((await call(`serviceKey=${key}&startDate=20240101&endDate=20240101`, app)).res.statusCode).toBe(200);
    expect((await call(`serviceKey=${key}&startDate=20240101&endDate=20240101`, app)).res.statusCode).toBe(429);
    await app.close();
    expect(() => loadConfig({ OPEN_API_HOURLY_LIMIT: '0' })).toThrow(/OPEN_API_HOURLY_LIMIT/);
  });

  it('stores only a hash of each key', async () => {
    const rows = await t.connection.db.selectFrom('api_keys').selectAll().execute();
    expect(rows[0]!.key_hash).not.toBe(key);
    expect(JSON.stringify(rows)).not.toContain(key);
  });
});

describe('briefroom apikey', () => {
  it('adds (key alone on the last line), lists and revokes', async () => {
    const fs = await import('node:fs');
    const dir = fs.mkdtempSync('/tmp/briefroom-apikey-');
    const previous = process.env.DATABASE_PATH;
    process.env.DATABASE_PATH = `${dir}/db.sqlite`;
    try {
      const out: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(`ERR ${l}`) };
      expect(await main(['apikey', 'add', '--name', '수집기'], io)).toBe(0);
      expect(out.at(-1)).toMatch(/^[0-9a-f]{64}$/);
      out.length = 0;
      expect(await main(['apikey', 'list'], io)).toBe(0);
      expect(out.join('\n')).toContain('수집기');
      expect(out.join('\n')).toContain('사용 중');
      expect(await main(['apikey', 'revoke', '1'], io)).toBe(0);
      expect(await main(['apikey', 'revoke', '1'], io)).toBe(1);
      expect(await main(['apikey', 'add'], io)).toBe(2);
    } finally {
      if (previous === undefined) delete process.env.DATABASE_PATH;
      else process.env.DATABASE_PATH = previous;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

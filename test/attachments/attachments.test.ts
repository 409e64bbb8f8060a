import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { listAttachmentsForEditor } from '../../src/attachments/attachment-service.js';
import { findOrCreateMinistry } from '../../src/ministries/ministry-service.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createUser } from '../../src/users/user-service.js';
import type { Role } from '../../src/db/schema.js';
import type { Connection } from '../../src/db/sqlite.js';
import { freshDatabase, seedRelease, testConfig } from '../helpers.js';
import { loginAs } from '../session-helpers.js';
import {
  elfExecutable,
  minimalGif,
  minimalHwp,
  minimalHwpx,
  minimalJpeg,
  minimalOdt,
  minimalPdf,
  minimalPng,
  minimalWebp,
  multipartBody,
  shellScript,
  windowsExecutable,
} from './attachment-fixtures.js';

const MAX_BYTES = 64 * 1024;
const PASSWORD = 'correct-horse-9';

let app: FastifyInstance;
let connection: Connection;
let clock: ReturnType<typeof fixedClock>;
let dir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-attachments-'));
  connection = freshDatabase();
  clock = fixedClock('2025-03-01T00:00:00.000Z');
  app = await buildApp({
    config: testConfig({ attachmentsDir: path.join(dir, 'files'), attachmentMaxBytes: MAX_BYTES }),
    connection,
    clock,
  });
  const now = clock().toISOString();
  await findOrCreateMinistry(connection.db, '중소벤처기업부', now);
  await findOrCreateMinistry(connection.db, '환경부', now);
});

afterEach(async () => {
  await app.close();
  await connection.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function staff(email: string, roles: Role[], ministries: string[] = []) {
  await createUser(connection.db, { email, displayName: email.split('@')[0]!, roles, ministries, password: PASSWORD }, clock());
  const session = await loginAs(app, email, PASSWORD);
  expect(session.status).toBe(302);
  return session.cookies;
}

/** A CSRF token from the attachments page (the upload form carries it in its action URL). */
async function csrf(cookies: Record<string, string>, releaseId: number) {
  const page = await app.inject({ method: 'GET', url: `/admin/releases/${releaseId}/attachments`, cookies });
  expect(page.statusCode).toBe(200);
  const token = /_csrf=([^&"]+)/.exec(page.body)?.[1];
  if (!token) throw new Error('no CSRF token on the attachments page');
  const all = { ...cookies };
  for (const c of page.cookies) all[c.name] = c.value;
  return { token: decodeURIComponent(token), cookies: all };
}

async function upload(cookies: Record<string, string>, releaseId: number, fileName: string, content: Buffer): Promise<LightMyRequestResponse> {
  const form = await csrf(cookies, releaseId);
  const { payload, headers } = multipartBody({ fileName, content });
  return app.inject({
    method: 'POST',
    url: `/admin/releases/${releaseId}/attachments?_csrf=${encodeURIComponent(form.token)}`,
    cookies: form.cookies,
    headers,
    payload,
  });
}

function storedFiles(): string[] {
  const root = path.join(dir, 'files');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

async function auditActions(): Promise<string[]> {
  const rows = await connection.db.selectFrom('audit_log').select('action').orderBy('id').execute();
  return rows.map((r) => r.action);
}

describe('uploading attachments', () => {
  const kinds: [string, () => Buffer, string, string][] = [
    ['보도자료.hwp', minimalHwp, 'application/x-hwp', 'HWP'],
    ['보도자료.hwpx', minimalHwpx, 'application/hwp+zip', 'HWPX'],
    ['보도자료.pdf', minimalPdf, 'application/pdf', 'PDF'],
    ['보도자료.odt', minimalOdt, 'application/vnd.oasis.opendocument.text', 'ODT'],
    ['사진.png', minimalPng, 'image/png', 'PNG'],
    ['사진.jpg', minimalJpeg, 'image/jpeg', 'JPEG'],
    ['움직이는 그림.gif', minimalGif, 'image/gif', 'GIF'],
    ['그림.webp', minimalWebp, 'image/webp', 'WebP'],
  ];

  it.each(kinds)('stores %s content-addressed with its media type', async (fileName, make, mediaType, label) => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const cookies = await staff('officer@mss.go.kr', ['press_officer'], ['중소벤처기업부']);
    const content = make();
    const res = await upload(cookies, releaseId, fileName, content);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/releases/${releaseId}/attachments`);

    const [row] = await connection.db.selectFrom('attachments').selectAll().execute();
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(row).toMatchObject({ release_id: releaseId, file_name: fileName, media_type: mediaType, size_bytes: content.length, sha256 });
    const file = path.join(dir, 'files', sha256.slice(0, 2), sha256);
    expect(fs.readFileSync(file).equals(content)).toBe(true);
    // nothing half-written is left behind
    expect(fs.readdirSync(path.join(dir, 'files', '.tmp'))).toEqual([]);

    const list = await listAttachmentsForEditor(connection.db, releaseId);
    expect(list).toEqual([
      expect.objectContaining({ id: row!.id, fileName, typeLabel: label, url: `/admin/attachments/${row!.id}/${encodeURIComponent(fileName)}` }),
    ]);
    expect(await auditActions()).toContain('attachment.upload');
  });

  const executables: [string, () => Buffer][] = [
    ['보도자료.pdf', windowsExecutable],
    ['보도자료.hwp', windowsExecutable],
    ['setup.exe', windowsExecutable],
    ['사진.png', elfExecutable],
    ['install.sh', shellScript],
    ['보도자료.hwpx', shellScript],
  ];
  it.each(executables)('refuses an executable renamed to %s, storing nothing', async (fileName, make) => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const cookies = await staff('officer@mss.go.kr', ['press_officer'], ['중소벤처기업부']);
    const res = await upload(cookies, releaseId, fileName, make());
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('실행 파일이나 스크립트로 보여 첨부할 수 없습니다');
    expect(res.body).toContain('role="alert"');
    expect(await connection.db.selectFrom('attachments').selectAll().execute()).toEqual([]);
    expect(storedFiles()).toEqual([]);
    expect(await auditActions()).toContain('attachment.rejected');
  });

  it('refuses a PNG named .pdf, saying what it really is', async () => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const cookies = await staff('officer@mss.go.kr', ['press_officer'], ['중소벤처기업부']);
    const res = await upload(cookies, releaseId, '보도자료.pdf', minimalPng());
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('확장자(.pdf)와 실제 내용(PNG)이 다릅니다');
  });

  it('refuses a file over the size limit with a Korean 413 and keeps nothing', async () => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const cookies = await staff('officer@mss.go.kr', ['press_officer'], ['중소벤처기업부']);
    const big = Buffer.concat([minimalPdf(), Buffer.alloc(MAX_BYTES + 10, 0x20)]);
    const res = await upload(cookies, releaseId, '큰파일.pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('64.0 KB까지 올릴 수 있습니다');
    expect(await connection.db.selectFrom('attachments').selectAll().execute()).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });

  it('refuses another ministry\'s officer with 403, audits it, and stores nothing', async () => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const other = await staff('officer@me.go.kr', ['press_officer'], ['환경부']);
    // a valid CSRF pair from a page the refused person may see
    const page = await app.inject({ method: 'GET', url: '/account/password', cookies: other });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookies = { ...other };
    for (const c of page.cookies) cookies[c.name] = c.value;
    const { payload, headers } = multipartBody({ fileName: '보도자료.pdf', content: minimalPdf() });
    const res = await app.inject({
      method: 'POST',
      url: `/admin/releases/${releaseId}/attachments?_csrf=${encodeURIComponent(token)}`,
      cookies,
      headers,
      payload,
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('해당 부처의 홍보담당관·검토자 또는 관리자만');
    expect(await connection.db.selectFrom('attachments').selectAll().execute()).toEqual([]);
    expect(storedFiles()).toEqual([]);
    const denial = await connection.db.selectFrom('audit_log').selectAll().where('action', '=', 'permission.denied').executeTakeFirst();
    expect(denial).toMatchObject({ target_type: 'release', target_id: String(releaseId) });
    // its page is refused too
    expect((await app.inject({ method: 'GET', url: `/admin/releases/${releaseId}/attachments`, cookies: other })).statusCode).toBe(403);
  });

  it('refuses a moderator (no attachment role) and a citizen', async () => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    for (const [email, roles] of [['mod@example.kr', ['moderator']], ['citizen@example.kr', ['citizen']]] as const) {
      const cookies = await staff(email, [...roles]);
      const res = await app.inject({ method: 'GET', url: `/admin/releases/${releaseId}/attachments`, cookies });
      expect(res.statusCode).toBe(403);
    }
  });

  it('lets a reviewer of the ministry and an admin upload', async () => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const reviewer = await staff('reviewer@mss.go.kr', ['reviewer'], ['중소벤처기업부']);
    expect((await upload(reviewer, releaseId, 'a.pdf', minimalPdf())).statusCode).toBe(303);
    const admin = await staff('admin@example.go.kr', ['admin']);
    expect((await upload(admin, releaseId, 'b.png', minimalPng())).statusCode).toBe(303);
  });

  it('refuses an upload without the CSRF token', async () => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const cookies = await staff('officer@mss.go.kr', ['press_officer'], ['중소벤처기업부']);
    const { payload, headers } = multipartBody({ fileName: 'a.pdf', content: minimalPdf() });
    const res = await app.inject({ method: 'POST', url: `/admin/releases/${releaseId}/attachments`, cookies, headers, payload });
    expect(res.statusCode).toBe(403);
    expect(storedFiles()).toEqual([]);
  });

  it('stores one copy of the same content attached twice, and removes it only when the last reference goes', async () => {
    const first = await seedRelease(connection, { title: '첫째', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const second = await seedRelease(connection, { title: '둘째', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const cookies = await staff('officer@mss.go.kr', ['press_officer'], ['중소벤처기업부']);
    expect((await upload(cookies, first, '원본.pdf', minimalPdf())).statusCode).toBe(303);
    expect((await upload(cookies, second, '사본.pdf', minimalPdf())).statusCode).toBe(303);
    const rows = await connection.db.selectFrom('attachments').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.sha256).toBe(rows[1]!.sha256);
    expect(storedFiles()).toHaveLength(1);

    const form = await csrf(cookies, first);
    const del = await app.inject({
      method: 'POST',
      url: `/admin/releases/${first}/attachments/${rows[0]!.id}/delete`,
      cookies: form.cookies,
      payload: { _csrf: form.token, next: `/admin/releases/${first}/edit` },
    });
    expect(del.statusCode).toBe(303);
    expect(del.headers.location).toBe(`/admin/releases/${first}/edit`);
    expect(storedFiles()).toHaveLength(1);

    // a row of another release cannot be deleted through this one
    const form2 = await csrf(cookies, first);
    const cross = await app.inject({
      method: 'POST',
      url: `/admin/releases/${first}/attachments/${rows[1]!.id}/delete`,
      cookies: form2.cookies,
      payload: { _csrf: form2.token },
    });
    expect(cross.statusCode).toBe(404);

    const form3 = await csrf(cookies, second);
    await app.inject({
      method: 'POST',
      url: `/admin/releases/${second}/attachments/${rows[1]!.id}/delete`,
      cookies: form3.cookies,
      payload: { _csrf: form3.token, next: 'https://evil.example/' },
    });
    expect(storedFiles()).toEqual([]);
    expect(await connection.db.selectFrom('attachments').selectAll().execute()).toEqual([]);
    expect(await auditActions()).toContain('attachment.delete');
  });

  it('reorders attachments', async () => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const cookies = await staff('officer@mss.go.kr', ['press_officer'], ['중소벤처기업부']);
    await upload(cookies, releaseId, '1.pdf', minimalPdf());
    await upload(cookies, releaseId, '2.png', minimalPng());
    const [, second] = await listAttachmentsForEditor(connection.db, releaseId);
    const form = await csrf(cookies, releaseId);
    const res = await app.inject({
      method: 'POST',
      url: `/admin/releases/${releaseId}/attachments/${second!.id}/move`,
      cookies: form.cookies,
      payload: { _csrf: form.token, direction: 'up' },
    });
    expect(res.statusCode).toBe(303);
    expect((await listAttachmentsForEditor(connection.db, releaseId)).map((a) => a.fileName)).toEqual(['2.png', '1.pdf']);
  });

  it('renders the panel with a labelled file input and delete buttons', async () => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const cookies = await staff('officer@mss.go.kr', ['press_officer'], ['중소벤처기업부']);
    await upload(cookies, releaseId, 'R&D <계획>.pdf', minimalPdf());
    const page = await app.inject({ method: 'GET', url: `/admin/releases/${releaseId}/attachments`, cookies });
    expect(page.body).toMatch(new RegExp(`<label for="attachment-file-${releaseId}">첨부할 파일</label>`));
    expect(page.body).toContain(`id="attachment-file-${releaseId}" name="file"`);
    expect(page.body).toContain('enctype="multipart/form-data"');
    // the name is cleaned (no angle brackets) and escaped
    expect(page.body).toContain('삭제<span class="sr-only">: R&amp;D _계획_.pdf</span>');
  });
});

describe('serving attachments', () => {
  async function attached(releasedAt: string, fileName = '2025년 보도자료 (최종).pdf') {
    const releaseId = await seedRelease(connection, { title: '예약 보도자료', state: 'scheduled', releasedAt });
    const cookies = await staff('officer@mss.go.kr', ['press_officer'], ['중소벤처기업부']);
    expect((await upload(cookies, releaseId, fileName, minimalPdf())).statusCode).toBe(303);
    const [item] = await listAttachmentsForEditor(connection.db, releaseId);
    return { releaseId, cookies, item: item! };
  }

  it('is 404 before the 보도시점 and 200 after it, with safe headers', async () => {
    const { item } = await attached('2025-03-01T03:00:00.000Z');
    expect((await app.inject({ method: 'GET', url: item.publicUrl })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/attachments/${item.id}` })).statusCode).toBe(404);

    clock.set('2025-03-01T03:00:00.000Z');
    const res = await app.inject({ method: 'GET', url: item.publicUrl });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="2025_ ____ (__).pdf"; filename*=UTF-8''2025%EB%85%84%20%EB%B3%B4%EB%8F%84%EC%9E%90%EB%A3%8C%20%28%EC%B5%9C%EC%A2%85%29.pdf`,
    );
    expect(res.rawPayload.equals(minimalPdf())).toBe(true);
    const short = await app.inject({ method: 'GET', url: `/attachments/${item.id}` });
    expect(short.statusCode).toBe(301);
    expect(short.headers.location).toBe(item.publicUrl);
  });

  it('lists the attachment on the public article once public', async () => {
    const { releaseId, item } = await attached('2025-03-01T00:00:00.000Z');
    const article = await app.inject({ method: 'GET', url: `/briefing/${releaseId}` });
    expect(article.statusCode).toBe(200);
    expect(article.body).toContain(`href="${item.publicUrl}"`);
  });

  it('is 404 for a wrong or traversing name, an unknown id, and a withdrawn or draft release', async () => {
    const { releaseId, item } = await attached('2025-03-01T00:00:00.000Z');
    for (const url of [
      `/attachments/${item.id}/other.pdf`,
      `/attachments/${item.id}/..%2F..%2Fetc%2Fpasswd`,
      `/attachments/${item.id}/../../etc/passwd`,
      `/attachments/${item.id}/%2e%2e%2f%2e%2e%2fetc%2fpasswd`,
      `/attachments/${item.id}/`,
      `/attachments/999/${encodeURIComponent(item.fileName)}`,
      `/attachments/abc/x.pdf`,
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('root:');
    }
    for (const state of ['withdrawn', 'draft', 'in_review'] as const) {
      await connection.db.updateTable('releases').set({ state }).where('id', '=', releaseId).execute();
      expect((await app.inject({ method: 'GET', url: item.publicUrl })).statusCode).toBe(404);
    }
  });

  it('lets staff who may edit the release fetch it before it is public, and nobody else', async () => {
    const { item, cookies } = await attached('2025-03-05T00:00:00.000Z');
    const res = await app.inject({ method: 'GET', url: item.url, cookies });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);

    expect((await app.inject({ method: 'GET', url: item.url })).statusCode).toBe(302); // to the login form
    const other = await staff('envofficer@me.go.kr', ['press_officer'], ['환경부']);
    expect((await app.inject({ method: 'GET', url: item.url, cookies: other })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/admin/attachments/${item.id}/wrong.pdf`, cookies })).statusCode).toBe(404);
  });

  it('serves a long Korean file name', async () => {
    const longName = `${'중소기업 지원사업 통합공고 '.repeat(8).trim()}.pdf`;
    const { item } = await attached('2025-03-01T00:00:00.000Z', longName);
    expect(item.fileName.length).toBeGreaterThan(100);
    expect((await app.inject({ method: 'GET', url: item.publicUrl })).statusCode).toBe(200);
  });

  it('keeps a file name with path parts harmless: only its last part is stored', async () => {
    const { item } = await attached('2025-03-01T00:00:00.000Z', '../../etc/passwd.pdf');
    expect(item.fileName).toBe('passwd.pdf');
    expect(storedFiles().every((f) => f.startsWith(path.join(dir, 'files')))).toBe(true);
  });
});

describe('an upload form sent without a file', () => {
  it('asks for a file with 422', async () => {
    const releaseId = await seedRelease(connection, { title: '첨부 시험', state: 'draft', releasedAt: '2025-03-10T00:00:00Z' });
    const cookies = await staff('officer@mss.go.kr', ['press_officer'], ['중소벤처기업부']);
    const res = await upload(cookies, releaseId, '', Buffer.alloc(0));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('첨부할 파일을 선택해 주세요.');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatImportReport, importDirectory, type ImportReport } from '../../src/content/index.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase, type Connection } from '../../src/db/sqlite.js';
import { renderMarkdown } from '../../src/rendering/markdown.js';
import { AppError } from '../../src/shared/errors.js';

const NOW = new Date('2025-03-01T00:00:00.000Z');
const LATER = new Date('2025-03-02T00:00:00.000Z');

interface Fixture {
  [key: string]: string | number | boolean | string[] | undefined;
}

const BASE: Fixture = {
  type: '보도자료',
  title: '지역중소기업 정책협의회 신설',
  ministry: '중소벤처기업부',
  department: '지역기업정책과',
  contact: '홍길동',
  phone: '042-481-0000',
  released_at: '2018-07-18T14:00:00+09:00',
};

function yamlValue(value: string | number | boolean | string[]): string {
  if (Array.isArray(value)) return `\n${value.map((v) => `  - ${v}`).join('\n')}`;
  return ` ${value}`;
}

function markdown(fields: Fixture, body = '중소벤처기업부는 **지역 중소기업** 정책을 논의한다.'): string {
  const lines = Object.entries(fields)
    .filter((entry): entry is [string, string | number | boolean | string[]] => entry[1] !== undefined)
    .map(([key, value]) => `${key}:${yamlValue(value)}`);
  return `---\n${lines.join('\n')}\n---\n${body}\n`;
}

let dir: string;
let connection: Connection;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-import-'));
  connection = openDatabase(':memory:');
  migrate(connection);
});

afterEach(async () => {
  await connection.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): void {
  fs.writeFileSync(path.join(dir, name), content);
}

function releases() {
  return connection.db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .selectAll('releases')
    .select('ministries.name as ministry_name')
    .orderBy('releases.id')
    .execute();
}

function counts(report: ImportReport) {
  return {
    created: report.created.length,
    updated: report.updated.length,
    unchanged: report.unchanged.length,
    repairs: report.repairs.length,
    failures: report.failures.length,
  };
}

describe('importDirectory', () => {
  it('creates published releases with UTC times, rendered HTML and JSON lists', async () => {
    write(
      '2018-07-18-mss.md',
      markdown({
        ...BASE,
        subtitle: ['시도 협의회를 처음 연다', '17개 시도가 참여한다'],
        summary: ['첫째 요점'],
        responsible: '김과장',
        distributed_at: '2018-07-17T10:30:00+09:00',
        licence: 3,
        featured: true,
      }),
    );
    const report = await importDirectory(connection.db, dir, NOW);
    expect(counts(report)).toEqual({ created: 1, updated: 0, unchanged: 0, repairs: 0, failures: 0 });
    expect(report.encodings).toEqual([{ file: '2018-07-18-mss.md', encoding: 'utf-8' }]);
    const [row, ...rest] = await releases();
    expect(rest).toHaveLength(0);
    expect(report.created).toEqual([{ file: '2018-07-18-mss.md', id: row!.id, title: '지역중소기업 정책협의회 신설' }]);
    expect(row).toMatchObject({
      state: 'published',
      type: '보도자료',
      ministry_name: '중소벤처기업부',
      title: '지역중소기업 정책협의회 신설',
      subtitles: JSON.stringify(['시도 협의회를 처음 연다', '17개 시도가 참여한다']),
      summary: JSON.stringify(['첫째 요점']),
      body_markdown: '중소벤처기업부는 **지역 중소기업** 정책을 논의한다.',
      body_html: renderMarkdown('중소벤처기업부는 **지역 중소기업** 정책을 논의한다.'),
      department: '지역기업정책과',
      contact_person: '홍길동',
      contact_responsible: '김과장',
      contact_phone: '042-481-0000',
      released_at: '2018-07-18T05:00:00.000Z',
      distributed_at: '2018-07-17T01:30:00.000Z',
      licence: 3,
      featured: 1,
      source_file: '2018-07-18-mss.md',
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    });
    expect(row!.body_html).toContain('<strong>지역 중소기업</strong>');
    expect(formatImportReport(report).at(-1)).toBe('생성 1건, 갱신 0건, 변경 없음 0건, 복구 0건, 실패 0건');
  });

  it('is idempotent: a second import changes nothing and duplicates nothing', async () => {
    write('a.md', markdown(BASE));
    write('b.md', markdown({ ...BASE, title: '두 번째 보도자료', type: '해명자료' }));
    await importDirectory(connection.db, dir, NOW);
    const before = await releases();
    const again = await importDirectory(connection.db, dir, LATER);
    expect(counts(again)).toEqual({ created: 0, updated: 0, unchanged: 2, repairs: 0, failures: 0 });
    expect(again.unchanged.map((r) => r.file)).toEqual(['a.md', 'b.md']);
    expect(await releases()).toEqual(before);
    expect(formatImportReport(again).at(-1)).toBe('생성 0건, 갱신 0건, 변경 없음 2건, 복구 0건, 실패 0건');
  });

  it('updates the same row when a file is edited', async () => {
    write('a.md', markdown(BASE));
    await importDirectory(connection.db, dir, NOW);
    const [original] = await releases();
    write('a.md', markdown({ ...BASE, contact: '김철수', licence: 2 }, '고친 본문입니다.'));
    const report = await importDirectory(connection.db, dir, LATER);
    expect(counts(report)).toEqual({ created: 0, updated: 1, unchanged: 0, repairs: 0, failures: 0 });
    expect(report.updated[0]).toMatchObject({ file: 'a.md', id: original!.id });
    expect(report.updated[0]!.fields).toEqual(['body_markdown', 'body_html', 'contact_person', 'licence']);
    const rows = await releases();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: original!.id,
      contact_person: '김철수',
      licence: 2,
      body_markdown: '고친 본문입니다.',
      body_html: '<p>고친 본문입니다.</p>\n',
      created_at: NOW.toISOString(),
      updated_at: LATER.toISOString(),
      lock_version: original!.lock_version + 1,
    });
  });

  it('matches by id, so the title and 보도시점 may change', async () => {
    write('a.md', markdown({ ...BASE, id: 156280123 }));
    const first = await importDirectory(connection.db, dir, NOW);
    expect(first.created).toEqual([{ file: 'a.md', id: 156280123, title: BASE.title }]);
    write('a.md', markdown({ ...BASE, id: 156280123, title: '제목을 바꾼 보도자료', released_at: '2018-07-18T15:00:00+09:00' }));
    const second = await importDirectory(connection.db, dir, LATER);
    expect(counts(second)).toEqual({ created: 0, updated: 1, unchanged: 0, repairs: 0, failures: 0 });
    expect(second.updated[0]).toMatchObject({ id: 156280123, fields: ['title', 'released_at'] });
    const rows = await releases();
    expect(rows.map((r) => [r.id, r.title, r.released_at])).toEqual([[156280123, '제목을 바꾼 보도자료', '2018-07-18T06:00:00.000Z']]);
  });

  it('refuses an id that would duplicate a release already imported without it', async () => {
    write('a.md', markdown(BASE));
    await importDirectory(connection.db, dir, NOW);
    const [row] = await releases();
    write('a.md', markdown({ ...BASE, id: 999 }));
    const report = await importDirectory(connection.db, dir, LATER);
    expect(report.failures).toEqual([{ file: 'a.md', field: 'id', message: expect.stringContaining(`#${row!.id}`) }]);
    expect(await releases()).toHaveLength(1);
  });

  it('refuses two files that are the same release', async () => {
    write('a.md', markdown(BASE));
    write('b.md', markdown(BASE));
    const report = await importDirectory(connection.db, dir, NOW);
    expect(counts(report)).toMatchObject({ created: 1, failures: 1 });
    expect(report.failures[0]).toMatchObject({ file: 'b.md', field: 'title', message: expect.stringContaining('a.md') });
    expect(await releases()).toHaveLength(1);
  });

  it('does not override a release the workflow has withdrawn', async () => {
    write('a.md', markdown({ ...BASE, id: 7 }));
    await importDirectory(connection.db, dir, NOW);
    await connection.db.updateTable('releases').set({ state: 'withdrawn' }).where('id', '=', 7).execute();
    write('a.md', markdown({ ...BASE, id: 7, title: '다시 게시' }));
    const report = await importDirectory(connection.db, dir, LATER);
    expect(report.failures).toEqual([{ file: 'a.md', field: 'id', message: "#7은(는) 지금 '철회' 상태라 가져오기로 바꿀 수 없습니다." }]);
    expect((await releases())[0]).toMatchObject({ state: 'withdrawn', title: BASE.title });
  });

  it('reports each bad file by name and field, leaves no row for it, and imports the good ones', async () => {
    write('2018-a-good.md', markdown(BASE));
    write('2018-b-no-title.md', markdown({ ...BASE, title: undefined, ministry: '새로운위원회' }));
    write('2018-c-type.md', markdown({ ...BASE, type: '보도문', title: '유형이 틀린 파일' }));
    write('2018-d-date.md', markdown({ ...BASE, released_at: '2018-13-45', title: '날짜가 틀린 파일' }));
    write('2018-e-subtitles.md', markdown({ ...BASE, subtitle: ['1', '2', '3', '4'], title: '부제가 많은 파일' }));
    write('2018-f-yaml.md', '---\ntitle: "닫히지 않은 따옴표\ntype: 보도자료\n---\n본문\n');
    write('2018-g-licence.md', markdown({ ...BASE, licence: 7, title: '공공누리가 틀린 파일' }));
    write('2018-h-good.md', markdown({ ...BASE, title: '두 번째 좋은 파일' }));
    write('notes.txt', '가져오지 않는 파일');
    fs.mkdirSync(path.join(dir, 'sub.md'));
    write('2018-i-nested.md', markdown({ ...BASE, title: '세 번째 좋은 파일' }));

    const report = await importDirectory(connection.db, dir, NOW);
    expect(report.created.map((r) => r.file)).toEqual(['2018-a-good.md', '2018-h-good.md', '2018-i-nested.md']);
    expect(report.failures.map((f) => [f.file, f.field])).toEqual([
      ['2018-b-no-title.md', 'title'],
      ['2018-c-type.md', 'type'],
      ['2018-d-date.md', 'released_at'],
      ['2018-e-subtitles.md', 'subtitle'],
      ['2018-f-yaml.md', 'front matter'],
      ['2018-g-licence.md', 'licence'],
    ]);
    const lines = formatImportReport(report);
    expect(lines).toContain('실패  2018-b-no-title.md: title — 제목이 없습니다.');
    expect(lines).toContain(
      '실패  2018-c-type.md: type — "보도문"은(는) 알 수 없는 유형입니다 (보도자료, 해명자료, 설명자료, 참고자료, 브리핑, 연설 중 하나).',
    );
    expect(lines).toContain(
      '실패  2018-d-date.md: released_at — "2018-13-45"은(는) 올바른 날짜·시각이 아닙니다 (예: 2018-07-18T14:00:00+09:00).',
    );
    expect(lines.at(-1)).toBe('생성 3건, 갱신 0건, 변경 없음 0건, 복구 0건, 실패 6건');

    const rows = await releases();
    expect(rows.map((r) => r.source_file)).toEqual(['2018-a-good.md', '2018-h-good.md', '2018-i-nested.md']);
    const ministries = await connection.db.selectFrom('ministries').select('name').execute();
    expect(ministries.map((m) => m.name)).toEqual(['중소벤처기업부']);
  });

  it('rolls back the whole file when the database refuses it', async () => {
    write('a.md', markdown({ ...BASE, ministry: '처음보는위원회', id: 5 }));
    // A trigger stands in for any failure after the ministry was created.
    connection.sqlite.exec(`CREATE TRIGGER refuse BEFORE INSERT ON releases BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const report = await importDirectory(connection.db, dir, NOW);
    expect(report.failures).toEqual([{ file: 'a.md', field: 'database', message: expect.stringContaining('refused') }]);
    expect(report.ministriesCreated).toEqual([]);
    expect(await connection.db.selectFrom('ministries').selectAll().execute()).toEqual([]);
  });

  it('detects a CP949 file and stores its text correctly', async () => {
    const text = markdown(
      { ...BASE, title: '중소기업 수출 지원 확대', subtitle: ['수출바우처 예산 증액'] },
      '중소벤처기업부는 수출 지원을 확대한다.\n\n- 한글 목록',
    ).replace(/\n/g, '\r\n');
    write('cp949.md', iconv.encode(text, 'cp949'));
    write('utf8.md', markdown({ ...BASE, title: '다른 보도자료' }));
    const report = await importDirectory(connection.db, dir, NOW);
    expect(report.failures).toEqual([]);
    expect(report.encodings).toEqual([
      { file: 'cp949.md', encoding: 'cp949' },
      { file: 'utf8.md', encoding: 'utf-8' },
    ]);
    expect(formatImportReport(report)).toContain('인코딩  cp949.md — CP949(EUC-KR)(으)로 읽었습니다.');
    const row = (await releases()).find((r) => r.source_file === 'cp949.md');
    expect(row).toMatchObject({
      title: '중소기업 수출 지원 확대',
      subtitles: JSON.stringify(['수출바우처 예산 증액']),
      ministry_name: '중소벤처기업부',
      department: '지역기업정책과',
      body_markdown: '중소벤처기업부는 수출 지원을 확대한다.\n\n- 한글 목록',
    });
  });

  it('normalizes decomposed (NFD) Hangul to composed syllables', async () => {
    write('nfd.md', markdown({ ...BASE, title: '정책협의회 신설', department: '지역기업정책과' }, '한글 본문').normalize('NFD'));
    const report = await importDirectory(connection.db, dir, NOW);
    expect(report.failures).toEqual([]);
    const [row] = await releases();
    expect(row).toMatchObject({ title: '정책협의회 신설', department: '지역기업정책과', body_markdown: '한글 본문', ministry_name: '중소벤처기업부' });
    expect(row!.title).toBe(row!.title.normalize('NFC'));
    expect(row!.title.length).toBe('정책협의회 신설'.length);
    // The same file composed is the same release.
    write('nfd.md', markdown({ ...BASE, title: '정책협의회 신설', department: '지역기업정책과' }, '한글 본문'));
    expect(counts(await importDirectory(connection.db, dir, LATER))).toMatchObject({ unchanged: 1, created: 0 });
  });

  it('repairs lost middle dots, reports them, and leaves real question marks alone', async () => {
    write(
      'dots.md',
      markdown(
        { ...BASE, title: '시?도 지역중소기업 정책협의회 신설?개최', summary: ['무엇이 달라지나?'], department: '지역기업?정책과' },
        '17개 시?도가 참여한다. 무엇이 달라지나? 3?4분기 일정은 ?로 표시했다. A?B',
      ),
    );
    const report = await importDirectory(connection.db, dir, NOW);
    expect(report.repairs.map((r) => [r.file, r.field])).toEqual([
      ['dots.md', 'title'],
      ['dots.md', 'title'],
      ['dots.md', 'department'],
      ['dots.md', 'body'],
    ]);
    expect(report.repairs[0]).toMatchObject({ before: expect.stringContaining('시?도'), after: expect.stringContaining('시·도') });
    const [row] = await releases();
    expect(row).toMatchObject({
      title: '시·도 지역중소기업 정책협의회 신설·개최',
      summary: JSON.stringify(['무엇이 달라지나?']),
      department: '지역기업·정책과',
      body_markdown: '17개 시·도가 참여한다. 무엇이 달라지나? 3?4분기 일정은 ?로 표시했다. A?B',
    });
    const lines = formatImportReport(report);
    expect(lines).toContain('복구  dots.md: title — "시?도 지역중소기업 정책협…" → "시·도 지역중소기업 정책협…"');
    expect(lines.at(-1)).toBe('생성 1건, 갱신 0건, 변경 없음 0건, 복구 4건, 실패 0건');

    // The repaired release is what is stored, so importing the damaged file again changes nothing.
    const again = await importDirectory(connection.db, dir, LATER);
    expect(counts(again)).toEqual({ created: 0, updated: 0, unchanged: 1, repairs: 0, failures: 0 });
  });

  it('creates an unknown ministry and maps an alias to today’s ministry', async () => {
    write('a.md', markdown({ ...BASE, ministry: '중기청', title: '중기청 시절 보도자료' }));
    write('b.md', markdown({ ...BASE, ministry: '중소벤처기업부', title: '중기부 보도자료' }));
    write('c.md', markdown({ ...BASE, ministry: '새만금개발청', title: '새만금 보도자료' }));
    const report = await importDirectory(connection.db, dir, NOW);
    expect(report.failures).toEqual([]);
    expect(report.ministriesCreated).toEqual([
      { file: 'a.md', name: '중소벤처기업부' },
      { file: 'c.md', name: '새만금개발청' },
    ]);
    const rows = await releases();
    expect(rows.map((r) => [r.source_file, r.ministry_name])).toEqual([
      ['a.md', '중소벤처기업부'],
      ['b.md', '중소벤처기업부'],
      ['c.md', '새만금개발청'],
    ]);
    expect(rows[0]!.ministry_id).toBe(rows[1]!.ministry_id);
  });

  it('throws NOT_FOUND for a missing folder', async () => {
    const missing = path.join(dir, 'nope');
    await expect(importDirectory(connection.db, missing, NOW)).rejects.toBeInstanceOf(AppError);
    await expect(importDirectory(connection.db, missing, NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('throws BAD_REQUEST for a path that is a file', async () => {
    write('a.md', markdown(BASE));
    await expect(importDirectory(connection.db, path.join(dir, 'a.md'), NOW)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('imports nothing from an empty folder', async () => {
    const report = await importDirectory(connection.db, dir, NOW);
    expect(formatImportReport(report)).toEqual(['생성 0건, 갱신 0건, 변경 없음 0건, 복구 0건, 실패 0건']);
  });
});

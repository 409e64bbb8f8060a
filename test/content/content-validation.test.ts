import { describe, expect, it } from 'vitest';
import { readContentFile } from '../../src/content/content-document.js';
import { parseFrontMatter } from '../../src/content/content-front-matter.js';
import { parseInstant, validateReleaseDocument } from '../../src/content/content-validation.js';

const VALID = {
  type: '보도자료',
  title: '지역중소기업 정책협의회 신설',
  ministry: '중소벤처기업부',
  department: '지역기업정책과',
  released_at: '2018-07-18T14:00:00+09:00',
};

function errorsOf(data: Record<string, unknown>) {
  const result = validateReleaseDocument(data, '');
  return result.ok ? [] : result.errors;
}

describe('parseFrontMatter', () => {
  it('splits the YAML block from the Markdown body and keeps timestamps as text', () => {
    const parsed = parseFrontMatter('---\ntitle: 제목\nreleased_at: 2018-07-18T14:00:00+09:00\nid: 7\n---\n본문\n');
    expect(parsed).toEqual({ ok: true, data: { title: '제목', released_at: '2018-07-18T14:00:00+09:00', id: 7 }, body: '본문\n' });
  });

  it('keeps a body that contains its own --- rule', () => {
    const parsed = parseFrontMatter('---\ntitle: 제목\n---\n위\n\n---\n\n아래\n');
    expect(parsed).toMatchObject({ ok: true, body: '위\n\n---\n\n아래\n' });
  });

  it.each([
    ['no front matter', '제목 없이 본문만\n', '시작하지 않습니다'],
    ['an unclosed block', '---\ntitle: 제목\n본문\n', '닫는'],
    ['bad YAML', '---\ntitle: [열린 목록\ntype: 보도자료\n---\n', 'YAML을 읽을 수 없습니다 ('],
    ['a duplicated key', '---\ntitle: 하나\ntitle: 둘\n---\n', 'YAML을 읽을 수 없습니다 (3행'],
    ['a list instead of a mapping', '---\n- 하나\n- 둘\n---\n', '매핑'],
  ])('refuses %s', (_, text, message) => {
    const parsed = parseFrontMatter(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2018-07-18T14:00:00+09:00', '2018-07-18T05:00:00.000Z'],
    ['2018-07-18T14:00+09:00', '2018-07-18T05:00:00.000Z'],
    ['2018-07-18 14:00:00 +0900', '2018-07-18T05:00:00.000Z'],
    ['2018-07-18T05:00:00Z', '2018-07-18T05:00:00.000Z'],
    ['2018-07-18T05:00:00.5Z', '2018-07-18T05:00:00.500Z'],
    ['2018-01-01T08:59:59+09:00', '2017-12-31T23:59:59.000Z'],
    ['2018-07-18T00:00:00-05:00', '2018-07-18T05:00:00.000Z'],
    ['2020-02-29T09:00:00+09:00', '2020-02-29T00:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseInstant(text)).toBe(iso);
  });

  it.each(['2018-13-45', '2018-13-01T10:00:00+09:00', '2018-02-30T10:00:00+09:00', '2019-02-29T10:00:00+09:00', '2018-07-18T24:00:00+09:00', '2018-07-18T14:00:00', '2018-07-18', '어제', '2018/07/18 14:00 +09:00', ''])(
    'refuses %s',
    (text) => {
      expect(parseInstant(text)).toBeNull();
    },
  );
});

describe('validateReleaseDocument', () => {
  it('returns the typed release with defaults', () => {
    const result = validateReleaseDocument(VALID, '\n\n본문입니다.\n\n');
    expect(result).toEqual({
      ok: true,
      document: {
        id: null,
        type: '보도자료',
        title: '지역중소기업 정책협의회 신설',
        subtitles: [],
        summary: [],
        ministry: '중소벤처기업부',
        department: '지역기업정책과',
        contactPerson: '',
        contactResponsible: '',
        contactPhone: '',
        releasedAt: '2018-07-18T05:00:00.000Z',
        distributedAt: null,
        licence: 1,
        featured: false,
        bodyMarkdown: '본문입니다.',
      },
    });
  });

  it('reads every optional field', () => {
    const result = validateReleaseDocument(
      {
        ...VALID,
        id: 156280123,
        subtitle: '한 줄 부제',
        summary: ['첫째', '둘째'],
        contact: '홍길동',
        responsible: '김과장',
        phone: '042-481-0000',
        distributed_at: '2018-07-17T10:00:00+09:00',
        licence: 0,
        featured: true,
        unknown_key: '무시됩니다',
      },
      '',
    );
    expect(result).toMatchObject({
      ok: true,
      document: {
        id: 156280123,
        subtitles: ['한 줄 부제'],
        summary: ['첫째', '둘째'],
        contactPerson: '홍길동',
        contactResponsible: '김과장',
        contactPhone: '042-481-0000',
        distributedAt: '2018-07-17T01:00:00.000Z',
        licence: 0,
        featured: true,
      },
    });
  });

  it('accepts a Date, as a YAML 1.1 loader would produce', () => {
    const result = validateReleaseDocument({ ...VALID, released_at: new Date('2018-07-18T05:00:00Z') }, '');
    expect(result).toMatchObject({ ok: true, document: { releasedAt: '2018-07-18T05:00:00.000Z' } });
  });

  it.each([
    ['a missing title', { title: undefined }, 'title', '제목이 없습니다.'],
    ['a blank title', { title: '  ' }, 'title', '제목이 없습니다.'],
    ['a title that is a list', { title: ['가', '나'] }, 'title', '문자열이어야 합니다 (목록이 왔습니다).'],
    ['a missing type', { type: undefined }, 'type', '유형이 없습니다'],
    [
      'an unknown type',
      { type: '보도문' },
      'type',
      '"보도문"은(는) 알 수 없는 유형입니다 (보도자료, 해명자료, 설명자료, 참고자료, 브리핑, 연설 중 하나).',
    ],
    ['an invalid date', { released_at: '2018-13-45' }, 'released_at', '"2018-13-45"은(는) 올바른 날짜·시각이 아닙니다'],
    ['a time without offset', { released_at: '2018-07-18T14:00:00' }, 'released_at', '시간대(+09:00 또는 Z)가 없습니다'],
    ['a date without time', { released_at: '2018-07-18' }, 'released_at', '시각과 시간대가 없습니다'],
    ['a missing 보도시점', { released_at: undefined }, 'released_at', '보도시점이 없습니다'],
    ['a number as 보도시점', { released_at: 20180718 }, 'released_at', '올바른 날짜·시각이 아닙니다'],
    ['an invalid 배포 time', { distributed_at: '내일' }, 'distributed_at', '올바른 날짜·시각이 아닙니다'],
    ['four subtitles', { subtitle: ['1', '2', '3', '4'] }, 'subtitle', '부제는 3줄까지입니다 (4줄).'],
    ['a subtitle that is a mapping', { subtitle: [{ a: 1 }] }, 'subtitle', '문자열 또는 문자열 목록이어야 합니다'],
    ['licence 5', { licence: 5 }, 'licence', '"5"은(는) 공공누리 유형이 아닙니다 (0에서 4 사이의 정수).'],
    ['licence -1', { licence: -1 }, 'licence', '공공누리 유형이 아닙니다'],
    ['licence 1.5', { licence: 1.5 }, 'licence', '공공누리 유형이 아닙니다'],
    ['licence as a word', { licence: '일' }, 'licence', '공공누리 유형이 아닙니다'],
    ['featured as a word', { featured: 'yes' }, 'featured', 'true 또는 false여야 합니다'],
    ['a zero id', { id: 0 }, 'id', '올바른 id가 아닙니다'],
    ['a negative id', { id: -3 }, 'id', '올바른 id가 아닙니다'],
    ['a fractional id', { id: 1.5 }, 'id', '올바른 id가 아닙니다'],
    ['an id that is text', { id: 'abc' }, 'id', '올바른 id가 아닙니다'],
    ['a missing ministry', { ministry: undefined }, 'ministry', '부처가 없습니다.'],
    ['a missing department', { department: '' }, 'department', '담당 부서가 없습니다.'],
    ['a phone that is a list', { phone: ['1', '2'] }, 'phone', '문자열이어야 합니다'],
    ['an overlong title', { title: '가'.repeat(301) }, 'title', '제목은 300자까지입니다 (301자).'],
  ])('refuses %s, naming the field', (_, change, field, message) => {
    const errors = errorsOf({ ...VALID, ...change });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe(field);
    expect(errors[0]?.message).toContain(message);
  });

  it('reports every problem of a file at once', () => {
    const errors = errorsOf({ type: '보도문', released_at: '2018-13-45', licence: 9 });
    expect(errors.map((e) => e.field)).toEqual(['type', 'title', 'ministry', 'department', 'released_at', 'licence']);
  });

  it('accepts numeric text for id and licence, and 3 subtitles', () => {
    const result = validateReleaseDocument({ ...VALID, id: '42', licence: '4', subtitle: ['1', '2', '3'] }, '');
    expect(result).toMatchObject({ ok: true, document: { id: 42, licence: 4, subtitles: ['1', '2', '3'] } });
  });
});

describe('readContentFile', () => {
  it('repairs lost middle dots in every text field and reports each', () => {
    const text = [
      '---',
      'type: 보도자료',
      'title: 시?도 협의회 신설?개최',
      'subtitle: [중앙?지방 협력, 무엇이 달라지나?]',
      'summary:',
      '  - 산업?고용 위기 지역',
      'ministry: 중소벤처기업부',
      'department: 지역기업정책과',
      'released_at: 2018-07-18T14:00:00+09:00',
      '---',
      '시?도와 함께합니다. 왜 지금인가? 3?4분기, A?B 그대로.',
      '',
    ].join('\n');
    const result = readContentFile(Buffer.from(text, 'utf8'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.title).toBe('시·도 협의회 신설·개최');
    expect(result.document.subtitles).toEqual(['중앙·지방 협력', '무엇이 달라지나?']);
    expect(result.document.summary).toEqual(['산업·고용 위기 지역']);
    expect(result.document.bodyMarkdown).toBe('시·도와 함께합니다. 왜 지금인가? 3?4분기, A?B 그대로.');
    expect(result.repairs.map((r) => r.field)).toEqual(['title', 'title', 'subtitle', 'summary', 'body']);
    expect(result.repairs[0]).toEqual({ field: 'title', before: '시?도 협의회 신설?개최', after: '시·도 협의회 신설·개최' });
  });

  it('names the front matter when the YAML is bad', () => {
    const result = readContentFile(Buffer.from('---\ntitle: "열린 따옴표\n---\n', 'utf8'));
    expect(result).toMatchObject({ ok: false, encoding: 'utf-8', errors: [{ field: 'front matter' }] });
  });

  it('names the encoding when the bytes cannot be read', () => {
    const result = readContentFile(Buffer.from([0xff, 0xff, 0xff]));
    expect(result).toMatchObject({ ok: false, encoding: null, errors: [{ field: 'encoding' }] });
  });
});

import { describe, expect, it } from 'vitest';
import { RELEASE_TYPES, type MinistryRow } from '../../src/db/schema.js';
import { attributionNotice } from '../../src/releases/attribution.js';
import { koglLicence } from '../../src/releases/kogl.js';
import { decodeCursor, encodeCursor, listQueryString, parseListQuery } from '../../src/releases/list-query.js';
import { isPublic } from '../../src/releases/visibility.js';
import { isCountableView } from '../../src/releases/view-counter.js';
import { formatKstDate, formatKstDateTime, kstDayStart } from '../../src/shared/time.js';
import { AppError } from '../../src/shared/errors.js';

const mss: MinistryRow = { id: 7, name: '중소벤처기업부', short_name: '중기부', created_at: '' };
const resolve = (name: string) => (name === '중소벤처기업부' || name === '중기부' ? mss : undefined);

function errorsOf(raw: Record<string, unknown>): string[] {
  try {
    parseListQuery(raw, resolve);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details;
  }
  throw new Error('expected the query to be refused');
}

describe('attribution notice', () => {
  it('names the ministry and fits each type', () => {
    expect(attributionNotice('중소벤처기업부', '보도자료')).toBe('이 자료는 중소벤처기업부의 보도자료를 전재하여 제공함을 알려드립니다.');
    expect(attributionNotice('금융위원회', '해명자료')).toBe('이 자료는 금융위원회의 해명자료를 전재하여 제공함을 알려드립니다.');
    expect(attributionNotice('교육부', '브리핑')).toBe('이 자료는 교육부의 브리핑 내용을 전재하여 제공함을 알려드립니다.');
    expect(attributionNotice('환경부', '연설')).toBe('이 자료는 환경부의 연설문을 전재하여 제공함을 알려드립니다.');
    for (const type of RELEASE_TYPES) expect(attributionNotice('외교부', type)).toMatch(/^이 자료는 외교부의 .+[을를] 전재하여 제공함을 알려드립니다\.$/);
  });
});

describe('KOGL licence', () => {
  it('gives each type its conditions and prescribed sentence', () => {
    expect(koglLicence(1)).toMatchObject({ label: '공공누리 제1유형', conditions: ['출처표시'] });
    expect(koglLicence(4).conditions).toEqual(['출처표시', '상업적 이용금지', '변경금지']);
    expect(koglLicence(3).text).toContain('제3유형: 출처표시+변경금지 조건에 따라 이용할 수 있습니다');
    expect(koglLicence(0).label).toBe('공공누리 미적용');
  });
});

describe('KST formatting', () => {
  it('shows UTC instants in Korea Standard Time', () => {
    expect(formatKstDate('2018-07-18T05:00:00.000Z')).toBe('2018.07.18');
    expect(formatKstDateTime('2018-07-18T05:00:00.000Z')).toBe('2018.07.18 14:00');
    expect(formatKstDate('2018-07-17T15:30:00.000Z')).toBe('2018.07.18');
    expect(kstDayStart('2018-07-18')).toBe('2018-07-17T15:00:00.000Z');
    expect(kstDayStart('2018-02-30')).toBeNull();
  });
});

describe('isPublic', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  it('is true only for published or scheduled releases whose 보도시점 has passed', () => {
    expect(isPublic({ state: 'published', released_at: '2024-12-31T23:59:59.000Z' }, now)).toBe(true);
    expect(isPublic({ state: 'scheduled', released_at: '2025-01-01T00:00:00.000Z' }, now)).toBe(true);
    expect(isPublic({ state: 'scheduled', released_at: '2025-01-01T00:00:01.000Z' }, now)).toBe(false);
    expect(isPublic({ state: 'published', released_at: '2025-01-01T00:00:01.000Z' }, now)).toBe(false);
    for (const state of ['draft', 'in_review', 'returned', 'withdrawn', 'failed'] as const) {
      expect(isPublic({ state, released_at: '2020-01-01T00:00:00.000Z' }, now)).toBe(false);
    }
  });
});

describe('parseListQuery', () => {
  it('accepts the filters, aliases and a page', () => {
    const query = parseListQuery({ ministry: '중기부', type: '해명자료', from: '2018-07-01', to: '2018-07-31', page: '3' }, resolve);
    expect(query.filter).toEqual({
      ministryId: 7,
      type: '해명자료',
      from: '2018-06-30T15:00:00.000Z',
      until: '2018-07-31T15:00:00.000Z',
    });
    expect(query.params.ministry).toBe('중소벤처기업부');
    expect(query.page).toBe(3);
  });

  it.each([
    [{ page: 'abc' }, '쪽 번호 "abc"'],
    [{ page: '-1' }, '쪽 번호 "-1"'],
    [{ page: '0' }, '쪽 번호 "0"'],
    [{ page: '1.5' }, '쪽 번호 "1.5"'],
    [{ from: '2018-13-45' }, '시작일 "2018-13-45"'],
    [{ to: '어제' }, '종료일 "어제"'],
    [{ from: '2018-08-01', to: '2018-07-01' }, '시작일이 종료일보다 늦습니다'],
    [{ ministry: '없는부' }, '"없는부"은(는) 등록되지 않은 부처'],
    [{ type: '공지' }, '유형은'],
    [{ type: '보도\u0000자료' }, '제어 문자'],
    [{ ministry: '\u001b[31m' }, '제어 문자'],
    [{ page: ['1', '2'] }, '한 번만'],
    [{ cursor: 'zz' }, 'cursor'],
  ])('refuses %j with a sentence naming the problem', (raw, expected) => {
    expect(errorsOf(raw as Record<string, unknown>).join(' ')).toContain(expected);
  });

  it('round-trips a cursor', () => {
    const position = { releasedAt: '2018-07-18T05:00:00.000Z', id: 123 };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('keeps only the set filters in a query string', () => {
    expect(listQueryString({ ministry: '교육부', type: '', from: '', to: '2020-01-01' }, { page: 2 })).toBe(
      '?ministry=%EA%B5%90%EC%9C%A1%EB%B6%80&to=2020-01-01&page=2',
    );
    expect(listQueryString({ ministry: '', type: '', from: '', to: '' })).toBe('');
  });
});

describe('isCountableView', () => {
  const browser = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36';
  it('counts a browser GET and not bots, scripts, prefetches or HEAD', () => {
    expect(isCountableView({ method: 'GET', userAgent: browser, purpose: undefined, clientKey: 'a' })).toBe(true);
    expect(isCountableView({ method: 'HEAD', userAgent: browser, purpose: undefined, clientKey: 'a' })).toBe(false);
    expect(isCountableView({ method: 'GET', userAgent: browser, purpose: 'prefetch', clientKey: 'a' })).toBe(false);
    expect(isCountableView({ method: 'GET', userAgent: undefined, purpose: undefined, clientKey: 'a' })).toBe(false);
    for (const agent of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'Mozilla/5.0 (compatible; Yeti/1.1; +http://naver.me/spd)', 'curl/8.4.0', 'python-requests/2.31', 'Mozilla/5.0 HeadlessChrome/120']) {
      expect(isCountableView({ method: 'GET', userAgent: agent, purpose: undefined, clientKey: 'a' })).toBe(false);
    }
  });
});

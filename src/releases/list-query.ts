import { RELEASE_TYPES, type MinistryRow, type ReleaseType } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { addDays, kstDayStart } from '../shared/time.js';
import type { ListPosition, ReleaseFilter } from './release-repository.js';

/** The list's filters as the reader wrote them, kept in every URL that leads back to the list. */
export interface ListParams {
  ministry: string;
  type: string;
  from: string;
  to: string;
}

export interface ListQuery {
  params: ListParams;
  filter: ReleaseFilter;
  page: number;
  cursor?: ListPosition;
}

export const PAGE_SIZE = 20;
const MAX_PAGE = 1_000_000;
// C0/C1 controls other than none: a query value is a single line of text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function single(raw: Record<string, unknown>, key: string, errors: string[]): string {
  const value = raw[key];
  if (value === undefined) return '';
  if (typeof value !== 'string') {
    errors.push(`"${key}" 값은 한 번만 지정할 수 있습니다.`);
    return '';
  }
  if (CONTROL.test(value)) {
    errors.push(`"${key}" 값에 사용할 수 없는 제어 문자가 들어 있습니다.`);
    return '';
  }
  if (value.length > 200) {
    errors.push(`"${key}" 값이 너무 깁니다.`);
    return '';
  }
  return value.normalize('NFC').trim();
}

export function encodeCursor(position: ListPosition): string {
  return `${new Date(position.releasedAt).getTime().toString(36)}-${position.id}`;
}

export function decodeCursor(value: string): ListPosition | null {
  const match = /^([0-9a-z]{1,12})-([1-9]\d{0,15})$/.exec(value);
  if (!match) return null;
  const ms = parseInt(match[1]!, 36);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return null;
  return { releasedAt: date.toISOString(), id: Number(match[2]) };
}

/**
 * Reads the list's query string. Anything a reader could mistype is refused with
 * a sentence saying what was wrong, never passed on to the database.
 */
export function parseListQuery(
  raw: Record<string, unknown>,
  resolveMinistry: (name: string) => MinistryRow | undefined,
): ListQuery {
  const errors: string[] = [];
  const ministryName = single(raw, 'ministry', errors);
  const type = single(raw, 'type', errors);
  const from = single(raw, 'from', errors);
  const to = single(raw, 'to', errors);
  const pageText = single(raw, 'page', errors);
  const cursorText = single(raw, 'cursor', errors);

  const filter: ReleaseFilter = {};
  const params: ListParams = { ministry: '', type: '', from: '', to: '' };
  if (ministryName) {
    const ministry = resolveMinistry(ministryName);
    if (ministry) {
      filter.ministryId = ministry.id;
      params.ministry = ministry.name;
    } else errors.push(`"${ministryName}"은(는) 등록되지 않은 부처입니다.`);
  }
  if (type) {
    if ((RELEASE_TYPES as readonly string[]).includes(type)) {
      filter.type = type as ReleaseType;
      params.type = type;
    } else errors.push(`유형은 ${RELEASE_TYPES.join(', ')} 중 하나여야 합니다.`);
  }
  if (from) {
    const start = kstDayStart(from);
    if (start) {
      filter.from = start;
      params.from = from;
    } else errors.push(`시작일 "${from}"은(는) 올바른 날짜가 아닙니다. 2018-07-18처럼 입력해 주세요.`);
  }
  if (to) {
    const start = kstDayStart(to);
    if (start) {
      filter.until = addDays(start, 1);
      params.to = to;
    } else errors.push(`종료일 "${to}"은(는) 올바른 날짜가 아닙니다. 2018-07-18처럼 입력해 주세요.`);
  }
  if (filter.from && filter.until && filter.from >= filter.until) errors.push('시작일이 종료일보다 늦습니다.');

  let page = 1;
  if (pageText) {
    if (/^[1-9]\d{0,6}$/.test(pageText) && Number(pageText) <= MAX_PAGE) page = Number(pageText);
    else errors.push(`쪽 번호 "${pageText}"은(는) 올바르지 않습니다. 1 이상의 정수여야 합니다.`);
  }
  let cursor: ListPosition | undefined;
  if (cursorText) {
    const decoded = decodeCursor(cursorText);
    if (decoded) cursor = decoded;
    else errors.push('목록 위치(cursor) 값이 올바르지 않습니다.');
  }
  if (errors.length > 0) throw new AppError('INVALID_QUERY', '요청한 목록 조건이 올바르지 않습니다.', errors);
  return { params, filter, page, cursor };
}

/** The query string that carries a reader's filters (and extra keys such as page) to another URL. */
export function listQueryString(params: ListParams, extra: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const key of ['ministry', 'type', 'from', 'to'] as const) if (params[key]) search.set(key, params[key]);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

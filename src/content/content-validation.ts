import { RELEASE_TYPES, type ReleaseType } from '../db/schema.js';

/** A release as a content file describes it, checked and normalized, before it meets the database. */
export interface ReleaseDocument {
  /** the release's stable id, when the file fixes one */
  id: number | null;
  type: ReleaseType;
  title: string;
  subtitles: string[];
  summary: string[];
  /** a ministry's name or alias, resolved when imported */
  ministry: string;
  department: string;
  contactPerson: string;
  contactResponsible: string;
  contactPhone: string;
  /** 보도시점, UTC ISO-8601 */
  releasedAt: string;
  /** 배포, UTC ISO-8601 */
  distributedAt: string | null;
  /** KOGL (공공누리) type 0–4 */
  licence: number;
  featured: boolean;
  bodyMarkdown: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export type ValidationResult = { ok: true; document: ReleaseDocument } | { ok: false; errors: FieldError[] };

export const MAX_SUBTITLES = 3;
export const MAX_TITLE_LENGTH = 300;
const DEFAULT_LICENCE = 1;
const TYPE_LIST = RELEASE_TYPES.join(', ');
const EXAMPLE_TIME = '2018-07-18T14:00:00+09:00';

function describe(value: unknown): string {
  if (value === null || value === undefined) return '빈 값';
  if (Array.isArray(value)) return '목록';
  if (value instanceof Date) return '날짜';
  switch (typeof value) {
    case 'string':
      return '문자열';
    case 'number':
      return '숫자';
    case 'boolean':
      return '참/거짓';
    default:
      return '매핑';
  }
}

/** The kind of a value with its subject particle: "목록이", "숫자가". */
function got(value: unknown): string {
  const kind = describe(value);
  const last = kind.charCodeAt(kind.length - 1);
  const hasFinal = last >= 0xac00 && last <= 0xd7a3 && (last - 0xac00) % 28 !== 0;
  return `${kind}${hasFinal ? '이' : '가'} 왔습니다`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)? ?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;
const LOCAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * An ISO-8601 instant with an explicit offset, as UTC ISO text; null when the
 * text names no real instant. Components are checked by hand because Date
 * parsing rolls "2018-02-30" over into March.
 */
export function parseInstant(text: string): string | null {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  const sign = m[9] === '-' ? -1 : 1;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  return new Date(utc).toISOString();
}

/** Collects the errors of one file, so a person sees every problem at once. */
class Checker {
  readonly errors: FieldError[] = [];

  constructor(private readonly data: Record<string, unknown>) {}

  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  text(field: string, required: string | null): string {
    const value = this.data[field];
    if (isBlank(value)) {
      if (required !== null) this.fail(field, required);
      return '';
    }
    // A bare number (a department code, a year as a title) is still text.
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') {
      this.fail(field, `문자열이어야 합니다 (${got(value)}).`);
      return '';
    }
    return value.trim();
  }

  lines(field: string, max: number | null, subject: string): string[] {
    const value = this.data[field];
    if (isBlank(value)) return [];
    const items = Array.isArray(value) ? value : [value];
    const lines: string[] = [];
    for (const item of items) {
      if (isBlank(item)) continue;
      if (typeof item === 'string') lines.push(item.trim());
      else if (typeof item === 'number') lines.push(String(item));
      else {
        this.fail(field, `문자열 또는 문자열 목록이어야 합니다 (${got(item)}).`);
        return [];
      }
    }
    if (max !== null && lines.length > max) {
      this.fail(field, `${subject} ${max}줄까지입니다 (${lines.length}줄).`);
      return [];
    }
    return lines;
  }

  instant(field: string, required: string | null): string | null {
    const value = this.data[field];
    if (isBlank(value)) {
      if (required !== null) this.fail(field, required);
      return null;
    }
    if (value instanceof Date) {
      if (!Number.isNaN(value.getTime())) return value.toISOString();
      this.fail(field, '올바른 날짜·시각이 아닙니다.');
      return null;
    }
    if (typeof value !== 'string') {
      this.fail(field, `"${show(value)}"은(는) 올바른 날짜·시각이 아닙니다 (예: ${EXAMPLE_TIME}).`);
      return null;
    }
    const instant = parseInstant(value);
    if (instant !== null) return instant;
    const local = value.trim();
    const dateOnly = !local.includes(':');
    if (LOCAL_TIMESTAMP.test(local) && parseInstant(`${local}${dateOnly ? 'T00:00' : ''}Z`) !== null) {
      const missing = dateOnly ? '시각과 시간대가' : '시간대(+09:00 또는 Z)가';
      this.fail(field, `"${value}"에 ${missing} 없습니다 (예: ${EXAMPLE_TIME}).`);
    } else {
      this.fail(field, `"${value}"은(는) 올바른 날짜·시각이 아닙니다 (예: ${EXAMPLE_TIME}).`);
    }
    return null;
  }

  integer(field: string): number | null {
    const value = this.data[field];
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
      const n = Number(value);
      if (Number.isSafeInteger(n)) return n;
    }
    return null;
  }
}

/**
 * Checks a file's front matter against the import contract and returns the
 * typed release, or every problem found as {field, message} in Korean.
 * Keys outside the contract are ignored.
 */
export function validateReleaseDocument(data: Record<string, unknown>, body: string): ValidationResult {
  const check = new Checker(data);

  let id: number | null = null;
  if (!isBlank(data.id)) {
    id = check.integer('id');
    if (id === null || id < 1) {
      check.fail('id', `"${show(data.id)}"은(는) 올바른 id가 아닙니다 (양의 정수여야 합니다).`);
      id = null;
    }
  }

  let type: ReleaseType = RELEASE_TYPES[0];
  const rawType = data.type;
  if (isBlank(rawType)) {
    check.fail('type', `유형이 없습니다 (${TYPE_LIST} 중 하나).`);
  } else {
    const name = typeof rawType === 'string' ? rawType.trim() : rawType;
    const known = RELEASE_TYPES.find((t) => t === name);
    if (known) type = known;
    else check.fail('type', `"${show(rawType)}"은(는) 알 수 없는 유형입니다 (${TYPE_LIST} 중 하나).`);
  }

  const title = check.text('title', '제목이 없습니다.');
  if (title.length > MAX_TITLE_LENGTH) check.fail('title', `제목은 ${MAX_TITLE_LENGTH}자까지입니다 (${title.length}자).`);
  else if (title.includes('\n')) check.fail('title', '제목은 한 줄이어야 합니다.');

  const subtitles = check.lines('subtitle', MAX_SUBTITLES, '부제는');
  const summary = check.lines('summary', null, '요약은');
  const ministry = check.text('ministry', '부처가 없습니다.');
  const department = check.text('department', '담당 부서가 없습니다.');
  const contactPerson = check.text('contact', null);
  const contactResponsible = check.text('responsible', null);
  const contactPhone = check.text('phone', null);
  const releasedAt = check.instant('released_at', `보도시점이 없습니다 (예: ${EXAMPLE_TIME}).`);
  const distributedAt = check.instant('distributed_at', null);

  let licence = DEFAULT_LICENCE;
  if (!isBlank(data.licence)) {
    const n = check.integer('licence');
    if (n === null || n < 0 || n > 4) {
      check.fail('licence', `"${show(data.licence)}"은(는) 공공누리 유형이 아닙니다 (0에서 4 사이의 정수).`);
    } else {
      licence = n;
    }
  }

  let featured = false;
  if (!isBlank(data.featured)) {
    if (typeof data.featured === 'boolean') featured = data.featured;
    else check.fail('featured', `true 또는 false여야 합니다 ("${show(data.featured)}"이(가) 왔습니다).`);
  }

  if (check.errors.length > 0 || releasedAt === null) return { ok: false, errors: check.errors };
  return {
    ok: true,
    document: {
      id,
      type,
      title,
      subtitles,
      summary,
      ministry,
      department,
      contactPerson,
      contactResponsible,
      contactPhone,
      releasedAt,
      distributedAt,
      licence,
      featured,
      bodyMarkdown: body.replace(/^(?:[ \t]*\n)+/, '').trimEnd(),
    },
  };
}

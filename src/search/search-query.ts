import type { MinistryRow } from '../db/schema.js';
import { decodeCursor, encodeCursor, parseListQuery, type ListParams } from '../releases/list-query.js';
import type { ReleaseFilter } from '../releases/release-repository.js';
import { AppError } from '../shared/errors.js';
import { comparableText } from './search-text.js';

export const MAX_QUERY_LENGTH = 200;
/** Words beyond this many are ignored: every one must match, so more only narrow to nothing. */
export const MAX_WORDS = 8;
export const SEARCH_PAGE_SIZE = 20;

export type SearchSort = 'relevance' | 'latest';

export type SearchCursor =
  | { sort: 'relevance'; score: number; id: number }
  | { sort: 'latest'; releasedAt: string; id: number };

export interface SearchQuery {
  /** the query as the reader typed it (controls replaced by spaces), for the form */
  text: string;
  /** the words that must all occur, normalized as the index is */
  words: string[];
  sort: SearchSort;
  params: ListParams;
  filter: ReleaseFilter;
  cursor?: SearchCursor;
  /** which page of results this is, only for display */
  page: number;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One word as the index sees it: NFKC, lower case, letters and digits only. */
export function normalizeWord(word: string): string {
  return comparableText(word);
}

/**
 * The words of a query. Whatever the reader typed is text: quotes, `*`, NEAR,
 * AND/OR/NOT and brackets are either dropped with the punctuation or searched
 * as plain words, never passed on as query syntax.
 */
export function queryWords(text: string): string[] {
  const words: string[] = [];
  for (const raw of text.split(/\s+/u)) {
    const word = normalizeWord(raw);
    if (word && !words.includes(word)) words.push(word);
    if (words.length >= MAX_WORDS) break;
  }
  return words;
}

export function encodeSearchCursor(cursor: SearchCursor): string {
  return cursor.sort === 'latest'
    ? encodeCursor({ releasedAt: cursor.releasedAt, id: cursor.id })
    : `r${cursor.score}_${cursor.id}`;
}

export function decodeSearchCursor(value: string, sort: SearchSort): SearchCursor | null {
  if (sort === 'latest') {
    const position = decodeCursor(value);
    return position ? { sort, ...position } : null;
  }
  const match = /^r(-?\d{1,20}(?:\.\d{1,40})?(?:e[-+]\d{1,3})?)_([1-9]\d{0,15})$/.exec(value);
  if (!match) return null;
  const score = Number(match[1]);
  const id = Number(match[2]);
  if (!Number.isFinite(score) || !Number.isSafeInteger(id)) return null;
  return { sort, score, id };
}

function single(raw: Record<string, unknown>, key: string, errors: string[]): string {
  const value = raw[key];
  if (value === undefined) return '';
  if (typeof value !== 'string') {
    errors.push(`"${key}" 값은 한 번만 지정할 수 있습니다.`);
    return '';
  }
  return value;
}

/**
 * Reads /briefing/search (and the API's q). Filters are the list's own
 * (parseListQuery), so the two pages accept exactly the same values.
 */
export function parseSearchQuery(
  raw: Record<string, unknown>,
  resolveMinistry: (name: string) => MinistryRow | undefined,
): SearchQuery {
  const errors: string[] = [];
  const text = single(raw, 'q', errors).replace(CONTROL, ' ').trim();
  if (text.length > MAX_QUERY_LENGTH) {
    errors.push(`검색어는 ${MAX_QUERY_LENGTH}자 이내로 입력해 주세요. 지금 입력한 검색어는 ${text.length}자입니다.`);
  }
  const sortText = single(raw, 'sort', errors);
  let sort: SearchSort = 'relevance';
  if (sortText === 'latest') sort = 'latest';
  else if (sortText && sortText !== 'relevance') errors.push('정렬은 관련도순(relevance) 또는 최신순(latest)만 고를 수 있습니다.');

  let list: ReturnType<typeof parseListQuery> | undefined;
  try {
    const filters: Record<string, unknown> = {};
    for (const key of ['ministry', 'type', 'from', 'to']) if (raw[key] !== undefined) filters[key] = raw[key];
    list = parseListQuery(filters, resolveMinistry);
  } catch (error) {
    if (error instanceof AppError) errors.push(...error.details);
    else throw error;
  }

  let cursor: SearchCursor | undefined;
  const cursorText = single(raw, 'cursor', errors);
  if (cursorText) {
    const decoded = cursorText.length <= 80 ? decodeSearchCursor(cursorText, sort) : null;
    if (decoded) cursor = decoded;
    else errors.push('검색 결과 위치(cursor) 값이 올바르지 않습니다. 처음부터 다시 검색해 주세요.');
  }
  let page = 1;
  const pageText = single(raw, 'page', errors);
  if (pageText) {
    if (/^[1-9]\d{0,5}$/.test(pageText)) page = Number(pageText);
    else errors.push(`쪽 번호 "${pageText.slice(0, 20)}"은(는) 올바르지 않습니다.`);
  }
  if (errors.length > 0 || !list) throw new AppError('INVALID_QUERY', '검색 조건이 올바르지 않습니다.', errors);
  return {
    text,
    words: text.length > MAX_QUERY_LENGTH ? [] : queryWords(text),
    sort,
    params: list.params,
    filter: list.filter,
    cursor,
    page: cursor ? page : 1,
  };
}

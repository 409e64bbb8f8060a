import { parseLines } from '../releases/release-service.js';
import type { Kysely } from 'kysely';
import type { AttachmentRow, Database } from '../db/schema.js';
import { decodeCursor, encodeCursor } from '../releases/list-query.js';
import type { ReleaseFilter } from '../releases/release-repository.js';
import { attributionNotice } from '../releases/attribution.js';
import { koglLicence } from '../releases/kogl.js';
import { AppError } from '../shared/errors.js';
import { kstIso } from '../shared/time.js';
import { decodeSearchCursor, type SearchSort } from '../search/search-query.js';
import { searchReleases, type ReleaseSearch } from '../search/search-service.js';
import { findPublicRows, listAttachmentsOf, listCorrections, listPublicPositions, type ApiReleaseRow } from './api-repository.js';
import type { Correction, ReleaseDetail, ReleaseList, ReleaseSummary } from './api-schemas.js';


export function lastPublicChange(row: { released_at: string; updated_at: string }): string {
  return row.updated_at > row.released_at ? row.updated_at : row.released_at;
}

export function attachmentUrl(origin: string, row: Pick<AttachmentRow, 'id' | 'file_name'>): string {
  return `${origin}/attachments/${row.id}/${encodeURIComponent(row.file_name)}`;
}

function toSummary(row: ApiReleaseRow, origin: string): ReleaseSummary {
  const licence = koglLicence(row.licence);
  return {
    id: row.id,
    url: `${origin}/briefing/${row.id}`,
    type: row.type,
    title: row.title,
    subtitles: parseLines(row.subtitles),
    summary: parseLines(row.summary),
    ministry: row.ministry_name,
    releasedAt: kstIso(row.released_at),
    updatedAt: kstIso(lastPublicChange(row)),
    licence: { type: licence.type, label: licence.label, text: licence.text },
  };
}

/**
 * The public 수정 이력 of a release, oldest first. The workflow writes
 * release_corrections when it approves a correction.
 */
export async function correctionHistory(db: Kysely<Database>, releaseId: number): Promise<Correction[]> {
  const rows = await listCorrections(db, releaseId);
  return rows.map((r) => ({ date: kstIso(r.created_at), note: r.change_note, minor: r.minor === 1 }));
}

export interface ApiListQuery {
  filter: ReleaseFilter;
  words: string[];
  sort: SearchSort;
  cursor?: string;
  limit: number;
}

/**
 * GET /api/v1/releases: newest first, or search hits when words are given; keyset
 * cursors both ways. `count` is the list's count (ListPositions.count: kept per filter
 * and counted in short steps, shared with the HTML list).
 */
export async function listApiReleases(
  db: Kysely<Database>,
  query: ApiListQuery,
  origin: string,
  now: Date,
  count: (filter: ReleaseFilter, now: Date) => Promise<number>,
  search: ReleaseSearch = (input, at, options) => searchReleases(db, input, at, { limit: options?.limit }),
): Promise<ReleaseList> {
  const badCursor = () => new AppError('INVALID_QUERY', 'cursor 값이 올바르지 않습니다. 앞 응답의 nextCursor를 그대로 보내 주세요.');
  if (query.words.length > 0) {
    const cursor = query.cursor ? decodeSearchCursor(query.cursor, query.sort) : undefined;
    if (cursor === null) throw badCursor();
    const result = await search({ words: query.words, sort: query.sort, filter: query.filter, cursor }, now, { limit: query.limit });
    const rows = await findPublicRows(db, result.hits.map((h) => h.id), now);
    return { items: rows.map((r) => toSummary(r, origin)), total: result.total, totalIsLowerBound: result.totalIsLowerBound, nextCursor: result.nextCursor };
  }
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (after === null) throw badCursor();
  const [positions, total] = await Promise.all([
    listPublicPositions(db, query.filter, now, { after, limit: query.limit + 1 }),
    count(query.filter, now),
  ]);
  const page = positions.slice(0, query.limit);
  const rows = await findPublicRows(db, page.map((p) => p.id), now);
  const last = page.at(-1);
  return {
    items: rows.map((r) => toSummary(r, origin)),
    total,
    totalIsLowerBound: false,
    nextCursor: positions.length > query.limit && last ? encodeCursor({ releasedAt: last.released_at, id: last.id }) : null,
  };
}

export async function getApiRelease(db: Kysely<Database>, id: number, origin: string, now: Date): Promise<ReleaseDetail> {
  const [row] = await findPublicRows(db, [id], now);
  if (!row) throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
  const [attachments, corrections] = await Promise.all([listAttachmentsOf(db, [id]), correctionHistory(db, id)]);
  return {
    ...toSummary(row, origin),
    bodyHtml: row.body_html,
    distributedAt: row.distributed_at ? kstIso(row.distributed_at) : null,
    department: row.department,
    contact: { responsible: row.contact_responsible, person: row.contact_person, phone: row.contact_phone },
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.file_name, mediaType: a.media_type, sizeBytes: a.size_bytes, url: attachmentUrl(origin, a) })),
    corrections,
    attribution: attributionNotice(row.ministry_name, row.type),
  };
}

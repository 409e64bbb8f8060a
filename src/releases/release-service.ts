import type { Kysely } from 'kysely';
import type { AttachmentRow, Database, MinistryRow, ReleaseType } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { formatKstDate, formatKstDateTime, kstIso } from '../shared/time.js';
import { attributionNotice } from './attribution.js';
import { koglLicence, type KoglLicence } from './kogl.js';
import { encodeCursor, listQueryString, PAGE_SIZE, type ListParams, type ListQuery } from './list-query.js';
import {
  countPublic,
  findNeighbour,
  findReleaseById,
  listAttachments,
  listPublicPage,
  type ListPosition,
  type ReleaseFilter,
  type ReleaseListRow,
} from './release-repository.js';
import { isPublic } from './visibility.js';
import { correctionHistory, type CorrectionEntry } from '../workflow/workflow-service.js';
import { embargoText } from '../workflow/embargo.js';

export interface ReleaseListItem {
  id: number;
  url: string;
  type: ReleaseType;
  title: string;
  subtitle: string;
  ministry: string;
  date: string;
  dateIso: string;
}

export interface PageLink {
  number: number;
  url: string;
  current: boolean;
}

export interface ReleaseListPage {
  items: ReleaseListItem[];
  total: number;
  page: number;
  pageCount: number;
  pagination: { prevUrl: string | null; nextUrl: string | null; pages: PageLink[] };
}

/** Subtitle or summary lines, stored as a JSON array; anything else reads as none. */
export function parseLines(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function toListItem(row: ReleaseListRow, linkQuery = ''): ReleaseListItem {
  return {
    id: row.id,
    url: `/briefing/${row.id}${linkQuery}`,
    type: row.type,
    title: row.title,
    subtitle: parseLines(row.subtitles)[0] ?? '',
    ministry: row.ministry_name,
    date: formatKstDate(row.released_at),
    dateIso: kstIso(row.released_at),
  };
}

/** Page numbers shown around the current one: at most ten, in blocks as Korean portals do. */
function pageWindow(page: number, pageCount: number): number[] {
  const blockStart = Math.floor((page - 1) / 10) * 10 + 1;
  const blockEnd = Math.min(blockStart + 9, pageCount);
  const numbers: number[] = [];
  for (let n = blockStart; n <= blockEnd; n++) numbers.push(n);
  return numbers;
}

export interface ListNavigation {
  count(filter: ReleaseFilter, now: Date): Promise<number>;
  seek(filter: ReleaseFilter, now: Date, offset: number): Promise<{ after?: ListPosition; offset: number }>;
}

/** Counting and seeking with no memory: every call walks the index (tests, CLI). */
export function directNavigation(db: Kysely<Database>): ListNavigation {
  return {
    count: (filter, now) => countPublic(db, filter, now),
    seek: async (_filter, _now, offset) => ({ offset }),
  };
}

export async function listPublicReleases(
  db: Kysely<Database>,
  query: ListQuery,
  now: Date,
  navigation: ListNavigation = directNavigation(db),
): Promise<ReleaseListPage> {
  const { filter, params, page, cursor } = query;
  const total = await navigation.count(filter, now);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // A cursor (from 다음) is exact; a page number seeks from the nearest remembered position.
  const start = cursor ? { after: cursor, offset: 0 } : await navigation.seek(filter, now, (page - 1) * PAGE_SIZE);
  const rows = await listPublicPage(db, filter, now, { after: start.after, offset: start.offset, limit: PAGE_SIZE });
  const items = rows.map((row) => toListItem(row, listQueryString(params, { page: page > 1 ? page : undefined })));
  const last = rows.at(-1);
  const hasNext = page < pageCount && rows.length === PAGE_SIZE && last !== undefined;
  const pageUrl = (n: number) => `/briefing${listQueryString(params, { page: n > 1 ? n : undefined })}`;
  return {
    items,
    total,
    page,
    pageCount,
    pagination: {
      prevUrl: page > 1 ? pageUrl(page - 1) : null,
      // The next page follows the last row (keyset), so it costs the same at any depth.
      nextUrl: hasNext
        ? `/briefing${listQueryString(params, { page: page + 1, cursor: encodeCursor({ releasedAt: last.released_at, id: last.id }) })}`
        : null,
      pages: pageWindow(page, pageCount).map((n) => ({ number: n, url: pageUrl(n), current: n === page })),
    },
  };
}

export interface ArticleAttachment {
  url: string;
  fileName: string;
  typeLabel: string;
  sizeText: string;
}

export interface ArticleView {
  id: number;
  type: ReleaseType;
  title: string;
  subtitles: string[];
  summary: string[];
  bodyHtml: string;
  ministry: string;
  ministryShort: string;
  releasedAtText: string;
  releasedAtIso: string;
  /** 보도시점 and the last change, UTC ISO, for machine-readable metadata */
  releasedAt: string;
  updatedAt: string;
  /** 보도시점 as worded for the press: "2025.03.04 조간 (온라인 2025.03.03 12:00부터)" */
  embargoText: string;
  distributedAtText: string | null;
  distributedAtIso: string | null;
  /** Set for a withdrawn release: the article shows this notice instead of its body. */
  withdrawal: { reason: string; dateText: string; dateIso: string } | null;
  /** The public 수정 이력, newest first. */
  corrections: CorrectionEntry[];
  /** For a 해명자료: the media report it answers. */
  rebuttal: { outlet: string; dateText: string | null; title: string } | null;
  department: string;
  contactResponsible: string;
  contactPerson: string;
  contactPhone: string;
  attachments: ArticleAttachment[];
  attribution: string;
  kogl: KoglLicence;
}

export interface ArticlePage {
  release: ArticleView;
  listUrl: string;
  prev: { url: string; title: string } | null;
  next: { url: string; title: string } | null;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

function attachmentView(row: AttachmentRow): ArticleAttachment {
  const extension = row.file_name.includes('.') ? row.file_name.split('.').pop()!.toUpperCase() : '';
  return {
    url: `/attachments/${row.id}/${encodeURIComponent(row.file_name)}`,
    fileName: row.file_name,
    typeLabel: extension || row.media_type,
    sizeText: formatBytes(row.size_bytes),
  };
}

/**
 * The article as a reader sees it, with 이전기사 (next older) and 다음기사 (next newer)
 * inside the list the reader came from. Anything not public is simply not found.
 */
export async function getPublicArticle(
  db: Kysely<Database>,
  id: number,
  query: ListQuery,
  now: Date,
): Promise<ArticlePage> {
  const release = await findReleaseById(db, id);
  // A withdrawn release left every list, but its address keeps answering with the
  // 철회 notice, so links already shared explain what happened.
  const withdrawn =
    release?.state === 'withdrawn' && release.withdrawn_at !== null && new Date(release.released_at).getTime() <= now.getTime();
  if (!release || (!withdrawn && !isPublic(release, now))) throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
  const corrections = await correctionHistory(db, release.id);
  const position = { releasedAt: release.released_at, id: release.id };
  const [older, newer, attachments] = await Promise.all([
    findNeighbour(db, query.filter, now, position, 'older'),
    findNeighbour(db, query.filter, now, position, 'newer'),
    withdrawn ? Promise.resolve([]) : listAttachments(db, release.id),
  ]);
  const linkQuery = listQueryString(query.params, { page: query.page > 1 ? query.page : undefined });
  const neighbourQuery = listQueryString(query.params);
  const link = (row: { id: number; title: string } | undefined) => (row ? { url: `/briefing/${row.id}${neighbourQuery}`, title: row.title } : null);
  return {
    release: {
      id: release.id,
      type: release.type,
      title: release.title,
      subtitles: parseLines(release.subtitles),
      summary: parseLines(release.summary),
      bodyHtml: withdrawn ? '' : release.body_html,
      ministry: release.ministry_name,
      ministryShort: release.ministry_short_name,
      releasedAtText: formatKstDateTime(release.released_at),
      releasedAtIso: kstIso(release.released_at),
      releasedAt: release.released_at,
      updatedAt: release.updated_at,
      embargoText: embargoText(release.embargo_preset, release.released_at),
      distributedAtText: release.distributed_at ? formatKstDateTime(release.distributed_at) : null,
      distributedAtIso: release.distributed_at ? kstIso(release.distributed_at) : null,
      withdrawal: withdrawn
        ? { reason: release.withdrawal_reason ?? '', dateText: formatKstDate(release.withdrawn_at!), dateIso: kstIso(release.withdrawn_at!) }
        : null,
      corrections,
      rebuttal:
        release.type === '해명자료' && release.rebuttal_outlet && release.rebuttal_title
          ? {
              outlet: release.rebuttal_outlet,
              dateText: release.rebuttal_date ? release.rebuttal_date.replace(/-/g, '.') : null,
              title: release.rebuttal_title,
            }
          : null,
      department: release.department,
      contactResponsible: release.contact_responsible,
      contactPerson: release.contact_person,
      contactPhone: release.contact_phone,
      attachments: attachments.map(attachmentView),
      attribution: attributionNotice(release.ministry_name, release.type),
      kogl: koglLicence(release.licence),
    },
    listUrl: `/briefing${linkQuery}`,
    prev: link(older),
    next: link(newer),
  };
}

export type { ListParams, MinistryRow };

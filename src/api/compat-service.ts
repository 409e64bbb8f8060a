import { parseLines } from '../releases/release-service.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { findPublicRows, listAttachmentsOf, listPublicPositions } from './api-repository.js';
import { attachmentUrl, lastPublicChange } from './api-service.js';
import type { NewsItem, PortalRequest } from './compat-xml.js';


/** One page of public releases whose 보도시점 falls in the asked KST days, oldest first. */
export async function listPortalItems(db: Kysely<Database>, request: PortalRequest, origin: string, now: Date): Promise<NewsItem[]> {
  const positions = await listPublicPositions(db, { from: request.from, until: request.until }, now, {
    limit: request.numOfRows,
    offset: (request.pageNo - 1) * request.numOfRows,
    ascending: true,
  });
  const ids = positions.map((p) => p.id);
  const [rows, attachments] = await Promise.all([findPublicRows(db, ids, now), listAttachmentsOf(db, ids)]);
  const items: NewsItem[] = [];
  for (const row of rows) {
    items.push({
      id: row.id,
      modifyId: row.lock_version,
      modifiedAt: lastPublicChange(row),
      approvedAt: row.distributed_at ?? row.released_at,
      embargoAt: row.released_at,
      // Imported releases have no approver; the workflow's approvals can fill this in.
      approverName: '',
      title: row.title,
      subtitles: parseLines(row.subtitles),
      bodyHtml: row.body_html,
      ministry: row.ministry_name,
      url: `${origin}/briefing/${row.id}`,
      files: attachments.filter((a) => a.release_id === row.id).map((a) => ({ name: a.file_name, url: attachmentUrl(origin, a) })),
    });
  }
  return items;
}

// The rows a synthetic release becomes: one for the releases table, and the
// release as search-rows.ts reads it to work out its search index row.
import type { Insertable } from 'kysely';
import type { ReleasesTable } from '../db/schema.js';
import type { GeneratedRelease } from './search-rows.js';
import type { SyntheticRelease, SyntheticTexts } from './synthetic.js';

export const RELEASE_COLUMNS = [
  'ministry_id', 'type', 'state', 'title', 'subtitles', 'summary', 'body_markdown', 'body_html', 'department',
  'contact_person', 'contact_phone', 'released_at', 'distributed_at', 'licence', 'featured', 'view_count',
  'source_file', 'withdrawn_at', 'withdrawal_reason', 'created_at', 'updated_at',
] as const satisfies readonly (keyof Insertable<ReleasesTable>)[];

/**
 * A published release's values in RELEASE_COLUMNS order. `escapedSentences` are
 * the vocabulary's sentences as HTML, escaped once instead of in every
 * paragraph they end up in.
 */
export function releaseValues(
  release: SyntheticRelease,
  texts: SyntheticTexts,
  escapedSentences: readonly string[],
  ministryId: number,
  releasedAt: string,
): unknown[] {
  const row: Insertable<ReleasesTable> = {
    ministry_id: ministryId,
    type: release.type,
    state: 'published',
    title: texts.title,
    subtitles: JSON.stringify(texts.subtitles),
    summary: JSON.stringify(texts.summary),
    body_markdown: texts.paragraphs.join('\n\n'),
    body_html: release.paragraphs.map((sentences) => `<p>${sentences.map((i) => escapedSentences[i]).join(' ')}</p>\n`).join(''),
    department: release.department,
    contact_person: release.contactPerson,
    contact_phone: release.contactPhone,
    released_at: releasedAt,
    distributed_at: null,
    licence: release.licence,
    featured: release.featured ? 1 : 0,
    view_count: release.viewCount,
    source_file: null,
    withdrawn_at: null,
    withdrawal_reason: null,
    created_at: releasedAt,
    updated_at: releasedAt,
  };
  return RELEASE_COLUMNS.map((column) => row[column]);
}

export function generatedRelease(id: number, releasedAt: string, ministryId: number, release: SyntheticRelease): GeneratedRelease {
  return {
    id,
    releasedAtSeconds: Math.floor(Date.parse(releasedAt) / 1000),
    ministryId,
    type: release.type,
    title: release.title,
    subtitles: release.subtitles.flat(),
    summary: release.summary,
    body: release.paragraphs.flat(),
  };
}

// Whether a load can build the search index itself (worker threads, assembled
// at the end), and what it needs for that.
import type SQLite from 'better-sqlite3';
import { canAssembleSearchIndex, rolledBack, rowInserter, searchIndexSource, searchRowOf, type SearchIndexSource } from '../db/sqlite-bulk.js';
import { searchGrams } from '../db/sqlite-search.js';
import { escapeHtml } from '../rendering/escape.js';
import { vocabularyGrams } from './composed-grams.js';
import { generatedRelease, RELEASE_COLUMNS, releaseValues } from './release-rows.js';
import { mirroredColumns, sameSearchRow, SearchRowWriter, type GeneratedRelease } from './search-rows.js';
import { seededRandom, syntheticRelease, syntheticTexts, type Vocabulary } from './synthetic.js';

export interface SearchIndexPlan {
  source: SearchIndexSource;
  /** the view columns of the search trigger's SELECT, which search-rows.ts works out */
  columns: string[];
  /** by ministry id: what search_grams() gives for the ministry column */
  ministryGrams: [number, string][];
  rows: SearchRowWriter;
}

/**
 * A plan when the search trigger, FTS5's records and release_search_source are
 * as the generator knows them, checked on probes; otherwise null, and the
 * trigger indexes each release as it is inserted, which takes longer.
 */
export function searchIndexPlan(
  sqlite: SQLite.Database,
  vocabulary: Vocabulary,
  ministries: readonly { id: number; name: string; short_name: string }[],
  now: Date,
): SearchIndexPlan | null {
  const source = searchIndexSource(sqlite);
  const columns = source && mirroredColumns(source.select);
  if (!source || !columns || !canAssembleSearchIndex(source)) return null;
  const ministryGrams = ministries.map((m): [number, string] => [m.id, searchGrams(`${m.name} ${m.short_name}`)]);
  const rows = new SearchRowWriter(columns, {
    grams: vocabularyGrams(vocabulary),
    ministryGrams: new Map(ministryGrams.map(([id, grams]) => [id, Buffer.from(grams)])),
  });
  const plan = { source, columns, ministryGrams, rows };
  // What the view gives for a release must be what search-rows.ts works out.
  const probe = syntheticRelease(seededRandom(0), vocabulary);
  const releasedAt = now.toISOString();
  const ministryId = ministries[0]!.id;
  const values = releaseValues(probe, syntheticTexts(probe, vocabulary), vocabulary.sentences.map(escapeHtml), ministryId, releasedAt);
  const agrees = rolledBack(sqlite, () => {
    const id = rowInserter(sqlite, 'releases', RELEASE_COLUMNS)(values);
    return indexRowMatches(sqlite, plan, generatedRelease(id, releasedAt, ministryId, probe));
  });
  return agrees ? plan : null;
}

/** Whether release_search_source gives a release the row search-rows.ts works out for it. */
export function indexRowMatches(sqlite: SQLite.Database, plan: SearchIndexPlan, release: GeneratedRelease): boolean {
  const viewRow = searchRowOf(sqlite, plan.source, release.id);
  return viewRow !== undefined && sameSearchRow(viewRow, plan.rows.row(release));
}

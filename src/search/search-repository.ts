import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Database, ReleaseType } from '../db/schema.js';
import { publicCondition } from '../releases/visibility.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface SearchRow {
  id: number;
  type: ReleaseType;
  title: string;
  subtitles: string;
  summary: string;
  body_markdown: string;
  released_at: string;
  ministry_name: string;
}

/** The rows shown for hits, in the order given; anything no longer public is dropped. */
export async function findSearchRows(db: Db, ids: number[], now: Date): Promise<SearchRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .select([
      'releases.id',
      'releases.type',
      'releases.title',
      'releases.subtitles',
      'releases.summary',
      'releases.body_markdown',
      'releases.released_at',
      'ministries.name as ministry_name',
    ])
    .where('releases.id', 'in', ids)
    .where((eb) => publicCondition(eb as unknown as ExpressionBuilder<Database, 'releases'>, now))
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export interface HeadlineRow {
  id: number;
  title: string;
  subtitles: string;
  summary: string;
  ministry_name: string;
}

/**
 * The short fields relevance ranks by, for candidates already checked as public.
 * They sit at the head of each row, so the body's pages are never read.
 */
export async function findHeadlines(db: Db, ids: number[]): Promise<HeadlineRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .select(['releases.id', 'releases.title', 'releases.subtitles', 'releases.summary', 'ministries.name as ministry_name'])
    .where('releases.id', 'in', ids)
    .execute();
}

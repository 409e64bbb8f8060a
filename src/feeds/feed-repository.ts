import { type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Database, ReleaseType } from '../db/schema.js';
import type { ReleaseFilter } from '../releases/release-repository.js';
import { publicCondition, publicListCondition } from '../releases/visibility.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface FeedRow {
  id: number;
  type: ReleaseType;
  title: string;
  subtitles: string;
  summary: string;
  body_html: string;
  released_at: string;
  updated_at: string;
  licence: number;
  ministry_name: string;
}


/** The newest public releases under a filter, with what a feed item shows. */
export function listFeedRows(db: Db, filter: ReleaseFilter, now: Date, limit: number): Promise<FeedRow[]> {
  return db
    .selectFrom('releases')
    .innerJoin('ministries', 'ministries.id', 'releases.ministry_id')
    .select([
      'releases.id',
      'releases.type',
      'releases.title',
      'releases.subtitles',
      'releases.summary',
      'releases.body_html',
      'releases.released_at',
      'releases.updated_at',
      'releases.licence',
      'ministries.name as ministry_name',
    ])
    .where((eb) => publicListCondition(eb as unknown as ExpressionBuilder<Database, 'releases'>, filter, now))
    .orderBy('releases.released_at', 'desc')
    .orderBy('releases.id', 'desc')
    .limit(limit)
    .execute();
}

export interface SitemapRow {
  id: number;
  /** the later of updated_at and released_at: when the public page last changed */
  lastmod: string;
}

export async function countPublicReleases(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('releases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => publicCondition(eb, now))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The later of updated_at and released_at, as a CASE: SQLite's two-argument max() is GREATEST in PostgreSQL. */
function lastPublicChange(eb: ExpressionBuilder<Database, 'releases'>) {
  return eb
    .case()
    .when('releases.updated_at', '>', eb.ref('releases.released_at'))
    .then(eb.ref('releases.updated_at'))
    .else(eb.ref('releases.released_at'))
    .end();
}

/**
 * Up to `limit` public releases in id order, from id `from.id` on after skipping
 * `from.skip` of them: one sitemap file, read from where a known file starts.
 */
export async function listSitemapRows(db: Db, now: Date, from: { id: number; skip: number }, limit: number): Promise<SitemapRow[]> {
  return db
    .selectFrom('releases')
    .select((eb) => ['releases.id', lastPublicChange(eb).as('lastmod')])
    .where((eb) => eb.and([publicCondition(eb, now), eb('releases.id', '>=', from.id)]))
    .orderBy('releases.id', 'asc')
    .limit(limit)
    .offset(from.skip)
    .execute();
}


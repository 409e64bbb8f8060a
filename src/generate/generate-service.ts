import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Insertable } from 'kysely';
import type { CommentsTable, UsersTable } from '../db/schema.js';
import type { Connection } from '../db/sqlite.js';
import { bulkLoad, rowCounters, rowInserter, SearchIndexAssembly, searchRowReader } from '../db/sqlite-bulk.js';
import { escapeHtml } from '../rendering/escape.js';
import { readContentFile } from '../content/index.js';
import { recountShownComments } from '../comments/comment-repository.js';
import { KNOWN_MINISTRIES } from '../ministries/known-ministries.js';
import { findOrCreateMinistry } from '../ministries/ministry-service.js';
import { generatedRelease, RELEASE_COLUMNS, releaseValues } from './release-rows.js';
import { SearchIndexBuilders } from './search-index-builders.js';
import { indexRowMatches, searchIndexPlan } from './search-index-plan.js';
import { ReleaseBatch } from './search-rows.js';
import { buildVocabulary, EXTRA_PUBLISHERS, pick, seededRandom, syntheticRelease, syntheticTexts, type Vocabulary } from './synthetic.js';

export interface GenerateOptions {
  releases: number;
  seed: number;
  contentDir: string;
  now: Date;
  onProgress?: (done: number, total: number) => void;
  /**
   * Worker threads that build parts of the search index, one per CPU unless
   * given. Run from the TypeScript sources (tests), builders in this thread
   * stand in for them.
   */
  searchThreads?: number;
}

/** Releases generated, inserted and handed to the search index builders at a time. */
const CHUNK = 1000;
/** One release in this many has its search index row compared with release_search_source's. */
const CHECKED_EVERY = 997;
/** Releases a worker may have waiting before the generator waits for it. */
const QUEUED_PER_WORKER = 8 * CHUNK;
/** FTS5 indexes faster with less pending in memory; fewer segments answer queries faster. */
const MAX_ROWS_PER_SEGMENT = 25_000;
const ARCHIVE_START = Date.UTC(1999, 0, 1);

export function loadVocabulary(contentDir: string): Vocabulary {
  const texts: { title: string; body: string; department: string }[] = [];
  for (const file of fs.readdirSync(contentDir).filter((f) => f.endsWith('.md'))) {
    const parsed = readContentFile(fs.readFileSync(path.join(contentDir, file)));
    if (parsed.ok) texts.push({ title: parsed.document.title, body: parsed.document.bodyMarkdown, department: parsed.document.department });
  }
  const vocabulary = buildVocabulary(texts);
  if (vocabulary.sentences.length < 20 || vocabulary.words.length < 50) {
    throw new Error(`${contentDir}의 보도자료에서 어휘를 충분히 얻지 못했습니다.`);
  }
  return vocabulary;
}

/** What generateReleases() made. */
export interface GeneratedReleases {
  releases: number;
  ministries: number;
  /** whether the search index was assembled from worker threads' parts or written by the trigger release by release */
  searchIndex: 'assembled' | 'trigger';
}

/**
 * Fills the database with synthetic published releases spread from 1999 to now,
 * across 50 publishers, in one transaction. Worker threads build the search
 * index beside the load, and it is assembled at the end, holding exactly the
 * rows the search trigger would have written (see search-index-plan.ts).
 */
export async function generateReleases(connection: Connection, options: GenerateOptions): Promise<GeneratedReleases> {
  const { db, sqlite } = connection;
  const random = seededRandom(options.seed);
  const vocabulary = loadVocabulary(options.contentDir);
  const at = options.now.toISOString();
  const ministries = [];
  for (const name of [...KNOWN_MINISTRIES.map((m) => m.name), ...EXTRA_PUBLISHERS].slice(0, 50)) {
    ministries.push((await findOrCreateMinistry(db, name, at)).ministry);
  }
  const ministryIds = ministries.map((ministry) => ministry.id);
  const total = options.releases;
  const plan = total > 0 ? searchIndexPlan(sqlite, vocabulary, ministries, options.now) : null;
  const workers = Math.max(1, options.searchThreads ?? os.availableParallelism());
  const builders = plan
    ? new SearchIndexBuilders({
        workers,
        source: plan.source,
        rowsPerSegment: Math.min(MAX_ROWS_PER_SEGMENT, Math.max(200, Math.ceil(total / (workers * 8)))),
        mirror: { columns: plan.columns, vocabulary: { words: vocabulary.words, sentences: vocabulary.sentences }, ministryGrams: plan.ministryGrams },
        maxQueued: workers * QUEUED_PER_WORKER,
      })
    : null;
  const counters = rowCounters(sqlite, 'releases');
  const triggers = [...(plan ? [plan.source.trigger] : []), ...counters.map((counter) => counter.trigger)];
  try {
    await bulkLoad(sqlite, { triggers, indexes: [] }, async () => {
      const assembly = plan && new SearchIndexAssembly(sqlite, plan.source.createTable);
      try {
        await insertReleases(assembly);
        assembly?.finish();
        for (const counter of counters) counter.add(total);
      } catch (error) {
        assembly?.abandon();
        throw error;
      }
    });
  } finally {
    await builders?.dispose();
  }

  async function insertReleases(assembly: SearchIndexAssembly | null): Promise<void> {
    const insertRelease = rowInserter(sqlite, 'releases', RELEASE_COLUMNS);
    const escaped = vocabulary.sentences.map(escapeHtml);
    const takeSegments = () => {
      for (const segment of builders?.takeSegments() ?? []) {
        assembly?.add(segment);
        builders!.recycle(segment);
      }
    };
    // The index is built anew: releases public before this load go into it too.
    const earlier = plan ? searchRowReader(sqlite, plan.source)(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) : [];
    for (let i = 0; i < earlier.length; i += CHUNK) await builders!.addRows(earlier.slice(i, i + CHUNK));
    const progress = (inserted: number) =>
      options.onProgress?.(builders ? Math.min(inserted, builders.indexed - earlier.length) : inserted, total);
    const step = (options.now.getTime() - ARCHIVE_START) / Math.max(1, total);
    const batch = new ReleaseBatch();
    let done = 0;
    while (done < total) {
      const count = Math.min(CHUNK, total - done);
      for (let i = 0; i < count; i++) {
        const n = done + i;
        // Ascending 보도시점 with jitter, on the minute, as press releases are timed.
        const ms = ARCHIVE_START + n * step + random() * step * 0.9;
        const releasedAt = new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
        const release = syntheticRelease(random, vocabulary);
        const ministryId = pick(random, ministryIds);
        const id = insertRelease(releaseValues(release, syntheticTexts(release, vocabulary), escaped, ministryId, releasedAt));
        if (plan) {
          const generated = generatedRelease(id, releasedAt, ministryId, release);
          if (n % CHECKED_EVERY === 0 && !indexRowMatches(sqlite, plan, generated)) {
            throw new Error(`보도자료 ${id}의 검색 색인 행이 release_search_source와 다릅니다 (src/generate/search-rows.ts).`);
          }
          batch.add(generated);
        }
      }
      if (builders) await builders.addReleases(batch.take(), count);
      takeSegments();
      done += count;
      progress(done);
    }
    await builders?.finish(() => {
      takeSegments();
      progress(done);
    });
    progress(done);
  }
  return { releases: total, ministries: ministries.length, searchIndex: plan ? 'assembled' : 'trigger' };
}

export interface GenerateCommentsOptions {
  comments: number;
  seed: number;
  contentDir: string;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}

const COMMENTERS_PER_THOUSAND = 20;
const COMMENTS_PER_PROGRESS = 20_000;
const USER_COLUMNS = [
  'email', 'email_verified_at', 'display_name', 'password_hash', 'locked_until', 'disabled_at', 'last_login_at', 'created_at', 'updated_at',
] as const satisfies readonly (keyof Insertable<UsersTable>)[];
type CommentRow = Insertable<CommentsTable>;
/** Their keys are spread at random over a generated load: sorted once at the end instead. */
const COMMENT_INDEXES = ['comments_release', 'comments_author', 'comments_ip', 'comments_queue', 'comments_state', 'comments_created', 'comments_held'];
const COMMENT_COLUMNS = [
  'release_id', 'author_id', 'body', 'state', 'hidden_reason', 'hidden_until', 'deleted_rule', 'queued_at', 'created_at', 'edited_at', 'updated_at',
] as const satisfies readonly (keyof CommentRow)[];

/**
 * Synthetic comments by synthetic citizens (who cannot log in: their password hash
 * matches no password), spread over public releases with the newest ones busiest,
 * mostly published and a few held, deleted under a rule, or removed by their author.
 */
export async function generateComments(connection: Connection, options: GenerateCommentsOptions): Promise<{ comments: number; commenters: number }> {
  const { db, sqlite } = connection;
  const random = seededRandom(options.seed + 7919);
  const vocabulary = loadVocabulary(options.contentDir);
  const releaseRange = await db
    .selectFrom('releases')
    .select((eb) => [eb.fn.min<number>('id').as('low'), eb.fn.max<number>('id').as('high')])
    .where('state', '=', 'published')
    .executeTakeFirstOrThrow();
  if (releaseRange.low === null || releaseRange.high === null) throw new Error('댓글을 달 게시된 보도자료가 없습니다. 먼저 --releases로 보도자료를 만드십시오.');
  const at = options.now.toISOString();
  const commenterCount = Math.max(10, Math.ceil((options.comments / 1000) * COMMENTERS_PER_THOUSAND));
  const span = releaseRange.high - releaseRange.low + 1;
  const nowMs = options.now.getTime();
  const counters = rowCounters(sqlite, 'comments');
  // Comments point at releases anywhere in [low, high]: when release ids have no
  // gaps, every one exists and checking each comment's release would only cost
  // a random read of the releases table.
  const releaseIds = await db
    .selectFrom('releases')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min<number>('id').as('low'), eb.fn.max<number>('id').as('high')])
    .executeTakeFirstOrThrow();
  const existingUsers = await db.selectFrom('users').select((eb) => eb.fn.max<number>('id').as('max')).executeTakeFirstOrThrow();
  const firstUser = (existingUsers.max ?? 0) + 1;
  const plan = {
    // The per-release count is recounted once at the end instead of row by row.
    triggers: [...counters.map((counter) => counter.trigger), 'comments_count_insert'],
    indexes: COMMENT_INDEXES,
    checkForeignKeys: Number(releaseIds.count) !== releaseIds.high - releaseIds.low + 1,
  };
  await bulkLoad(sqlite, plan, async () => {
    const insertUser = rowInserter(sqlite, 'users', USER_COLUMNS);
    const insertRole = rowInserter(sqlite, 'user_roles', ['user_id', 'role']);
    const insertComment = rowInserter(sqlite, 'comments', COMMENT_COLUMNS);
    for (let i = 0; i < commenterCount; i++) {
      const n = firstUser + i;
      const user: Insertable<UsersTable> = {
        email: `reader${n}@generated.invalid`,
        email_verified_at: null,
        display_name: `독자${n}`,
        password_hash: 'generated$no-login',
        locked_until: null,
        disabled_at: null,
        last_login_at: null,
        created_at: at,
        updated_at: at,
      };
      insertRole([insertUser(USER_COLUMNS.map((column) => user[column])), 'citizen']);
    }
    for (let done = 0; done < options.comments; ) {
      const count = Math.min(COMMENTS_PER_PROGRESS, options.comments - done);
      for (let i = 0; i < count; i++) {
        // Skewed toward the newest releases, as readers are.
        const releaseId = releaseRange.high - Math.floor(Math.pow(random(), 4) * span);
        const roll = random();
        const state = roll < 0.93 ? 'published' : roll < 0.96 ? 'held' : roll < 0.99 ? 'deleted' : 'removed_by_author';
        const createdAt = new Date(nowMs - Math.floor(random() * 400 * 86_400_000)).toISOString();
        const sentence = pick(random, vocabulary.sentences);
        const comment: CommentRow = {
          release_id: releaseId,
          author_id: firstUser + Math.floor(random() * commenterCount),
          body: state === 'removed_by_author' ? '' : sentence.slice(0, 1000),
          state,
          hidden_reason: null,
          hidden_until: null,
          deleted_rule: state === 'deleted' ? pick(random, [1, 4, 6, 10, 11]) : null,
          queued_at: state === 'held' ? createdAt : null,
          created_at: createdAt,
          edited_at: null,
          updated_at: createdAt,
        };
        insertComment(COMMENT_COLUMNS.map((column) => comment[column]));
      }
      done += count;
      options.onProgress?.(done, options.comments);
    }
    for (const counter of counters) counter.add(options.comments);
  });
  await recountShownComments(db);
  return { comments: options.comments, commenters: commenterCount };
}

import fs from 'node:fs';
import { escapeHtml } from '../rendering/escape.js';
import path from 'node:path';
import { enterBulkLoad, type Connection } from '../db/sqlite.js';
import { readContentFile } from '../content/index.js';
import { KNOWN_MINISTRIES } from '../ministries/known-ministries.js';
import { findOrCreateMinistry } from '../ministries/ministry-service.js';
import { buildVocabulary, EXTRA_PUBLISHERS, pick, seededRandom, syntheticRelease, type Vocabulary } from './synthetic.js';

export interface GenerateOptions {
  releases: number;
  seed: number;
  contentDir: string;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}

const BATCH = 400;
const TRANSACTION_ROWS = 20_000;
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

/**
 * Fills the database with synthetic published releases spread from 1999 to now,
 * across 50 publishers, in batched multi-row inserts inside large transactions.
 */
export async function generateReleases(connection: Connection, options: GenerateOptions): Promise<{ releases: number; ministries: number }> {
  const { db } = connection;
  const random = seededRandom(options.seed);
  const vocabulary = loadVocabulary(options.contentDir);
  const at = options.now.toISOString();
  const ministryIds: number[] = [];
  for (const name of [...KNOWN_MINISTRIES.map((m) => m.name), ...EXTRA_PUBLISHERS].slice(0, 50)) {
    ministryIds.push((await findOrCreateMinistry(db, name, at)).ministry.id);
  }
  const leaveBulkLoad = enterBulkLoad(connection.sqlite);
  const span = options.now.getTime() - ARCHIVE_START;
  const step = span / Math.max(1, options.releases);
  let done = 0;
  while (done < options.releases) {
    const inThisTransaction = Math.min(TRANSACTION_ROWS, options.releases - done);
    await db.transaction().execute(async (trx) => {
      for (let offset = 0; offset < inThisTransaction; offset += BATCH) {
        const rows = [];
        for (let i = offset; i < Math.min(offset + BATCH, inThisTransaction); i++) {
          const n = done + i;
          // Ascending 보도시점 with jitter, on the minute, as press releases are timed.
          const ms = ARCHIVE_START + n * step + random() * step * 0.9;
          const releasedAt = new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
          const r = syntheticRelease(random, vocabulary);
          rows.push({
            ministry_id: pick(random, ministryIds),
            type: r.type,
            state: 'published' as const,
            title: r.title,
            subtitles: JSON.stringify(r.subtitles),
            summary: JSON.stringify(r.summary),
            body_markdown: r.paragraphs.join('\n\n'),
            body_html: r.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>\n`).join(''),
            department: r.department,
            contact_person: r.contactPerson,
            contact_phone: r.contactPhone,
            released_at: releasedAt,
            distributed_at: null,
            licence: r.licence,
            featured: r.featured ? 1 : 0,
            view_count: r.viewCount,
            source_file: null,
            withdrawn_at: null,
            withdrawal_reason: null,
            created_at: releasedAt,
            updated_at: releasedAt,
          });
        }
        await trx.insertInto('releases').values(rows).execute();
      }
    });
    done += inThisTransaction;
    options.onProgress?.(done, options.releases);
  }
  leaveBulkLoad();
  return { releases: done, ministries: ministryIds.length };
}

export interface GenerateCommentsOptions {
  comments: number;
  seed: number;
  contentDir: string;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}

const COMMENTERS_PER_THOUSAND = 20;

/**
 * Synthetic comments by synthetic citizens (who cannot log in: their password hash
 * matches no password), spread over public releases with the newest ones busiest,
 * mostly published and a few held, deleted under a rule, or removed by their author.
 */
export async function generateComments(connection: Connection, options: GenerateCommentsOptions): Promise<{ comments: number; commenters: number }> {
  const { db } = connection;
  const random = seededRandom(options.seed + 7919);
  const vocabulary = loadVocabulary(options.contentDir);
  const releaseRange = await db
    .selectFrom('releases')
    .select((eb) => [eb.fn.min<number>('id').as('low'), eb.fn.max<number>('id').as('high')])
    .where('state', '=', 'published')
    .executeTakeFirstOrThrow();
  if (releaseRange.low === null || releaseRange.high === null) throw new Error('댓글을 달 게시된 보도자료가 없습니다. 먼저 --releases로 보도자료를 만드십시오.');
  const at = options.now.toISOString();
  const leaveBulkLoad = enterBulkLoad(connection.sqlite);
  const commenterCount = Math.max(10, Math.ceil((options.comments / 1000) * COMMENTERS_PER_THOUSAND));
  const firstUser = await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select((eb) => eb.fn.max<number>('id').as('max')).executeTakeFirstOrThrow();
    const base = (existing.max ?? 0) + 1;
    for (let offset = 0; offset < commenterCount; offset += BATCH) {
      const users = [];
      for (let i = offset; i < Math.min(offset + BATCH, commenterCount); i++) {
        users.push({
          email: `reader${base + i}@generated.invalid`,
          email_verified_at: null,
          display_name: `독자${base + i}`,
          password_hash: 'generated$no-login',
          locked_until: null,
          disabled_at: null,
          last_login_at: null,
          created_at: at,
          updated_at: at,
        });
      }
      const inserted = await trx.insertInto('users').values(users).returning('id').execute();
      await trx.insertInto('user_roles').values(inserted.map((u) => ({ user_id: u.id, role: 'citizen' as const }))).execute();
    }
    return base;
  });
  const span = releaseRange.high - releaseRange.low + 1;
  const nowMs = options.now.getTime();
  let done = 0;
  while (done < options.comments) {
    const inThisTransaction = Math.min(TRANSACTION_ROWS, options.comments - done);
    await db.transaction().execute(async (trx) => {
      for (let offset = 0; offset < inThisTransaction; offset += BATCH) {
        const rows = [];
        for (let i = offset; i < Math.min(offset + BATCH, inThisTransaction); i++) {
          // Skewed toward the newest releases, as readers are.
          const releaseId = releaseRange.high - Math.floor(Math.pow(random(), 4) * span);
          const roll = random();
          const state = roll < 0.93 ? 'published' : roll < 0.96 ? 'held' : roll < 0.99 ? 'deleted' : 'removed_by_author';
          const createdAt = new Date(nowMs - Math.floor(random() * 400 * 86_400_000)).toISOString();
          const sentence = pick(random, vocabulary.sentences);
          rows.push({
            release_id: releaseId,
            author_id: firstUser + Math.floor(random() * commenterCount),
            body: state === 'removed_by_author' ? '' : sentence.slice(0, 1000),
            state: state as 'published' | 'held' | 'deleted' | 'removed_by_author',
            hidden_reason: null,
            hidden_until: null,
            deleted_rule: state === 'deleted' ? pick(random, [1, 4, 6, 10, 11]) : null,
            queued_at: state === 'held' ? createdAt : null,
            created_at: createdAt,
            edited_at: null,
            updated_at: createdAt,
          });
        }
        await trx.insertInto('comments').values(rows).execute();
      }
    });
    done += inThisTransaction;
    options.onProgress?.(done, options.comments);
  }
  leaveBulkLoad();
  return { comments: done, commenters: commenterCount };
}

// The rule-4 lexicon lives in the database so moderators can edit it. The engine's default
// list seeds it once; after that only moderators change it (removing every entry does not
// bring the defaults back). Spam families and domain lists stay the engine's own.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordAudit } from '../audit/audit-service.js';
import { AppError } from '../shared/errors.js';
import { DEFAULT_LEXICON, type Lexicon, type LexiconEntry, type ProfanityCategory } from './screening/index.js';
import {
  deleteLexiconEntry,
  findLexiconEntry,
  insertLexiconEntries,
  listLexiconEntries,
  readSetting,
  writeSetting,
  type LexiconEntryRow,
} from './lexicon-repository.js';

const SEEDED = 'moderation.lexicon_seeded';
const VERSION = 'moderation.lexicon_version';

export const PROFANITY_CATEGORIES: readonly ProfanityCategory[] = [
  'profanity', 'insult', 'sexual', 'threat', 'race', 'gender', 'sexuality', 'region', 'politics', 'age', 'disability', 'religion',
];

export const CATEGORY_LABELS: Record<ProfanityCategory, string> = {
  profanity: '욕설',
  insult: '모욕',
  sexual: '성적 표현',
  threat: '위협',
  race: '인종·국적 비하',
  gender: '성별 비하',
  sexuality: '성적 지향 비하',
  region: '지역 비하',
  politics: '정치적 견해 비하',
  age: '연령 비하',
  disability: '장애 비하',
  religion: '종교 비하',
};

/** Fills an empty lexicon from the engine's defaults, once per database. */
export async function ensureLexiconSeeded(db: Kysely<Database>, now: Date): Promise<boolean> {
  if ((await readSetting(db, SEEDED)) !== undefined) return false;
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    if ((await readSetting(trx, SEEDED)) !== undefined) return;
    await insertLexiconEntries(trx, [
      ...DEFAULT_LEXICON.profanity.map((e) => ({
        kind: 'profanity' as const,
        term: e.term,
        severity: e.severity,
        category: e.category,
        position: e.position ?? null,
        created_by: null,
        created_at: at,
      })),
      ...DEFAULT_LEXICON.allow.map((term) => ({
        kind: 'allow' as const,
        term,
        severity: null,
        category: null,
        position: null,
        created_by: null,
        created_at: at,
      })),
    ]);
    await writeSetting(trx, SEEDED, at);
    await writeSetting(trx, VERSION, '1');
  });
  return true;
}

function toLexicon(rows: LexiconEntryRow[]): Lexicon {
  const profanity: LexiconEntry[] = [];
  const allow: string[] = [];
  for (const row of rows) {
    if (row.kind === 'allow') allow.push(row.term);
    else {
      const entry: LexiconEntry = { term: row.term, severity: row.severity ?? 'mild', category: (row.category ?? 'profanity') as ProfanityCategory };
      if (row.position) entry.position = row.position;
      profanity.push(entry);
    }
  }
  return Object.freeze({ ...DEFAULT_LEXICON, profanity, allow });
}

// The engine compiles a lexicon once per object, so the same object is handed out until the
// entries change (the version setting moves with every edit, from any process).
const cache = new WeakMap<Kysely<Database>, { version: string; lexicon: Lexicon }>();

/** The lexicon the engine screens with: seeded on first use, cached until it changes. */
export async function loadLexicon(db: Kysely<Database>, now: Date): Promise<Lexicon> {
  await ensureLexiconSeeded(db, now);
  const version = (await readSetting(db, VERSION)) ?? '0';
  const cached = cache.get(db);
  if (cached && cached.version === version) return cached.lexicon;
  const lexicon = toLexicon(await listLexiconEntries(db));
  cache.set(db, { version, lexicon });
  return lexicon;
}

async function bumpVersion(db: Kysely<Database>): Promise<void> {
  const version = Number((await readSetting(db, VERSION)) ?? '0');
  await writeSetting(db, VERSION, String(version + 1));
}

export interface LexiconEntryInput {
  kind: 'profanity' | 'allow';
  term: string;
  severity?: 'mild' | 'severe';
  category?: string;
  position?: 'anywhere' | 'start' | 'word';
}

export async function addLexiconEntry(db: Kysely<Database>, actorId: number, input: LexiconEntryInput, now: Date): Promise<void> {
  await ensureLexiconSeeded(db, now);
  const term = input.term.normalize('NFC').trim();
  const errors: string[] = [];
  if (term.length < 1 || term.length > 50) errors.push('낱말은 1자 이상 50자 이하로 입력해 주세요.');
  if (/\s{2,}|[\u0000-\u001f]/.test(term)) errors.push('낱말에 연속된 공백이나 제어 문자를 넣을 수 없습니다.');
  if (input.kind === 'profanity') {
    if (input.severity !== 'mild' && input.severity !== 'severe') errors.push('심각도를 고르세요.');
    if (!PROFANITY_CATEGORIES.includes(input.category as ProfanityCategory)) errors.push('분류를 고르세요.');
  }
  if (errors.length === 0 && (await findLexiconEntry(db, input.kind, term))) errors.push(`"${term}"은(는) 이미 목록에 있습니다.`);
  if (errors.length) throw new AppError('VALIDATION_FAILED', '낱말을 추가할 수 없습니다.', errors);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await insertLexiconEntries(trx, [
      {
        kind: input.kind,
        term,
        severity: input.kind === 'profanity' ? input.severity! : null,
        category: input.kind === 'profanity' ? input.category! : null,
        position: input.kind === 'profanity' && input.position && input.position !== 'anywhere' ? input.position : null,
        created_by: actorId,
        created_at: at,
      },
    ]);
    await bumpVersion(trx);
    await recordAudit(trx, { actorId, action: 'lexicon.add', targetType: 'lexicon', targetId: term, detail: { kind: input.kind }, at });
  });
}

export async function removeLexiconEntry(db: Kysely<Database>, actorId: number, id: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const row = await deleteLexiconEntry(trx, id);
    if (!row) throw new AppError('NOT_FOUND', '이미 지워졌거나 없는 낱말입니다.');
    await bumpVersion(trx);
    await recordAudit(trx, { actorId, action: 'lexicon.remove', targetType: 'lexicon', targetId: row.term, detail: { kind: row.kind }, at });
  });
}

export async function lexiconEntries(db: Kysely<Database>, now: Date): Promise<LexiconEntryRow[]> {
  await ensureLexiconSeeded(db, now);
  return listLexiconEntries(db);
}

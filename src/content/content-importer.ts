import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { Database, ReleaseRow, ReleaseState, ReleaseUpdate } from '../db/schema.js';
import { findOrCreateMinistry } from '../ministries/ministry-service.js';
import { findReleaseByNaturalKey, findReleaseRowById, insertRelease, updateRelease } from '../releases/release-repository.js';
import { renderMarkdown } from '../rendering/markdown.js';
import { AppError } from '../shared/errors.js';
import { readContentFile } from './content-document.js';
import { emptyImportReport, type ImportReport } from './content-report.js';
import type { ReleaseDocument } from './content-validation.js';

/** The columns a content file determines; re-importing compares exactly these. */
const IMPORTED_COLUMNS = [
  'ministry_id',
  'type',
  'title',
  'subtitles',
  'summary',
  'body_markdown',
  'body_html',
  'department',
  'contact_responsible',
  'contact_person',
  'contact_phone',
  'released_at',
  'distributed_at',
  'licence',
  'featured',
  'source_file',
] as const satisfies readonly (keyof ReleaseRow)[];

type ImportedColumns = Pick<ReleaseRow, (typeof IMPORTED_COLUMNS)[number]>;

const STATE_LABEL: Record<ReleaseState, string> = {
  draft: '작성 중',
  in_review: '검토 중',
  returned: '반려',
  scheduled: '예약',
  published: '게시',
  withdrawn: '철회',
  failed: '게시 실패',
};

/** A file the import will not write, with the field to fix; thrown inside the transaction to roll it back. */
class ImportRefusal extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

type Outcome =
  | { kind: 'created'; id: number; ministryCreated: string | null }
  | { kind: 'updated'; id: number; fields: string[]; ministryCreated: string | null }
  | { kind: 'unchanged'; id: number; ministryCreated: string | null };

function toColumns(document: ReleaseDocument, ministryId: number, sourceFile: string): ImportedColumns {
  return {
    ministry_id: ministryId,
    type: document.type,
    title: document.title,
    subtitles: JSON.stringify(document.subtitles),
    summary: JSON.stringify(document.summary),
    body_markdown: document.bodyMarkdown,
    body_html: renderMarkdown(document.bodyMarkdown),
    department: document.department,
    contact_responsible: document.contactResponsible,
    contact_person: document.contactPerson,
    contact_phone: document.contactPhone,
    released_at: document.releasedAt,
    distributed_at: document.distributedAt,
    licence: document.licence,
    featured: document.featured ? 1 : 0,
    source_file: sourceFile,
  };
}

/** The release this file is: by id when the file fixes one, else by ministry, title and 보도시점. */
async function findTarget(trx: Transaction<Database>, document: ReleaseDocument, ministryId: number): Promise<ReleaseRow | undefined> {
  if (document.id === null) return findReleaseByNaturalKey(trx, ministryId, document.title, document.releasedAt);
  const byId = await findReleaseRowById(trx, document.id);
  if (byId) return byId;
  // Inserting under the file's id would leave two rows for one release.
  const twin = await findReleaseByNaturalKey(trx, ministryId, document.title, document.releasedAt);
  if (twin) {
    throw new ImportRefusal(
      'id',
      `같은 부처·제목·보도시점의 보도자료가 이미 #${twin.id}(으)로 있습니다. 파일의 id를 ${twin.id}(으)로 고치거나 지우세요.`,
    );
  }
  return undefined;
}

async function saveRelease(
  trx: Transaction<Database>,
  file: string,
  document: ReleaseDocument,
  now: string,
  importedBy: ReadonlyMap<number, string>,
): Promise<Outcome> {
  const { ministry, created } = await findOrCreateMinistry(trx, document.ministry, now);
  const ministryCreated = created ? ministry.name : null;
  const values = toColumns(document, ministry.id, file);
  const keyField = document.id === null ? 'title' : 'id';
  const existing = await findTarget(trx, document, ministry.id);
  if (!existing) {
    const id = await insertRelease(trx, {
      ...(document.id === null ? {} : { id: document.id }),
      ...values,
      state: 'published',
      withdrawn_at: null,
      withdrawal_reason: null,
      created_at: now,
      updated_at: now,
    });
    return { kind: 'created', id, ministryCreated };
  }
  const earlier = importedBy.get(existing.id);
  if (earlier !== undefined) {
    throw new ImportRefusal(keyField, `이번 가져오기에서 ${earlier}이(가) 이미 같은 보도자료(#${existing.id})를 가져왔습니다.`);
  }
  // Every other state belongs to the editorial workflow; an import must not override a withdrawal or a draft.
  if (existing.state !== 'published') {
    throw new ImportRefusal(
      keyField,
      `#${existing.id}은(는) 지금 '${STATE_LABEL[existing.state]}' 상태라 가져오기로 바꿀 수 없습니다.`,
    );
  }
  const changed = IMPORTED_COLUMNS.filter((column) => existing[column] !== values[column]);
  if (changed.length === 0) return { kind: 'unchanged', id: existing.id, ministryCreated };
  const update: ReleaseUpdate = { updated_at: now };
  for (const column of changed) Object.assign(update, { [column]: values[column] });
  await updateRelease(trx, existing.id, update);
  return { kind: 'updated', id: existing.id, fields: [...changed], ministryCreated };
}

/**
 * The `*.md` files directly in a folder, sorted by name.
 * A missing folder throws AppError NOT_FOUND; a path that is not a folder, BAD_REQUEST.
 */
export function listContentFiles(dir: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new AppError('NOT_FOUND', `가져올 폴더가 없습니다: ${dir}`);
  }
  if (!stat.isDirectory()) throw new AppError('BAD_REQUEST', `폴더가 아닙니다: ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name.endsWith('.md') && (entry.isFile() || (entry.isSymbolicLink() && isFile(path.join(dir, entry.name)))))
    .map((entry) => entry.name)
    .sort();
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Imports every `*.md` file of a folder as a published release, one transaction
 * per file: a bad file is reported and leaves nothing behind, and the others
 * still import. Re-importing matches the same release and writes only what
 * changed. Throws AppError only when the folder itself cannot be read.
 */
export async function importDirectory(db: Kysely<Database>, dir: string, now: Date): Promise<ImportReport> {
  const report = emptyImportReport();
  const nowIso = now.toISOString();
  const importedBy = new Map<number, string>();
  for (const name of listContentFiles(dir)) {
    const file = name.normalize('NFC');
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(path.join(dir, name));
    } catch (error) {
      report.failures.push({ file, field: 'file', message: `파일을 읽을 수 없습니다 (${describeError(error)}).` });
      continue;
    }
    const content = readContentFile(bytes);
    if (content.encoding !== null) report.encodings.push({ file, encoding: content.encoding });
    if (!content.ok) {
      for (const e of content.errors) report.failures.push({ file, ...e });
      continue;
    }
    const { document } = content;
    let outcome: Outcome;
    try {
      outcome = await db.transaction().execute((trx) => saveRelease(trx, file, document, nowIso, importedBy));
    } catch (error) {
      if (error instanceof ImportRefusal) report.failures.push({ file, field: error.field, message: error.message });
      else report.failures.push({ file, field: 'database', message: `저장하지 못했습니다 (${describeError(error)}).` });
      continue;
    }
    importedBy.set(outcome.id, file);
    if (outcome.ministryCreated !== null) report.ministriesCreated.push({ file, name: outcome.ministryCreated });
    const entry = { file, id: outcome.id, title: document.title };
    if (outcome.kind === 'unchanged') {
      report.unchanged.push(entry);
      continue;
    }
    if (outcome.kind === 'created') report.created.push(entry);
    else report.updated.push({ ...entry, fields: outcome.fields });
    for (const r of content.repairs) report.repairs.push({ file, ...r });
  }
  return report;
}

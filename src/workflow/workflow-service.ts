import type { Kysely, Transaction } from 'kysely';
import type { Database, ReleaseRow, RevisionRow } from '../db/schema.js';
import { recordAudit } from '../audit/audit-service.js';
import { renderMarkdown } from '../rendering/markdown.js';
import { AppError } from '../shared/errors.js';
import { formatKstDate, formatKstDateTime } from '../shared/time.js';
import { actsForMinistry, hasRole, type Actor } from '../users/user-service.js';
import { DEFAULT_EMBARGO_SETTINGS, isValidPresetTime, SETTING_KEYS, type EmbargoSettings } from './embargo.js';
import type { ReleaseInput } from './release-input.js';
import { checkEdit, checkMove, TRANSITIONS, type Move, type MoveSubject } from './transitions.js';
import {
  findReleaseRow,
  findUserName,
  forcePublisherOf,
  insertCorrection,
  insertEvent,
  insertReleaseRow,
  insertRevision,
  latestChange,
  listCorrections,
  listDueScheduledIds,
  listEvents,
  listRevisions,
  nextRevisionNumber,
  findRevision,
  readSettings,
  updateReleaseRow,
  writeSetting,
} from './workflow-repository.js';

type Trx = Transaction<Database>;

/** Who acts, when, and from where: every workflow function takes one. */
export interface WorkflowContext {
  actor: Actor | null;
  now: Date;
  ip?: string;
}

const NOT_FOUND = () => new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');

/** Runs a workflow step in one transaction; a refusal for lack of permission is logged after the rollback. */
async function guarded<T>(db: Kysely<Database>, ctx: WorkflowContext, target: string, work: (trx: Trx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED')) {
      await recordAudit(db, {
        actorId: ctx.actor?.id ?? null,
        action: 'permission.denied',
        targetType: 'release',
        targetId: target,
        ip: ctx.ip ?? '',
        detail: { reason: error.message },
        at: ctx.now.toISOString(),
      });
    }
    throw error;
  }
}

function refuse(code: 'FORBIDDEN' | 'UNAUTHENTICATED', message: string): never {
  throw new AppError(code, message);
}

/** Writing and saving need a writer's role and the release's ministry. */
function assertMayEdit(actor: Actor | null, ministryId: number): asserts actor is Actor {
  if (!actor) refuse('UNAUTHENTICATED', '로그인이 필요합니다.');
  if (!hasRole(actor, 'press_officer', 'reviewer', 'admin')) {
    refuse('FORBIDDEN', '보도자료를 작성하거나 수정할 권한이 없습니다. 홍보담당관 계정으로 로그인해 주세요.');
  }
  if (!actsForMinistry(actor, ministryId)) {
    refuse('FORBIDDEN', '다른 부처의 보도자료는 작성하거나 수정할 수 없습니다. 소속 부처를 선택해 주세요.');
  }
}

function revisionValues(releaseId: number, number: number, input: ReleaseInput, actorId: number, at: string) {
  return {
    release_id: releaseId,
    number,
    type: input.type,
    title: input.title,
    subtitles: JSON.stringify(input.subtitles),
    summary: JSON.stringify(input.summary),
    body_markdown: input.bodyMarkdown,
    department: input.department,
    contact_responsible: input.contactResponsible,
    contact_person: input.contactPerson,
    contact_phone: input.contactPhone,
    released_at: input.releasedAt,
    distributed_at: input.distributedAt,
    embargo_preset: input.embargo.preset,
    licence: input.licence,
    featured: input.featured ? 1 : 0,
    rebuttal_outlet: input.rebuttal?.outlet ?? null,
    rebuttal_date: input.rebuttal?.date ?? null,
    rebuttal_title: input.rebuttal?.title ?? null,
    change_note: input.changeNote,
    minor: input.minor ? 1 : 0,
    created_by: actorId,
    created_at: at,
  };
}

/** The live release columns an edition fills. */
function liveContent(revision: Omit<RevisionRow, 'id' | 'release_id' | 'number' | 'change_note' | 'minor' | 'created_by' | 'created_at'>) {
  return {
    type: revision.type,
    title: revision.title,
    subtitles: revision.subtitles,
    summary: revision.summary,
    body_markdown: revision.body_markdown,
    body_html: renderMarkdown(revision.body_markdown),
    department: revision.department,
    contact_responsible: revision.contact_responsible,
    contact_person: revision.contact_person,
    contact_phone: revision.contact_phone,
    released_at: revision.released_at,
    distributed_at: revision.distributed_at,
    embargo_preset: revision.embargo_preset,
    licence: revision.licence,
    featured: revision.featured,
    rebuttal_outlet: revision.rebuttal_outlet,
    rebuttal_date: revision.rebuttal_date,
    rebuttal_title: revision.rebuttal_title,
  };
}

/** A new release, as a first revision in state draft. */
export async function createDraft(db: Kysely<Database>, ctx: WorkflowContext, input: ReleaseInput): Promise<number> {
  return guarded(db, ctx, 'new', async (trx) => {
    assertMayEdit(ctx.actor, input.ministryId);
    const actor = ctx.actor;
    const at = ctx.now.toISOString();
    const ministry = await trx.selectFrom('ministries').select('id').where('id', '=', input.ministryId).executeTakeFirst();
    if (!ministry) throw new AppError('VALIDATION_FAILED', '등록되지 않은 부처입니다.');
    const revision = revisionValues(0, 1, input, actor.id, at);
    const releaseId = await insertReleaseRow(trx, {
      ministry_id: input.ministryId,
      ...liveContent(revision),
      state: 'draft',
      source_file: null,
      withdrawn_at: null,
      withdrawal_reason: null,
      created_by: actor.id,
      last_edited_by: actor.id,
      created_at: at,
      updated_at: at,
    });
    const revisionId = await insertRevision(trx, { ...revision, release_id: releaseId });
    await updateReleaseRow(trx, releaseId, { current_revision_id: revisionId });
    await insertEvent(trx, { releaseId, revisionId, actorId: actor.id, action: 'create', from: '', to: 'draft', reason: null, at });
    await recordAudit(trx, { actorId: actor.id, action: 'release.create', targetType: 'release', targetId: releaseId, ip: ctx.ip, at });
    return releaseId;
  });
}

function conflictMessage(change: Awaited<ReturnType<typeof latestChange>>): string {
  if (!change) return '편집하는 동안 다른 사람이 이 보도자료를 바꾸었습니다.';
  const who = change.name ? `${change.name}님이` : '시스템이';
  const when = formatKstDateTime(change.at);
  const what =
    change.kind === 'save'
      ? '이 보도자료를 저장했습니다'
      : `이 보도자료를 '${TRANSITIONS[change.action as Move]?.label ?? '처리'}'했습니다`;
  return `편집하는 동안 ${who} ${when}에 ${what}. 내 변경 내용은 저장되지 않았습니다. 최신 내용을 다시 불러와 확인한 뒤 수정해 주세요.`;
}

export interface SaveOutcome {
  revisionId: number;
  number: number;
  /** true when the save started or continued a correction of a published release */
  pending: boolean;
  lockVersion: number;
}

/**
 * Keeps a revision of every save. A release never published takes the edition at
 * once; a published one keeps its live edition and carries this as a pending
 * correction until it is approved. `expectedLockVersion` is what the editor loaded:
 * when someone saved or moved the release since, nothing is written.
 */
export async function saveRevision(
  db: Kysely<Database>,
  ctx: WorkflowContext,
  releaseId: number,
  input: ReleaseInput,
  expectedLockVersion: number,
): Promise<SaveOutcome> {
  return guarded(db, ctx, String(releaseId), async (trx) => {
    const release = await findReleaseRow(trx, releaseId);
    if (!release) throw NOT_FOUND();
    assertMayEdit(ctx.actor, release.ministry_id);
    const actor = ctx.actor;
    const editable = checkEdit(release.state);
    if (!editable.ok) throw new AppError('INVALID_TRANSITION', editable.message);
    if (release.lock_version !== expectedLockVersion) {
      throw new AppError('CONFLICT', conflictMessage(await latestChange(trx, releaseId)));
    }
    const at = ctx.now.toISOString();
    const number = await nextRevisionNumber(trx, releaseId);
    const correction = release.state === 'published';
    if (correction && !input.minor && !input.changeNote?.trim()) {
      throw new AppError('VALIDATION_FAILED', '게시된 보도자료를 고칠 때는 독자에게 보일 수정 내용을 적거나 경미한 수정으로 표시해 주세요.');
    }
    if (!correction && input.ministryId !== release.ministry_id) assertMayEdit(actor, input.ministryId);
    // A correction keeps the article where it stands: same ministry, same 보도시점 and 배포.
    const edition: ReleaseInput = correction
      ? {
          ...input,
          ministryId: release.ministry_id,
          embargo: { preset: release.embargo_preset },
          releasedAt: release.released_at,
          distributedAt: release.distributed_at,
        }
      : input;
    const revision = revisionValues(releaseId, number, edition, actor.id, at);
    const revisionId = await insertRevision(trx, revision);
    if (correction) {
      await updateReleaseRow(trx, releaseId, {
        pending_revision_id: revisionId,
        pending_state: release.pending_state ?? 'draft',
        last_edited_by: actor.id,
        updated_at: at,
      });
    } else {
      await updateReleaseRow(trx, releaseId, {
        ...liveContent(revision),
        ministry_id: edition.ministryId,
        current_revision_id: revisionId,
        last_edited_by: actor.id,
        updated_at: at,
      });
    }
    await recordAudit(trx, {
      actorId: actor.id,
      action: correction ? 'release.save_correction' : 'release.save',
      targetType: 'release',
      targetId: releaseId,
      ip: ctx.ip,
      detail: { revision: number },
      at,
    });
    return { revisionId, number, pending: correction, lockVersion: release.lock_version + 1 };
  });
}

async function subjectOf(trx: Trx, release: ReleaseRow): Promise<MoveSubject> {
  return {
    state: release.state,
    pendingState: release.pending_state,
    ministryId: release.ministry_id,
    createdBy: release.created_by,
    lastEditedBy: release.last_edited_by,
    releasedAt: release.released_at,
    forcePublishedAt: release.force_published_at,
    forcePublishConfirmedBy: release.force_publish_confirmed_by,
    forcePublishedBy: release.force_published_at ? await forcePublisherOf(trx, release.id) : null,
  };
}

/** What must hold before a release may go out: nothing half-written reaches readers. */
export function publishProblems(release: Pick<ReleaseRow, 'title' | 'body_markdown'>): string[] {
  const problems: string[] = [];
  if (!release.title.trim()) problems.push('제목이 비어 있습니다.');
  if (!release.body_markdown.trim()) problems.push('본문이 비어 있습니다.');
  return problems;
}

/** Copies an approved correction into the live row and adds it to the public 수정 이력. */
async function applyCorrection(trx: Trx, release: ReleaseRow, approverId: number, at: string, fallbackNote: string) {
  const revision = release.pending_revision_id ? await findRevision(trx, release.id, release.pending_revision_id) : undefined;
  if (!revision) throw new AppError('INVALID_TRANSITION', '승인할 수정본을 찾을 수 없습니다. 다시 저장한 뒤 검토 요청해 주세요.');
  const problems = publishProblems(revision);
  if (problems.length) throw new AppError('INVALID_TRANSITION', `수정본을 게시할 수 없습니다. ${problems.join(' ')}`);
  await updateReleaseRow(trx, release.id, {
    ...liveContent(revision),
    // The 보도시점 of a live article does not move with a correction.
    released_at: release.released_at,
    distributed_at: release.distributed_at,
    embargo_preset: release.embargo_preset,
    current_revision_id: revision.id,
    pending_revision_id: null,
    pending_state: null,
    updated_at: at,
  });
  await insertCorrection(trx, {
    releaseId: release.id,
    revisionId: revision.id,
    changeNote: revision.change_note ?? fallbackNote,
    minor: revision.minor === 1,
    approvedBy: approverId,
    at,
  });
  return revision.id;
}

/**
 * The one door for every move a person makes: checks it against the table, writes
 * the new state, the workflow event and the audit entry in one transaction.
 */
async function move(
  db: Kysely<Database>,
  ctx: WorkflowContext,
  releaseId: number,
  verb: Move,
  rawReason?: string | null,
): Promise<{ from: string; to: string }> {
  const reason = rawReason?.trim() || null;
  return guarded(db, ctx, String(releaseId), async (trx) => {
    const release = await findReleaseRow(trx, releaseId);
    if (!release) throw NOT_FOUND();
    const check = checkMove(verb, await subjectOf(trx, release), ctx.actor, ctx.now, reason);
    if (!check.ok) throw new AppError(check.code, check.message);
    const actor = ctx.actor!;
    const at = ctx.now.toISOString();
    const pending = check.edition === 'pending';
    let revisionId = pending ? release.pending_revision_id : release.current_revision_id;
    let to = check.to;

    if (verb === 'submit' || verb === 'approve') {
      const content = pending && release.pending_revision_id ? await findRevision(trx, releaseId, release.pending_revision_id) : release;
      const problems = content ? publishProblems(content) : ['수정본이 없습니다.'];
      if (problems.length) {
        throw new AppError('INVALID_TRANSITION', `${TRANSITIONS[verb].label}할 수 없습니다. ${problems.join(' ')} 내용을 채워 저장한 뒤 다시 시도해 주세요.`);
      }
    }

    switch (verb) {
      case 'submit':
      case 'return':
        if (pending) await updateReleaseRow(trx, releaseId, { pending_state: check.to as 'in_review' | 'returned', updated_at: at });
        else await updateReleaseRow(trx, releaseId, { state: check.to, updated_at: at });
        break;
      case 'approve':
        if (pending) {
          revisionId = await applyCorrection(trx, release, actor.id, at, '경미한 수정');
        } else {
          // 즉시 means "when approved"; the press receives it now unless a 배포 time was set.
          const releasedAt = release.embargo_preset === 'immediate' ? at : release.released_at;
          to = new Date(releasedAt).getTime() > ctx.now.getTime() ? 'scheduled' : 'published';
          await updateReleaseRow(trx, releaseId, {
            state: to,
            released_at: releasedAt,
            distributed_at: release.distributed_at ?? at,
            body_html: renderMarkdown(release.body_markdown),
            publish_error: null,
            updated_at: at,
          });
        }
        break;
      case 'publish_now':
        await updateReleaseRow(trx, releaseId, {
          state: 'published',
          released_at: release.released_at > at ? at : release.released_at,
          body_html: renderMarkdown(release.body_markdown),
          publish_error: null,
          updated_at: at,
        });
        break;
      case 'unschedule':
        await updateReleaseRow(trx, releaseId, { state: 'draft', publish_error: null, updated_at: at });
        break;
      case 'withdraw':
        await updateReleaseRow(trx, releaseId, {
          state: 'withdrawn',
          withdrawn_at: at,
          withdrawal_reason: reason,
          pending_revision_id: null,
          pending_state: null,
          updated_at: at,
        });
        break;
      case 'force_publish':
        if (pending) {
          revisionId = await applyCorrection(trx, release, actor.id, at, `강제 게시: ${reason}`);
          await updateReleaseRow(trx, releaseId, { force_published_at: at, force_publish_confirmed_by: null });
        } else {
          const problems = publishProblems(release);
          if (problems.length) throw new AppError('INVALID_TRANSITION', `강제 게시할 수 없습니다. ${problems.join(' ')}`);
          await updateReleaseRow(trx, releaseId, {
            state: 'published',
            released_at: release.embargo_preset === 'immediate' || release.released_at > at ? at : release.released_at,
            distributed_at: release.distributed_at ?? at,
            body_html: renderMarkdown(release.body_markdown),
            force_published_at: at,
            force_publish_confirmed_by: null,
            publish_error: null,
            updated_at: at,
          });
        }
        break;
      case 'confirm_force_publish':
        await updateReleaseRow(trx, releaseId, { force_publish_confirmed_by: actor.id, updated_at: at });
        break;
    }

    const from = check.from;
    await insertEvent(trx, { releaseId, revisionId, actorId: actor.id, action: verb, from, to, reason, at });
    await recordAudit(trx, {
      actorId: actor.id,
      action: `release.${verb}`,
      targetType: 'release',
      targetId: releaseId,
      ip: ctx.ip,
      detail: { from, to, ...(pending ? { correction: true } : {}), ...(reason ? { reason } : {}) },
      at,
    });
    return { from, to };
  });
}

export const submit = (db: Kysely<Database>, ctx: WorkflowContext, releaseId: number) => move(db, ctx, releaseId, 'submit');
export const returnToAuthor = (db: Kysely<Database>, ctx: WorkflowContext, releaseId: number, reason: string) =>
  move(db, ctx, releaseId, 'return', reason);
export const approve = (db: Kysely<Database>, ctx: WorkflowContext, releaseId: number) => move(db, ctx, releaseId, 'approve');
export const publishNow = (db: Kysely<Database>, ctx: WorkflowContext, releaseId: number) => move(db, ctx, releaseId, 'publish_now');
export const unschedule = (db: Kysely<Database>, ctx: WorkflowContext, releaseId: number) => move(db, ctx, releaseId, 'unschedule');
export const withdraw = (db: Kysely<Database>, ctx: WorkflowContext, releaseId: number, reason: string) =>
  move(db, ctx, releaseId, 'withdraw', reason);
export const forcePublish = (db: Kysely<Database>, ctx: WorkflowContext, releaseId: number, reason: string) =>
  move(db, ctx, releaseId, 'force_publish', reason);
export const confirmForcePublish = (db: Kysely<Database>, ctx: WorkflowContext, releaseId: number) =>
  move(db, ctx, releaseId, 'confirm_force_publish');

/** Every verb by its table name, for the routes and the tests. */
export const MOVE_FUNCTIONS: Record<Move, (db: Kysely<Database>, ctx: WorkflowContext, id: number, reason?: string) => Promise<{ from: string; to: string }>> = {
  submit: (db, ctx, id) => submit(db, ctx, id),
  return: (db, ctx, id, reason) => returnToAuthor(db, ctx, id, reason ?? ''),
  approve: (db, ctx, id) => approve(db, ctx, id),
  publish_now: (db, ctx, id) => publishNow(db, ctx, id),
  unschedule: (db, ctx, id) => unschedule(db, ctx, id),
  withdraw: (db, ctx, id, reason) => withdraw(db, ctx, id, reason ?? ''),
  force_publish: (db, ctx, id, reason) => forcePublish(db, ctx, id, reason ?? ''),
  confirm_force_publish: (db, ctx, id) => confirmForcePublish(db, ctx, id),
};

export interface SweepResult {
  published: number[];
  failed: { id: number; error: string }[];
}

/**
 * Marks scheduled releases whose 보도시점 has passed as published. Readers do not
 * wait for this (visibility compares the time itself); it records the move, and a
 * release that cannot go out becomes `failed` so the dashboard shows it.
 */
export async function runPublishSweep(
  db: Kysely<Database>,
  now: Date,
  onError: (releaseId: number, error: unknown) => void = () => {},
): Promise<SweepResult> {
  const result: SweepResult = { published: [], failed: [] };
  const at = now.toISOString();
  for (const id of await listDueScheduledIds(db, now)) {
    try {
      await db.transaction().execute(async (trx) => {
        const release = await findReleaseRow(trx, id);
        if (!release || release.state !== 'scheduled' || release.released_at > at) return;
        const problems = publishProblems(release);
        if (problems.length) throw new PublishProblem(problems.join(' '));
        await updateReleaseRow(trx, id, { state: 'published', body_html: renderMarkdown(release.body_markdown), publish_error: null, updated_at: at });
        await insertEvent(trx, { releaseId: id, revisionId: release.current_revision_id, actorId: null, action: 'publish', from: 'scheduled', to: 'published', reason: null, at });
        await recordAudit(trx, { actorId: null, actorLabel: 'system', action: 'release.publish', targetType: 'release', targetId: id, detail: { from: 'scheduled', to: 'published' }, at });
        result.published.push(id);
      });
    } catch (error) {
      onError(id, error);
      const message =
        error instanceof PublishProblem
          ? `게시하지 못했습니다: ${error.message} 내용을 고친 뒤 다시 승인해 주세요.`
          : '게시하지 못했습니다: 시스템 오류가 발생했습니다. 즉시 게시를 다시 시도하고, 계속되면 운영자에게 알려 주세요.';
      await db.transaction().execute(async (trx) => {
        const release = await findReleaseRow(trx, id);
        if (!release || release.state !== 'scheduled') return;
        await updateReleaseRow(trx, id, { state: 'failed', publish_error: message, updated_at: at });
        await insertEvent(trx, { releaseId: id, revisionId: release.current_revision_id, actorId: null, action: 'fail', from: 'scheduled', to: 'failed', reason: message, at });
        await recordAudit(trx, { actorId: null, actorLabel: 'system', action: 'release.fail', targetType: 'release', targetId: id, detail: { error: message }, at });
      });
      result.failed.push({ id, error: message });
    }
  }
  return result;
}

class PublishProblem extends Error {}

export interface CorrectionEntry {
  note: string;
  minor: boolean;
  date: string;
  dateText: string;
}

/** The public 수정 이력 of a release, newest first: each approved change note and its date. */
export async function correctionHistory(db: Kysely<Database>, releaseId: number): Promise<CorrectionEntry[]> {
  const rows = await listCorrections(db, releaseId);
  return rows.map((r) => ({ note: r.change_note, minor: r.minor === 1, date: r.created_at, dateText: formatKstDate(r.created_at) }));
}

export async function embargoSettings(db: Kysely<Database>): Promise<EmbargoSettings> {
  const values = await readSettings(db, [SETTING_KEYS.morningTime, SETTING_KEYS.eveningTime]);
  const pick = (key: string, fallback: string) => {
    const value = values.get(key);
    return value && isValidPresetTime(value) ? value : fallback;
  };
  return {
    morningTime: pick(SETTING_KEYS.morningTime, DEFAULT_EMBARGO_SETTINGS.morningTime),
    eveningTime: pick(SETTING_KEYS.eveningTime, DEFAULT_EMBARGO_SETTINGS.eveningTime),
  };
}

/** Changes the times the 조간/석간 presets give (admins only). Releases already saved keep their times. */
export async function updateEmbargoSettings(db: Kysely<Database>, ctx: WorkflowContext, settings: EmbargoSettings): Promise<void> {
  await guarded(db, ctx, 'settings', async (trx) => {
    if (!ctx.actor) refuse('UNAUTHENTICATED', '로그인이 필요합니다.');
    if (!hasRole(ctx.actor, 'admin')) refuse('FORBIDDEN', '보도시점 설정은 관리자만 바꿀 수 있습니다.');
    const problems = [settings.morningTime, settings.eveningTime].filter((v) => !isValidPresetTime(v));
    if (problems.length) throw new AppError('VALIDATION_FAILED', '시각을 00:00 형식으로 입력해 주세요.');
    await writeSetting(trx, SETTING_KEYS.morningTime, settings.morningTime);
    await writeSetting(trx, SETTING_KEYS.eveningTime, settings.eveningTime);
    await recordAudit(trx, {
      actorId: ctx.actor.id,
      action: 'settings.embargo',
      targetType: 'settings',
      targetId: 'embargo',
      ip: ctx.ip,
      detail: { ...settings },
      at: ctx.now.toISOString(),
    });
  });
}

export async function userName(db: Kysely<Database>, id: number | null): Promise<string | null> {
  if (id === null) return null;
  return (await findUserName(db, id))?.display_name ?? null;
}

/** Every revision of a release, newest first, with its author. */
export function revisionHistory(db: Kysely<Database>, releaseId: number) {
  return listRevisions(db, releaseId);
}

/** The append-only workflow events of a release, newest first, with who acted. */
export function eventHistory(db: Kysely<Database>, releaseId: number) {
  return listEvents(db, releaseId);
}

/** What the editor and the dashboard need to offer only the moves a person may make. */
export async function moveSubject(db: Kysely<Database>, release: ReleaseRow): Promise<MoveSubject> {
  return db.transaction().execute((trx) => subjectOf(trx, release));
}

/** A revision of a release, by id or by its number (editor views, diffs). */
export { findRevision, findRevisionByNumber } from './workflow-repository.js';

import { findRevision, findRevisionByNumber } from '../workflow/workflow-service.js';
import type { Kysely } from 'kysely';
import { EMBARGO_PRESETS, type Database, type EmbargoPreset, type ReleaseState, type ReleaseType, type RevisionRow } from '../db/schema.js';
import { recordAudit } from '../audit/audit-service.js';
import { renderMarkdown } from '../rendering/markdown.js';
import { AppError } from '../shared/errors.js';
import { formatKstDateTime } from '../shared/time.js';
import { actsForMinistry, hasRole, type Actor } from '../users/user-service.js';
import { embargoText, embargoTime, paperDateOf, PRESET_LABELS, toKstLocal, type EmbargoSettings } from '../workflow/embargo.js';
import type { FieldError, ReleaseFormValues } from '../workflow/release-input.js';
import { allowedMoves, STATE_LABELS, TRANSITIONS, type Move } from '../workflow/transitions.js';
import { embargoSettings, eventHistory, moveSubject, revisionHistory } from '../workflow/workflow-service.js';
import { diffLines, type DiffLine } from './line-diff.js';
import {
  findEditableRelease,
  listDashboardSection,
  listMinistryChoices,
  type DashboardSection,
  type Scope,
} from './editor-repository.js';

export function scopeOf(actor: Actor): Scope {
  return { userId: actor.id, allMinistries: hasRole(actor, 'admin'), ministryIds: actor.ministryIds };
}

function stateText(state: ReleaseState, pending: ReleaseState | null): string {
  return pending ? `${STATE_LABELS[state]} · 수정본 ${STATE_LABELS[pending]}` : STATE_LABELS[state];
}

export interface DashboardItem {
  id: number;
  url: string;
  type: ReleaseType;
  title: string;
  ministry: string;
  stateText: string;
  embargoText: string;
  updatedText: string;
  editorName: string | null;
  publishError: string | null;
}

export interface DashboardGroup {
  key: DashboardSection;
  title: string;
  empty: string;
  items: DashboardItem[];
}

const SECTIONS: { key: DashboardSection; title: string; empty: string; reviewersOnly?: boolean }[] = [
  { key: 'failed', title: '게시 실패', empty: '게시에 실패한 보도자료가 없습니다.' },
  { key: 'forcePublished', title: '강제 게시 확인 대기', empty: '확인을 기다리는 강제 게시가 없습니다.', reviewersOnly: true },
  { key: 'waitingForReview', title: '내 검토를 기다리는 보도자료', empty: '검토를 기다리는 보도자료가 없습니다.', reviewersOnly: true },
  { key: 'returnedToMe', title: '나에게 반려된 보도자료', empty: '반려된 보도자료가 없습니다.' },
  { key: 'myDrafts', title: '내가 작성 중인 보도자료', empty: '작성 중인 보도자료가 없습니다.' },
  { key: 'myInReview', title: '검토 요청한 보도자료', empty: '검토 중인 내 보도자료가 없습니다.' },
  { key: 'scheduled', title: '예약된 보도자료', empty: '예약된 보도자료가 없습니다.' },
  { key: 'published', title: '최근 게시된 보도자료', empty: '게시된 보도자료가 없습니다.' },
];

export async function dashboard(db: Kysely<Database>, actor: Actor): Promise<DashboardGroup[]> {
  const scope = scopeOf(actor);
  const reviewer = hasRole(actor, 'reviewer', 'admin');
  const visible = SECTIONS.filter((s) => !s.reviewersOnly || reviewer);
  return Promise.all(
    visible.map(async (section) => {
      const rows = await listDashboardSection(db, scope, section.key, section.key === 'published' ? 10 : 30);
      return {
        key: section.key,
        title: section.title,
        empty: section.empty,
        items: rows.map((r) => ({
          id: r.id,
          url: `/admin/releases/${r.id}/edit`,
          type: r.type,
          title: r.title,
          ministry: r.ministry_name,
          stateText: stateText(r.state, r.pending_state),
          embargoText: stagedEmbargoText(r.embargo_preset, r.released_at, r.state),
          updatedText: formatKstDateTime(r.updated_at),
          editorName: r.editor_name,
          publishError: r.publish_error,
        })),
      };
    }),
  );
}

/** The form as a revision (or the live row) holds it. */
export function valuesFromEdition(
  edition: Pick<
    RevisionRow,
    | 'type' | 'title' | 'subtitles' | 'summary' | 'body_markdown' | 'department' | 'contact_responsible' | 'contact_person'
    | 'contact_phone' | 'released_at' | 'distributed_at' | 'embargo_preset' | 'licence' | 'featured' | 'rebuttal_outlet'
    | 'rebuttal_date' | 'rebuttal_title'
  > & { change_note?: string | null; minor?: number },
  ministryId: number,
): ReleaseFormValues {
  const lines = (json: string) => {
    try {
      const value: unknown = JSON.parse(json);
      return Array.isArray(value) ? value.join('\n') : '';
    } catch {
      return '';
    }
  };
  return {
    ministry_id: String(ministryId),
    type: edition.type,
    title: edition.title,
    subtitles: lines(edition.subtitles),
    summary: lines(edition.summary),
    body: edition.body_markdown,
    department: edition.department,
    contact_responsible: edition.contact_responsible,
    contact_person: edition.contact_person,
    contact_phone: edition.contact_phone,
    embargo_preset: edition.embargo_preset,
    paper_date: paperDateOf(edition.embargo_preset, edition.released_at) ?? '',
    released_at_local: toKstLocal(edition.released_at),
    distributed_at_local: edition.distributed_at ? toKstLocal(edition.distributed_at) : '',
    licence: String(edition.licence),
    featured: edition.featured ? '1' : '',
    rebuttal_outlet: edition.rebuttal_outlet ?? '',
    rebuttal_date: edition.rebuttal_date ?? '',
    rebuttal_title: edition.rebuttal_title ?? '',
    change_note: edition.change_note ?? '',
    minor: edition.minor ? '1' : '',
  };
}

export function blankValues(actor: Actor): ReleaseFormValues {
  return {
    ministry_id: actor.ministryIds.length === 1 ? String(actor.ministryIds[0]) : '',
    type: '보도자료',
    title: '',
    subtitles: '',
    summary: '',
    body: '',
    department: '',
    contact_responsible: '',
    contact_person: '',
    contact_phone: '',
    embargo_preset: 'immediate',
    paper_date: '',
    released_at_local: '',
    distributed_at_local: '',
    licence: '1',
    featured: '',
    rebuttal_outlet: '',
    rebuttal_date: '',
    rebuttal_title: '',
    change_note: '',
    minor: '',
  };
}

async function deny(db: Kysely<Database>, actor: Actor, releaseId: number, ip: string, now: Date, message: string): Promise<never> {
  await recordAudit(db, {
    actorId: actor.id,
    action: 'permission.denied',
    targetType: 'release',
    targetId: releaseId,
    ip,
    detail: { reason: message },
    at: now.toISOString(),
  });
  throw new AppError('FORBIDDEN', message);
}

export interface EditorRelease {
  id: number;
  ministry: string;
  state: ReleaseState;
  stateText: string;
  correction: boolean;
  lockVersion: number;
  authorName: string | null;
  editorName: string | null;
  embargoText: string;
  distributedText: string | null;
  publicUrl: string | null;
  publishError: string | null;
  withdrawalReason: string | null;
  forcePublishPending: boolean;
}

export interface MoveButton {
  move: Move;
  label: string;
  action: string;
  reason: 'none' | 'required' | 'public';
}

export interface EditorPage {
  release: EditorRelease;
  values: ReleaseFormValues;
  moves: MoveButton[];
  revisions: { number: number; createdText: string; authorName: string | null; changeNote: string | null; minor: boolean }[];
  events: { createdText: string; actorName: string; label: string; fromText: string; toText: string; reason: string | null; revision: number | null }[];
}

const SYSTEM_ACTIONS: Record<string, string> = { create: '작성', publish: '예약 게시', fail: '게시 실패' };

function moveAction(id: number, move: Move): string {
  return `/admin/releases/${id}/${move.replace(/_/g, '-')}`;
}

/** Loads a release for its editor; staff of other ministries are refused (and logged). */
export async function loadEditor(db: Kysely<Database>, actor: Actor, releaseId: number, now: Date, ip: string): Promise<EditorPage> {
  const release = await findEditableRelease(db, releaseId);
  if (!release) throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
  if (!hasRole(actor, 'press_officer', 'reviewer', 'admin')) {
    await deny(db, actor, releaseId, ip, now, '보도자료 편집 화면을 이용할 권한이 없습니다.');
  }
  if (!actsForMinistry(actor, release.ministry_id)) {
    await deny(db, actor, releaseId, ip, now, '다른 부처의 보도자료는 열람하거나 수정할 수 없습니다.');
  }
  const editionId = release.pending_revision_id ?? release.current_revision_id;
  const edition = editionId ? await findRevision(db, releaseId, editionId) : undefined;
  const correction = release.state === 'published';
  const values = valuesFromEdition(edition ?? release, release.ministry_id);
  // A correction starts with an empty change note; a pending one shows its own.
  if (correction && !release.pending_revision_id) {
    values.change_note = '';
    values.minor = '';
  }
  const [subject, revisions, events] = await Promise.all([
    moveSubject(db, release),
    revisionHistory(db, releaseId),
    eventHistory(db, releaseId),
  ]);
  const label = (state: string) => (state ? (STATE_LABELS[state as ReleaseState] ?? state) : '');
  return {
    release: {
      id: release.id,
      ministry: release.ministry_name,
      state: release.state,
      stateText: stateText(release.state, release.pending_state),
      correction,
      lockVersion: release.lock_version,
      authorName: release.author_name,
      editorName: release.editor_name,
      embargoText: stagedEmbargoText(release.embargo_preset, release.released_at, release.state),
      distributedText: release.distributed_at ? formatKstDateTime(release.distributed_at) : null,
      publicUrl: release.state === 'published' || release.state === 'withdrawn' ? `/briefing/${release.id}` : null,
      publishError: release.publish_error,
      withdrawalReason: release.withdrawal_reason,
      forcePublishPending: release.force_published_at !== null && release.force_publish_confirmed_by === null,
    },
    values,
    moves: allowedMoves(subject, actor, now).map((move) => ({
      move,
      label: TRANSITIONS[move].label,
      action: moveAction(release.id, move),
      reason: TRANSITIONS[move].reason,
    })),
    revisions: revisions.map((r) => ({
      number: r.number,
      createdText: formatKstDateTime(r.created_at),
      authorName: r.author_name,
      changeNote: r.change_note,
      minor: r.minor === 1,
    })),
    events: events.map((e) => ({
      createdText: formatKstDateTime(e.created_at),
      actorName: e.actor_name ?? '시스템',
      label: TRANSITIONS[e.action as Move]?.label ?? SYSTEM_ACTIONS[e.action] ?? e.action,
      fromText: label(e.from_state),
      toText: label(e.to_state),
      reason: e.reason,
      revision: e.revision_number,
    })),
  };
}

export interface EditorPreview {
  bodyHtml: string;
  embargoText: string | null;
  embargoError: string | null;
}

/** What the 미리보기 step shows: the body as the public page renders it and the exact 보도시점. */
export function previewOf(values: ReleaseFormValues, settings: EmbargoSettings, now: Date): EditorPreview {
  const bodyHtml = renderMarkdown(values.body);
  const preset = values.embargo_preset as EmbargoPreset;
  if (!EMBARGO_PRESETS.includes(preset)) return { bodyHtml, embargoText: null, embargoError: '보도시점 방식을 선택해 주세요.' };
  const result = embargoTime(
    { preset, paperDate: values.paper_date.trim() || undefined, explicitAt: values.released_at_local.trim() || undefined },
    settings,
    now,
  );
  if (!result.ok) return { bodyHtml, embargoText: null, embargoError: result.message };
  const text = preset === 'immediate' ? IMMEDIATE_TEXT : embargoText(preset, result.releasedAt);
  return { bodyHtml, embargoText: text, embargoError: null };
}

export const IMMEDIATE_TEXT = '승인하는 즉시 (승인 시각이 보도시점이 됩니다)';

/** Whether a save to this release would be a correction of a published article (the form then asks for a change note). */
export async function isCorrection(db: Kysely<Database>, releaseId: number): Promise<boolean> {
  const release = await findEditableRelease(db, releaseId);
  if (!release) throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
  return release.state === 'published';
}

/** 보도시점 as staff read it: a 즉시 release not yet approved has no time yet. */
function stagedEmbargoText(preset: EmbargoPreset, releasedAt: string, state: ReleaseState): string {
  if (preset === 'immediate' && (state === 'draft' || state === 'in_review' || state === 'returned')) return IMMEDIATE_TEXT;
  return embargoText(preset, releasedAt);
}

export async function ministryChoices(db: Kysely<Database>, actor: Actor) {
  return listMinistryChoices(db, scopeOf(actor));
}

export { embargoSettings };
export type { FieldError, ReleaseFormValues };

/** The text a revision is compared by: every field a reader sees, one per line, then the body. */
function revisionText(r: RevisionRow): string {
  const list = (json: string) => {
    try {
      const v: unknown = JSON.parse(json);
      return Array.isArray(v) ? v.map(String) : [];
    } catch {
      return [];
    }
  };
  const presetLabel = PRESET_LABELS[r.embargo_preset as EmbargoPreset] ?? r.embargo_preset;
  return [
    `유형: ${r.type}`,
    `제목: ${r.title}`,
    ...list(r.subtitles).map((s) => `부제목: ${s}`),
    ...list(r.summary).map((s) => `요약: ${s}`),
    `보도시점: ${presetLabel} ${embargoText(r.embargo_preset, r.released_at)}`,
    `배포: ${r.distributed_at ? formatKstDateTime(r.distributed_at) : '(승인 시각)'}`,
    `담당부서: ${r.department}`,
    `책임자: ${r.contact_responsible}`,
    `담당자: ${r.contact_person}`,
    `연락처: ${r.contact_phone}`,
    ...(r.rebuttal_outlet ? [`해명 대상: ${r.rebuttal_outlet} ${r.rebuttal_date ?? ''} ${r.rebuttal_title ?? ''}`] : []),
    `공공누리: 제${r.licence}유형`,
    '',
    ...r.body_markdown.split('\n'),
  ].join('\n');
}

export interface DiffPage {
  releaseId: number;
  title: string;
  from: number;
  to: number;
  numbers: number[];
  lines: DiffLine[];
  added: number;
  removed: number;
}

export async function revisionDiff(
  db: Kysely<Database>,
  actor: Actor,
  releaseId: number,
  from: number,
  to: number,
  now: Date,
  ip: string,
): Promise<DiffPage> {
  const release = await findEditableRelease(db, releaseId);
  if (!release) throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
  if (!hasRole(actor, 'press_officer', 'reviewer', 'admin') || !actsForMinistry(actor, release.ministry_id)) {
    await deny(db, actor, releaseId, ip, now, '다른 부처의 보도자료는 열람할 수 없습니다.');
  }
  const [older, newer] = await Promise.all([findRevisionByNumber(db, releaseId, from), findRevisionByNumber(db, releaseId, to)]);
  if (!older || !newer) throw new AppError('NOT_FOUND', '비교할 수정판을 찾을 수 없습니다. 수정판 번호를 확인해 주세요.');
  const lines = diffLines(revisionText(older), revisionText(newer));
  const numbers = (await revisionHistory(db, releaseId)).map((r) => r.number);
  return {
    releaseId,
    title: release.title,
    from,
    to,
    numbers,
    lines,
    added: lines.filter((l) => l.kind === 'add').length,
    removed: lines.filter((l) => l.kind === 'del').length,
  };
}

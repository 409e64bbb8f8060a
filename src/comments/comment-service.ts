// Citizens' comments: posting, editing, removing, flagging, and what each reader sees.
// Every automatic step that affects an author (a screening hold, a hide after N flags) is a
// moderation decision row, so the author's history tells them what happened and why.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CommentRow, CommentState, Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { formatKstDateTime, kstIso } from '../shared/time.js';
import { hasRole, isStaff, type Actor } from '../users/user-service.js';
import { isPublic } from '../releases/visibility.js';
import { activeBlock } from '../moderation/block-service.js';
import { recordDecision } from '../moderation/decision-service.js';
import { deletedPlaceholder, isRuleNumber } from '../moderation/moderation-rules.js';
import { findingsForAuthor, screenText } from '../moderation/screening-service.js';
import type { ScreeningResult } from '../moderation/screening/index.js';
import {
  authorActivitySince,
  commentIdsByAuthor,
  countAuthorComments,
  countReleaseComments,
  listAuthorComments,
  findComment,
  findFlag,
  flaggedByReporter,
  insertComment,
  insertFlag,
  ipActivitySince,
  listReleaseComments,
  openFlagRules,
  recentTextsByAuthor,
  recentTextsByOthers,
  refreshLegalHold,
  resolveFlags,
  updateComment,
  type CommentListRow,
} from './comment-repository.js';
import { findReleaseForComments } from './comment-release.js';

export const MAX_COMMENT_LENGTH = 1000;
export const COMMENTS_PER_PAGE = 20;
const DAY_MS = 86_400_000;

/** The limits and thresholds the board runs with (from the config). */
export interface CommentPolicy {
  flagThreshold: number;
  minIntervalSeconds: number;
  dailyLimit: number;
  ipHourlyLimit: number;
  ipSalt: string;
}

export function hashIp(ip: string, salt: string): string {
  return createHash('sha256').update(`${salt}\n${ip}`).digest('base64url').slice(0, 22);
}

export function isModerator(actor: Actor | null | undefined): boolean {
  return hasRole(actor, 'moderator', 'admin');
}

function normalizeBody(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
}

function lengthProblems(body: string): string[] {
  if (body.length === 0) return ['댓글 내용을 입력해 주세요.'];
  if (body.length > MAX_COMMENT_LENGTH) {
    return [`댓글은 ${MAX_COMMENT_LENGTH.toLocaleString('ko-KR')}자까지 쓸 수 있습니다. 지금 ${body.length.toLocaleString('ko-KR')}자이니 ${(body.length - MAX_COMMENT_LENGTH).toLocaleString('ko-KR')}자를 줄여 주세요.`];
  }
  return [];
}

async function refuseIfBlocked(db: Kysely<Database>, actor: Actor, now: Date): Promise<void> {
  const block = await activeBlock(db, actor.id, now);
  if (block) throw new AppError('FORBIDDEN', block.message);
}

/** Flood control: one comment per interval and a daily cap per person, an hourly cap per address. */
async function refuseIfFlooding(db: Kysely<Database>, policy: CommentPolicy, actor: Actor, ipHash: string, now: Date): Promise<void> {
  const at = now.getTime();
  const day = await authorActivitySince(db, actor.id, new Date(at - DAY_MS).toISOString());
  if (day.latest && policy.minIntervalSeconds > 0) {
    const wait = Math.ceil((Date.parse(day.latest) + policy.minIntervalSeconds * 1000 - at) / 1000);
    if (wait > 0) {
      throw new AppError('RATE_LIMITED', `댓글은 ${policy.minIntervalSeconds}초에 한 번만 쓸 수 있습니다. ${wait}초 뒤에 다시 등록해 주세요.`);
    }
  }
  if (day.count >= policy.dailyLimit && day.earliest) {
    const next = formatKstDateTime(new Date(Date.parse(day.earliest) + DAY_MS).toISOString());
    throw new AppError('RATE_LIMITED', `댓글은 24시간에 ${policy.dailyLimit}개까지 쓸 수 있습니다. ${next} 이후에 다시 쓸 수 있습니다.`);
  }
  const hour = await ipActivitySince(db, ipHash, new Date(at - 3_600_000).toISOString());
  if (hour.count >= policy.ipHourlyLimit) {
    throw new AppError('RATE_LIMITED', '같은 인터넷 주소에서 짧은 시간에 댓글이 너무 많이 등록되었습니다. 한 시간쯤 뒤에 다시 시도해 주세요.');
  }
}

async function screenFor(
  db: Kysely<Database>,
  actor: Actor,
  body: string,
  releaseContact: string,
  excludeId: number | null,
  now: Date,
): Promise<ScreeningResult> {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  const [own, others] = await Promise.all([
    recentTextsByAuthor(db, actor.id, since, excludeId),
    recentTextsByOthers(db, actor.id, new Date(now.getTime() - 3_600_000).toISOString()),
  ]);
  return screenText(db, {
    text: body,
    authorNickname: actor.displayName,
    authorIsOfficial: isStaff(actor),
    releaseContact,
    recentByAuthor: own.map((r) => ({ text: r.body, at: r.created_at })),
    recentByOthers: others.map((r) => ({ author: String(r.author_id ?? 'anonymous'), text: r.body })),
    now,
  });
}

function rejection(result: ScreeningResult): AppError {
  return new AppError('VALIDATION_FAILED', '운영원칙에 어긋나는 내용이 있어 댓글을 등록하지 않았습니다. 아래 내용을 고쳐 다시 써 주세요.', findingsForAuthor(result));
}

async function recordHold(db: Kysely<Database>, commentId: number, result: ScreeningResult, at: string): Promise<void> {
  await recordDecision(db, {
    moderator_id: null,
    action: 'auto_hold',
    rule: result.rules[0] ?? 11,
    reason: `자동 검토에서 ${result.rules.map((r) => `제${r}항`).join(', ')} 위반 가능성이 확인되어 댓글 관리자가 검토할 때까지 보류합니다.`,
    comment_id: commentId,
    created_at: at,
  });
}

export interface PostOutcome {
  commentId: number;
  state: CommentState;
  /** Why the comment waits for review, for the author (empty when published). */
  notices: string[];
}

export async function postComment(
  db: Kysely<Database>,
  policy: CommentPolicy,
  actor: Actor,
  releaseId: number,
  text: string,
  ip: string,
  now: Date,
): Promise<PostOutcome> {
  const release = await findReleaseForComments(db, releaseId);
  if (!release || !isPublic(release, now)) throw new AppError('RELEASE_NOT_FOUND', '요청한 보도자료를 찾을 수 없습니다.');
  const body = normalizeBody(text);
  const problems = lengthProblems(body);
  if (problems.length) throw new AppError('VALIDATION_FAILED', '댓글을 등록할 수 없습니다.', problems);
  await refuseIfBlocked(db, actor, now);
  const ipHash = hashIp(ip, policy.ipSalt);
  await refuseIfFlooding(db, policy, actor, ipHash, now);
  const result = await screenFor(db, actor, body, release.contact_phone, null, now);
  if (result.action === 'reject') throw rejection(result);
  const at = now.toISOString();
  const state: CommentState = result.action === 'hold' ? 'held' : 'published';
  const commentId = await db.transaction().execute(async (trx) => {
    const id = await insertComment(trx, {
      release_id: release.id,
      author_id: actor.id,
      body,
      state,
      hidden_reason: null,
      hidden_until: null,
      deleted_rule: null,
      screening: JSON.stringify(result),
      rules_hit: JSON.stringify(result.rules),
      queued_at: state === 'held' ? at : null,
      ip_hash: ipHash,
      created_at: at,
      edited_at: null,
      updated_at: at,
    });
    if (state === 'held') await recordHold(trx, id, result, at);
    return id;
  });
  return { commentId, state, notices: state === 'held' ? findingsForAuthor(result) : [] };
}

async function ownComment(db: Kysely<Database>, actor: Actor, commentId: number): Promise<CommentRow> {
  const comment = await findComment(db, commentId);
  if (!comment || comment.state === 'removed_by_author') throw new AppError('NOT_FOUND', '댓글을 찾을 수 없습니다.');
  if (comment.author_id !== actor.id) throw new AppError('FORBIDDEN', '본인이 쓴 댓글만 고치거나 지울 수 있습니다.');
  return comment;
}

export async function editComment(
  db: Kysely<Database>,
  actor: Actor,
  commentId: number,
  text: string,
  now: Date,
): Promise<PostOutcome> {
  const comment = await ownComment(db, actor, commentId);
  if (comment.state !== 'published' && comment.state !== 'held') {
    throw new AppError('CONFLICT', '숨겨지거나 삭제된 댓글은 고칠 수 없습니다.');
  }
  const body = normalizeBody(text);
  const problems = lengthProblems(body);
  if (problems.length) throw new AppError('VALIDATION_FAILED', '댓글을 고칠 수 없습니다.', problems);
  await refuseIfBlocked(db, actor, now);
  const release = await findReleaseForComments(db, comment.release_id);
  const result = await screenFor(db, actor, body, release?.contact_phone ?? '', comment.id, now);
  if (result.action === 'reject') throw rejection(result);
  const at = now.toISOString();
  const state: CommentState = result.action === 'hold' ? 'held' : 'published';
  await db.transaction().execute(async (trx) => {
    await updateComment(trx, comment.id, {
      body,
      state,
      screening: JSON.stringify(result),
      rules_hit: JSON.stringify(result.rules),
      queued_at: state === 'held' || comment.open_flags > 0 ? (comment.queued_at ?? at) : null,
      edited_at: at,
      updated_at: at,
    });
    if (state === 'held' && comment.state !== 'held') await recordHold(trx, comment.id, result, at);
  });
  return { commentId: comment.id, state, notices: state === 'held' ? findingsForAuthor(result) : [] };
}

/**
 * The author takes a comment down. Its text goes with it, unless a legal hold (a rule-13
 * request, an open appeal) keeps it for the record.
 */
export async function removeOwnComment(db: Kysely<Database>, actor: Actor, commentId: number, now: Date): Promise<number> {
  const comment = await ownComment(db, actor, commentId);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await updateComment(trx, comment.id, {
      state: 'removed_by_author',
      hidden_reason: null,
      hidden_until: null,
      deleted_rule: null,
      queued_at: null,
      updated_at: at,
    });
    await refreshLegalHold(trx, [comment.id]);
  });
  return comment.release_id;
}

/** When an account is closed: its comments go, except those a legal hold keeps. */
export async function removeAccountComments(db: Kysely<Database>, userId: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const ids = await commentIdsByAuthor(trx, userId);
    for (const id of ids) {
      await updateComment(trx, id, { state: 'removed_by_author', hidden_reason: null, hidden_until: null, deleted_rule: null, queued_at: null, updated_at: at });
    }
    await refreshLegalHold(trx, ids);
  });
}

export async function flagComment(
  db: Kysely<Database>,
  policy: CommentPolicy,
  actor: Actor,
  commentId: number,
  rule: number,
  note: string,
  now: Date,
): Promise<{ hidden: boolean; releaseId: number }> {
  if (!isRuleNumber(rule)) throw new AppError('VALIDATION_FAILED', '신고할 수 없습니다.', ['어느 운영원칙에 어긋나는지 골라 주세요.']);
  const comment = await findComment(db, commentId);
  if (!comment || comment.state === 'removed_by_author') throw new AppError('NOT_FOUND', '댓글을 찾을 수 없습니다.');
  if (comment.author_id === actor.id) throw new AppError('CONFLICT', '본인이 쓴 댓글은 신고할 수 없습니다.');
  if (comment.state !== 'published') throw new AppError('CONFLICT', '이미 검토 중이거나 조치된 댓글입니다.');
  if (await findFlag(db, commentId, actor.id)) throw new AppError('CONFLICT', '이미 신고한 댓글입니다. 한 댓글은 한 번만 신고할 수 있습니다.');
  const at = now.toISOString();
  const cleanNote = note.normalize('NFC').trim().slice(0, 300);
  let hidden = false;
  await db.transaction().execute(async (trx) => {
    await insertFlag(trx, commentId, actor.id, rule, cleanNote, at);
    const open = await openFlagRules(trx, commentId);
    const total = open.reduce((sum, r) => sum + r.n, 0);
    const patch = { open_flags: total, queued_at: comment.queued_at ?? at, updated_at: at };
    if (total >= policy.flagThreshold) {
      hidden = true;
      await updateComment(trx, commentId, { ...patch, state: 'hidden', hidden_reason: 'flags', hidden_until: null });
      await recordDecision(trx, {
        moderator_id: null,
        action: 'auto_hide',
        rule: open[0]!.rule,
        reason: `독자 ${total}명이 신고하여 댓글 관리자가 검토할 때까지 숨깁니다.`,
        comment_id: commentId,
        created_at: at,
      });
    } else {
      await updateComment(trx, commentId, patch);
    }
  });
  return { hidden, releaseId: comment.release_id };
}

// What readers see

export interface CommentItem {
  id: number;
  anchor: string;
  authorName: string;
  /** The text as lines (printed escaped, joined with <br>), or null when a notice stands in its place. */
  lines: string[] | null;
  notice: string | null;
  createdAtText: string;
  createdAtIso: string;
  edited: boolean;
  mine: boolean;
  /** 검토 중: held for review, shown to its author and moderators only */
  underReview: boolean;
  canEdit: boolean;
  canFlag: boolean;
  flagged: boolean;
}

export interface CommentSection {
  releaseId: number;
  total: number;
  items: CommentItem[];
  pagination: { prevUrl: string | null; nextUrl: string | null; pages: { number: number; url: string; current: boolean }[] };
  viewer: { displayName: string } | null;
  loginUrl: string;
  postUrl: string;
  blockMessage: string | null;
  maxLength: number;
}

/** A hidden comment whose 임시조치 ran out shows again even before a moderator decides. */
export function shownState(row: Pick<CommentRow, 'state' | 'hidden_reason' | 'hidden_until'>, now: Date): CommentState {
  if (row.state === 'hidden' && row.hidden_reason === 'temporary_measure' && row.hidden_until && row.hidden_until <= now.toISOString()) {
    return 'published';
  }
  return row.state;
}

export function authorLabel(name: string | null): string {
  return name ?? '탈퇴한 이용자';
}

function toItem(row: CommentListRow, viewer: Actor | null, flagged: Set<number>, now: Date): CommentItem {
  const mine = viewer !== null && row.author_id === viewer.id;
  const moderator = isModerator(viewer);
  const state = shownState(row, now);
  let notice: string | null = null;
  let showText = true;
  if (state === 'deleted') {
    notice = deletedPlaceholder(row.deleted_rule!);
    showText = false;
  } else if (state === 'hidden') {
    notice = row.hidden_reason === 'temporary_measure'
      ? `권리침해 신고가 접수되어 ${formatKstDateTime(row.hidden_until!)}까지 임시조치(게시 중단)된 댓글입니다.`
      : '신고가 접수되어 검토 중인 댓글입니다.';
    showText = mine || moderator;
  }
  return {
    id: row.id,
    anchor: `comment-${row.id}`,
    authorName: authorLabel(row.author_name),
    lines: showText ? row.body.split('\n') : null,
    notice,
    createdAtText: formatKstDateTime(row.created_at),
    createdAtIso: kstIso(row.created_at),
    edited: row.edited_at !== null,
    mine,
    underReview: state === 'held',
    canEdit: mine && (state === 'published' || state === 'held'),
    canFlag: viewer !== null && !mine && state === 'published',
    flagged: flagged.has(row.id),
  };
}

function pageUrl(releaseId: number, page: number): string {
  return `/briefing/${releaseId}${page > 1 ? `?cpage=${page}` : ''}#comments`;
}

/** The comment board under an article, as the viewer may see it. */
export async function commentSection(
  db: Kysely<Database>,
  releaseId: number,
  viewer: Actor | null,
  page: number,
  now: Date,
): Promise<CommentSection> {
  const moderator = isModerator(viewer);
  const viewerId = viewer?.id ?? null;
  const total = await countReleaseComments(db, releaseId, viewerId, moderator);
  const pageCount = Math.max(1, Math.ceil(total / COMMENTS_PER_PAGE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  // Most articles have no comments: nothing to list then.
  const rows = total === 0 ? [] : await listReleaseComments(db, releaseId, viewerId, moderator, (current - 1) * COMMENTS_PER_PAGE, COMMENTS_PER_PAGE);
  const flagged = viewer ? await flaggedByReporter(db, viewer.id, rows.map((r) => r.id)) : new Set<number>();
  const block = viewer ? await activeBlock(db, viewer.id, now) : null;
  const blockStart = Math.floor((current - 1) / 10) * 10 + 1;
  const pages = [];
  for (let n = blockStart; n <= Math.min(blockStart + 9, pageCount); n++) pages.push({ number: n, url: pageUrl(releaseId, n), current: n === current });
  return {
    releaseId,
    total,
    items: rows.map((row) => toItem(row, viewer, flagged, now)),
    pagination: {
      prevUrl: current > 1 ? pageUrl(releaseId, current - 1) : null,
      nextUrl: current < pageCount ? pageUrl(releaseId, current + 1) : null,
      pages,
    },
    viewer: viewer ? { displayName: viewer.displayName } : null,
    loginUrl: `/login?next=${encodeURIComponent(`/briefing/${releaseId}#comments`)}`,
    postUrl: `/briefing/${releaseId}/comments`,
    blockMessage: block?.message ?? null,
    maxLength: MAX_COMMENT_LENGTH,
  };
}

// For moderation: the comment changes a decision makes, through this service.

export { findComment, refreshLegalHold, commentIdsByAuthor };
export { findComments, storedCommentsPage, updateComment as setCommentFields } from './comment-repository.js';
export { findReleaseByIdOrTitle } from './comment-release.js';

/** Counts of open flags per comment are kept on the row; a review resets them. */
export async function clearFlags(db: Kysely<Database>, commentId: number, at: string): Promise<void> {
  await resolveFlags(db, commentId, at);
  await updateComment(db, commentId, { open_flags: 0 });
}


/** The release a comment form belongs to, if it is public. */
export async function releaseForBoard(db: Kysely<Database>, releaseId: number, now: Date): Promise<{ id: number; title: string } | null> {
  const release = await findReleaseForComments(db, releaseId);
  return release && isPublic(release, now) ? { id: release.id, title: release.title } : null;
}

export interface EditableComment {
  id: number;
  releaseId: number;
  body: string;
}

export async function editableComment(db: Kysely<Database>, actor: Actor, commentId: number): Promise<EditableComment> {
  const comment = await ownComment(db, actor, commentId);
  if (comment.state !== 'published' && comment.state !== 'held') throw new AppError('CONFLICT', '숨겨지거나 삭제된 댓글은 고칠 수 없습니다.');
  return { id: comment.id, releaseId: comment.release_id, body: comment.body };
}

/** A comment as a reader may quote it on the flag and rights-request forms. */
export async function commentForReaders(db: Kysely<Database>, commentId: number, now: Date) {
  const comment = await findComment(db, commentId);
  if (!comment || shownState(comment, now) !== 'published') throw new AppError('NOT_FOUND', '댓글을 찾을 수 없거나 이미 검토 중입니다.');
  return { id: comment.id, releaseId: comment.release_id, lines: comment.body.split('\n'), authorId: comment.author_id };
}

/** 내 댓글: the author's own comments with what became of each. */
export async function myComments(db: Kysely<Database>, actor: Actor, page: number) {
  const size = 30;
  const [rows, total] = await Promise.all([listAuthorComments(db, actor.id, size, (page - 1) * size), countAuthorComments(db, actor.id)]);
  return {
    total,
    page,
    hasNext: page * size < total,
    items: rows.map((row) => ({
      id: row.id,
      url: `/briefing/${row.release_id}#comment-${row.id}`,
      releaseTitle: row.release_title,
      lines: row.body ? row.body.split('\n') : [],
      state: row.state,
      citation: row.state === 'deleted' ? deletedPlaceholder(row.deleted_rule!) : null,
      hiddenUntilText: row.state === 'hidden' && row.hidden_until ? formatKstDateTime(row.hidden_until) : null,
      createdAtText: formatKstDateTime(row.created_at),
      edited: row.edited_at !== null,
      canEdit: row.state === 'published' || row.state === 'held',
      canDelete: row.state !== 'removed_by_author',
    })),
  };
}

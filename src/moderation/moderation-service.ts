// Moderators' decisions. Each verb checks the move, changes the comment or account, and writes
// exactly one decision row per target in the same transaction (Lobsters' moderation log,
// Whitehall's one-door workflow). Refusals say what to do instead.
import type { Kysely } from 'kysely';
import type { CommentRow, Database, ModerationDecisionRow } from '../db/schema.js';
import { recordAudit } from '../audit/audit-service.js';
import { AppError } from '../shared/errors.js';
import { hasRole, type Actor } from '../users/user-service.js';
import {
  clearFlags,
  commentIdsByAuthor,
  findComment,
  findComments,
  refreshLegalHold,
  setCommentFields,
} from '../comments/comment-service.js';
import { recordDecision } from './decision-service.js';
import { isRuleNumber } from './moderation-rules.js';
import {
  activeBlocks,
  closeAppeal,
  closeMeasures,
  findAppeal,
  findAppealByDecision,
  findDecision,
  findRule13Request,
  insertAppeal,
  insertBlock,
  insertRule13Request,
  insertTemporaryMeasure,
  liftBlocks,
  linkRule13Comment,
  openMeasureFor,
} from './moderation-repository.js';

export const APPEAL_DAYS = 7;
export const TEMPORARY_MEASURE_DAYS = 30;
export const BLOCK_DURATIONS = { '7d': 7, '30d': 30, permanent: null } as const;
export type BlockDuration = keyof typeof BLOCK_DURATIONS;

function requireModerator(actor: Actor): void {
  if (!hasRole(actor, 'moderator', 'admin')) throw new AppError('FORBIDDEN', '댓글 관리자만 할 수 있는 일입니다.');
}

function requireReason(reason: string): string {
  const text = reason.normalize('NFC').trim();
  if (!text) throw new AppError('REASON_REQUIRED', '사유를 적어 주세요. 사유는 작성자에게 그대로 전달됩니다.');
  if (text.length > 1000) throw new AppError('VALIDATION_FAILED', '사유는 1,000자 이내로 적어 주세요.');
  return text;
}

function requireRule(rule: unknown): number {
  if (!isRuleNumber(rule)) throw new AppError('VALIDATION_FAILED', '어느 운영원칙에 따른 조치인지 골라 주세요.');
  return rule;
}

async function existingComment(db: Kysely<Database>, id: number): Promise<CommentRow> {
  const comment = await findComment(db, id);
  if (!comment) throw new AppError('NOT_FOUND', `${id}번 댓글을 찾을 수 없습니다.`);
  return comment;
}

interface DeleteOptions {
  rule13RequestId?: number;
}

async function deleteOne(
  trx: Kysely<Database>,
  moderator: Actor,
  comment: CommentRow,
  rule: number,
  reason: string,
  at: string,
  options: DeleteOptions = {},
): Promise<number> {
  if (comment.state === 'deleted' && options.rule13RequestId === undefined) {
    throw new AppError('INVALID_TRANSITION', `${comment.id}번 댓글은 이미 삭제되었습니다.`);
  }
  // A comment its author already removed stays removed; the decision still records the request.
  if (comment.state !== 'removed_by_author') {
    await setCommentFields(trx, comment.id, {
      state: 'deleted',
      deleted_rule: rule,
      hidden_reason: null,
      hidden_until: null,
      queued_at: null,
      updated_at: at,
    });
  } else {
    await setCommentFields(trx, comment.id, { queued_at: null, updated_at: at });
  }
  await clearFlags(trx, comment.id, at);
  const measure = await openMeasureFor(trx, comment.id);
  await closeMeasures(trx, comment.id, 'deleted', at);
  return recordDecision(trx, {
    moderator_id: moderator.id,
    action: 'delete',
    rule,
    reason,
    comment_id: comment.id,
    rule13_request_id: options.rule13RequestId ?? null,
    temporary_measure_id: measure?.id ?? null,
    created_at: at,
  });
}

export async function deleteComment(db: Kysely<Database>, moderator: Actor, commentId: number, rule: unknown, reason: string, now: Date): Promise<number> {
  requireModerator(moderator);
  const cited = requireRule(rule);
  const why = requireReason(reason);
  if (cited === 13) throw new AppError('VALIDATION_FAILED', '제13항에 따른 삭제는 ‘수사기관 요청 기록’ 화면에서 요청 내용과 함께 처리해 주세요.');
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const comment = await existingComment(trx, commentId);
    if (comment.state === 'removed_by_author') throw new AppError('INVALID_TRANSITION', '작성자가 이미 지운 댓글입니다.');
    return deleteOne(trx, moderator, comment, cited, why, at);
  });
}

async function restoreOne(trx: Kysely<Database>, moderator: Actor, comment: CommentRow, reason: string, at: string, appealId?: number): Promise<number> {
  if (comment.state === 'removed_by_author') throw new AppError('INVALID_TRANSITION', `${comment.id}번 댓글은 작성자가 지워서 되살릴 수 없습니다.`);
  await setCommentFields(trx, comment.id, {
    state: 'published',
    deleted_rule: null,
    hidden_reason: null,
    hidden_until: null,
    queued_at: null,
    updated_at: at,
  });
  await clearFlags(trx, comment.id, at);
  const measure = await openMeasureFor(trx, comment.id);
  await closeMeasures(trx, comment.id, 'restored', at);
  return recordDecision(trx, {
    moderator_id: moderator.id,
    action: appealId === undefined ? 'restore' : 'appeal_granted',
    reason,
    comment_id: comment.id,
    appeal_id: appealId ?? null,
    temporary_measure_id: measure?.id ?? null,
    created_at: at,
  });
}

/** Restores a comment (or clears a flagged one as fine): it shows again and its flags are reviewed. */
export async function restoreComment(db: Kysely<Database>, moderator: Actor, commentId: number, reason: string, now: Date): Promise<number> {
  requireModerator(moderator);
  const why = requireReason(reason);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => restoreOne(trx, moderator, await existingComment(trx, commentId), why, at));
}

async function blockOne(trx: Kysely<Database>, moderator: Actor, userId: number, duration: BlockDuration, rule: number, reason: string, now: Date): Promise<number> {
  if (!(duration in BLOCK_DURATIONS)) throw new AppError('VALIDATION_FAILED', '차단 기간을 7일, 30일, 영구 중에서 골라 주세요.');
  if (userId === moderator.id) throw new AppError('CONFLICT', '자기 자신은 차단할 수 없습니다.');
  const days = BLOCK_DURATIONS[duration];
  const at = now.toISOString();
  const until = days === null ? null : new Date(now.getTime() + days * 86_400_000).toISOString();
  const target = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!target) throw new AppError('NOT_FOUND', '차단할 이용자를 찾을 수 없습니다.');
  const decisionId = await recordDecision(trx, {
    moderator_id: moderator.id,
    action: 'block',
    rule,
    reason,
    user_id: userId,
    block_until: until,
    created_at: at,
  });
  await insertBlock(trx, { user_id: userId, decision_id: decisionId, rule, reason, starts_at: at, until, permanent: until === null ? 1 : 0 });
  return decisionId;
}

/** Blocks a person from posting for 7 days, 30 days or for good; they can still read. */
export async function blockUser(
  db: Kysely<Database>,
  moderator: Actor,
  userId: number,
  duration: BlockDuration,
  rule: unknown,
  reason: string,
  now: Date,
): Promise<number> {
  requireModerator(moderator);
  const cited = requireRule(rule);
  const why = requireReason(reason);
  return db.transaction().execute(async (trx) => blockOne(trx, moderator, userId, duration, cited, why, now));
}

export async function unblockUser(db: Kysely<Database>, moderator: Actor, userId: number, reason: string, now: Date): Promise<number> {
  requireModerator(moderator);
  const why = requireReason(reason);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    if ((await activeBlocks(trx, userId, at)).length === 0) throw new AppError('INVALID_TRANSITION', '차단되어 있지 않은 이용자입니다.');
    const decisionId = await recordDecision(trx, { moderator_id: moderator.id, action: 'unblock', reason: why, user_id: userId, created_at: at });
    await liftBlocks(trx, userId, at, decisionId);
    return decisionId;
  });
}

export type BulkAction = 'delete' | 'restore' | 'block_7d' | 'block_30d' | 'block_permanent';

/** One decision per comment (or per distinct author for blocks), all or none. */
export async function bulkDecide(
  db: Kysely<Database>,
  moderator: Actor,
  commentIds: number[],
  action: BulkAction,
  rule: unknown,
  reason: string,
  now: Date,
): Promise<number> {
  requireModerator(moderator);
  const why = requireReason(reason);
  const ids = [...new Set(commentIds)];
  if (ids.length === 0) throw new AppError('VALIDATION_FAILED', '처리할 댓글을 하나 이상 골라 주세요.');
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const comments = await findComments(trx, ids);
    if (comments.length !== ids.length) throw new AppError('NOT_FOUND', '고른 댓글 가운데 없는 댓글이 있습니다.');
    let count = 0;
    if (action === 'delete') {
      const cited = requireRule(rule);
      if (cited === 13) throw new AppError('VALIDATION_FAILED', '제13항에 따른 삭제는 ‘수사기관 요청 기록’ 화면에서 처리해 주세요.');
      for (const c of comments) {
        if (c.state === 'deleted' || c.state === 'removed_by_author') continue;
        await deleteOne(trx, moderator, c, cited, why, at);
        count++;
      }
    } else if (action === 'restore') {
      for (const c of comments) {
        if (c.state === 'removed_by_author') continue;
        await restoreOne(trx, moderator, c, why, at);
        count++;
      }
    } else {
      const duration = action.slice('block_'.length) as BlockDuration;
      const cited = requireRule(rule);
      const authors = [...new Set(comments.map((c) => c.author_id).filter((id): id is number => id !== null))];
      for (const author of authors) {
        await blockOne(trx, moderator, author, duration, cited, why, now);
        count++;
      }
    }
    return count;
  });
}

export interface Rule13Input {
  agency: string;
  referenceNumber: string;
  /** YYYY-MM-DD */
  receivedOn: string;
  note: string;
  commentIds: number[];
}

/** Parses "12, 15 19" or "#12" into comment ids. */
export function parseCommentIds(text: string): number[] {
  return [...new Set((text.match(/\d{1,12}/g) ?? []).map(Number).filter((n) => n > 0))];
}

/**
 * Records an investigative agency's request (운영원칙 제13항) and deletes the named comments
 * with the record attached. The comments are kept under legal hold from then on.
 */
export async function recordRule13Request(db: Kysely<Database>, moderator: Actor, input: Rule13Input, now: Date): Promise<number> {
  requireModerator(moderator);
  const agency = input.agency.normalize('NFC').trim();
  const referenceNumber = input.referenceNumber.normalize('NFC').trim();
  const note = input.note.normalize('NFC').trim();
  const errors: string[] = [];
  if (!agency || agency.length > 100) errors.push('요청 기관을 100자 이내로 적어 주세요.');
  if (!referenceNumber || referenceNumber.length > 100) errors.push('문서번호(접수번호)를 적어 주세요.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.receivedOn) || Number.isNaN(Date.parse(input.receivedOn))) errors.push('접수일을 2025-01-31처럼 적어 주세요.');
  else if (input.receivedOn > now.toISOString().slice(0, 10) && Date.parse(input.receivedOn) - now.getTime() > 86_400_000) errors.push('접수일이 오늘보다 늦습니다.');
  if (input.commentIds.length === 0) errors.push('요청 대상 댓글 번호를 하나 이상 적어 주세요.');
  if (note.length > 1000) errors.push('메모는 1,000자 이내로 적어 주세요.');
  if (errors.length) throw new AppError('VALIDATION_FAILED', '수사기관 요청을 기록할 수 없습니다.', errors);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    if (await findRule13Request(trx, agency, referenceNumber)) {
      throw new AppError('CONFLICT', '같은 기관의 같은 문서번호가 이미 기록되어 있습니다.', [`${agency} ${referenceNumber}`]);
    }
    const comments = await findComments(trx, input.commentIds);
    const missing = input.commentIds.filter((id) => !comments.some((c) => c.id === id));
    if (missing.length) throw new AppError('NOT_FOUND', '없는 댓글 번호가 있습니다.', missing.map((id) => `${id}번 댓글을 찾을 수 없습니다.`));
    const requestId = await insertRule13Request(trx, { agency, reference_number: referenceNumber, received_on: input.receivedOn, note, recorded_by: moderator.id, created_at: at });
    const reason = `${agency}의 공식 요청(문서번호 ${referenceNumber}, ${input.receivedOn} 접수)에 따라 삭제합니다.`;
    for (const comment of comments) {
      await linkRule13Comment(trx, requestId, comment.id);
      await deleteOne(trx, moderator, comment, 13, reason, at, { rule13RequestId: requestId });
    }
    await refreshLegalHold(trx, comments.map((c) => c.id));
    await recordAudit(trx, { actorId: moderator.id, action: 'moderation.rule13', targetType: 'rule13_request', targetId: requestId, detail: { comments: input.commentIds }, at });
    return requestId;
  });
}

/**
 * A rights-holder's request to hide a comment they say infringes their rights (정보통신망법
 * 제44조의2): hidden at once for up to 30 days while a moderator decides.
 */
export async function requestTemporaryMeasure(
  db: Kysely<Database>,
  requester: Actor,
  commentId: number,
  claimant: string,
  reason: string,
  now: Date,
): Promise<{ until: string; releaseId: number }> {
  const who = claimant.normalize('NFC').trim();
  const why = reason.normalize('NFC').trim();
  const errors: string[] = [];
  if (!who || who.length > 100) errors.push('권리를 침해당한 사람(또는 단체)의 이름을 100자 이내로 적어 주세요.');
  if (!why || why.length > 1000) errors.push('어떤 권리가 어떻게 침해되었는지 1,000자 이내로 적어 주세요.');
  if (errors.length) throw new AppError('VALIDATION_FAILED', '임시조치를 요청할 수 없습니다.', errors);
  const at = now.toISOString();
  const until = new Date(now.getTime() + TEMPORARY_MEASURE_DAYS * 86_400_000).toISOString();
  return db.transaction().execute(async (trx) => {
    const comment = await existingComment(trx, commentId);
    if (comment.author_id === requester.id) throw new AppError('CONFLICT', '본인이 쓴 댓글은 직접 지울 수 있습니다.');
    if (comment.state !== 'published') throw new AppError('CONFLICT', '이미 숨겨졌거나 검토 중인 댓글입니다.');
    const measureId = await insertTemporaryMeasure(trx, { comment_id: comment.id, requester_id: requester.id, claimant: who, reason: why, created_at: at, hidden_until: until });
    await setCommentFields(trx, comment.id, { state: 'hidden', hidden_reason: 'temporary_measure', hidden_until: until, queued_at: comment.queued_at ?? at, updated_at: at });
    await recordDecision(trx, {
      moderator_id: null,
      action: 'temporary_measure',
      rule: 2,
      reason: `권리침해 신고(신고인: ${who})에 따라 정보통신망법에 의한 임시조치로 최대 ${TEMPORARY_MEASURE_DAYS}일간 게시를 중단합니다. 그동안 댓글 관리자가 삭제 여부를 결정합니다.`,
      comment_id: comment.id,
      temporary_measure_id: measureId,
      created_at: at,
    });
    return { until, releaseId: comment.release_id };
  });
}

/** Who a decision affects: the comment's author or the blocked person. */
async function affectedUserId(db: Kysely<Database>, decision: ModerationDecisionRow): Promise<number | null> {
  if (decision.user_id !== null) return decision.user_id;
  const comment = decision.comment_id === null ? undefined : await findComment(db, decision.comment_id);
  return comment?.author_id ?? null;
}

export function appealDeadline(decision: Pick<ModerationDecisionRow, 'created_at'>): string {
  return new Date(Date.parse(decision.created_at) + APPEAL_DAYS * 86_400_000).toISOString();
}

export function isAppealable(decision: Pick<ModerationDecisionRow, 'action' | 'created_at'>, now: Date): boolean {
  return (decision.action === 'delete' || decision.action === 'block') && appealDeadline(decision) > now.toISOString();
}

/** The author appeals a deletion or a block: once, within 7 days, with a reason. */
export async function fileAppeal(db: Kysely<Database>, actor: Actor, decisionId: number, reason: string, now: Date): Promise<number> {
  const why = reason.normalize('NFC').trim();
  if (!why) throw new AppError('REASON_REQUIRED', '이의 제기 사유를 적어 주세요.');
  if (why.length > 1000) throw new AppError('VALIDATION_FAILED', '이의 제기 사유는 1,000자 이내로 적어 주세요.');
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const decision = await findDecision(trx, decisionId);
    if (!decision || (await affectedUserId(trx, decision)) !== actor.id) throw new AppError('NOT_FOUND', '이의를 제기할 조치를 찾을 수 없습니다.');
    if (decision.action !== 'delete' && decision.action !== 'block') throw new AppError('CONFLICT', '삭제와 차단 조치에만 이의를 제기할 수 있습니다.');
    if (await findAppealByDecision(trx, decisionId)) throw new AppError('CONFLICT', '이 조치에는 이미 이의를 제기했습니다. 한 조치에 한 번만 제기할 수 있습니다.');
    if (!isAppealable(decision, now)) throw new AppError('CONFLICT', `이의 제기는 조치 후 ${APPEAL_DAYS}일 안에만 할 수 있습니다.`);
    const appealId = await insertAppeal(trx, decisionId, actor.id, why, at);
    const held = decision.comment_id !== null ? [decision.comment_id] : await commentIdsByAuthor(trx, decision.user_id!);
    await refreshLegalHold(trx, held);
    return appealId;
  });
}

/** A moderator other than the one who decided grants or rejects an appeal. */
export async function decideAppeal(db: Kysely<Database>, moderator: Actor, appealId: number, grant: boolean, reason: string, now: Date): Promise<number> {
  requireModerator(moderator);
  const why = requireReason(reason);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const appeal = await findAppeal(trx, appealId);
    if (!appeal) throw new AppError('NOT_FOUND', '이의 제기를 찾을 수 없습니다.');
    if (appeal.state !== 'open') throw new AppError('INVALID_TRANSITION', '이미 결정된 이의 제기입니다.');
    const decision = (await findDecision(trx, appeal.decision_id))!;
    if (decision.moderator_id === moderator.id) {
      throw new AppError('FORBIDDEN', '자신이 내린 조치에 대한 이의 제기는 다른 댓글 관리자가 결정해야 합니다.');
    }
    await closeAppeal(trx, appeal.id, grant ? 'granted' : 'rejected', moderator.id, at);
    let decisionId: number;
    if (decision.comment_id !== null) {
      const comment = await existingComment(trx, decision.comment_id);
      if (grant && comment.state === 'deleted') decisionId = await restoreOne(trx, moderator, comment, why, at, appeal.id);
      else {
        decisionId = await recordDecision(trx, {
          moderator_id: moderator.id,
          action: grant ? 'appeal_granted' : 'appeal_rejected',
          rule: decision.rule,
          reason: why,
          comment_id: comment.id,
          appeal_id: appeal.id,
          created_at: at,
        });
      }
      await refreshLegalHold(trx, [comment.id]);
    } else {
      decisionId = await recordDecision(trx, {
        moderator_id: moderator.id,
        action: grant ? 'appeal_granted' : 'appeal_rejected',
        rule: decision.rule,
        reason: why,
        user_id: decision.user_id!,
        appeal_id: appeal.id,
        created_at: at,
      });
      if (grant) await liftBlocks(trx, decision.user_id!, at, decisionId, decision.id);
      await refreshLegalHold(trx, await commentIdsByAuthor(trx, decision.user_id!));
    }
    return decisionId;
  });
}

// What moderators, authors and the public read about moderation, as plain objects for templates.
import type { Kysely } from 'kysely';
import type { CommentState, Database, ModerationAction } from '../db/schema.js';
import { formatKstDateTime } from '../shared/time.js';
import { authorLabel, shownState } from '../comments/comment-service.js';
import { highlightEvidenceHtml } from './evidence-html.js';
import { ruleCitation, RULE_NUMBERS } from './moderation-rules.js';
import { appealDeadline, isAppealable } from './moderation-service.js';
import { maskPersonalInfo, type ScreeningResult } from './screening/index.js';
import {
  authorRecord,
  blocksByMonth,
  countDecisionsByMonth,
  decisionsAffecting,
  deletionsByMonthAndRule,
  findUserSummary,
  listOpenAppeals,
  listRule13Requests,
  measuresRequestedBy,
  openFlagsFor,
  openMeasuresFor,
  queueCount,
  queueRows,
  recentDecisions,
  type DecisionWithNames,
} from './moderation-repository.js';

export const ACTION_LABELS: Record<ModerationAction, string> = {
  auto_hold: '자동 검토 보류',
  auto_hide: '신고 누적으로 숨김',
  temporary_measure: '임시조치(게시 중단)',
  delete: '삭제',
  restore: '복원',
  block: '댓글 작성 제한',
  unblock: '작성 제한 해제',
  appeal_granted: '이의 제기 받아들임',
  appeal_rejected: '이의 제기 기각',
};

export const STATE_LABELS: Record<CommentState, string> = {
  published: '게시됨',
  held: '검토 중',
  hidden: '숨김',
  deleted: '삭제됨',
  removed_by_author: '작성자가 지움',
};

function excerpt(text: string, length = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

function parseScreening(json: string): ScreeningResult | null {
  try {
    const value = JSON.parse(json) as ScreeningResult;
    return Array.isArray(value?.evidence) ? value : null;
  } catch {
    return null;
  }
}

export const QUEUE_PAGE_SIZE = 50;

export async function moderationQueue(db: Kysely<Database>, rule: number | null, page: number, now: Date) {
  const at = now.toISOString();
  const rows = await queueRows(db, rule, QUEUE_PAGE_SIZE, (page - 1) * QUEUE_PAGE_SIZE);
  const ids = rows.map((r) => r.id);
  const [flags, measures, records, total] = await Promise.all([
    openFlagsFor(db, ids),
    openMeasuresFor(db, ids),
    authorRecord(db, [...new Set(rows.map((r) => r.author_id).filter((id): id is number => id !== null))], at),
    queueCount(db),
  ]);
  const items = rows.map((row) => {
    const screening = parseScreening(row.screening);
    // Evidence offsets point into the text that was screened; an edit rescreens, so they match.
    const evidence = screening?.evidence ?? [];
    const rowFlags = flags.filter((f) => f.comment_id === row.id);
    const byRule = new Map<number, number>();
    for (const f of rowFlags) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    const measure = measures.find((m) => m.comment_id === row.id);
    const record = records.find((r) => r.authorId === row.author_id);
    return {
      id: row.id,
      releaseTitle: row.release_title,
      releaseUrl: `/briefing/${row.release_id}#comment-${row.id}`,
      authorId: row.author_id,
      authorName: authorLabel(row.author_name),
      authorUrl: row.author_id ? `/admin/moderation/users/${row.author_id}` : null,
      state: shownState(row, now),
      stateLabel: STATE_LABELS[row.state],
      createdAtText: formatKstDateTime(row.created_at),
      queuedAtText: formatKstDateTime(row.queued_at!),
      bodyHtml: highlightEvidenceHtml(row.body, evidence),
      findings: evidence.map((e) => ({ citation: ruleCitation(e.rule), reason: e.reason, match: e.match, action: e.action === 'reject' ? '거부' : '보류' })),
      flags: [...byRule].map(([r, n]) => ({ citation: ruleCitation(r), count: n })),
      flagNotes: rowFlags.filter((f) => f.note).map((f) => f.note),
      measure: measure
        ? { claimant: measure.claimant, reason: measure.reason, untilText: formatKstDateTime(measure.hidden_until), expired: measure.hidden_until <= at }
        : null,
      history: record
        ? {
            published: record.states.published ?? 0,
            deleted: record.states.deleted ?? 0,
            held: record.states.held ?? 0,
            blocks: record.blocks,
            activeBlock: record.activeBlock
              ? record.activeBlock.permanent
                ? '영구 작성 제한 중'
                : `${formatKstDateTime(record.activeBlock.until!)}까지 작성 제한 중`
              : null,
          }
        : null,
    };
  });
  return { items, total, page, hasNext: rows.length === QUEUE_PAGE_SIZE, rule };
}

export interface DecisionView {
  id: number;
  atText: string;
  action: ModerationAction;
  actionLabel: string;
  citation: string;
  reason: string;
  by: string;
  target: string;
  targetUrl: string | null;
  blockUntilText: string | null;
  appealState: string | null;
  appealUrl: string | null;
  appealDeadlineText: string | null;
}

const APPEAL_STATE_LABELS = { open: '이의 제기 검토 중', granted: '이의 제기 받아들여짐', rejected: '이의 제기 기각됨' } as const;

function decisionView(d: DecisionWithNames, now: Date, options: { mask: boolean; forAuthor: boolean }): DecisionView {
  const text = (s: string) => (options.mask ? maskPersonalInfo(s) : s);
  const appealable = options.forAuthor && d.appeal_state === null && isAppealable(d, now);
  return {
    id: d.id,
    atText: formatKstDateTime(d.created_at),
    action: d.action,
    actionLabel: ACTION_LABELS[d.action],
    citation: ruleCitation(d.rule),
    reason: text(d.reason),
    by: d.moderator_id === null ? '자동 처리' : options.forAuthor ? '댓글 관리자' : (d.moderator_name ?? '알 수 없음'),
    target: d.comment_id !== null
      ? `${d.comment_id}번 댓글${d.comment_body ? `: ${text(excerpt(d.comment_body, 60))}` : ''}`
      : `이용자 ${authorLabel(d.target_name)}`,
    targetUrl: d.comment_release_id !== null ? `/briefing/${d.comment_release_id}#comment-${d.comment_id}` : null,
    blockUntilText: d.action === 'block' ? (d.block_until ? `${formatKstDateTime(d.block_until)}까지` : '영구') : null,
    appealState: d.appeal_state ? APPEAL_STATE_LABELS[d.appeal_state] : null,
    appealUrl: appealable ? `/my/appeals/${d.id}` : null,
    appealDeadlineText: appealable ? formatKstDateTime(appealDeadline(d)) : null,
  };
}

/** Everything moderation did about a person, as they are told it. */
export async function historyFor(db: Kysely<Database>, userId: number, now: Date) {
  const [decisions, measures] = await Promise.all([decisionsAffecting(db, userId), measuresRequestedBy(db, userId)]);
  const measureStates = { open: '게시 중단 중, 검토 대기', deleted: '삭제됨', restored: '다시 게시됨' } as const;
  return {
    decisions: decisions.map((d) => decisionView(d, now, { mask: false, forAuthor: true })),
    measures: measures.map((m) => ({
      commentId: m.comment_id,
      url: `/briefing/${m.release_id}#comment-${m.comment_id}`,
      claimant: m.claimant,
      createdAtText: formatKstDateTime(m.created_at),
      untilText: formatKstDateTime(m.hidden_until),
      stateLabel: measureStates[m.state],
    })),
  };
}

/** A person's record for moderators (personal information masked). */
export async function authorProfileDecisions(db: Kysely<Database>, userId: number, now: Date): Promise<DecisionView[]> {
  return (await decisionsAffecting(db, userId)).map((d) => decisionView(d, now, { mask: true, forAuthor: false }));
}

/** The moderators' log beyond the queue: personal information masked. */
export async function decisionLog(db: Kysely<Database>, beforeId: number | null, now: Date) {
  const rows = await recentDecisions(db, beforeId, 100);
  return {
    items: rows.map((d) => decisionView(d, now, { mask: true, forAuthor: false })),
    nextUrl: rows.length === 100 ? `/admin/moderation/log?before=${rows.at(-1)!.id}` : null,
  };
}

export async function openAppeals(db: Kysely<Database>, viewerId: number) {
  const rows = await listOpenAppeals(db);
  return rows.map((a) => ({
    id: a.id,
    appellant: a.appellant_name,
    reason: maskPersonalInfo(a.reason),
    createdAtText: formatKstDateTime(a.created_at),
    decision: `${ACTION_LABELS[a.action]} · ${ruleCitation(a.rule)} · ${formatKstDateTime(a.decided_at)}`,
    decisionReason: maskPersonalInfo(a.decision_reason),
    moderator: a.moderator_name ?? '자동 처리',
    comment: a.comment_body !== null ? maskPersonalInfo(a.comment_body) : null,
    commentId: a.comment_id,
    // The moderator who made the decision may read the appeal but not decide it.
    canDecide: a.moderator_id !== viewerId,
  }));
}

export async function rule13Records(db: Kysely<Database>) {
  return (await listRule13Requests(db)).map((r) => ({
    id: r.id,
    agency: r.agency,
    referenceNumber: r.reference_number,
    receivedOn: r.received_on,
    note: r.note,
    recordedBy: r.recorded_by_name,
    createdAtText: formatKstDateTime(r.created_at),
    commentIds: r.commentIds,
  }));
}

/** 운영 현황: deletions per rule per month, and blocks, for everyone to see. */
export async function moderationReport(db: Kysely<Database>) {
  const [deletions, blocks, restores, appeals] = await Promise.all([
    deletionsByMonthAndRule(db),
    blocksByMonth(db),
    countDecisionsByMonth(db, 'restore'),
    countDecisionsByMonth(db, 'appeal_granted'),
  ]);
  const months = [...new Set([...deletions.map((d) => d.month), ...blocks.map((b) => b.month), ...restores.map((r) => r.month)])].sort().reverse();
  return {
    rules: RULE_NUMBERS,
    months: months.map((month) => {
      const perRule = RULE_NUMBERS.map((rule) => deletions.find((d) => d.month === month && d.rule === rule)?.n ?? 0);
      const blockOf = (kind: '7d' | '30d' | 'permanent') => blocks.filter((b) => b.month === month && b.kind === kind).reduce((s, b) => s + b.n, 0);
      return {
        month,
        label: `${month.slice(0, 4)}년 ${Number(month.slice(5))}월`,
        perRule,
        deletions: perRule.reduce((s, n) => s + n, 0),
        blocks7: blockOf('7d'),
        blocks30: blockOf('30d'),
        blocksPermanent: blockOf('permanent'),
        restores: restores.find((r) => r.month === month)?.n ?? 0,
        appealsGranted: appeals.find((a) => a.month === month)?.n ?? 0,
      };
    }),
  };
}

export async function moderatedUser(db: Kysely<Database>, userId: number) {
  const user = await findUserSummary(db, userId);
  return user ? { id: user.id, name: user.display_name, joinedText: formatKstDateTime(user.created_at) } : null;
}

import type { ReleaseState, Role } from '../db/schema.js';

/**
 * The editorial workflow as one table of moves. Everything here is pure: the
 * service asks `checkMove` before it writes, and the tests walk the table.
 *
 * A published release being corrected carries a second, pending edition
 * (releases.pending_state); the edition moves (submit, return, approve,
 * force_publish) then act on that pending state while the live article stays.
 */
export const MOVES = [
  'submit',
  'return',
  'approve',
  'publish_now',
  'unschedule',
  'withdraw',
  'force_publish',
  'confirm_force_publish',
] as const;
export type Move = (typeof MOVES)[number];

/** Moves only the due-publish sweep makes; no person can ask for them. */
export type SystemMove = 'publish' | 'fail';

/** The state an approved edition goes to: decided by the clock at the moment of approval. */
export type Target = ReleaseState | 'scheduled_or_published' | 'same';

export interface MoveRule {
  from: readonly ReleaseState[];
  to: Target;
  roles: readonly Role[];
  /** A required reason; `public` ones are shown to readers. */
  reason: 'none' | 'required' | 'public';
  /** Acts on a pending correction when the release has one. */
  edition: boolean;
  /** The actor must not be the author or the last editor (or the force-publisher). */
  secondPair: boolean;
  /** 승인, 반려 ... as the UI names the move. */
  label: string;
  /** The sentence shown when the release is in a state this move does not start from. */
  wrongState: string;
}

export const TRANSITIONS: Record<Move, MoveRule> = {
  submit: {
    from: ['draft', 'returned'],
    to: 'in_review',
    roles: ['press_officer', 'reviewer', 'admin'],
    reason: 'none',
    edition: true,
    secondPair: false,
    label: '검토 요청',
    wrongState: '작성 중이거나 반려된 보도자료만 검토 요청할 수 있습니다.',
  },
  return: {
    from: ['in_review'],
    to: 'returned',
    roles: ['reviewer', 'admin'],
    reason: 'required',
    edition: true,
    secondPair: false,
    label: '반려',
    wrongState: '검토 중인 보도자료만 반려할 수 있습니다.',
  },
  approve: {
    from: ['in_review'],
    to: 'scheduled_or_published',
    roles: ['reviewer', 'admin'],
    reason: 'none',
    edition: true,
    secondPair: true,
    label: '승인',
    wrongState: '검토 중인 보도자료만 승인할 수 있습니다.',
  },
  publish_now: {
    from: ['scheduled', 'failed'],
    to: 'published',
    roles: ['reviewer', 'admin'],
    reason: 'none',
    edition: false,
    secondPair: false,
    label: '즉시 게시',
    wrongState: '예약되었거나 게시에 실패한 보도자료만 즉시 게시할 수 있습니다.',
  },
  unschedule: {
    from: ['scheduled', 'failed'],
    to: 'draft',
    roles: ['press_officer', 'reviewer', 'admin'],
    reason: 'none',
    edition: false,
    secondPair: false,
    label: '예약 취소',
    wrongState: '예약되었거나 게시에 실패한 보도자료만 예약을 취소할 수 있습니다.',
  },
  withdraw: {
    from: ['published'],
    to: 'withdrawn',
    roles: ['reviewer', 'admin'],
    reason: 'public',
    edition: false,
    secondPair: false,
    label: '철회',
    wrongState: '게시된 보도자료만 철회할 수 있습니다.',
  },
  force_publish: {
    from: ['draft', 'in_review', 'returned', 'scheduled', 'failed'],
    to: 'published',
    roles: ['admin'],
    reason: 'required',
    edition: true,
    secondPair: false,
    label: '강제 게시',
    wrongState: '이미 게시되었거나 철회된 보도자료는 강제 게시할 수 없습니다. 수정할 내용이 있으면 먼저 수정본을 저장해 주세요.',
  },
  confirm_force_publish: {
    from: ['published', 'withdrawn'],
    to: 'same',
    roles: ['reviewer', 'admin'],
    reason: 'none',
    edition: false,
    secondPair: true,
    label: '강제 게시 확인',
    wrongState: '강제 게시된 보도자료만 확인할 수 있습니다.',
  },
};

export const STATE_LABELS: Record<ReleaseState, string> = {
  draft: '작성 중',
  in_review: '검토 중',
  returned: '반려됨',
  scheduled: '예약됨',
  published: '게시됨',
  withdrawn: '철회됨',
  failed: '게시 실패',
};

/** States in which a save is taken (for a published release: a pending correction is started or continued). */
export const EDITABLE_STATES: readonly ReleaseState[] = ['draft', 'returned', 'in_review', 'published'];

/** What checkMove looks at: plain values, so it can be called without a database. */
export interface MoveSubject {
  state: ReleaseState;
  pendingState: 'draft' | 'in_review' | 'returned' | null;
  ministryId: number;
  createdBy: number | null;
  lastEditedBy: number | null;
  releasedAt: string;
  forcePublishedAt: string | null;
  forcePublishConfirmedBy: number | null;
  /** Who force-published it, when it was. */
  forcePublishedBy: number | null;
}

export interface MoveActor {
  id: number;
  roles: readonly Role[];
  ministryIds: readonly number[];
}

export type MoveRefusal = { ok: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'INVALID_TRANSITION' | 'REASON_REQUIRED'; message: string };
export type MoveCheck =
  | { ok: true; edition: 'live' | 'pending'; from: ReleaseState; to: ReleaseState }
  | MoveRefusal;

/** The state the move starts from: the pending correction's, for edition moves on a release that has one. */
export function startState(move: Move, subject: Pick<MoveSubject, 'state' | 'pendingState'>): { edition: 'live' | 'pending'; from: ReleaseState } {
  if (TRANSITIONS[move].edition && subject.state === 'published' && subject.pendingState) {
    return { edition: 'pending', from: subject.pendingState };
  }
  return { edition: 'live', from: subject.state };
}

function stateSentence(state: ReleaseState, edition: 'live' | 'pending'): string {
  return edition === 'pending'
    ? `이 보도자료의 수정본은 지금 '${STATE_LABELS[state]}' 상태입니다.`
    : `이 보도자료는 지금 '${STATE_LABELS[state]}' 상태입니다.`;
}

/**
 * Whether `actor` may make `move` on `subject` now, and where it leads. Checked in
 * this order so a refusal never reveals more than the actor may know: login,
 * role, ministry, state, the second pair of eyes, the reason.
 */
export function checkMove(
  move: Move,
  subject: MoveSubject,
  actor: MoveActor | null,
  now: Date,
  reason?: string | null,
): MoveCheck {
  const rule = TRANSITIONS[move];
  if (!actor) return { ok: false, code: 'UNAUTHENTICATED', message: '로그인이 필요합니다.' };
  if (!rule.roles.some((r) => actor.roles.includes(r))) {
    return { ok: false, code: 'FORBIDDEN', message: `${rule.label} 권한이 없습니다. 필요한 경우 대변인실이나 관리자에게 요청해 주세요.` };
  }
  if (!actor.roles.includes('admin') && !actor.ministryIds.includes(subject.ministryId)) {
    return { ok: false, code: 'FORBIDDEN', message: '다른 부처의 보도자료는 처리할 수 없습니다. 소속 부처의 보도자료인지 확인해 주세요.' };
  }
  const { edition, from } = startState(move, subject);
  if (!rule.from.includes(from)) {
    return { ok: false, code: 'INVALID_TRANSITION', message: `${rule.wrongState} ${stateSentence(from, edition)}` };
  }
  if (move === 'confirm_force_publish') {
    if (!subject.forcePublishedAt || subject.forcePublishConfirmedBy !== null) {
      return { ok: false, code: 'INVALID_TRANSITION', message: '확인을 기다리는 강제 게시가 없습니다.' };
    }
    if (subject.forcePublishedBy === actor.id) {
      return { ok: false, code: 'FORBIDDEN', message: '직접 강제 게시한 보도자료는 확인할 수 없습니다. 다른 검토자에게 확인을 요청해 주세요.' };
    }
  }
  if (rule.secondPair && (subject.createdBy === actor.id || subject.lastEditedBy === actor.id)) {
    const who = subject.createdBy === actor.id ? '직접 작성한' : '마지막으로 수정한';
    const what = move === 'approve' ? '승인' : '확인';
    return { ok: false, code: 'FORBIDDEN', message: `${who} 보도자료는 ${what}할 수 없습니다. 다른 검토자에게 ${what}을 요청해 주세요.` };
  }
  if (rule.reason !== 'none' && !reason?.trim()) {
    const what = rule.reason === 'public' ? '독자에게 공개될 사유' : '사유';
    return { ok: false, code: 'REASON_REQUIRED', message: `${rule.label}하려면 ${what}를 입력해 주세요.` };
  }
  return { ok: true, edition, from, to: targetState(move, subject, from, now) };
}

function targetState(move: Move, subject: MoveSubject, from: ReleaseState, now: Date): ReleaseState {
  const { to } = TRANSITIONS[move];
  if (to === 'same') return subject.state;
  if (to === 'scheduled_or_published') {
    // An approved correction goes live at once; a new release waits for its 보도시점.
    if (startState(move, subject).edition === 'pending') return 'published';
    return new Date(subject.releasedAt).getTime() > now.getTime() ? 'scheduled' : 'published';
  }
  void from;
  return to;
}

/** The moves a person could make on the release now: the buttons the editor shows. */
export function allowedMoves(subject: MoveSubject, actor: MoveActor | null, now: Date): Move[] {
  return MOVES.filter((move) => {
    const check = checkMove(move, subject, actor, now, 'x');
    return check.ok;
  });
}

/** Whether a save is taken in this state, and if not, why. */
export function checkEdit(state: ReleaseState): { ok: true } | { ok: false; message: string } {
  if (EDITABLE_STATES.includes(state)) return { ok: true };
  if (state === 'scheduled' || state === 'failed') {
    return { ok: false, message: `${STATE_LABELS[state]} 상태의 보도자료는 바로 수정할 수 없습니다. 먼저 '예약 취소'를 한 뒤 수정해 주세요.` };
  }
  return { ok: false, message: '철회된 보도자료는 수정할 수 없습니다.' };
}

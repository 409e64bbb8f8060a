import { describe, expect, it } from 'vitest';
import { RELEASE_STATES, type ReleaseState } from '../../src/db/schema.js';
import { allowedMoves, checkEdit, checkMove, MOVES, TRANSITIONS, type MoveSubject } from '../../src/workflow/transitions.js';

const NOW = new Date('2025-01-01T00:00:00.000Z');
const admin = { id: 1, roles: ['admin'] as const, ministryIds: [] };

function subject(state: ReleaseState, overrides: Partial<MoveSubject> = {}): MoveSubject {
  return {
    state,
    pendingState: null,
    ministryId: 10,
    createdBy: 2,
    lastEditedBy: 2,
    releasedAt: '2025-01-02T00:00:00.000Z',
    forcePublishedAt: state === 'published' || state === 'withdrawn' ? '2024-12-31T00:00:00.000Z' : null,
    forcePublishConfirmedBy: null,
    forcePublishedBy: 3,
    ...overrides,
  };
}

/** The table written out once more by hand: from which states each move is legal, and where it leads. */
const EXPECTED: Record<string, Partial<Record<ReleaseState, ReleaseState>>> = {
  submit: { draft: 'in_review', returned: 'in_review' },
  return: { in_review: 'returned' },
  approve: { in_review: 'scheduled' },
  publish_now: { scheduled: 'published', failed: 'published' },
  unschedule: { scheduled: 'draft', failed: 'draft' },
  withdraw: { published: 'withdrawn' },
  force_publish: { draft: 'published', in_review: 'published', returned: 'published', scheduled: 'published', failed: 'published' },
  confirm_force_publish: { published: 'published', withdrawn: 'withdrawn' },
};

describe('every move from every state', () => {
  for (const move of MOVES) {
    for (const state of RELEASE_STATES) {
      const to = EXPECTED[move]![state];
      it(`${move} from ${state}: ${to ? `→ ${to}` : 'refused'}`, () => {
        const check = checkMove(move, subject(state), admin, NOW, '사유');
        if (to) {
          expect(check).toMatchObject({ ok: true, from: state, to });
        } else {
          expect(check.ok).toBe(false);
          if (!check.ok) {
            expect(check.code).toBe('INVALID_TRANSITION');
            expect(check.message).toContain(TRANSITIONS[move].wrongState);
            expect(check.message).toMatch(/지금 '.+' 상태입니다/);
          }
        }
      });
    }
  }
});

describe('approval target and the second pair of eyes', () => {
  it('approves into scheduled before the 보도시점 and into published after it', () => {
    expect(checkMove('approve', subject('in_review'), admin, NOW)).toMatchObject({ ok: true, to: 'scheduled' });
    expect(checkMove('approve', subject('in_review'), admin, new Date('2025-01-03T00:00:00Z'))).toMatchObject({ ok: true, to: 'published' });
  });

  it('acts on the pending correction of a published release, which goes live on approval', () => {
    const s = subject('published', { pendingState: 'in_review', forcePublishedAt: null });
    expect(checkMove('approve', s, admin, NOW)).toMatchObject({ ok: true, edition: 'pending', from: 'in_review', to: 'published' });
    expect(checkMove('submit', s, admin, NOW)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(checkMove('submit', { ...s, pendingState: 'draft' }, admin, NOW)).toMatchObject({ ok: true, to: 'in_review' });
    const refused = checkMove('return', { ...s, pendingState: 'draft' }, admin, NOW, '사유');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toContain('수정본은 지금');
    // Withdrawal concerns the live article, pending or not.
    expect(checkMove('withdraw', s, admin, NOW, '사유')).toMatchObject({ ok: true, to: 'withdrawn' });
  });

  it('refuses the author and the last editor, even an admin', () => {
    const reviewer = { id: 2, roles: ['reviewer'] as const, ministryIds: [10] };
    const byAuthor = checkMove('approve', subject('in_review', { createdBy: 2, lastEditedBy: 5 }), reviewer, NOW);
    expect(byAuthor).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    if (!byAuthor.ok) expect(byAuthor.message).toBe('직접 작성한 보도자료는 승인할 수 없습니다. 다른 검토자에게 승인을 요청해 주세요.');
    const byEditor = checkMove('approve', subject('in_review', { createdBy: 5, lastEditedBy: 2 }), reviewer, NOW);
    expect(byEditor).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(checkMove('approve', subject('in_review', { createdBy: 1 }), admin, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(checkMove('approve', subject('in_review', { createdBy: 5, lastEditedBy: 6 }), reviewer, NOW)).toMatchObject({ ok: true });
  });

  it('needs a reason for return, withdraw and force-publish', () => {
    for (const [move, state] of [['return', 'in_review'], ['withdraw', 'published'], ['force_publish', 'draft']] as const) {
      const check = checkMove(move, subject(state), admin, NOW, '  ');
      expect(check).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    }
  });

  it('lets nobody confirm their own force-publish, nor confirm twice', () => {
    expect(checkMove('confirm_force_publish', subject('published', { forcePublishedBy: 1 }), admin, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(checkMove('confirm_force_publish', subject('published', { forcePublishConfirmedBy: 4 }), admin, NOW)).toMatchObject({
      ok: false,
      code: 'INVALID_TRANSITION',
    });
  });

  it('offers as buttons exactly the allowed moves', () => {
    const po = { id: 9, roles: ['press_officer'] as const, ministryIds: [10] };
    expect(allowedMoves(subject('draft'), po, NOW)).toEqual(['submit']);
    expect(allowedMoves(subject('draft'), { ...po, ministryIds: [11] }, NOW)).toEqual([]);
    expect(allowedMoves(subject('in_review', { forcePublishedAt: null }), admin, NOW)).toEqual(['return', 'approve', 'force_publish']);
    expect(allowedMoves(subject('draft'), null, NOW)).toEqual([]);
  });

  it('takes saves in draft, returned, in_review and published only', () => {
    for (const state of RELEASE_STATES) {
      expect(checkEdit(state).ok).toBe(['draft', 'returned', 'in_review', 'published'].includes(state));
    }
    const scheduled = checkEdit('scheduled');
    if (!scheduled.ok) expect(scheduled.message).toContain('예약 취소');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { RELEASE_STATES, type Database, type ReleaseState } from '../../src/db/schema.js';
import type { Connection } from '../../src/db/sqlite.js';
import { AppError } from '../../src/shared/errors.js';
import { MOVES, TRANSITIONS } from '../../src/workflow/transitions.js';
import {
  approve,
  confirmForcePublish,
  correctionHistory,
  createDraft,
  embargoSettings,
  forcePublish,
  MOVE_FUNCTIONS,
  publishNow,
  returnToAuthor,
  runPublishSweep,
  saveRevision,
  submit,
  updateEmbargoSettings,
  withdraw,
} from '../../src/workflow/workflow-service.js';
import { freshDatabase } from '../helpers.js';
import { ctx, draftInput, HOME, makeActor, ministryId, releaseIn, snapshot } from './workflow-helpers.js';

const NOW = new Date('2025-01-01T00:00:00.000Z');
let connection: Connection;
let db: Kysely<Database>;
beforeEach(() => {
  connection = freshDatabase();
  db = connection.db;
});
afterEach(async () => {
  await connection.close();
});

const row = (id: number) => db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('every move from every state, through the service', () => {
  const legal: Record<string, ReleaseState[]> = Object.fromEntries(MOVES.map((m) => [m, [...TRANSITIONS[m].from]]));
  for (const move of MOVES) {
    for (const state of RELEASE_STATES) {
      const ok = legal[move]!.includes(state);
      it(`${move} from ${state} is ${ok ? 'made' : 'refused, changing nothing'}`, async () => {
        const author = await makeActor(db, ['press_officer']);
        const admin = await makeActor(db, ['admin'], []);
        const forcer = await makeActor(db, ['admin'], []);
        const id = await releaseIn(db, author, state, NOW, {
          forcePublishedBy: move === 'confirm_force_publish' && (state === 'published' || state === 'withdrawn') ? forcer.id : undefined,
        });
        const before = await snapshot(db, id);
        const attempt = MOVE_FUNCTIONS[move](db, ctx(admin, NOW), id, '사유를 적었습니다');
        if (ok) {
          const result = await attempt;
          expect(result.from).toBe(state);
          const event = await db.selectFrom('workflow_events').selectAll().where('release_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
          expect(event).toMatchObject({ action: move, from_state: state, to_state: result.to, actor_id: admin.id });
          expect((await row(id)).state).toBe(result.to);
          const audit = await db.selectFrom('audit_log').select('action').where('action', '=', `release.${move}`).execute();
          expect(audit).toHaveLength(1);
        } else {
          const error = await refusal(attempt);
          expect(error.code).toBe('INVALID_TRANSITION');
          expect(error.message).toContain('상태입니다');
          expect(await snapshot(db, id)).toEqual(before);
        }
      });
    }
  }
});

describe('the editorial journey', () => {
  it('draft → submit → return (reason) → submit → approve (future) → scheduled → sweep → published', async () => {
    const writer = await makeActor(db, ['press_officer'], [HOME], '작성자');
    const reviewer = await makeActor(db, ['reviewer'], [HOME], '검토자');
    const home = await ministryId(db, HOME);
    const id = await createDraft(db, ctx(writer, NOW), draftInput(home));
    await submit(db, ctx(writer, NOW), id);
    expect((await refusal(returnToAuthor(db, ctx(reviewer, NOW), id, ' '))).code).toBe('REASON_REQUIRED');
    await returnToAuthor(db, ctx(reviewer, NOW), id, '통계 출처를 밝혀 주세요');
    expect((await row(id)).state).toBe('returned');
    await submit(db, ctx(writer, NOW), id);
    await approve(db, ctx(reviewer, NOW), id);
    const scheduled = await row(id);
    expect(scheduled.state).toBe('scheduled');
    expect(scheduled.distributed_at).toBe(NOW.toISOString());

    expect(await runPublishSweep(db, new Date('2025-01-02T02:59:59.000Z'))).toEqual({ published: [], failed: [] });
    const swept = await runPublishSweep(db, new Date('2025-01-02T03:00:00.000Z'));
    expect(swept.published).toEqual([id]);
    expect((await row(id)).state).toBe('published');
    const events = await db.selectFrom('workflow_events').select(['action', 'from_state', 'to_state', 'reason', 'actor_id']).where('release_id', '=', id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'submit', 'return', 'submit', 'approve', 'publish']);
    expect(events[2]).toMatchObject({ reason: '통계 출처를 밝혀 주세요', actor_id: reviewer.id });
    expect(events[5]).toMatchObject({ actor_id: null, from_state: 'scheduled', to_state: 'published' });
  });

  it('approves straight into published when the 보도시점 has passed, and 즉시 takes the approval time', async () => {
    const writer = await makeActor(db, ['press_officer']);
    const reviewer = await makeActor(db, ['reviewer']);
    const home = await ministryId(db, HOME);
    const past = await createDraft(db, ctx(writer, NOW), draftInput(home, { releasedAt: '2024-12-31T00:00:00.000Z' }));
    const now = await createDraft(db, ctx(writer, NOW), draftInput(home, { embargo: { preset: 'immediate' }, releasedAt: '2024-06-01T00:00:00.000Z' }));
    const later = new Date('2025-01-01T05:00:00.000Z');
    for (const id of [past, now]) {
      await submit(db, ctx(writer, NOW), id);
      await approve(db, ctx(reviewer, later), id);
      expect((await row(id)).state).toBe('published');
    }
    expect((await row(now)).released_at).toBe(later.toISOString());
  });

  it('publishes a scheduled release now (audited), moving its 보도시점 to now', async () => {
    const writer = await makeActor(db, ['press_officer']);
    const reviewer = await makeActor(db, ['reviewer']);
    const id = await releaseIn(db, writer, 'scheduled', NOW);
    await publishNow(db, ctx(reviewer, NOW), id);
    expect(await row(id)).toMatchObject({ state: 'published', released_at: NOW.toISOString() });
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'release.publish_now').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: reviewer.id, target_id: String(id), ip: '127.0.0.1' });
  });

  it('refuses submitting an empty body with a sentence that says what to do', async () => {
    const writer = await makeActor(db, ['press_officer']);
    const id = await createDraft(db, ctx(writer, NOW), draftInput(await ministryId(db, HOME), { bodyMarkdown: '  ' }));
    const error = await refusal(submit(db, ctx(writer, NOW), id));
    expect(error.message).toContain('본문이 비어 있습니다');
    expect((await row(id)).state).toBe('draft');
  });
});

describe('second pair of eyes', () => {
  it('lets neither the author nor the last editor approve; another reviewer may', async () => {
    const authorReviewer = await makeActor(db, ['reviewer'], [HOME], '작성한검토자');
    const editorReviewer = await makeActor(db, ['reviewer'], [HOME], '고친검토자');
    const third = await makeActor(db, ['reviewer'], [HOME], '세번째');
    const home = await ministryId(db, HOME);
    const id = await createDraft(db, ctx(authorReviewer, NOW), draftInput(home));
    const lock = (await row(id)).lock_version;
    await saveRevision(db, ctx(editorReviewer, NOW), id, draftInput(home, { title: '고친 제목' }), lock);
    await submit(db, ctx(authorReviewer, NOW), id);
    const byAuthor = await refusal(approve(db, ctx(authorReviewer, NOW), id));
    expect(byAuthor.message).toContain('직접 작성한 보도자료는 승인할 수 없습니다');
    const byEditor = await refusal(approve(db, ctx(editorReviewer, NOW), id));
    expect(byEditor.message).toContain('마지막으로 수정한 보도자료는 승인할 수 없습니다');
    expect((await row(id)).state).toBe('in_review');
    await approve(db, ctx(third, NOW), id);
    expect((await row(id)).state).toBe('scheduled');
  });
});

describe('optimistic locking', () => {
  it('refuses the later of two saves from the same version, naming who saved in between; nothing is overwritten', async () => {
    const a = await makeActor(db, ['press_officer'], [HOME], '김하나');
    const b = await makeActor(db, ['press_officer'], [HOME], '이두리');
    const home = await ministryId(db, HOME);
    const id = await createDraft(db, ctx(a, NOW), draftInput(home));
    const loaded = (await row(id)).lock_version;
    const later = new Date('2025-01-01T01:30:00.000Z');
    await saveRevision(db, ctx(a, later), id, draftInput(home, { title: '김하나의 제목' }), loaded);
    const before = await snapshot(db, id);
    const revisionsBefore = await db.selectFrom('release_revisions').select('id').where('release_id', '=', id).execute();
    const error = await refusal(saveRevision(db, ctx(b, later), id, draftInput(home, { title: '이두리의 제목' }), loaded));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('김하나님이 2025.01.01 10:30에 이 보도자료를 저장했습니다');
    expect(error.message).toContain('저장되지 않았습니다');
    expect(await snapshot(db, id)).toEqual(before);
    expect(await db.selectFrom('release_revisions').select('id').where('release_id', '=', id).execute()).toEqual(revisionsBefore);
    expect((await row(id)).title).toBe('김하나의 제목');
  });

  it('names a move made in between, too', async () => {
    const a = await makeActor(db, ['press_officer'], [HOME], '김하나');
    const home = await ministryId(db, HOME);
    const id = await createDraft(db, ctx(a, NOW), draftInput(home));
    const loaded = (await row(id)).lock_version;
    await submit(db, ctx(a, NOW), id);
    const error = await refusal(saveRevision(db, ctx(a, NOW), id, draftInput(home), loaded));
    expect(error.message).toContain("김하나님이 2025.01.01 09:00에 이 보도자료를 '검토 요청'했습니다");
  });
});

describe('editing what is published', () => {
  it('keeps the live edition until a reviewer approves the correction, then adds it to the 수정 이력', async () => {
    const writer = await makeActor(db, ['press_officer'], [HOME], '작성자');
    const reviewer = await makeActor(db, ['reviewer'], [HOME], '검토자');
    const home = await ministryId(db, HOME);
    const id = await createDraft(db, ctx(writer, NOW), draftInput(home, { releasedAt: '2024-12-31T00:00:00.000Z', contactPerson: '사무관 김철수' }));
    await submit(db, ctx(writer, NOW), id);
    await approve(db, ctx(reviewer, NOW), id);
    const live = await row(id);
    expect(live.state).toBe('published');

    const later = new Date('2025-01-05T00:00:00.000Z');
    // Without a change note and not minor: refused by the form reader, so the service gets a note here.
    await saveRevision(
      db,
      ctx(writer, later),
      id,
      draftInput(home, { title: '정정된 제목', contactPerson: '사무관 박새로', changeNote: '제목의 수치 정정', releasedAt: '2030-01-01T00:00:00.000Z' }),
      live.lock_version,
    );
    const pending = await row(id);
    expect(pending).toMatchObject({ state: 'published', pending_state: 'draft', title: live.title, body_html: live.body_html, contact_person: '사무관 김철수' });
    expect(pending.pending_revision_id).not.toBeNull();

    await submit(db, ctx(writer, later), id);
    expect((await row(id)).pending_state).toBe('in_review');
    // The writer of the correction cannot approve it; a reviewer can.
    await refusal(approve(db, ctx(writer, later), id));
    await approve(db, ctx(reviewer, later), id);
    const corrected = await row(id);
    expect(corrected).toMatchObject({
      state: 'published',
      pending_state: null,
      pending_revision_id: null,
      title: '정정된 제목',
      contact_person: '사무관 박새로',
      released_at: live.released_at,
    });
    expect(await correctionHistory(db, id)).toEqual([
      { note: '제목의 수치 정정', minor: false, date: later.toISOString(), dateText: '2025.01.05' },
    ]);
    const correction = await db.selectFrom('release_corrections').selectAll().executeTakeFirstOrThrow();
    expect(correction.approved_by).toBe(reviewer.id);
    // The earlier revision keeps the contact block it was written with.
    const first = await db.selectFrom('release_revisions').selectAll().where('release_id', '=', id).where('number', '=', 1).executeTakeFirstOrThrow();
    expect(first.contact_person).toBe('사무관 김철수');
  });

  it('sends a minor change through review too', async () => {
    const writer = await makeActor(db, ['press_officer']);
    const reviewer = await makeActor(db, ['reviewer']);
    const id = await releaseIn(db, writer, 'published', NOW);
    const lock = (await row(id)).lock_version;
    await saveRevision(db, ctx(writer, NOW), id, draftInput(await ministryId(db, HOME), { title: '오탈자 고침', minor: true }), lock);
    expect((await row(id)).title).not.toBe('오탈자 고침');
    await submit(db, ctx(writer, NOW), id);
    await approve(db, ctx(reviewer, NOW), id);
    expect((await row(id)).title).toBe('오탈자 고침');
    expect(await correctionHistory(db, id)).toMatchObject([{ note: '경미한 수정', minor: true }]);
  });
});

describe('withdrawal and force-publish', () => {
  it('withdraws only with a public reason', async () => {
    const writer = await makeActor(db, ['press_officer']);
    const reviewer = await makeActor(db, ['reviewer']);
    const id = await releaseIn(db, writer, 'published', NOW);
    expect((await refusal(withdraw(db, ctx(reviewer, NOW), id, ''))).message).toContain('독자에게 공개될 사유를 입력해 주세요');
    await withdraw(db, ctx(reviewer, NOW), id, '통계 오류로 철회합니다');
    expect(await row(id)).toMatchObject({ state: 'withdrawn', withdrawal_reason: '통계 오류로 철회합니다', withdrawn_at: NOW.toISOString() });
  });

  it('lets an admin force-publish with a reason, flagged until another reviewer confirms', async () => {
    const writer = await makeActor(db, ['press_officer']);
    const admin = await makeActor(db, ['admin'], [], '관리자A');
    const reviewer = await makeActor(db, ['reviewer']);
    const id = await releaseIn(db, writer, 'draft', NOW);
    expect((await refusal(forcePublish(db, ctx(admin, NOW), id, ''))).code).toBe('REASON_REQUIRED');
    expect((await refusal(forcePublish(db, ctx(reviewer, NOW), id, '급함'))).code).toBe('FORBIDDEN');
    await forcePublish(db, ctx(admin, NOW), id, '재난 대응 긴급 공지');
    expect(await row(id)).toMatchObject({ state: 'published', force_published_at: NOW.toISOString(), force_publish_confirmed_by: null, released_at: NOW.toISOString() });
    expect((await refusal(confirmForcePublish(db, ctx(admin, NOW), id))).message).toContain('직접 강제 게시한');
    await confirmForcePublish(db, ctx(reviewer, NOW), id);
    expect((await row(id)).force_publish_confirmed_by).toBe(reviewer.id);
    expect((await refusal(confirmForcePublish(db, ctx(reviewer, NOW), id))).code).toBe('INVALID_TRANSITION');
  });
});

describe('the due-publish sweep', () => {
  it('marks a due release that cannot go out as failed, with the reason, and a retry publishes it', async () => {
    const writer = await makeActor(db, ['press_officer']);
    const reviewer = await makeActor(db, ['reviewer']);
    const good = await releaseIn(db, writer, 'scheduled', NOW);
    const broken = await releaseIn(db, writer, 'scheduled', NOW);
    await db.updateTable('releases').set({ body_markdown: '' }).where('id', '=', broken).execute();
    const result = await runPublishSweep(db, new Date('2025-01-03T00:00:00.000Z'));
    expect(result.published).toEqual([good]);
    expect(result.failed.map((f) => f.id)).toEqual([broken]);
    const failed = await row(broken);
    expect(failed.state).toBe('failed');
    expect(failed.publish_error).toContain('본문이 비어 있습니다');
    await db.updateTable('releases').set({ body_markdown: '고친 본문' }).where('id', '=', broken).execute();
    await publishNow(db, ctx(reviewer, new Date('2025-01-03T00:00:00.000Z')), broken);
    expect(await row(broken)).toMatchObject({ state: 'published', publish_error: null });
  });
});

describe('embargo settings', () => {
  it('are read from the settings table and changed by admins only', async () => {
    expect(await embargoSettings(db)).toEqual({ morningTime: '12:00', eveningTime: '12:00' });
    const reviewer = await makeActor(db, ['reviewer']);
    const admin = await makeActor(db, ['admin'], []);
    expect((await refusal(updateEmbargoSettings(db, ctx(reviewer, NOW), { morningTime: '06:00', eveningTime: '15:00' }))).code).toBe('FORBIDDEN');
    expect((await refusal(updateEmbargoSettings(db, ctx(admin, NOW), { morningTime: '6시', eveningTime: '15:00' }))).code).toBe('VALIDATION_FAILED');
    await updateEmbargoSettings(db, ctx(admin, NOW), { morningTime: '06:00', eveningTime: '15:00' });
    expect(await embargoSettings(db)).toEqual({ morningTime: '06:00', eveningTime: '15:00' });
  });
});

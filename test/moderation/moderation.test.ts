import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers.js';
import { articleHtml, comment, latestCommentId, opinion, person, postAs, release, type Person } from '../comments/board-helpers.js';
import { highlightEvidenceHtml } from '../../src/moderation/evidence-html.js';

let t: TestApp;
let releaseId: number;
let author: Person;
let mod: Person;
let mod2: Person;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
  releaseId = await release(t);
  author = await person(t, '작성자');
  mod = await person(t, '관리자하나', ['moderator']);
  mod2 = await person(t, '관리자둘', ['moderator']);
});
afterEach(async () => {
  await t.close();
});

const db = () => t.connection.db;
const decisions = () => db().selectFrom('moderation_decisions').selectAll().orderBy('id').execute();
const commentRow = (id: number) => db().selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function posted(text: string, who: Person = author): Promise<number> {
  const res = await comment(t.app, who, releaseId, text);
  expect([202, 303]).toContain(res.statusCode);
  t.clock.advance(31_000);
  return latestCommentId(t);
}

describe('who may moderate', () => {
  it('refuses a citizen and sends an anonymous reader to log in', async () => {
    const citizen = await t.app.inject({ method: 'GET', url: '/admin/moderation', cookies: author.cookies });
    expect(citizen.statusCode).toBe(403);
    const cid = await posted(opinion(1));
    const post = await postAs(t.app, author, `/admin/moderation/comments/${cid}/delete`, { rule: '4', reason: '자기 검열' });
    expect(post.statusCode).toBe(403);
    expect((await commentRow(cid)).state).toBe('published');
    const anon = await t.app.inject({ method: 'GET', url: '/admin/moderation' });
    expect(anon.statusCode).toBe(302);
    expect(anon.headers.location).toContain('/login');
    for (const url of ['/admin/moderation/lexicon', '/admin/moderation/appeals', '/admin/moderation/rule13', '/admin/moderation/log']) {
      expect((await t.app.inject({ method: 'GET', url, cookies: author.cookies })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url, cookies: mod.cookies })).statusCode).toBe(200);
    }
  });
});

describe('the queue', () => {
  it('lists held and flagged comments oldest first with evidence marked and escaped, filterable by rule', async () => {
    const held = await posted('<b>정책</b> 존나 별로');
    const clean = await posted(opinion(2));
    const reader = await person(t, '독자');
    await postAs(t.app, reader, `/comments/${clean}/flag`, { rule: '10' });
    const page = await t.app.inject({ method: 'GET', url: '/admin/moderation', cookies: mod.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body.indexOf(`queue-${held}`)).toBeLessThan(page.body.indexOf(`queue-${clean}`));
    expect(page.body).toContain('&lt;b&gt;정책&lt;/b&gt; <mark title="운영원칙 제4항');
    expect(page.body).toContain('운영원칙 제10항(기사와 무관한 내용) 1건');
    expect(page.body).toContain('작성자</a> (게시');
    const rule10 = await t.app.inject({ method: 'GET', url: '/admin/moderation?rule=10', cookies: mod.cookies });
    expect(rule10.body).toContain(`queue-${clean}`);
    expect(rule10.body).not.toContain(`queue-${held}"`);
  });

  it('highlights evidence through one escaping function', () => {
    const html = highlightEvidenceHtml('a<b>ㅅㅂ"x', [{ start: 4, end: 6, rule: 4, reason: '욕설 "약어"' }]);
    expect(html).toBe('a&lt;b&gt;<mark title="운영원칙 제4항: 욕설 &quot;약어&quot;">ㅅㅂ</mark>&quot;x');
  });
});

describe('moderator actions and their public effect', () => {
  it('deletes citing a rule: the public sees the placeholder, the author sees the rule and reason', async () => {
    const cid = await posted(opinion(3));
    const res = await postAs(t.app, mod, `/admin/moderation/comments/${cid}/delete`, { rule: '10', reason: '기사와 관련 없는 홍보성 주장' });
    expect(res.statusCode).toBe(303);
    const html = await articleHtml(t.app, releaseId);
    expect(html).toContain('운영원칙 제10항에 따라 삭제된 댓글입니다.');
    expect(html).not.toContain(opinion(3));
    const mine = await t.app.inject({ method: 'GET', url: '/my/comments', cookies: author.cookies });
    expect(mine.body).toContain('운영원칙 제10항(기사와 무관한 내용)');
    expect(mine.body).toContain('기사와 관련 없는 홍보성 주장');
    const [d] = await decisions();
    expect(d).toMatchObject({ action: 'delete', rule: 10, moderator_id: mod.id, comment_id: cid, user_id: null });
  });

  it('refuses a deletion without a rule or a reason', async () => {
    const cid = await posted(opinion(4));
    expect((await postAs(t.app, mod, `/admin/moderation/comments/${cid}/delete`, { rule: '', reason: '사유' })).statusCode).toBe(422);
    const noReason = await postAs(t.app, mod, `/admin/moderation/comments/${cid}/delete`, { rule: '4', reason: '  ' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('사유를 적어 주세요');
    expect(await decisions()).toHaveLength(0);
  });

  it('restores a flag-hidden comment, and it shows again', async () => {
    const cid = await posted(opinion(5));
    for (const name of ['독자일', '독자이', '독자삼']) await postAs(t.app, await person(t, name), `/comments/${cid}/flag`, { rule: '2' });
    expect((await commentRow(cid)).state).toBe('hidden');
    const res = await postAs(t.app, mod, `/admin/moderation/comments/${cid}/restore`, { reason: '명예훼손으로 보기 어려움' });
    expect(res.statusCode).toBe(303);
    expect(await articleHtml(t.app, releaseId)).toContain(opinion(5));
    const row = await commentRow(cid);
    expect(row).toMatchObject({ state: 'published', open_flags: 0, queued_at: null });
    expect((await decisions()).map((d) => d.action)).toEqual(['auto_hide', 'restore']);
  });

  it('blocks for 7 days, 30 days or permanently: the author can read but not post, and is told until when and why', async () => {
    await posted(opinion(6));
    const res = await postAs(t.app, mod, `/admin/moderation/users/${author.id}/block`, { duration: '7d', rule: '4', reason: '반복된 욕설' });
    expect(res.statusCode).toBe(303);
    const html = await articleHtml(t.app, releaseId, author);
    expect(html).toContain('운영원칙 제4항(욕설·비하 표현) 위반(반복된 욕설)으로 2025.01.08 09:00까지 댓글을 쓸 수 없습니다.');
    expect(html).not.toContain('id="comment-body"');
    const refused = await comment(t.app, author, releaseId, opinion(7));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('까지 댓글을 쓸 수 없습니다');
    t.clock.advance(7 * 86_400_000 + 1000);
    const { loginAs } = await import('../session-helpers.js');
    const back = { ...author, cookies: (await loginAs(t.app, author.email, 'correct-horse-9')).cookies };
    expect((await comment(t.app, back, releaseId, opinion(8))).statusCode).toBe(303);

    const modBack = { ...mod, cookies: (await loginAs(t.app, mod.email, 'correct-horse-9')).cookies };
    const thirtyDays = new Date(t.clock().getTime() + 30 * 86_400_000).toISOString();
    await postAs(t.app, modBack, `/admin/moderation/users/${author.id}/block`, { duration: '30d', rule: '6', reason: '광고' });
    expect((await db().selectFrom('user_blocks').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow()).until).toBe(thirtyDays);
    await postAs(t.app, modBack, `/admin/moderation/users/${author.id}/block`, { duration: 'permanent', rule: '6', reason: '계속된 광고' });
    const forever = await articleHtml(t.app, releaseId, back);
    expect(forever).toContain('댓글 작성이 영구히 제한되었습니다');
    const mine = await t.app.inject({ method: 'GET', url: '/my/comments', cookies: back.cookies });
    expect(mine.body).toContain('댓글 작성 제한 (영구)');
  });

  it('keeps decisions append-only with exactly one target', async () => {
    const cid = await posted(opinion(9));
    await postAs(t.app, mod, `/admin/moderation/comments/${cid}/delete`, { rule: '4', reason: '욕설' });
    expect(() => t.connection.sqlite.prepare('UPDATE moderation_decisions SET reason = ?').run('고침')).toThrow(/append-only/);
    expect(() => t.connection.sqlite.prepare('DELETE FROM moderation_decisions').run()).toThrow(/append-only/);
    const insert = t.connection.sqlite.prepare(
      "INSERT INTO moderation_decisions (moderator_id, action, rule, reason, comment_id, user_id, created_at) VALUES (?, 'delete', 4, '사유', ?, ?, '2025-01-01T00:00:00Z')",
    );
    expect(() => insert.run(mod.id, cid, author.id)).toThrow(/CHECK/);
    expect(() => insert.run(mod.id, null, null)).toThrow(/CHECK/);
  });

  it('handles bulk actions as one decision per comment', async () => {
    const a = await posted(opinion(10));
    const b = await posted(opinion(11));
    const res = await postAs(t.app, mod, '/admin/moderation/bulk', { ids: [String(a), String(b)], action: 'delete', rule: '6', reason: '같은 광고 묶음' });
    expect(res.statusCode).toBe(303);
    const rows = await decisions();
    expect(rows.map((d) => [d.action, d.comment_id, d.rule])).toEqual([
      ['delete', a, 6],
      ['delete', b, 6],
    ]);
    await postAs(t.app, mod, '/admin/moderation/bulk', { ids: [String(a), String(b)], action: 'block_7d', rule: '6', reason: '광고 작성자' });
    expect((await decisions()).filter((d) => d.action === 'block')).toHaveLength(1);
  });
});

describe('rule 13, appeals, temporary measures and legal hold', () => {
  it('records an agency request that deletes the named comments with the record attached and keeps them under legal hold', async () => {
    const a = await posted(opinion(12));
    const b = await posted(opinion(13));
    const res = await postAs(t.app, mod, '/admin/moderation/rule13', {
      agency: '서울경찰청 사이버수사대',
      referenceNumber: '2025-수사-0042',
      receivedOn: '2024-12-30',
      commentIds: `${a}, ${b}`,
      note: '공문 접수',
    });
    expect(res.statusCode).toBe(303);
    const html = await articleHtml(t.app, releaseId);
    expect(html.match(/운영원칙 제13항에 따라 삭제된 댓글입니다\./g)).toHaveLength(2);
    const request = await db().selectFrom('rule13_requests').selectAll().executeTakeFirstOrThrow();
    expect(request).toMatchObject({ agency: '서울경찰청 사이버수사대', reference_number: '2025-수사-0042', received_on: '2024-12-30', recorded_by: mod.id });
    const rows = await decisions();
    expect(rows.every((d) => d.rule === 13 && d.rule13_request_id === request.id)).toBe(true);
    const list = await t.app.inject({ method: 'GET', url: '/admin/moderation/rule13', cookies: mod.cookies });
    expect(list.body).toContain('2025-수사-0042');
    // the author removes it, the text stays for the record
    await postAs(t.app, author, `/comments/${a}/delete`, {});
    expect(await commentRow(a)).toMatchObject({ state: 'removed_by_author', legal_hold: 1, body: opinion(12) });
    // closing the account keeps it too
    const { removeAccountComments } = await import('../../src/comments/comment-service.js');
    const other = await posted(opinion(14));
    await removeAccountComments(db(), author.id, t.clock());
    expect((await commentRow(b)).body).toBe(opinion(13));
    expect((await commentRow(other)).body).toBe('');
    expect(() => t.connection.sqlite.prepare('DELETE FROM rule13_requests').run()).toThrow(/append-only/);
    const dup = await postAs(t.app, mod, '/admin/moderation/rule13', { agency: '서울경찰청 사이버수사대', referenceNumber: '2025-수사-0042', receivedOn: '2024-12-30', commentIds: `${a}` });
    expect(dup.statusCode).toBe(422);
  });

  it('lets the author appeal once within 7 days, decided by a different moderator', async () => {
    const cid = await posted(opinion(15));
    await postAs(t.app, mod, `/admin/moderation/comments/${cid}/delete`, { rule: '10', reason: '무관한 내용' });
    const [deletion] = await decisions();
    const form = await t.app.inject({ method: 'GET', url: `/my/appeals/${deletion!.id}`, cookies: author.cookies });
    expect(form.body).toContain('운영원칙 제10항');
    const stranger = await person(t, '제삼자');
    expect((await postAs(t.app, stranger, `/my/appeals/${deletion!.id}`, { reason: '대신 이의' })).statusCode).toBe(404);
    expect((await postAs(t.app, author, `/my/appeals/${deletion!.id}`, { reason: '기사 내용과 관련 있습니다' })).statusCode).toBe(303);
    expect((await commentRow(cid)).legal_hold).toBe(1);
    // an author who removes the comment during the appeal does not destroy the record
    expect((await postAs(t.app, author, `/my/appeals/${deletion!.id}`, { reason: '다시' })).statusCode).toBe(409);
    const appeal = await db().selectFrom('appeals').selectAll().executeTakeFirstOrThrow();
    const same = await postAs(t.app, mod, `/admin/moderation/appeals/${appeal.id}`, { outcome: 'grant', reason: '내 결정 번복' });
    expect(same.statusCode).toBe(403);
    const queue = await t.app.inject({ method: 'GET', url: '/admin/moderation/appeals', cookies: mod.cookies });
    expect(queue.body).toContain('다른 댓글 관리자가 결정해야 합니다');
    const other = await postAs(t.app, mod2, `/admin/moderation/appeals/${appeal.id}`, { outcome: 'grant', reason: '관련성이 인정됨' });
    expect(other.statusCode).toBe(303);
    expect(await commentRow(cid)).toMatchObject({ state: 'published', legal_hold: 0 });
    expect(await articleHtml(t.app, releaseId)).toContain(opinion(15));
    const mine = await t.app.inject({ method: 'GET', url: '/my/comments', cookies: author.cookies });
    expect(mine.body).toContain('이의 제기 받아들여짐');
    expect(mine.body).toContain('관련성이 인정됨');
    expect(() => t.connection.sqlite.prepare('UPDATE appeals SET decided_by = ? WHERE id = ?').run(mod.id, appeal.id)).toThrow(/different moderator/);
  });

  it('refuses an appeal after 7 days', async () => {
    const cid = await posted(opinion(16));
    await postAs(t.app, mod, `/admin/moderation/comments/${cid}/delete`, { rule: '10', reason: '무관한 내용' });
    const [deletion] = await decisions();
    const { fileAppeal } = await import('../../src/moderation/moderation-service.js');
    const { loadActor } = await import('../../src/users/user-service.js');
    const actor = (await loadActor(db(), author.id))!;
    await expect(fileAppeal(db(), actor, deletion!.id, '늦은 이의', new Date(Date.parse(deletion!.created_at) + 8 * 86_400_000))).rejects.toThrow('7일 안에만');
  });

  it('hides a comment on a rights-holder request for up to 30 days, telling both sides', async () => {
    const cid = await posted(opinion(17));
    const claimant = await person(t, '권리자');
    const res = await postAs(t.app, claimant, `/comments/${cid}/rights-request`, { claimant: '홍길동', reason: '사실과 다른 내용으로 명예를 훼손합니다' });
    expect(res.statusCode).toBe(303);
    const html = await articleHtml(t.app, releaseId);
    expect(html).not.toContain(opinion(17));
    expect(html).toContain('권리침해 신고가 접수되어 2025.01.31');
    const authorView = await t.app.inject({ method: 'GET', url: '/my/comments', cookies: author.cookies });
    expect(authorView.body).toContain('임시조치(게시 중단)');
    const claimantView = await t.app.inject({ method: 'GET', url: '/my/comments', cookies: claimant.cookies });
    expect(claimantView.body).toContain('게시 중단 중, 검토 대기');
    const queue = await t.app.inject({ method: 'GET', url: '/admin/moderation', cookies: mod.cookies });
    expect(queue.body).toContain('신고인 홍길동');
    t.clock.advance(31 * 86_400_000);
    expect(await articleHtml(t.app, releaseId)).toContain(opinion(17));
  });
});

describe('lexicon, rescreening and the public report', () => {
  it('lets moderators add a term that then holds new comments, and rescreens stored ones', async () => {
    const cid = await posted('이 정책은 완전 뻘짓입니다');
    expect((await commentRow(cid)).state).toBe('published');
    const page = await t.app.inject({ method: 'GET', url: '/admin/moderation/lexicon', cookies: mod.cookies });
    expect(page.body).toContain('시발점');
    const add = await postAs(t.app, mod, '/admin/moderation/lexicon', { kind: 'profanity', term: '뻘짓', severity: 'mild', category: 'insult', position: 'anywhere' });
    expect(add.statusCode).toBe(303);
    const dup = await postAs(t.app, mod, '/admin/moderation/lexicon', { kind: 'profanity', term: '뻘짓', severity: 'mild', category: 'insult' });
    expect(dup.statusCode).toBe(422);
    const { rescreenStoredComments } = await import('../../src/moderation/rescreen-service.js');
    const report = await rescreenStoredComments(db(), t.clock());
    expect(report).toMatchObject({ newHits: 1, held: 1 });
    expect(await commentRow(cid)).toMatchObject({ state: 'held' });
    expect((await commentRow(cid)).queued_at).not.toBeNull();
  });

  it('publishes deletions per rule per month and blocks', async () => {
    const cid = await posted(opinion(18));
    await postAs(t.app, mod, `/admin/moderation/comments/${cid}/delete`, { rule: '6', reason: '광고' });
    await postAs(t.app, mod, `/admin/moderation/users/${author.id}/block`, { duration: '30d', rule: '6', reason: '광고' });
    const res = await t.app.inject({ method: 'GET', url: '/briefing/moderation-report' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('2025년 1월');
    expect(res.body).toMatch(/<th scope="row">2025년 1월<\/th><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/);
    expect(res.body).toMatch(/<th scope="row">2025년 1월<\/th><td>0<\/td><td>1<\/td><td>0<\/td>/);
    const rules = await t.app.inject({ method: 'GET', url: '/briefing/rules' });
    expect(rules.statusCode).toBe(200);
    expect(rules.body).toContain('id="rule-13"');
  });

  it('masks personal information in the moderators log', async () => {
    const cid = await posted('제 번호는 010-1234-5678 입니다');
    await postAs(t.app, mod, `/admin/moderation/comments/${cid}/delete`, { rule: '1', reason: '전화번호 010-1234-5678 노출' });
    const log = await t.app.inject({ method: 'GET', url: '/admin/moderation/log', cookies: mod.cookies });
    expect(log.body).not.toContain('1234-5678');
    expect(log.body).toContain('010-****-****');
  });
});

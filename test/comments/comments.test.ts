import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers.js';
import { csrfFrom, loginAs } from '../session-helpers.js';
import { PASSWORD, articleHtml, comment, latestCommentId, opinion, person, postAs, release } from './board-helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp('2025-01-01T00:00:00.000Z');
});
afterEach(async () => {
  await t.close();
});

describe('the comment board under an article', () => {
  it('shows anonymous readers the comments, the rules and a login link, with no cookie and no form token', async () => {
    const id = await release(t);
    const res = await t.app.inject({ method: 'GET', url: `/briefing/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toContain('id="comments"');
    expect(res.body).toContain('로그인</a> 하면 댓글을 쓰고');
    expect(res.body).toContain('<details class="br-comment-rules">');
    expect(res.body).toContain('수사기관 등의 요청');
    expect(res.body).not.toContain('name="_csrf"');
  });

  it('lets a citizen post, lists comments newest first, and paginates by 20', async () => {
    const id = await release(t);
    const kim = await person(t, '김시민');
    const lee = await person(t, '이시민');
    for (let i = 1; i <= 21; i++) {
      const res = await comment(t.app, i % 2 ? kim : lee, id, `${i}번째: ${opinion(i)}`);
      expect(res.statusCode).toBe(303);
      t.clock.advance(31_000);
    }
    const page1 = await articleHtml(t.app, id);
    expect(page1).toContain('21건');
    expect(page1.indexOf(`21번째: ${opinion(21)}`)).toBeLessThan(page1.indexOf(`20번째: ${opinion(20)}`));
    expect(page1).not.toContain(`1번째: ${opinion(1)}`);
    expect(page1).toContain(`/briefing/${id}?cpage=2#comments`);
    const page2 = await t.app.inject({ method: 'GET', url: `/briefing/${id}?cpage=2` });
    expect(page2.body).toContain(`1번째: ${opinion(1)}`);
  });

  it('refuses comments on a release that is not public', async () => {
    const id = await release(t);
    const kim = await person(t, '김시민');
    await t.connection.db.updateTable('releases').set({ state: 'draft' }).where('id', '=', id).execute();
    const res = await comment(t.app, kim, id, '초안에 다는 댓글');
    expect(res.statusCode).toBe(404);
  });

  it('refuses more than 1,000 characters with a Korean message and keeps the text', async () => {
    const id = await release(t);
    const kim = await person(t, '김시민');
    const res = await comment(t.app, kim, id, '가'.repeat(1001));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('댓글은 1,000자까지 쓸 수 있습니다. 지금 1,001자이니 1자를 줄여 주세요.');
    expect(res.body).toContain('가'.repeat(1001));
    expect(await t.connection.db.selectFrom('comments').selectAll().execute()).toHaveLength(0);
    expect((await comment(t.app, kim, id, '가'.repeat(1000))).statusCode).toBe(303);
  });

  it('shows comment text and nicknames as text, never as markup', async () => {
    const id = await release(t);
    const evil = await person(t, '<img src=x onerror=alert(1)>');
    const res = await comment(t.app, evil, id, '<script>alert("x")</script>\n둘째 줄 <b>굵게</b>');
    expect(res.statusCode).toBe(303);
    const html = await articleHtml(t.app, id);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>굵게</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>둘째 줄 &lt;b&gt;굵게&lt;/b&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('refuses a comment without a valid CSRF token', async () => {
    const id = await release(t);
    const kim = await person(t, '김시민');
    const none = await t.app.inject({ method: 'POST', url: `/briefing/${id}/comments`, cookies: kim.cookies, payload: { body: '토큰 없는 댓글' } });
    expect(none.statusCode).toBe(403);
    expect(none.body).toContain('보안 토큰');
    const page = await t.app.inject({ method: 'GET', url: `/briefing/${id}`, cookies: kim.cookies });
    const forged = await t.app.inject({
      method: 'POST',
      url: `/briefing/${id}/comments`,
      cookies: { ...kim.cookies, ...csrfFrom(page).cookies },
      payload: { body: '위조 토큰 댓글', _csrf: 'forged' },
    });
    expect(forged.statusCode).toBe(403);
    expect(await t.connection.db.selectFrom('comments').selectAll().execute()).toHaveLength(0);
  });

  it('refuses anonymous posting', async () => {
    const id = await release(t);
    const page = await t.app.inject({ method: 'GET', url: '/login' });
    const { token, cookies } = csrfFrom(page);
    const res = await t.app.inject({ method: 'POST', url: `/briefing/${id}/comments`, cookies, payload: { body: '익명 댓글', _csrf: token } });
    expect(res.statusCode).toBe(401);
  });
});

describe('screening on post and edit', () => {
  it('holds a doubtful comment: its author sees it marked 검토 중, other readers do not', async () => {
    const id = await release(t);
    const kim = await person(t, '김시민');
    const lee = await person(t, '이독자');
    const mod = await person(t, '관리자김', ['moderator']);
    const res = await comment(t.app, kim, id, '이 정책 존나 별로네요');
    expect(res.statusCode).toBe(202);
    expect(res.body).toContain('검토');
    const row = await t.connection.db.selectFrom('comments').selectAll().executeTakeFirstOrThrow();
    expect(row.state).toBe('held');
    expect(JSON.parse(row.rules_hit)).toContain(4);
    expect(await articleHtml(t.app, id, kim)).toContain('검토 중</span>');
    expect(await articleHtml(t.app, id, kim)).toContain('존나 별로네요');
    expect(await articleHtml(t.app, id, lee)).not.toContain('존나 별로네요');
    expect(await articleHtml(t.app, id)).not.toContain('존나 별로네요');
    expect(await articleHtml(t.app, id, mod)).toContain('존나 별로네요');
    const mine = await t.app.inject({ method: 'GET', url: '/my/comments', cookies: kim.cookies });
    expect(mine.body).toContain('자동 검토 보류');
    expect(mine.body).toContain('운영원칙 제4항(욕설·비하 표현)');
  });

  it('rejects a clearly abusive comment, telling the author which rule and why', async () => {
    const id = await release(t);
    const kim = await person(t, '김시민');
    const res = await comment(t.app, kim, id, '씨발 이게 정책이냐');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('운영원칙 제4항');
    expect(await t.connection.db.selectFrom('comments').selectAll().execute()).toHaveLength(0);
  });

  it('re-screens an edit, and lets the author delete their own comment', async () => {
    const id = await release(t);
    const kim = await person(t, '김시민');
    const lee = await person(t, '이독자');
    await comment(t.app, kim, id, '좋은 정책입니다');
    const cid = await latestCommentId(t);
    expect((await postAs(t.app, lee, `/comments/${cid}/edit`, { body: '남의 댓글' })).statusCode).toBe(403);
    const edited = await postAs(t.app, kim, `/comments/${cid}/edit`, { body: '좋은 정책이지만 존나 늦었네요' });
    expect(edited.statusCode).toBe(202);
    let row = await t.connection.db.selectFrom('comments').selectAll().where('id', '=', cid).executeTakeFirstOrThrow();
    expect(row.state).toBe('held');
    expect(row.edited_at).not.toBeNull();
    const clean = await postAs(t.app, kim, `/comments/${cid}/edit`, { body: '좋은 정책이지만 조금 늦었네요' });
    expect(clean.statusCode).toBe(303);
    expect(await articleHtml(t.app, id)).toContain('(수정됨)');
    const removed = await postAs(t.app, kim, `/comments/${cid}/delete`, {});
    expect(removed.statusCode).toBe(303);
    row = await t.connection.db.selectFrom('comments').selectAll().where('id', '=', cid).executeTakeFirstOrThrow();
    expect(row.state).toBe('removed_by_author');
    expect(row.body).toBe('');
    expect(await articleHtml(t.app, id)).not.toContain('조금 늦었네요');
  });
});

describe('flood control', () => {
  it('allows one comment per 30 seconds and 20 a day, with a clear message', async () => {
    const id = await release(t);
    const kim = await person(t, '김시민');
    expect((await comment(t.app, kim, id, '첫 댓글입니다')).statusCode).toBe(303);
    const quick = await comment(t.app, kim, id, '바로 다음 댓글');
    expect(quick.statusCode).toBe(429);
    expect(quick.body).toContain('댓글은 30초에 한 번만 쓸 수 있습니다. 30초 뒤에 다시 등록해 주세요.');
    t.clock.advance(31_000);
    for (let i = 2; i <= 20; i++) {
      expect((await comment(t.app, kim, id, opinion(i))).statusCode).toBe(303);
      t.clock.advance(31_000);
    }
    const over = await comment(t.app, kim, id, '스물한 번째 의견');
    expect(over.statusCode).toBe(429);
    expect(over.body).toContain('댓글은 24시간에 20개까지 쓸 수 있습니다.');
    expect(over.body).toContain('이후에 다시 쓸 수 있습니다');
    t.clock.advance(24 * 3600_000);
    const again = await loginAs(t.app, kim.email, PASSWORD);
    expect((await comment(t.app, { ...kim, cookies: again.cookies }, id, '다음 날 의견')).statusCode).toBe(303);
  });

  it('limits comments per client address across accounts', async () => {
    const { postComment } = await import('../../src/comments/comment-service.js');
    const { loadActor } = await import('../../src/users/user-service.js');
    const id = await release(t);
    const policy = { flagThreshold: 3, minIntervalSeconds: 30, dailyLimit: 20, ipHourlyLimit: 2, ipSalt: 's' };
    const people = [await person(t, '가시민'), await person(t, '나시민'), await person(t, '다시민')];
    const actors = await Promise.all(people.map((p) => loadActor(t.connection.db, p.id)));
    await postComment(t.connection.db, policy, actors[0]!, id, '첫째 의견', '203.0.113.7', t.clock());
    await postComment(t.connection.db, policy, actors[1]!, id, '둘째 의견', '203.0.113.7', t.clock());
    await expect(postComment(t.connection.db, policy, actors[2]!, id, '셋째 의견', '203.0.113.7', t.clock())).rejects.toThrow(
      '같은 인터넷 주소에서 짧은 시간에 댓글이 너무 많이 등록되었습니다',
    );
    await postComment(t.connection.db, policy, actors[2]!, id, '다른 주소', '198.51.100.1', t.clock());
    const stored = await t.connection.db.selectFrom('comments').select('ip_hash').execute();
    expect(stored.every((r) => !r.ip_hash.includes('203.0'))).toBe(true);
  });
});

describe('flags', () => {
  it('hides a comment after three distinct readers flag it, once each, until a moderator reviews it', async () => {
    const id = await release(t);
    const author = await person(t, '작성자');
    await comment(t.app, author, id, '정책과 무관한 주장입니다');
    const cid = await latestCommentId(t);
    const readers = [await person(t, '독자하나'), await person(t, '독자둘'), await person(t, '독자셋')];
    const form = await t.app.inject({ method: 'GET', url: `/comments/${cid}/flag`, cookies: readers[0]!.cookies });
    expect(form.body).toContain('제13항');
    expect((await postAs(t.app, readers[0]!, `/comments/${cid}/flag`, { rule: '10' })).statusCode).toBe(303);
    const again = await postAs(t.app, readers[0]!, `/comments/${cid}/flag`, { rule: '10' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('이미 신고한 댓글입니다');
    expect((await postAs(t.app, author, `/comments/${cid}/flag`, { rule: '10' })).statusCode).toBe(409);
    expect((await postAs(t.app, readers[1]!, `/comments/${cid}/flag`, { rule: '2' })).statusCode).toBe(303);
    expect(await articleHtml(t.app, id)).toContain('정책과 무관한 주장입니다');
    expect(await articleHtml(t.app, id, readers[0])).toContain('신고함');
    expect((await postAs(t.app, readers[2]!, `/comments/${cid}/flag`, { rule: '10' })).statusCode).toBe(303);
    const html = await articleHtml(t.app, id);
    expect(html).not.toContain('정책과 무관한 주장입니다');
    expect(html).toContain('신고가 접수되어 검토 중인 댓글입니다.');
    const row = await t.connection.db.selectFrom('comments').selectAll().where('id', '=', cid).executeTakeFirstOrThrow();
    expect(row.state).toBe('hidden');
    expect(row.queued_at).not.toBeNull();
    const decision = await t.connection.db.selectFrom('moderation_decisions').selectAll().where('action', '=', 'auto_hide').executeTakeFirstOrThrow();
    expect(decision.rule).toBe(10);
    expect(decision.comment_id).toBe(cid);
  });

  it('refuses a flag that cites no rule', async () => {
    const id = await release(t);
    const author = await person(t, '작성자');
    await comment(t.app, author, id, '평범한 의견');
    const cid = await latestCommentId(t);
    const reader = await person(t, '독자하나');
    const res = await postAs(t.app, reader, `/comments/${cid}/flag`, { rule: '14' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('어느 운영원칙에 어긋나는지 골라 주세요.');
  });
});

// The whole journey of the issue, in Chromium against the real server: written,
// returned, fixed, approved with an embargo, published by the clock, read, commented,
// moderated.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { minimalPdf } from '../attachments/attachment-fixtures.js';
import { axe, Client, cspViolations, describeViolations, HOME_MINISTRY, login, newContext, RESULTS, screenshot, startStack, type Stack } from './harness.js';

let stack: Stack;
const TITLE = `스마트공장 보급 확산 방안 ${Date.now().toString(36)}`;

beforeAll(async () => {
  stack = await startStack('journey', { COMMENT_FLAG_THRESHOLD: '1' });
}, 120_000);
afterAll(async () => stack?.close());

/** "YYYY-MM-DDTHH:MM" in KST, `minutes` from now, rounded up to the next whole minute. */
function kstLocal(minutes: number): { local: string; at: Date } {
  const at = new Date(Math.ceil((Date.now() + minutes * 60_000) / 60_000) * 60_000);
  const kst = new Date(at.getTime() + 9 * 3_600_000).toISOString();
  return { local: kst.slice(0, 16), at };
}

async function submitMove(page: Page, move: string, reason?: string): Promise<void> {
  const form = page.locator(`form[action$="/${move}"]`);
  if ((await form.count()) === 0) {
    const offered = await page.locator('form.br-move').evaluateAll((forms) => forms.map((f) => f.getAttribute('action')));
    const notes = await page.locator('.br-form-errors, [role="status"], .krds-alert').allTextContents();
    throw new Error(`no ${move} form on ${page.url()}; offered: ${offered.join(', ')}; ${notes.join(' ').replace(/\s+/g, ' ').slice(0, 500)}`);
  }
  if (reason !== undefined) await form.locator('textarea[name="reason"]').fill(reason);
  await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
  if (!/\/edit\?done=/.test(page.url())) {
    const why = await page.locator('#move-errors, #form-errors, .br-form-errors').allTextContents();
    throw new Error(`${move} was refused: ${why.join(' ').replace(/\s+/g, ' ')}`);
  }
}

async function status(url: string): Promise<number> {
  return (await fetch(stack.origin + url, { redirect: 'manual' })).status;
}

describe('the journey', () => {
  it('press officer → reviewer → embargo → citizen → moderator', async () => {
    const officerContext = await newContext(stack);
    const officer = await officerContext.newPage();
    await login(officer, 'officer');

    // 1. write with an attachment and submit
    await officer.goto('/admin/releases/new');
    await officer.selectOption('select[name="ministry_id"]', { label: HOME_MINISTRY });
    await officer.selectOption('select[name="type"]', '보도자료');
    await officer.fill('input[name="title"]', `${TITLE} (초안)`);
    await officer.fill('textarea[name="body"]', '## 개요\n\n중소기업 스마트공장 3만 곳을 지원합니다.');
    await officer.check('input[name="embargo_preset"][value="immediate"]', { force: true });
    await Promise.all([officer.waitForURL(/\/admin\/releases\/\d+\/edit/), officer.click('button[name="intent"][value="save"]')]);
    const id = Number(/\/admin\/releases\/(\d+)\/edit/.exec(officer.url())?.[1]);
    expect(id).toBeGreaterThan(0);
    await screenshot(officer, 'editor-journey');
    await officer.goto(`/admin/releases/${id}/attachments`);
    await officer.setInputFiles('input[type="file"][name="file"]', { name: '스마트공장 지원 계획.pdf', mimeType: 'application/pdf', buffer: minimalPdf() });
    await Promise.all([officer.waitForLoadState('load'), officer.locator('form:has(input[type="file"]) button[type="submit"]').click()]);
    expect(await officer.content()).toContain('스마트공장 지원 계획');
    await officer.goto(`/admin/releases/${id}/edit`);
    await submitMove(officer, 'submit');

    // 2. the reviewer returns it with a reason
    const reviewerContext = await newContext(stack);
    const reviewer = await reviewerContext.newPage();
    await login(reviewer, 'reviewer');
    await reviewer.goto(`/admin/releases/${id}/edit`);
    await submitMove(reviewer, 'return', '제목에서 (초안)을 빼 주세요.');
    await officer.goto(`/admin/releases/${id}/edit`);
    expect(await officer.content()).toContain('제목에서 (초안)을 빼 주세요.');

    // 3. fixed, given a 보도시점 about a minute ahead, and resubmitted (a reviewer may not
    // approve a revision of their own, so the author sets the time)
    const embargo = kstLocal(1.5);
    await officer.fill('input[name="title"]', TITLE);
    await officer.check('input[name="embargo_preset"][value="explicit"]', { force: true });
    await officer.fill('input[name="released_at_local"]', embargo.local);
    await Promise.all([officer.waitForURL(/saved=/), officer.click('button[name="intent"][value="save"]')]);
    await submitMove(officer, 'submit');

    // 4. approved ahead of its 보도시점
    await reviewer.goto(`/admin/releases/${id}/edit`);
    await submitMove(reviewer, 'approve');
    expect(Date.now(), 'approved before the 보도시점').toBeLessThan(embargo.at.getTime());

    // 5. invisible everywhere until then
    expect(await status(`/briefing/${id}`)).toBe(404);
    const hiddenList = await (await fetch(`${stack.origin}/briefing`)).text();
    expect(hiddenList).not.toContain(TITLE);
    const hiddenSearch = await (await fetch(`${stack.origin}/briefing/search?q=${encodeURIComponent('스마트공장 보급')}`)).text();
    expect(hiddenSearch).not.toContain(TITLE);
    expect(await status(`/api/v1/releases/${id}`)).toBe(404);

    // 6. then visible, by the clock alone
    const deadline = embargo.at.getTime() + 90_000;
    while ((await status(`/briefing/${id}`)) !== 200) {
      expect(Date.now(), 'published by its 보도시점').toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    expect(Date.now()).toBeGreaterThanOrEqual(embargo.at.getTime() - 1000);

    // 7. a citizen signs up, finds it in the list and by search, reads, walks 이전기사/다음기사
    const citizenContext = await newContext(stack);
    const citizen = await citizenContext.newPage();
    await citizen.goto('/signup');
    await citizen.fill('input[name="email"]', 'new.reader@example.com');
    await citizen.fill('input[name="nickname"]', '새로온독자');
    await citizen.fill('input[name="password"]', 'correct-horse-9');
    await citizen.fill('input[name="confirm"]', 'correct-horse-9');
    await citizen.check('input[name="agree"]', { force: true });
    await Promise.all([citizen.waitForURL(/\/briefing$/), citizen.locator('main form button[type="submit"]').click()]);
    await citizen.goto('/briefing');
    await expect.poll(() => citizen.content()).toContain(TITLE);
    await citizen.goto(`/briefing/search?q=${encodeURIComponent('스마트공장 보급')}`);
    await Promise.all([citizen.waitForURL(new RegExp(`/briefing/${id}`)), citizen.click(`a:has-text("${TITLE}")`)]);
    expect(await citizen.content()).toContain('스마트공장 지원 계획');
    expect(describeViolations(await axe(citizen))).toBe('');
    await citizen.goto(`/briefing/${id}`);
    await Promise.all([citizen.waitForURL(/\/briefing\/\d+/), citizen.click('nav.br-prevnext a:has-text("이전기사")')]);
    expect(citizen.url()).not.toMatch(new RegExp(`/briefing/${id}(\\?|$)`));
    await Promise.all([citizen.waitForURL(new RegExp(`/briefing/${id}`)), citizen.click('nav.br-prevnext a:has-text("다음기사")')]);

    // 8. comments, written with the keyboard only; one with a phone number is held
    await citizen.focus('#comment-body');
    await citizen.keyboard.type('좋은 정책입니다. 지역 중소기업에도 꼭 알려 주세요.');
    await citizen.keyboard.press('Tab');
    expect(await citizen.evaluate(() => document.activeElement?.textContent?.trim())).toBe('등록');
    await Promise.all([citizen.waitForURL(/#comment-\d+/), citizen.keyboard.press('Enter')]);
    const commentId = Number(/#comment-(\d+)/.exec(citizen.url())?.[1]);
    await citizen.goto(`/briefing/${id}`);
    await citizen.fill('#comment-body', '자세한 내용은 010-1234-5678로 연락 주세요.');
    await Promise.all([citizen.waitForLoadState('load'), citizen.click('form.br-comment-form button[type="submit"]')]);
    expect(await citizen.content()).toContain('검토 중');
    expect(await (await fetch(`${stack.origin}/briefing/${id}`)).text()).not.toContain('010-1234-5678');

    // 9. another reader flags the first comment under rule 4
    const flaggerContext = await newContext(stack);
    const flagger = await flaggerContext.newPage();
    await login(flagger, 'flagger');
    await flagger.goto(`/comments/${commentId}/flag`);
    await flagger.check('input[name="rule"][value="4"]', { force: true });
    await Promise.all([flagger.waitForURL(/flagged=/), flagger.locator('main form button[type="submit"]').click()]);

    // 10. a moderator deletes it citing rule 4, and blocks the author for 7 days
    const moderatorContext = await newContext(stack);
    const moderator = await moderatorContext.newPage();
    await login(moderator, 'moderator');
    await moderator.goto('/admin/moderation');
    await screenshot(moderator, 'moderation-queue-journey');
    expect(await moderator.content()).toContain(`${commentId}번 댓글`);
    const authorHref = await moderator.locator(`article[aria-labelledby="queue-${commentId}-title"] a[href^="/admin/moderation/users/"]`).first().getAttribute('href');
    const authorId = Number(/users\/(\d+)/.exec(authorHref ?? '')?.[1]);
    expect(authorId).toBeGreaterThan(0);
    const deleteForm = moderator.locator(`form[action="/admin/moderation/comments/${commentId}/delete"]`);
    await deleteForm.locator('select[name="rule"]').selectOption('4');
    await deleteForm.locator('input[name="reason"]').fill('다른 이용자를 비하하는 표현');
    await Promise.all([moderator.waitForURL(/done=/), deleteForm.locator('button[type="submit"]').click()]);
    const article = await (await fetch(`${stack.origin}/briefing/${id}`)).text();
    expect(article).toMatch(/운영원칙[^<]*4/);
    await moderator.goto(`/admin/moderation/users/${authorId}`);
    await moderator.selectOption('#user-block-duration', '7d');
    const blockForm = moderator.locator('form[action$="/block"]');
    await blockForm.locator('select[name="rule"]').selectOption('4');
    await blockForm.locator('input[name="reason"]').fill('운영원칙 제4항 위반 반복');
    await Promise.all([moderator.waitForURL(/done=blocked/), blockForm.locator('button[type="submit"]').click()]);

    // 11. the author can no longer post
    await citizen.goto(`/briefing/${id}`);
    expect(await citizen.locator('#comment-body').count()).toBe(0);
    expect(await citizen.content()).toMatch(/7일|제한/);
    const blocked = new Client(stack.origin);
    await blocked.login('new.reader@example.com', 'correct-horse-9');
    const token = await blocked.token('/my/comments');
    const refused = await blocked.post(`/briefing/${id}/comments`, { _csrf: token, body: '차단된 뒤에도 써 봅니다.' });
    expect(refused.status).toBe(403);

    for (const page of [officer, reviewer, citizen, flagger, moderator]) expect(await cspViolations(page)).toEqual([]);
    for (const context of [officerContext, reviewerContext, citizenContext, flaggerContext, moderatorContext]) await context.close();
    expect(path.isAbsolute(RESULTS)).toBe(true);
  }, 420_000);
});

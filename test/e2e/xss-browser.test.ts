// The payloads in a real browser: imported releases, comments and searches. Nothing
// may execute (window.__xss stays unset) and the CSP never has to block a script.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { XSS_PAYLOADS } from '../security/payloads.js';
import { cli, clientFor, cspViolations, login, newContext, startStack, type Stack } from './harness.js';

let stack: Stack;
let anonymous: BrowserContext;
let reader: BrowserContext;
const releaseIds: number[] = [];

function yamlString(value: string): string {
  return JSON.stringify(value);
}

beforeAll(async () => {
  stack = await startStack('xss');
  const dir = path.join(stack.dir, 'payload-content');
  fs.mkdirSync(dir);
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const title = `XSS시험 ${i} ${payload.replace(/\n/g, ' ')}`.slice(0, 290);
    fs.writeFileSync(
      path.join(dir, `payload-${String(i).padStart(3, '0')}.md`),
      `---\ntype: 보도자료\ntitle: ${yamlString(title)}\nsubtitle: [${yamlString(payload.replace(/\n/g, ' ').slice(0, 290))}]\nsummary: [${yamlString(payload.replace(/\n/g, ' ').slice(0, 290))}]\nministry: 중소벤처기업부\ndepartment: ${yamlString(payload.replace(/\n/g, ' ').slice(0, 90))}\nreleased_at: 2025-02-${String((i % 27) + 1).padStart(2, '0')}T09:${String(i % 60).padStart(2, '0')}:00+09:00\n---\n${payload}\n\n본문 ${i}\n`,
    );
  }
  const imported = cli(stack.env, 'import', dir);
  expect(imported.err + imported.out).toMatch(/\d/);
  const client = await clientFor(stack, 'citizen');
  for (let page = 1; page <= 10; page++) {
    const list = await client.get(`/briefing?page=${page}`);
    for (const m of list.body.matchAll(/href="\/briefing\/(\d+)/g)) releaseIds.push(Number(m[1]));
  }
  const token = await client.token(`/briefing/${releaseIds[0]}`);
  for (const payload of XSS_PAYLOADS) await client.post(`/briefing/${releaseIds[0]}/comments`, { _csrf: token, body: payload });
  anonymous = await newContext(stack);
  reader = await newContext(stack);
  const page = await reader.newPage();
  await login(page, 'citizen');
  await page.close();
}, 180_000);

afterAll(async () => {
  await anonymous?.close().catch(() => undefined);
  await reader?.close().catch(() => undefined);
  await stack?.close();
});

async function visit(context: BrowserContext, url: string): Promise<{ fired: unknown; csp: { directive: string }[]; page: Page }> {
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.dismiss());
  await page.goto(url);
  // give event handlers (onerror, onload, autofocus) their chance to run
  await page.waitForTimeout(50);
  const fired = await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
  const csp = await cspViolations(page);
  await page.close();
  if (stack.server.child.exitCode !== null) throw new Error(`the server stopped while ${url} was shown:\n${stack.server.log().slice(-800)}`);
  return { fired, csp, page };
}

describe('XSS payloads in Chromium', () => {
  it('imported the payload releases', () => {
    expect(new Set(releaseIds).size).toBeGreaterThan(50);
  });

  it('no article, list or search page runs a payload or needs the CSP to stop one', async () => {
    const urls = [
      ...new Set(releaseIds).values(),
    ].map((id) => `/briefing/${id}`);
    for (let page = 1; page <= 8; page++) urls.push(`/briefing?page=${page}`);
    for (const payload of XSS_PAYLOADS.slice(0, 40)) urls.push(`/briefing/search?q=${encodeURIComponent(payload)}`, `/briefing?ministry=${encodeURIComponent(payload)}`);
    const fired: string[] = [];
    const blocked: string[] = [];
    for (const url of urls) {
      const result = await visit(anonymous, url);
      if (result.fired !== undefined) fired.push(url);
      const scripts = result.csp.filter((v) => v.directive.startsWith('script-src'));
      if (scripts.length) blocked.push(`${url}: ${JSON.stringify(scripts)}`);
    }
    expect(fired).toEqual([]);
    expect(blocked).toEqual([]);
  }, 400_000);

  it('the comment board with every payload, for a reader and a moderator', async () => {
    for (let cpage = 1; cpage <= 15; cpage++) {
      const result = await visit(reader, `/briefing/${releaseIds[0]}?cpage=${cpage}`);
      expect(result.fired, `comments page ${cpage}`).toBeUndefined();
      expect(result.csp.filter((v) => v.directive.startsWith('script-src'))).toEqual([]);
    }
    const moderator = await newContext(stack);
    const page = await moderator.newPage();
    await login(page, 'moderator');
    await page.close();
    const result = await visit(moderator, '/admin/moderation');
    expect(result.fired).toBeUndefined();
    expect(result.csp.filter((v) => v.directive.startsWith('script-src'))).toEqual([]);
    await moderator.close();
  });
});

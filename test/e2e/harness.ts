// The browser side of the e2e suite: Debian's Chromium through playwright-core,
// axe-core injected into the page, KWCAG extras, the Nu Html Checker, screenshots.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Client, cli, ROOT, serverEnv, startServer, tempDir, type RunningServer } from '../security/real-server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const RESULTS = path.join(ROOT, 'test-results');
export const PASSWORD = 'correct-horse-9';
export const HOME_MINISTRY = '중소벤처기업부';
export const OTHER_MINISTRY = '금융위원회';

const requireCjs = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(requireCjs.resolve('axe-core/axe.min.js'), 'utf8');
const VNU_JAR = path.join(path.dirname(requireCjs.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Account {
  email: string;
  name: string;
  roles: string[];
  ministries: string[];
}

export const ACCOUNTS = {
  officer: { email: 'officer@mss.go.kr', name: '홍보담당관', roles: ['press_officer'], ministries: [HOME_MINISTRY] },
  reviewer: { email: 'reviewer@mss.go.kr', name: '검토담당관', roles: ['reviewer'], ministries: [HOME_MINISTRY] },
  otherOfficer: { email: 'officer@fsc.go.kr', name: '금융위홍보', roles: ['press_officer'], ministries: [OTHER_MINISTRY] },
  moderator: { email: 'moderator@briefroom.go.kr', name: '댓글관리자', roles: ['moderator'], ministries: [] },
  admin: { email: 'admin2@briefroom.go.kr', name: '운영관리자', roles: ['admin'], ministries: [] },
  citizen: { email: 'reader@example.com', name: '성실한독자', roles: ['citizen'], ministries: [] },
  flagger: { email: 'flagger@example.com', name: '신고하는독자', roles: ['citizen'], ministries: [] },
  flagger2: { email: 'flagger2@example.com', name: '또다른독자', roles: ['citizen'], ministries: [] },
  flagger3: { email: 'flagger3@example.com', name: '세번째독자', roles: ['citizen'], ministries: [] },
} satisfies Record<string, Account>;
export type AccountName = keyof typeof ACCOUNTS;

export interface Stack {
  server: RunningServer;
  env: NodeJS.ProcessEnv;
  dir: string;
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The real server on a free loopback port over a fresh database, its accounts, and a browser. */
export async function startStack(name: string, extraEnv: Record<string, string> = {}): Promise<Stack> {
  const dir = tempDir(`e2e-${name}`);
  const env = serverEnv(dir, { COMMENT_MIN_INTERVAL_SECONDS: '0', COMMENT_FLAG_THRESHOLD: '3', ...extraEnv });
  const server = await startServer(env);
  for (const account of Object.values(ACCOUNTS) as Account[]) {
    const args = ['user', 'add', '--email', account.email, '--name', account.name, '--password', PASSWORD];
    for (const role of account.roles) args.push('--role', role);
    for (const ministry of account.ministries) args.push('--ministry', ministry);
    const result = cli(env, ...args);
    if (result.code !== 0) throw new Error(`user add ${account.email} failed: ${result.err}${result.out}`);
  }
  const browser = await launchBrowser();
  return {
    server,
    env,
    dir,
    origin: server.origin,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop('SIGTERM');
      fs.mkdirSync(RESULTS, { recursive: true });
      fs.writeFileSync(path.join(RESULTS, `server-${name}.log`), `${server.log()}\nexit: ${server.child.exitCode} ${server.child.signalCode}\n`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser context that records CSP violations and sets up the XSS canary's absence. */
export async function newContext(stack: Stack, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const context = await stack.browser.newContext({ baseURL: stack.origin, viewport, locale: 'ko-KR' });
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: { directive: string; blocked: string; sample: string }[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  return context;
}

export async function login(page: Page, who: AccountName): Promise<void> {
  const account = ACCOUNTS[who];
  await page.goto('/login');
  await page.fill('input[name="email"]', account.email);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"], main form input[type="submit"]').first().click()]);
}

/** A logged-in HTTP client for set-up steps that need no browser. */
export async function clientFor(stack: Stack, who: AccountName): Promise<Client> {
  const client = new Client(stack.origin);
  await client.login(ACCOUNTS[who].email, PASSWORD);
  return client;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** axe-core with the WCAG 2.0/2.1 A and AA rule sets. Evaluated over CDP, so the page's CSP does not stand in its way. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })),
    }));
  });
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.html}`).join('\n')}`)
    .join('\n');
}

export interface KwcagProblem {
  check: string;
  detail: string;
}

/**
 * KWCAG 2.2 checks beyond WCAG AA: unique ids, no unannounced new windows, controls
 * at least 24 CSS px (about 6 mm) with inner padding, and a visible separation
 * between neighbouring content blocks.
 */
export async function kwcag(page: Page): Promise<KwcagProblem[]> {
  return page.evaluate(() => {
    const problems: { check: string; detail: string }[] = [];
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${id}${cls} "${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };

    const seen = new Map<string, number>();
    for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    for (const [id, n] of seen) if (n > 1) problems.push({ check: 'duplicate-id', detail: `id="${id}" ${n} times` });

    for (const a of document.querySelectorAll('a[target], form[target]')) {
      const target = a.getAttribute('target');
      if (!target || target === '_self') continue;
      const said = `${a.textContent ?? ''} ${a.getAttribute('title') ?? ''} ${a.getAttribute('aria-label') ?? ''}`;
      if (!/새 ?창|새 ?탭/.test(said)) problems.push({ check: 'new-window-unannounced', detail: describe(a) });
    }

    const controls = document.querySelectorAll(
      'button, input:not([type="hidden"]), select, textarea, [role="button"], a.krds-btn, a[class*="btn"], a[class*="button"], .krds-pagination a',
    );
    for (const el of controls) {
      if (!visible(el)) continue;
      const input = el as HTMLInputElement;
      let height = el.getBoundingClientRect().height;
      if (el.tagName === 'INPUT' && (input.type === 'checkbox' || input.type === 'radio')) {
        const label = input.labels?.[0];
        if (label && visible(label)) height = Math.max(height, label.getBoundingClientRect().height);
      }
      if (height < 24 - 0.5) problems.push({ check: 'target-size', detail: `${describe(el)} is ${height.toFixed(1)}px high` });
      const style = getComputedStyle(el);
      const isText = el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && !['checkbox', 'radio', 'file'].includes(input.type)) || el.tagName === 'SELECT';
      const isButton = el.tagName === 'BUTTON' || el.getAttribute('role') === 'button' || (el.tagName === 'A' && /btn|button/.test(String(el.className)));
      if ((isText || isButton) && parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) < 1) {
        problems.push({ check: 'inner-padding', detail: describe(el) });
      }
    }

    // neighbouring blocks: header / main / aside / footer, and main's own sections
    // What a reader sees of a block: its text, its controls and images, and any box that paints
    // (border or background). Separation is the blank space between what two blocks paint.
    const paints = (el: Element) => {
      const s = getComputedStyle(el);
      const bg = s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.backgroundColor !== 'transparent';
      return bg || s.backgroundImage !== 'none' || ['top', 'bottom', 'left', 'right'].some((side) => parseFloat(s.getPropertyValue(`border-${side}-width`)) > 0 && s.getPropertyValue(`border-${side}-style`) !== 'none');
    };
    const painted = (root: Element): DOMRect[] => {
      const rects: DOMRect[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
        if (node.nodeType === Node.TEXT_NODE) {
          if (!node.textContent?.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) rects.push(r);
        } else {
          const el = node as Element;
          if (!visible(el)) continue;
          if (/^(IMG|SVG|INPUT|SELECT|TEXTAREA|BUTTON|VIDEO|CANVAS|HR)$/i.test(el.tagName) || paints(el)) rects.push(el.getBoundingClientRect());
        }
      }
      return rects.filter((r) => r.width > 1 && r.height > 1);
    };
    const separated = (a: Element, b: Element) => {
      if (paints(a) || paints(b)) return { ok: true, gap: 0 };
      const ra = painted(a);
      const rb = painted(b);
      if (!ra.length || !rb.length) return { ok: true, gap: 0 };
      const box = (rs: DOMRect[]) => ({
        top: Math.min(...rs.map((r) => r.top)),
        bottom: Math.max(...rs.map((r) => r.bottom)),
        left: Math.min(...rs.map((r) => r.left)),
        right: Math.max(...rs.map((r) => r.right)),
      });
      const A = box(ra);
      const B = box(rb);
      const gap = Math.max(B.top - A.bottom, A.top - B.bottom, B.left - A.right, A.left - B.right);
      return { ok: gap >= 8, gap: Math.round(gap) };
    };
    const groups: Element[][] = [];
    const shell = ['#krds-header', '#main-content', '#container aside, .br-layout > aside', '#krds-footer, footer'].map((s) => document.querySelector(s)).filter((e): e is Element => !!e && visible(e));
    groups.push(shell);
    // siblings only: main's blocks, and the sections inside each of them
    const main = document.querySelector('main');
    const BLOCKS = ':scope > section, :scope > article, :scope > nav, :scope > form, :scope > aside, :scope > div';
    if (main) {
      const top = [...main.querySelectorAll(BLOCKS)].filter(visible);
      groups.push(top);
      for (const block of top) groups.push([...block.querySelectorAll(':scope > section, :scope > article, :scope > aside, :scope > nav')].filter(visible));
    }
    for (const group of groups) {
      for (let i = 1; i < group.length; i++) {
        const a = group[i - 1]!;
        const b = group[i]!;
        const { ok, gap } = separated(a, b);
        if (!ok) problems.push({ check: 'block-separation', detail: `${gap}px of blank space and no rule or background between ${describe(a)} | ${describe(b)}` });
      }
    }
    return problems;
  });
}

export function describeKwcag(problems: KwcagProblem[]): string {
  return problems.map((p) => `${p.check}: ${p.detail}`).join('\n');
}

/** Saves the HTML the server sent for a page, for the Nu Html Checker. */
export function saveHtml(name: string, html: string): string {
  const dir = path.join(RESULTS, 'html');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w-]+/g, '_')}.html`);
  fs.writeFileSync(file, html);
  return file;
}

export interface VnuMessage {
  url: string;
  type: string;
  subType?: string;
  message: string;
  lastLine?: number;
  extract?: string;
}

/** Runs vnu.jar over the files; returns its error messages (warnings and info left out). */
export function vnu(files: string[]): Promise<VnuMessage[]> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', VNU_JAR, '--format', 'json', '--stdout', '--errors-only', ...files], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const text = stdout || stderr;
      try {
        const parsed = JSON.parse(text) as { messages: VnuMessage[] };
        resolve(parsed.messages.filter((m) => m.type === 'error' || m.subType === 'fatal'));
      } catch {
        reject(error ?? new Error(`vnu output was not JSON: ${text.slice(0, 500)}`));
      }
    });
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.screenshot({ path: path.join(RESULTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

export async function cspViolations(page: Page): Promise<{ directive: string; blocked: string; sample: string }[]> {
  return page.evaluate(() => (window as unknown as { __csp: { directive: string; blocked: string; sample: string }[] }).__csp ?? []);
}

export { Client, cli };

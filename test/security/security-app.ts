// The real app over a fresh in-memory database, with accounts of every role, for
// the attack suite. Comment pacing limits are lifted so payloads can be posted in bulk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Connection } from '../../src/db/sqlite.js';
import { fixedClock } from '../../src/shared/clock.js';
import { freshDatabase, seedRelease, testConfig } from '../helpers.js';
import { csrfFrom, loginAs } from '../session-helpers.js';
import { makeLoginUser, HOME, OTHER, PASSWORD } from '../workflow/workflow-helpers.js';

export { HOME, OTHER, PASSWORD };

export type Who = 'anonymous' | 'citizen' | 'blocked' | 'officer' | 'reviewer' | 'otherOfficer' | 'moderator' | 'admin';

export interface SecurityApp {
  app: FastifyInstance;
  connection: Connection;
  clock: ReturnType<typeof fixedClock>;
  cookies: Record<Exclude<Who, 'anonymous'>, Record<string, string>>;
  userIds: Record<Exclude<Who, 'anonymous'>, number>;
  publicReleaseId: number;
  homeMinistryId: number;
  close(): Promise<void>;
}

export const EMAILS: Record<Exclude<Who, 'anonymous'>, string> = {
  citizen: 'citizen@example.com',
  blocked: 'blocked@example.com',
  officer: 'officer@mss.go.kr',
  reviewer: 'reviewer@mss.go.kr',
  otherOfficer: 'officer@fsc.go.kr',
  moderator: 'moderator@briefroom.go.kr',
  admin: 'admin@briefroom.go.kr',
};

export async function createSecurityApp(now = '2025-03-01T03:00:00.000Z'): Promise<SecurityApp> {
  const connection = freshDatabase();
  const clock = fixedClock(now);
  const attachmentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-sec-'));
  const config = testConfig({
    attachmentsDir,
    commentMinIntervalSeconds: 0,
    commentDailyLimit: 10_000,
    commentIpHourlyLimit: 100_000,
  });
  const app = await buildApp({ config, connection, clock });
  const at = clock();
  const roles: Record<Exclude<Who, 'anonymous'>, [string, Parameters<typeof makeLoginUser>[3], string[]]> = {
    citizen: ['독자', ['citizen'], []],
    blocked: ['막힌독자', ['citizen'], []],
    officer: ['홍보담당', ['press_officer'], [HOME]],
    reviewer: ['검토담당', ['reviewer'], [HOME]],
    otherOfficer: ['다른부처홍보', ['press_officer'], [OTHER]],
    moderator: ['댓글관리', ['moderator'], []],
    admin: ['관리자', ['admin'], []],
  };
  const cookies = {} as SecurityApp['cookies'];
  const userIds = {} as SecurityApp['userIds'];
  for (const [who, [name, r, ministries]] of Object.entries(roles) as [Exclude<Who, 'anonymous'>, (typeof roles)[Exclude<Who, 'anonymous'>]][]) {
    const actor = await makeLoginUser(connection.db, EMAILS[who], name, r, ministries, at);
    userIds[who] = actor.id;
    const session = await loginAs(app, EMAILS[who], PASSWORD);
    if (session.status !== 302) throw new Error(`login of ${who} failed: ${session.status}`);
    cookies[who] = session.cookies;
  }
  const publicReleaseId = await seedRelease(connection, { title: '공개된 보도자료', ministry: HOME, releasedAt: '2025-02-01T01:00:00Z' });
  await seedRelease(connection, { title: '다른 부처의 공개 보도자료', ministry: OTHER, releasedAt: '2025-02-02T01:00:00Z' });
  const homeMinistryId = (await connection.db.selectFrom('ministries').select('id').where('name', '=', HOME).executeTakeFirstOrThrow()).id;
  return {
    app,
    connection,
    clock,
    cookies,
    userIds,
    publicReleaseId,
    homeMinistryId,
    async close() {
      await app.close();
      await connection.close();
      fs.rmSync(attachmentsDir, { recursive: true, force: true });
    },
  };
}

/** GETs a page as `cookies` and returns the form's CSRF token with the cookies it is bound to. */
export async function formToken(app: FastifyInstance, url: string, cookies: Record<string, string> = {}): Promise<{ token: string; cookies: Record<string, string> }> {
  const page = await app.inject({ method: 'GET', url, cookies });
  const { token, cookies: fresh } = csrfFrom(page);
  return { token, cookies: { ...cookies, ...fresh } };
}

/** A token for POSTs that have no form of their own: any page the person can see carries one. */
export async function anyToken(app: FastifyInstance, cookies: Record<string, string> = {}): Promise<{ token: string; cookies: Record<string, string> }> {
  for (const url of ['/my/comments', '/account/password', '/login']) {
    const page = await app.inject({ method: 'GET', url, cookies });
    if (/name="_csrf" value="/.test(page.body)) {
      const { token, cookies: fresh } = csrfFrom(page);
      return { token, cookies: { ...cookies, ...fresh } };
    }
  }
  throw new Error('no page with a CSRF token');
}

export function releaseForm(ministryId: number, fields: Record<string, string> = {}): Record<string, string> {
  return {
    ministry_id: String(ministryId),
    type: '보도자료',
    title: '시험 보도자료',
    subtitles: '',
    summary: '',
    body: '본문',
    department: '시험과',
    contact_responsible: '',
    contact_person: '',
    contact_phone: '',
    embargo_preset: 'immediate',
    licence: '1',
    ...fields,
  };
}

export function isHtml(res: LightMyRequestResponse): boolean {
  return String(res.headers['content-type'] ?? '').startsWith('text/html');
}

/** Row counts of every table: what "nothing stored" is checked against. */
export function tableCounts(connection: Connection, except: string[] = ['audit_log', 'audit_events', 'sessions']): Record<string, number> {
  const tables = (connection.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !except.includes(n));
  const counts: Record<string, number> = {};
  for (const name of tables) counts[name] = (connection.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  return counts;
}

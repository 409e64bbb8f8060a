// Every public query walks an index: this test exercises the public routes, records
// each distinct SQL statement they run, and fails on a full scan or a sort of the
// releases or comments tables. New queries are covered as soon as a route uses them.
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { migrate } from '../../src/db/migrate.js';
import { searchByDate, searchMatch } from '../../src/db/sqlite-search.js';
import { publicCondition } from '../../src/releases/visibility.js';
import { findListPosition } from '../../src/releases/release-repository.js';
import type { Database } from '../../src/db/schema.js';
import { openDatabase, type Connection } from '../../src/db/sqlite.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createUser } from '../../src/users/user-service.js';
import { seedRelease, testConfig } from '../helpers.js';
import { csrfFrom, loginAs } from '../session-helpers.js';

const statements = new Map<string, readonly unknown[]>();
let connection: Connection;
let app: Awaited<ReturnType<typeof buildApp>>;
const BIG_TABLES = ['releases', 'comments', 'release_daily_views', 'audit_log'];
// Ranking 많이 본 뉴스 must sort sums; it reads a week of daily rows for one range of
// release ids at a time (about 2,000 rows of a day), once a minute off the request
// path (WidgetSource), so its sort is bounded and allowed.
const BOUNDED_SORTS = [/from "release_daily_views" where "day" in \([?, ]+\) and "release_id" > \?( and "release_id" <= \?)? group by "release_id"/];
// A sitemap file lists 10,000 public releases by id: by nature a walk, kept to the
// small rows of a covering index (releases_public_sitemap), never the table.
const INDEX_WALKS = [/case when "releases"\."updated_at" > "releases"\."released_at" then "releases"\."updated_at" else "releases"\."released_at" end/];
// An article's comment count must not grow with a busy article (30,000 comments on
// one release): the shown ones are a kept count, the held ones have a partial index.
const KEPT_COUNT = /from "release_comment_counts" where "release_id" = \?/;
const HELD_COUNT = /^select count\(\*\) as "n" from "comments" where "release_id" = \? and state = 'held'/;
// 이전기사/다음기사: a neighbour's id and title, one ordered step.
const NEIGHBOUR = /^select "releases"\."id", "releases"\."title" from "releases" where .* order by "releases"\."released_at" (asc|desc), "releases"\."id" (asc|desc) limit/;

beforeAll(async () => {
  const base = openDatabase(':memory:');
  migrate(base);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: base.sqlite }),
    log: (event: LogEvent) => {
      if (event.level === 'query' && /^\s*(select|with)/i.test(event.query.sql)) statements.set(event.query.sql, event.query.parameters);
    },
  });
  connection = { db, sqlite: base.sqlite, close: () => db.destroy() };
  for (let i = 0; i < 30; i++) {
    await seedRelease(connection, {
      title: `색인 점검 자료 ${i}`,
      ministry: i % 2 ? '교육부' : '환경부',
      type: i % 3 ? '보도자료' : '해명자료',
      releasedAt: new Date(Date.UTC(2020, 0, i + 1)).toISOString(),
      featured: i % 7 === 0,
    });
  }
  app = await buildApp({ config: testConfig(), connection, clock: fixedClock('2025-01-01T00:00:00.000Z') });
  const urls = [
    '/briefing',
    '/briefing?page=2',
    `/briefing?ministry=${encodeURIComponent('교육부')}`,
    `/briefing?type=${encodeURIComponent('해명자료')}`,
    `/briefing?ministry=${encodeURIComponent('교육부')}&type=${encodeURIComponent('보도자료')}&from=2020-01-05&to=2020-01-20`,
    '/briefing?from=2020-01-05',
    '/briefing/10',
    `/briefing/10?ministry=${encodeURIComponent('환경부')}`,
    `/briefing/10?type=${encodeURIComponent('해명자료')}&from=2020-01-01`,
    `/briefing/search?q=${encodeURIComponent('점검')}`,
    `/briefing/search?q=${encodeURIComponent('색')}`,
    `/briefing/search?q=${encodeURIComponent('점검')}&sort=latest`,
    `/briefing/search?q=${encodeURIComponent('점검')}&ministry=${encodeURIComponent('교육부')}`,
    `/briefing/search?q=${encodeURIComponent('자료')}&type=${encodeURIComponent('해명자료')}&from=2020-01-05&to=2020-01-20&sort=latest`,
    `/api/v1/releases?q=${encodeURIComponent('점검')}&ministry=${encodeURIComponent('환경부')}`,
    '/briefing/feed.rss',
    '/briefing/feed.atom',
    `/briefing/feed.rss?ministry=${encodeURIComponent('교육부')}`,
    '/sitemap.xml',
    '/api/v1/releases',
    `/api/v1/releases?ministry=${encodeURIComponent('교육부')}&type=${encodeURIComponent('보도자료')}`,
    '/api/v1/releases/10',
    '/briefing/moderation-report',
  ];
  for (const url of urls) {
    const res = await app.inject(url);
    expect(res.statusCode, url).toBeLessThan(500);
  }
  // A reader posting: the screening reads the author's, the address's and the board's recent comments.
  await createUser(connection.db, { email: 'plan-reader@example.kr', displayName: '색인독자', roles: ['citizen'], password: 'correct-horse-9' }, new Date('2025-01-01T00:00:00.000Z'));
  const reader = await loginAs(app, 'plan-reader@example.kr', 'correct-horse-9');
  expect(reader.status).toBe(302);
  for (const body of ['색인 점검 자료가 유익했습니다']) {
    const article = await app.inject({ url: '/briefing/10', cookies: reader.cookies });
    const { token, cookies } = csrfFrom(article);
    const posted = await app.inject({ method: 'POST', url: '/briefing/10/comments', cookies: { ...reader.cookies, ...cookies }, payload: { _csrf: token, body } });
    expect(posted.statusCode, body).toBeLessThan(400);
  }
  for (const url of ['/briefing/10', '/my/comments']) {
    expect((await app.inject({ url, cookies: reader.cookies })).statusCode, url).toBe(200);
  }
  await app.services.widgets.get(new Date('2025-01-01T00:00:00.000Z'));
  // The search walks with a cursor and a period, asked for directly as well; so do
  // the anchors of deep list pages (every 1,000 rows: more than these 30 releases).
  const now = new Date('2025-01-01T00:00:00.000Z');
  for (const filter of [{}, { ministryId: 1 }, { type: '해명자료' as const, from: '2020-01-05T00:00:00.000Z', until: '2020-01-25T00:00:00.000Z' }]) {
    const first = await findListPosition(connection.db, filter, now, { offset: 2 });
    await findListPosition(connection.db, filter, now, { after: first ?? { releasedAt: '2020-01-20T00:00:00.000Z', id: 20 }, offset: 2 });
    await searchByDate(connection.db, searchMatch(['점검'], filter), filter, now, publicCondition, {
      limit: 11,
      after: { releasedAt: '2020-01-20T00:00:00.000Z', id: 20 },
    });
  }
});

afterAll(async () => {
  await app.close();
  await connection.close();
});

describe('query plans of the public pages', () => {
  it('records the statements the public routes run', () => {
    expect(statements.size).toBeGreaterThan(8);
  });

  it('never scans or sorts a large table', () => {
    const problems: string[] = [];
    for (const [sql, parameters] of statements) {
      const plan = (connection.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as { detail: string }[])
        .map((row) => row.detail);
      for (const step of plan) {
        const scanned = /^SCAN (\w+)/.exec(step)?.[1];
        const coveringWalk = /USING COVERING INDEX/.test(step) && INDEX_WALKS.some((re) => re.test(sql));
        if (scanned && BIG_TABLES.includes(scanned) && !coveringWalk) problems.push(`${step}\n  in ${sql}`);
      }
      if (BOUNDED_SORTS.some((re) => re.test(sql))) continue;
      if (plan.some((step) => step.includes('USE TEMP B-TREE FOR ORDER BY')) && BIG_TABLES.some((t) => new RegExp(`from "${t}"`).test(sql))) {
        problems.push(`sort: ${plan.join(' | ')}\n  in ${sql}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('counts an article\'s comments without walking them', () => {
    const planOf = (sql: string, parameters: readonly unknown[]) =>
      (connection.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as { detail: string }[]).map((row) => row.detail).join(' | ');
    const kept = [...statements].filter(([sql]) => KEPT_COUNT.test(sql));
    const held = [...statements].filter(([sql]) => HELD_COUNT.test(sql));
    expect(kept.length).toBeGreaterThan(0);
    expect(held.length).toBeGreaterThan(0);
    for (const [sql, parameters] of kept) expect(planOf(sql, parameters), sql).toMatch(/SEARCH release_comment_counts USING INTEGER PRIMARY KEY/);
    for (const [sql, parameters] of held) expect(planOf(sql, parameters), sql).toMatch(/USING COVERING INDEX comments_held/);
    // No other count of a release's comments is left on the article's path.
    expect([...statements.keys()].filter((sql) => /count\(\*\) as "n" from "comments" where "release_id" = \?/.test(sql) && !HELD_COUNT.test(sql))).toEqual([]);
  });

  it('finds an unfiltered article\'s neighbours and their titles without reading their rows', () => {
    const unfiltered = [...statements].filter(([sql]) => NEIGHBOUR.test(sql) && !/"(ministry_id|type)" = /.test(sql));
    expect(unfiltered.length).toBeGreaterThanOrEqual(2);
    for (const [sql, parameters] of unfiltered) {
      const plan = (connection.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as { detail: string }[]).map((row) => row.detail);
      expect(plan.join(' | '), sql).toMatch(/^SEARCH releases USING COVERING INDEX releases_public_titles/);
    }
  });
});

// The staff dashboard at national scale: each section must come from a small
// (partial) index, never from a walk of the whole releases table. Before, an
// admin's dashboard took 14.5 s at 1,000,000 releases, all of it on the server's
// one thread. The planner has no statistics here, as in production, so the plans
// are the ones a large database gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDashboardSection, type DashboardSection, type Scope } from '../../src/editor/editor-repository.js';
import { recordingDatabase, seedRelease } from '../helpers.js';

const EXPECTED_INDEX: Record<DashboardSection, { all: RegExp; oneMinistry: RegExp }> = {
  failed: { all: /releases_in_workflow/, oneMinistry: /releases_in_workflow/ },
  forcePublished: { all: /releases_force_unconfirmed/, oneMinistry: /releases_force_unconfirmed/ },
  waitingForReview: { all: /releases_in_workflow/, oneMinistry: /releases_in_workflow/ },
  returnedToMe: { all: /releases_in_workflow/, oneMinistry: /releases_in_workflow/ },
  myDrafts: { all: /releases_in_workflow/, oneMinistry: /releases_in_workflow/ },
  myInReview: { all: /releases_in_workflow/, oneMinistry: /releases_in_workflow/ },
  scheduled: { all: /releases_due/, oneMinistry: /releases_due/ },
  published: { all: /releases_public_order/, oneMinistry: /releases_public_ministry/ },
};

const { connection, db, statements, planOf } = recordingDatabase();

beforeAll(async () => {
  for (const [i, state] of (['draft', 'in_review', 'returned', 'failed', 'scheduled', 'published', 'published'] as const).entries()) {
    await seedRelease(connection, { title: `대시보드 자료 ${i}`, state, releasedAt: new Date(Date.UTC(2020, 0, i + 1)).toISOString() });
  }
});

afterAll(async () => {
  await db.destroy();
  await connection.close();
});

describe('the dashboard sections', () => {
  const scopes: [keyof (typeof EXPECTED_INDEX)['failed'], Scope][] = [
    ['all', { userId: 1, allMinistries: true, ministryIds: [] }],
    ['oneMinistry', { userId: 1, allMinistries: false, ministryIds: [1] }],
  ];

  it.each(Object.keys(EXPECTED_INDEX) as DashboardSection[])('%s reads its partial index, for an admin and for one ministry', async (section) => {
    for (const [name, scope] of scopes) {
      statements.length = 0;
      await listDashboardSection(db, scope, section, 30);
      expect(statements).toHaveLength(1);
      const plan = planOf(statements[0]!).join(' | ');
      expect(plan, `${section} (${name})`).toMatch(EXPECTED_INDEX[section][name]);
      expect(plan, `${section} (${name})`).not.toMatch(/SCAN releases(?! USING)/);
    }
  });

  it('still finds what each section lists', async () => {
    const all: Scope = { userId: 1, allMinistries: true, ministryIds: [] };
    expect((await listDashboardSection(db, all, 'failed', 30)).map((r) => r.state)).toEqual(['failed']);
    expect((await listDashboardSection(db, all, 'scheduled', 30)).map((r) => r.state)).toEqual(['scheduled']);
    expect((await listDashboardSection(db, all, 'published', 30)).map((r) => r.title)).toEqual(['대시보드 자료 6', '대시보드 자료 5']);
    expect(await listDashboardSection(db, { ...all, allMinistries: false, ministryIds: [999] }, 'published', 30)).toEqual([]);
  });
});

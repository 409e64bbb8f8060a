// The review queue's pages at scale: the page's ids come from the queue's own index,
// and only that page's rows are joined to their release (whose row is large). Joined
// before the OFFSET, page 500 of 38,000 held comments took 1.8 s at 1,000,000.
import { afterAll, expect, it } from 'vitest';
import { queueRows } from '../../src/moderation/moderation-repository.js';
import { recordingDatabase } from '../helpers.js';

const { connection, db, statements, planOf } = recordingDatabase();

afterAll(async () => {
  await db.destroy();
  await connection.close();
});

it.each([null, 11])('walks the queue index for a deep page, rule %s, and reads releases only by key', async (rule) => {
  statements.length = 0;
  await queueRows(db, rule, 20, 10_000);
  const plan = planOf(statements[0]!);
  // the page is chosen first, apart, from the queue's index alone
  expect(plan.join(' | ')).toMatch(/^(MATERIALIZE|CO-ROUTINE) page \| SEARCH q USING (COVERING )?INDEX comments_queue/);
  expect(plan.filter((step) => /\b(r|releases)\b/.test(step))).toEqual(['SEARCH r USING INTEGER PRIMARY KEY (rowid=?)']);
  expect(plan.some((step) => /^SCAN (c|q|r)\b/.test(step))).toBe(false);
});

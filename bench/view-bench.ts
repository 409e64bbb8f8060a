// View counting at the benchmark's size, in one process against the database the
// server used: a flush of 10,000 distinct articles' counts, and the 많이 본 뉴스
// ranking over the week's daily rows. Both run between requests on the server's
// thread, so what matters is the longest stretch they hold it, measured by a
// setImmediate loop beside them. As in the server, a worker thread checkpoints the
// write-ahead log (src/db/wal-checkpointer.ts): without it, the commit that takes the
// log past 1,000 pages would copy them into the file on this thread, which the
// server's thread never does.
import { openDatabase } from '../src/db/sqlite.js';
import { startWalCheckpointer } from '../src/db/wal-checkpointer.js';
import { ViewCounter } from '../src/releases/view-counter.js';
import { WidgetSource } from '../src/releases/widgets.js';
import { addDays, kstDay } from '../src/shared/time.js';

export interface ViewBenchResult {
  flushedReleases: number;
  flushMs: number;
  flushLongestMs: number;
  weekRows: number;
  rankingMs: number;
  rankingLongestMs: number;
}

/** Runs `work` and reports its duration and the longest time it kept other callbacks waiting. */
async function timedWithStalls(work: () => Promise<unknown>): Promise<{ ms: number; longestMs: number }> {
  let longest = 0;
  let last = performance.now();
  let done = false;
  const probe = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (!done) setImmediate(probe);
  };
  setImmediate(probe);
  const started = performance.now();
  await work();
  done = true;
  const ended = performance.now();
  return { ms: ended - started, longestMs: Math.max(longest, ended - last) };
}

export async function runViewBench(database: string, maxId: number, releases = 10_000): Promise<ViewBenchResult> {
  const connection = openDatabase(database);
  const checkpointer = startWalCheckpointer(connection.sqlite, database);
  try {
    const now = new Date();
    const counter = new ViewCounter(connection.db, () => now);
    const seen = new Set<number>();
    for (let reader = 0; seen.size < Math.min(releases, maxId); reader++) {
      const id = 1 + Math.floor(Math.random() * maxId);
      seen.add(id);
      counter.record(id, { method: 'GET', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120', purpose: undefined, clientKey: `bench-${reader}` });
    }
    const flush = await timedWithStalls(() => counter.flush());
    const since = kstDay(addDays(now.toISOString(), -6));
    const weekRows = Number(
      (await connection.db.selectFrom('release_daily_views').select((eb) => eb.fn.countAll<number>().as('n')).where('day', '>=', since).executeTakeFirstOrThrow()).n,
    );
    const ranking = await timedWithStalls(() => new WidgetSource(connection.db).get(now));
    return { flushedReleases: seen.size, flushMs: flush.ms, flushLongestMs: flush.longestMs, weekRows, rankingMs: ranking.ms, rankingLongestMs: ranking.longestMs };
  } finally {
    await checkpointer?.stop();
    await connection.close();
  }
}

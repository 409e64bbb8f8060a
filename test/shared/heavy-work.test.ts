// Uncached searches run through HeavyWork (search-service.ts releaseSearch): better-sqlite3
// answers synchronously, so without turns one search held every other request for its
// whole 15-30 ms, and fifty searches in progress took a step each on every turn.
import { describe, expect, it } from 'vitest';
import { HeavyWork, LineFull, nextTurn, WorkAbandoned, type Pause } from '../../src/shared/heavy-work.js';

/** A task of three steps that logs each one. */
const steps = (log: string[], name: string) => async (pause: Pause) => {
  for (let step = 1; step <= 3; step++) {
    if (step > 1) await pause();
    log.push(`${name}${step}`);
  }
  return name;
};

/** Stands for a request arriving while heavy work is under way: it runs on a later turn. */
const requestOnNextTurn = (log: string[]) => setImmediate(() => log.push('request'));

describe('HeavyWork', () => {
  it('lets other work in between the steps of a task once the budget is spent', async () => {
    const log: string[] = [];
    const done = new HeavyWork({ budgetMs: 0 }).run(steps(log, 'a'));
    requestOnNextTurn(log);
    expect(await done).toBe('a');
    expect(log).toEqual(['a1', 'request', 'a2', 'a3']);
  });

  it('keeps the steps on one turn while the budget lasts', async () => {
    const log: string[] = [];
    const done = new HeavyWork({ budgetMs: 60_000 }).run(steps(log, 'a'));
    requestOnNextTurn(log);
    await done;
    await nextTurn();
    expect(log).toEqual(['a1', 'a2', 'a3', 'request']);
  });

  it('runs tasks one at a time in the order they came, each on a turn of its own, and goes on after a failure', async () => {
    const log: string[] = [];
    const work = new HeavyWork({ budgetMs: 0 });
    const failed = work.run(async () => {
      log.push('x');
      throw new Error('실패');
    });
    const first = work.run(steps(log, 'a'));
    const second = work.run(steps(log, 'b'));
    await expect(failed).rejects.toThrow('실패');
    expect(await Promise.all([first, second])).toEqual(['a', 'b']);
    // No step of b between those of a, though a paused between its steps.
    expect(log).toEqual(['x', 'a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  });

  it('starts a task on a later turn than the one the task before it ended on', async () => {
    const log: string[] = [];
    const work = new HeavyWork({ budgetMs: 60_000 });
    const first = work.run(async () => {
      log.push('a');
      requestOnNextTurn(log);
    });
    const second = work.run(async () => void log.push('b'));
    await Promise.all([first, second]);
    expect(log).toEqual(['a', 'request', 'b']);
  });

  it('skips a task whose reader left while it waited, and goes on with the next', async () => {
    const log: string[] = [];
    const work = new HeavyWork({ budgetMs: 0 });
    const left = new AbortController();
    const first = work.run(steps(log, 'a'));
    const abandoned = work.run(steps(log, 'x'), left.signal);
    const third = work.run(steps(log, 'b'));
    left.abort();
    await expect(abandoned).rejects.toBeInstanceOf(WorkAbandoned);
    expect(await Promise.all([first, third])).toEqual(['a', 'b']);
    expect(log).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  });

  it('stops a task at its next pause when its reader leaves', async () => {
    const log: string[] = [];
    const left = new AbortController();
    const done = new HeavyWork({ budgetMs: 0 }).run(async (pause) => {
      log.push('a1');
      left.abort();
      await pause();
      log.push('a2');
    }, left.signal);
    await expect(done).rejects.toBeInstanceOf(WorkAbandoned);
    expect(log).toEqual(['a1']);
  });

  it('refuses a task at once when as many as it allows are waiting, and takes tasks again once the line moves', async () => {
    const work = new HeavyWork({ budgetMs: 0, maxWaiting: 2 });
    let finish!: () => void;
    const running = work.run(() => new Promise<void>((resolve) => (finish = resolve)));
    await nextTurn();
    const waiting = [work.run(async () => 'b'), work.run(async () => 'c')];
    await expect(work.run(async () => 'd')).rejects.toBeInstanceOf(LineFull);
    finish();
    await running;
    expect(await Promise.all(waiting)).toEqual(['b', 'c']);
    expect(await work.run(async () => 'e')).toBe('e');
  });
});

// Work that holds the server's one thread for milliseconds at a time (an uncached
// search at a million releases: 15-30 ms of statements and ranking), kept from
// starving the cheap requests around it. better-sqlite3 answers synchronously, so an
// `await` on a query never lets another request in: without turns, one reader
// searching over and over held every cached article for a whole search (p50 19 ms,
// p95 58 ms instead of 0.7 and 1.5), and five of them for p95 0.5 s.
import { concurrencyLimit } from './concurrency-limit.js';

/** Resolves on a later turn of the event loop, after the I/O waiting now. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Time on the thread, spent in steps: `pause()` between steps lets other requests
 * in once the steps since the last pause have taken `budgetMs`.
 */
export class TurnBudget {
  private started = performance.now();

  constructor(private readonly budgetMs: number) {}

  async pause(): Promise<void> {
    if (performance.now() - this.started < this.budgetMs) return;
    await nextTurn();
    this.started = performance.now();
  }
}

/** A step boundary of heavy work: lets other requests in when the budget is spent. */
export type Pause = () => Promise<void>;

/**
 * Heavy work given up because the reader it was for has gone (closed the connection,
 * pressed reload): under load a search may wait in line longer than a reader does, and
 * doing it anyway spends the thread on answers nobody reads while others wait.
 */
export class WorkAbandoned extends Error {
  constructor() {
    super('the reader left before the work was done');
    this.name = 'WorkAbandoned';
  }
}

/**
 * Heavy work not taken on because the line was full: waiting at the end of it would
 * take longer than a reader waits, so the reader hears it at once.
 */
export class LineFull extends Error {
  constructor() {
    super('too much heavy work is waiting');
    this.name = 'LineFull';
  }
}

/**
 * Runs heavy tasks one at a time, in the order they came, each starting on a turn of
 * its own and pausing between its steps. One at a time because each task in progress
 * would take a step on every turn: with fifty searches under way, a cheap request
 * would wait for fifty steps, not one. The tasks together take as long as before;
 * what changes is that nothing else waits for more than about one step.
 *
 * At most `maxWaiting` tasks wait: beyond that (a crowd or a script asking faster than
 * the work is done) the line refuses with LineFull rather than grow without bound.
 */
export class HeavyWork {
  private readonly oneAtATime = concurrencyLimit(1);
  private waiting = 0;

  private readonly budgetMs: number;
  private readonly maxWaiting: number;

  /** `budgetMs`: how long a task may hold the thread between pauses (4 ms); `maxWaiting`: tasks that may wait (no bound). */
  constructor({ budgetMs = 4, maxWaiting = Number.POSITIVE_INFINITY }: { budgetMs?: number; maxWaiting?: number } = {}) {
    this.budgetMs = budgetMs;
    this.maxWaiting = maxWaiting;
  }

  /** `abandoned` (a request's signal) stops the task before it starts or at its next pause, with WorkAbandoned. */
  run<T>(task: (pause: Pause) => Promise<T>, abandoned?: AbortSignal): Promise<T> {
    if (this.waiting >= this.maxWaiting) return Promise.reject(new LineFull());
    const goOn = () => {
      if (abandoned?.aborted) throw new WorkAbandoned();
    };
    this.waiting++;
    return this.oneAtATime(async () => {
      this.waiting--;
      // The task before may have ended with a step of its own on this turn.
      await nextTurn();
      goOn();
      const budget = new TurnBudget(this.budgetMs);
      return task(async () => {
        await budget.pause();
        goOn();
      });
    });
  }
}

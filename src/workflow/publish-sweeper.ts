import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { runPublishSweep, type SweepResult } from './workflow-service.js';

export interface SweepLog {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Runs the due-publish sweep now and then every minute, never two at once. The
 * timer is unref'd so it never keeps the process alive on its own.
 */
export function startPublishSweeper(db: Kysely<Database>, clock: Clock, log: SweepLog, intervalMs = 60_000) {
  let running: Promise<SweepResult | void> | null = null;
  const tick = () => {
    if (running) return running;
    running = runPublishSweep(db, clock(), (id, error) => log.error({ err: error, releaseId: id }, 'scheduled release failed to publish'))
      .then((result) => {
        if (result.published.length || result.failed.length) log.info({ published: result.published, failed: result.failed.map((f) => f.id) }, 'publish sweep');
        return result;
      })
      .catch((error: unknown) => log.error({ err: error }, 'publish sweep failed'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    /** Stops the timer and waits for a sweep in progress. */
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}

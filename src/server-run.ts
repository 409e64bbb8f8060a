import { buildApp } from './app.js';
import { openMigrated, seedSampleContent } from './bootstrap.js';
import type { Config } from './config.js';
import { systemClock } from './shared/clock.js';
import { ensureAdmin } from './users/user-service.js';
import { startPublishSweeper } from './workflow/publish-sweeper.js';
import { startWalCheckpointer } from './db/wal-checkpointer.js';

/**
 * One server: migrate, seed an empty database, make the first administrator, listen,
 * and on SIGTERM or SIGINT finish the requests in flight and close in order.
 */
export async function runServer(config: Config): Promise<void> {
  const { connection, applied } = openMigrated(config);
  const app = await buildApp({ config, connection, clock: systemClock });
  if (applied.length > 0) app.log.info({ applied }, 'migrations applied');
  const seeded = await seedSampleContent(connection, config, systemClock());
  if (seeded) app.log.info({ report: seeded.at(-1) }, 'sample releases loaded');
  const admin = await ensureAdmin(connection.db, systemClock());
  // Shown once, on the console rather than in the JSON log, for the person starting the server.
  if (admin) console.log(`관리자 계정을 만들었습니다: ${admin.email} / 임시 비밀번호: ${admin.oneTimePassword}`);

  app.services.views.start(config.viewFlushSeconds, (error) => app.log.error({ err: error }, 'view count flush failed'));
  const checkpointer = startWalCheckpointer(connection.sqlite, config.databasePath, {
    onError: (error) => app.log.error({ err: error }, 'WAL checkpoint worker'),
  });

  let sweeper: ReturnType<typeof startPublishSweeper> | null = null;
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop accepting, finish requests in flight, flush view counts, stop the
    // checkpoint worker, close the database (which checkpoints what is left).
    Promise.resolve(sweeper?.stop())
      .then(() => app.close())
      .then(() => checkpointer?.stop())
      .then(() => connection.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  // Due releases go public by the clock alone; the sweep records the move (also after a restart).
  sweeper = startPublishSweeper(connection.db, systemClock, app.log);
}


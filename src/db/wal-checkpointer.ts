// WAL checkpoints off the request thread (SQLite-specific, like the rest of src/db/sqlite*).
//
// SQLite checkpoints on the connection whose commit pushes the write-ahead log past
// 1,000 pages: it copies those pages into the database file and syncs both files,
// 10-30 ms at 1,000,000 releases, with the event loop held. The server's connection
// therefore never checkpoints; a worker thread with a connection of its own runs a
// PASSIVE checkpoint every second, which waits for no reader or writer and makes
// none wait. Should the worker stop, the connection checkpoints for itself again.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** SQLite's own default: the server's connection goes back to it when the worker stops. */
const AUTOCHECKPOINT_PAGES = 1000;

// A script rather than a module file, so that it runs from the TypeScript sources
// (tests) as from dist/ alike.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
} catch (error) {
  parentPort.postMessage({ type: 'failed', message: workerData.file + ': ' + String(error && error.message || error) });
  process.exit(1);
}
const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ type: 'checkpoint', log: result.log, checkpointed: result.checkpointed });
  } catch (error) {
    // Another process's checkpoint holds the lock: this one tries again next time.
    if (error && error.code === 'SQLITE_BUSY') return;
    parentPort.postMessage({ type: 'failed', message: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointResult {
  /** frames in the write-ahead log */
  log: number;
  /** of those, frames now copied into the database file */
  checkpointed: number;
}

export interface WalCheckpointerOptions {
  intervalMs?: number;
  onCheckpoint?: (result: CheckpointResult) => void;
  onError?: (error: Error) => void;
}

export interface WalCheckpointer {
  /** Stops the worker and gives the connection its own checkpoints back. */
  stop(): Promise<void>;
}

/**
 * Moves checkpoints of `file` (open in WAL mode on `sqlite`) to a worker thread;
 * null for an in-memory database, which has no log.
 */
export function startWalCheckpointer(sqlite: SQLite.Database, file: string, options: WalCheckpointerOptions = {}): WalCheckpointer | null {
  if (file === ':memory:' || sqlite.memory) return null;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file, intervalMs: options.intervalMs ?? 1000 },
  });
  sqlite.pragma('wal_autocheckpoint = 0');
  let stopped = false;
  const selfCheckpoint = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('message', (message: { type: 'checkpoint'; log: number; checkpointed: number } | { type: 'failed'; message: string }) => {
    if (message.type === 'checkpoint') options.onCheckpoint?.({ log: message.log, checkpointed: message.checkpointed });
    else options.onError?.(new Error(`WAL checkpoint failed: ${message.message}`));
  });
  worker.on('error', (error) => options.onError?.(error));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      selfCheckpoint();
      if (!stopped) options.onError?.(new Error('WAL checkpoint worker stopped; the connection checkpoints for itself again'));
      resolve();
    }),
  );
  // A server shutting down waits for requests, not for this.
  worker.unref();
  return {
    async stop() {
      if (!stopped) {
        stopped = true;
        // Whoever awaits the stop keeps the process up until the worker has closed its connection.
        worker.ref();
        worker.postMessage('stop');
      }
      await exited;
    },
  };
}

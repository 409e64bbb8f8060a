// The article read thread (article-reader.ts): reads each asked article with a
// read-only connection of its own and answers with plain data, one read at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/sqlite.js';
import { AppError } from '../shared/errors.js';
import { readArticle, type ReadMessage, type ReadReply } from './article-reader.js';

const port = parentPort!;
const connection = openDatabase((workerData as { file: string }).file, { readOnly: true });

port.on('message', (message: ReadMessage) => {
  if (message === 'stop') {
    port.close();
    void connection.close();
    return;
  }
  const { n } = message;
  readArticle(connection.db, { releaseId: message.releaseId, query: message.query, now: new Date(message.now), commentPage: message.commentPage }).then(
    (read) => port.postMessage({ n, read } satisfies ReadReply),
    (error: unknown) => {
      const reply: ReadReply =
        error instanceof AppError
          ? { n, error: { code: error.code, message: error.message, details: error.details } }
          : { n, error: { message: error instanceof Error ? error.message : String(error) } };
      port.postMessage(reply);
    },
  );
});

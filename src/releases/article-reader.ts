// What an uncached article page reads from the database, on the request thread or on
// a thread of its own (ARTICLE_READ_THREAD=1).
//
// Reading an article's rows is a third of its render at 1,000,000 releases, and every
// read that misses the OS cache holds the request thread while the disk answers. With
// the reads on a second thread and connection, the request thread renders one page
// while the next one's rows are read: uncached articles went from 1,850-2,100 to
// 2,600-3,100 a second on two cores at 1,000,000 releases (BENCHMARKS.md, "Articles
// read on a thread of their own"), for 50-65 MB more memory, which is why it is a
// setting and off by default.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError, type ErrorCode } from '../shared/errors.js';
import { commentSection, type CommentSection } from '../comments/comment-service.js';
import type { ListQuery } from './list-query.js';
import { getPublicArticle, type ArticlePage } from './release-service.js';

export interface ArticleRequest {
  releaseId: number;
  /** the list the reader came from: its filter decides 이전기사/다음기사 */
  query: ListQuery;
  now: Date;
  commentPage: number;
}

/** An article page's data as an anonymous reader sees it. */
export interface ArticleRead {
  article: ArticlePage;
  comments: CommentSection;
}

export async function readArticle(db: Kysely<Database>, request: ArticleRequest): Promise<ArticleRead> {
  const article = await getPublicArticle(db, request.releaseId, request.query, request.now);
  const comments = await commentSection(db, request.releaseId, null, request.commentPage, request.now);
  return { article, comments };
}

export interface ArticleReader {
  read(request: ArticleRequest): Promise<ArticleRead>;
  /** Whether reads go to a thread: false for the reader on the request thread, and once the thread has ended. */
  threaded(): boolean;
  stop(): Promise<void>;
}

export function inThreadArticleReader(db: Kysely<Database>): ArticleReader {
  return { read: (request) => readArticle(db, request), threaded: () => false, stop: async () => {} };
}

/** The messages between the request thread and the read thread. */
export type ReadMessage = { n: number; releaseId: number; query: ListQuery; now: number; commentPage: number } | 'stop';
export type ReadReply = { n: number; read: ArticleRead } | { n: number; error: { code?: ErrorCode; message: string; details?: string[] } };

const BUILT_WORKER = fileURLToPath(new URL('./article-read-worker.js', import.meta.url));

export interface ArticleReadThreadOptions {
  onError?: (error: Error) => void;
  /** the worker's script; the compiled one beside this module by default (tests run from the sources) */
  workerFile?: string;
}

/** The thread's heap: its answers are short-lived, so far below the request thread's bound. */
const THREAD_OLD_SPACE_MB = 64;

/**
 * Reads anonymous readers' articles from `file` on a worker thread with a read-only
 * connection of its own. Should the thread end (it cannot open the file, it runs out
 * of memory), the reads it had not answered and all later ones are done on the
 * calling thread, and `onError` says so. An in-memory database, which a second
 * connection cannot see, and a missing compiled worker read on the calling thread.
 */
export function startArticleReadThread(file: string, db: Kysely<Database>, options: ArticleReadThreadOptions = {}): ArticleReader {
  const inThread = inThreadArticleReader(db);
  const workerFile = options.workerFile ?? BUILT_WORKER;
  if (file === ':memory:') return inThread;
  if (!fs.existsSync(workerFile)) {
    options.onError?.(new Error(`${workerFile} is not built: articles are read on the request thread`));
    return inThread;
  }
  const worker = new Worker(workerFile, {
    workerData: { file },
    resourceLimits: { maxOldGenerationSizeMb: THREAD_OLD_SPACE_MB },
  });
  // A server shutting down waits for its requests, not for this thread.
  worker.unref();
  const waiting = new Map<number, { request: ArticleRequest; resolve: (read: ArticleRead) => void; reject: (error: Error) => void }>();
  let sent = 0;
  let ended = false;
  let stopping = false;
  worker.on('message', (reply: ReadReply) => {
    const asked = waiting.get(reply.n);
    if (!asked) return;
    waiting.delete(reply.n);
    if ('read' in reply) asked.resolve(reply.read);
    else asked.reject(reply.error.code ? new AppError(reply.error.code, reply.error.message, reply.error.details) : new Error(reply.error.message));
  });
  worker.on('error', (error) => options.onError?.(error));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      ended = true;
      if (!stopping) options.onError?.(new Error(`article read thread ended (exit code ${code}); articles are read on the request thread again`));
      for (const { request, resolve: answer, reject } of waiting.values()) inThread.read(request).then(answer, reject);
      waiting.clear();
      resolve();
    }),
  );
  return {
    read(request) {
      if (ended) return inThread.read(request);
      return new Promise((resolve, reject) => {
        const n = ++sent;
        waiting.set(n, { request, resolve, reject });
        const message: ReadMessage = { n, releaseId: request.releaseId, query: request.query, now: request.now.getTime(), commentPage: request.commentPage };
        worker.postMessage(message);
      });
    },
    threaded: () => !ended,
    async stop() {
      if (!stopping && !ended) {
        stopping = true;
        // Whoever awaits the stop keeps the process up until the thread has closed its connection.
        worker.ref();
        worker.postMessage('stop' satisfies ReadMessage);
      }
      await exited;
    },
  };
}

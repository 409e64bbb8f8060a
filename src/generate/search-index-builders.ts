// Several search indexes built at once, one per worker thread, each in memory,
// handing over every segment it writes for the generator to put into
// release_search (see src/db/sqlite-bulk.ts for why). The generator hands over
// index rows, or generated releases to work the rows out from (search-rows.ts),
// in ascending rowid order; each batch goes to the builder with the shortest
// queue, and full queues make the generator wait, which also lends its CPU to
// the builders. (Letting the generator index a batch itself when the queues are
// full, instead of waiting, was slower on two cores.)
import { Worker } from 'node:worker_threads';
import { packageBuffers, ScratchSearchIndex, type SearchIndexSource, type SegmentPackage } from '../db/sqlite-bulk.js';
import { vocabularyGrams } from './composed-grams.js';
import { forEachRelease, SearchRowWriter } from './search-rows.js';

export interface BuilderSetup {
  source: Pick<SearchIndexSource, 'createTable' | 'columns'>;
  rowsPerSegment: number;
  /** what a builder needs to work out the rows of generated releases */
  mirror: { columns: string[]; vocabulary: { words: string[]; sentences: string[] }; ministryGrams: [number, string][] };
}

export type BuilderRequest =
  | { type: 'rows'; rows: unknown[][] }
  | { type: 'releases'; releases: Float64Array }
  /** buffers of assembled segments, to pack the next ones into */
  | { type: 'recycle'; buffers: ArrayBuffer[] }
  | { type: 'close' };
export type BuilderReply =
  | { type: 'indexed'; rows: number; segments: SegmentPackage[] }
  | { type: 'closed'; segments: SegmentPackage[] }
  | { type: 'failed'; message: string };

interface Builder {
  /** rows handed over and not yet indexed */
  queued: number;
  /** rows handed over in all */
  sent: number;
  /** whether every row is indexed and the last segment handed over */
  closed: boolean;
  send(request: BuilderRequest & { type: 'rows' | 'releases' | 'recycle' }): void;
  /** Asks for the last segment once every row handed over is indexed. */
  close(): void;
  stop(): Promise<void>;
}

function transferred(request: BuilderRequest): ArrayBuffer[] {
  if (request.type === 'releases') return [request.releases.buffer as ArrayBuffer];
  return request.type === 'recycle' ? request.buffers : [];
}

const WORKER_URL = new URL('./search-index-worker.js', import.meta.url);
/** Node starts workers from JavaScript only: run from the TypeScript sources (tests), the builders share this thread. */
const CAN_START_WORKERS = import.meta.url.endsWith('.js');

/** A builder's half: indexes the rows of each request. */
export class RequestIndexer {
  readonly #index: ScratchSearchIndex;
  readonly #rows: SearchRowWriter;

  constructor(setup: BuilderSetup) {
    this.#index = new ScratchSearchIndex(setup.source, setup.rowsPerSegment);
    const { columns, vocabulary, ministryGrams } = setup.mirror;
    this.#rows = new SearchRowWriter(columns, {
      grams: vocabularyGrams(vocabulary),
      ministryGrams: new Map(ministryGrams.map(([id, grams]) => [id, Buffer.from(grams)])),
    });
  }

  recycle(buffers: readonly ArrayBuffer[]): void {
    this.#index.buffers.give(buffers);
  }

  /** Indexes a request's rows; returns how many and the segments completed meanwhile. */
  index(request: BuilderRequest & { type: 'rows' | 'releases' }): { rows: number; segments: SegmentPackage[] } {
    const segments: SegmentPackage[] = [];
    let rows = 0;
    const insert = (row: readonly unknown[]) => {
      const segment = this.#index.insert(row);
      if (segment) segments.push(segment);
      rows++;
    };
    if (request.type === 'rows') request.rows.forEach(insert);
    else forEachRelease(request.releases, (release) => insert(this.#rows.row(release)));
    return { rows, segments };
  }

  close(): SegmentPackage | null {
    return this.#index.close();
  }
}

export interface SearchIndexBuildersOptions extends BuilderSetup {
  /** worker threads; run from the TypeScript sources, builders in this thread stand in for them */
  workers: number;
  /** rows handed over but not yet indexed, beyond which add() waits */
  maxQueued: number;
}

export class SearchIndexBuilders {
  /** rows indexed so far */
  indexed = 0;
  readonly #builders: Builder[];
  readonly #maxQueued: number;
  /** segments written and not yet taken */
  #segments: SegmentPackage[] = [];
  /** which builder wrote a segment, to give its buffers back to */
  readonly #writers = new WeakMap<SegmentPackage, Builder>();
  #failure: Error | null = null;
  #waiting: (() => void)[] = [];

  constructor(options: SearchIndexBuildersOptions) {
    this.#maxQueued = options.maxQueued;
    const setup: BuilderSetup = {
      source: { createTable: options.source.createTable, columns: options.source.columns },
      rowsPerSegment: options.rowsPerSegment,
      mirror: options.mirror,
    };
    this.#builders = Array.from({ length: Math.max(1, options.workers) }, () =>
      CAN_START_WORKERS ? this.#workerBuilder(setup) : this.#inlineBuilder(setup),
    );
  }

  /** Hands over index rows in ascending rowid order; waits while the queues are full. */
  addRows(rows: unknown[][]): Promise<void> {
    return this.#add({ type: 'rows', rows }, rows.length);
  }

  /** Hands over generated releases (a ReleaseBatch), after any rows handed over before. */
  addReleases(releases: Float64Array, count: number): Promise<void> {
    return this.#add({ type: 'releases', releases }, count);
  }

  async #add(request: BuilderRequest & { type: 'rows' | 'releases' }, rows: number): Promise<void> {
    this.#throwIfFailed();
    if (rows === 0) return;
    const builder = this.#builders.reduce((a, b) => (b.queued < a.queued || (b.queued === a.queued && b.sent < a.sent) ? b : a));
    builder.queued += rows;
    builder.sent += rows;
    builder.send(request);
    while (this.#builders.reduce((n, b) => n + b.queued, 0) > this.#maxQueued) await this.#progress();
  }

  /** The segments written since the last call. */
  takeSegments(): SegmentPackage[] {
    const segments = this.#segments;
    this.#segments = [];
    return segments;
  }

  /** Gives a taken segment's buffers back to its builder, once nothing reads them any more. */
  recycle(segment: SegmentPackage): void {
    const builder = this.#writers.get(segment);
    if (builder && !builder.closed) builder.send({ type: 'recycle', buffers: packageBuffers([segment]) });
  }

  /**
   * Waits until every row is indexed and every segment written, calling `onProgress`
   * whenever rows got indexed or segments written.
   */
  async finish(onProgress: () => void): Promise<void> {
    for (const builder of this.#builders) builder.close();
    for (;;) {
      this.#throwIfFailed();
      onProgress();
      if (this.#builders.every((builder) => builder.closed)) return;
      await this.#progress();
    }
  }

  /** Stops the worker threads. */
  async dispose(): Promise<void> {
    await Promise.all(this.#builders.map((builder) => builder.stop()));
  }

  #progress(): Promise<void> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #notify(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#notify();
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  #indexed(builder: Builder, rows: number, segments: SegmentPackage[]): void {
    builder.queued -= rows;
    this.indexed += rows;
    this.#written(builder, segments);
    this.#notify();
  }

  #closed(builder: Builder, segments: SegmentPackage[]): void {
    builder.closed = true;
    this.#written(builder, segments);
    this.#notify();
  }

  #written(builder: Builder, segments: SegmentPackage[]): void {
    for (const segment of segments) this.#writers.set(segment, builder);
    this.#segments.push(...segments);
  }

  #inlineBuilder(setup: BuilderSetup): Builder {
    const indexer = new RequestIndexer(setup);
    const builder: Builder = {
      queued: 0,
      sent: 0,
      closed: false,
      send: (request) => {
        if (request.type === 'recycle') return indexer.recycle(request.buffers);
        const { rows, segments } = indexer.index(request);
        this.#indexed(builder, rows, segments);
      },
      close: () => {
        if (!builder.closed) {
          const last = indexer.close();
          this.#closed(builder, last ? [last] : []);
        }
      },
      stop: async () => builder.close(),
    };
    return builder;
  }

  #workerBuilder(setup: BuilderSetup): Builder {
    const worker = new Worker(WORKER_URL, { workerData: setup });
    let closing = false;
    let stopping = false;
    const builder: Builder = {
      queued: 0,
      sent: 0,
      closed: false,
      send: (request) => worker.postMessage(request, transferred(request)),
      close: () => {
        if (!closing) worker.postMessage({ type: 'close' } satisfies BuilderRequest);
        closing = true;
      },
      stop: async () => {
        stopping = true;
        await worker.terminate();
      },
    };
    worker.on('message', (reply: BuilderReply) => {
      if (reply.type === 'indexed') this.#indexed(builder, reply.rows, reply.segments);
      else if (reply.type === 'closed') this.#closed(builder, reply.segments);
      else this.#fail(new Error(reply.message));
    });
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => {
      if (!stopping) this.#fail(new Error(`검색 색인 작업 스레드가 멈췄습니다 (종료 코드 ${code}).`));
    });
    return builder;
  }
}

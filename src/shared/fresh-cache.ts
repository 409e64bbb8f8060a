import { WorkAbandoned } from './heavy-work.js';

/** What a cached answer depends on: see contentFreshnessReader in src/db/sqlite.ts. */
export interface Freshness {
  version: number;
  /** the version of one release's comments, when read for it (else 0) */
  commentVersion: number;
  nextEmbargoAt: string | null;
}

/** Reads the current freshness; `commentsOf` names the release whose comments an answer shows. */
export type FreshnessReader = (now: Date, commentsOf?: number) => Freshness;

interface Entry<T> {
  value: T;
  /** what sizeOf gave for it (0 without a byte budget) */
  bytes: number;
  version: number;
  /** the release whose comments the value shows, and their version then */
  comments: { releaseId: number; version: number } | null;
  validUntil: number;
}

/** How much a FreshCache keeps. */
export interface FreshCacheLimits<T> {
  maxAgeMs: number;
  maxEntries: number;
  /** the most the stored entries may add up to, as sizeOf measures them */
  maxBytes?: number;
  /** an entry larger than this is handed out but not stored */
  maxEntryBytes?: number;
  sizeOf?: (value: T) => number;
}

/**
 * A cache whose entries are used only while the content version they were made at
 * is current (any process's write moves it), no embargo has passed since, and they
 * are younger than maxAgeMs. It can therefore never answer with a withdrawn,
 * corrected or still-embargoed state of the data.
 */
export class FreshCache<T> {
  /** in order of last use: the first is evicted first */
  private entries = new Map<string, Entry<T>>();
  /**
   * Computations under way. A burst of readers asking for one uncached page makes
   * one render, not fifty; a reader joins only a computation begun at the same
   * freshness, so none is handed an answer older than what it would compute.
   */
  private pending = new Map<string, { freshness: Freshness; commentsOf: number | undefined; value: Promise<T> }>();

  /** the sum of the stored entries' sizes */
  private bytes = 0;

  constructor(
    private readonly freshness: FreshnessReader,
    private readonly options: FreshCacheLimits<T>,
  ) {}

  /** Stored entries and their total size (tests read it). */
  get usage(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private remove(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  lookup(key: string, now: Date, commentsOf?: number): { value: T | undefined; freshness: Freshness } {
    const freshness = this.freshness(now, commentsOf);
    const entry = this.entries.get(key);
    if (
      entry &&
      entry.version === freshness.version &&
      (entry.comments === null || (entry.comments.releaseId === commentsOf && entry.comments.version === freshness.commentVersion)) &&
      now.getTime() < entry.validUntil
    ) {
      // Kept as the most recently used, so a flood of one-off pages evicts them first.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return { value: entry.value, freshness };
    }
    if (entry) this.remove(key, entry);
    return { value: undefined, freshness };
  }

  store(key: string, value: T, freshness: Freshness, now: Date, commentsOf?: number): T {
    const embargo = freshness.nextEmbargoAt ? new Date(freshness.nextEmbargoAt).getTime() : Infinity;
    // A slow render begun before a change must not replace one made after it.
    const current = this.entries.get(key);
    if (
      current &&
      (current.version > freshness.version ||
        (current.version === freshness.version && current.comments?.releaseId === commentsOf && (current.comments?.version ?? 0) > freshness.commentVersion))
    ) {
      return value;
    }
    const bytes = this.options.sizeOf?.(value) ?? 0;
    // One answer larger than this would push out many smaller ones read more often.
    if (this.options.maxEntryBytes !== undefined && bytes > this.options.maxEntryBytes) return value;
    if (current) this.remove(key, current);
    for (const [oldestKey, oldest] of this.entries) {
      if (this.entries.size < this.options.maxEntries && (this.options.maxBytes === undefined || this.bytes + bytes <= this.options.maxBytes)) break;
      this.remove(oldestKey, oldest);
    }
    this.bytes += bytes;
    this.entries.set(key, {
      value,
      bytes,
      version: freshness.version,
      comments: commentsOf === undefined ? null : { releaseId: commentsOf, version: freshness.commentVersion },
      validUntil: Math.min(now.getTime() + this.options.maxAgeMs, embargo),
    });
    return value;
  }

  /**
   * The cached value, or the computed one (stored for next time). `commentsOf` names
   * the release whose comments the value shows: it is then checked against that
   * release's comments too.
   */
  async get(key: string, now: Date, compute: () => Promise<T>, commentsOf?: number): Promise<T> {
    const { value, freshness } = this.lookup(key, now, commentsOf);
    if (value !== undefined) return value;
    const running = this.pending.get(key);
    if (running && running.commentsOf === commentsOf && sameFreshness(running.freshness, freshness)) {
      // The reader who started it left and it was given up: this one is still waiting.
      return running.value.catch((error: unknown) => {
        if (error instanceof WorkAbandoned) return this.get(key, now, compute, commentsOf);
        throw error;
      });
    }
    const computed = compute().then((result) => this.store(key, result, freshness, now, commentsOf));
    const flight = { freshness, commentsOf, value: computed };
    this.pending.set(key, flight);
    const settle = () => {
      if (this.pending.get(key) === flight) this.pending.delete(key);
    };
    computed.then(settle, settle);
    return computed;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.pending.clear();
  }
}

function sameFreshness(a: Freshness, b: Freshness): boolean {
  return a.version === b.version && a.commentVersion === b.commentVersion && a.nextEmbargoAt === b.nextEmbargoAt;
}

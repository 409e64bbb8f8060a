/** What a cached answer depends on: see contentFreshnessReader in src/db/sqlite.ts. */
export interface Freshness {
  version: number;
  commentVersion: number;
  nextEmbargoAt: string | null;
}

interface Entry<T> {
  value: T;
  version: number;
  /** null when the value shows no comments */
  commentVersion: number | null;
  validUntil: number;
}

/**
 * A cache whose entries are used only while the content version they were made at
 * is current (any process's write moves it), no embargo has passed since, and they
 * are younger than maxAgeMs. It can therefore never answer with a withdrawn,
 * corrected or still-embargoed state of the data.
 */
export class FreshCache<T> {
  private entries = new Map<string, Entry<T>>();

  constructor(
    private readonly freshness: (now: Date) => Freshness,
    private readonly options: { maxAgeMs: number; maxEntries: number },
  ) {}

  lookup(key: string, now: Date): { value: T | undefined; freshness: Freshness } {
    const freshness = this.freshness(now);
    const entry = this.entries.get(key);
    if (
      entry &&
      entry.version === freshness.version &&
      (entry.commentVersion === null || entry.commentVersion === freshness.commentVersion) &&
      now.getTime() < entry.validUntil
    ) {
      return { value: entry.value, freshness };
    }
    if (entry) this.entries.delete(key);
    return { value: undefined, freshness };
  }

  store(key: string, value: T, freshness: Freshness, now: Date, dependsOnComments = false): T {
    const embargo = freshness.nextEmbargoAt ? new Date(freshness.nextEmbargoAt).getTime() : Infinity;
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, {
      value,
      version: freshness.version,
      commentVersion: dependsOnComments ? freshness.commentVersion : null,
      validUntil: Math.min(now.getTime() + this.options.maxAgeMs, embargo),
    });
    return value;
  }

  /** The cached value, or the computed one (stored for next time). */
  async get(key: string, now: Date, compute: () => Promise<T>, dependsOnComments = false): Promise<T> {
    const { value, freshness } = this.lookup(key, now);
    if (value !== undefined) return value;
    return this.store(key, await compute(), freshness, now, dependsOnComments);
  }

  clear(): void {
    this.entries.clear();
  }
}

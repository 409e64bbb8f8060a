import type { Kysely } from 'kysely';
import type { Database, MinistryRow } from '../db/schema.js';
import { listMinistries } from './ministry-repository.js';

const REFRESH_MS = 60_000;

/**
 * The ministries and their aliases, held in memory because every list page needs
 * them for its filter. A name it does not know triggers one reload before it is
 * called unknown, so a ministry added by another process is found at once.
 */
export class MinistryDirectory {
  private ministries: MinistryRow[] = [];
  private byName = new Map<string, MinistryRow>();
  private loadedAt = -Infinity;

  constructor(private readonly db: Kysely<Database>) {}

  private async load(): Promise<void> {
    const [ministries, aliases] = await Promise.all([
      listMinistries(this.db),
      this.db.selectFrom('ministry_aliases').selectAll().execute(),
    ]);
    const byId = new Map(ministries.map((m) => [m.id, m]));
    const byName = new Map<string, MinistryRow>();
    for (const m of ministries) {
      byName.set(m.short_name, m);
    }
    for (const a of aliases) {
      const m = byId.get(a.ministry_id);
      if (m) byName.set(a.alias, m);
    }
    // Official names win over any alias or short name that collides with them.
    for (const m of ministries) byName.set(m.name, m);
    this.ministries = ministries;
    this.byName = byName;
    this.loadedAt = Date.now();
  }

  async all(): Promise<MinistryRow[]> {
    if (Date.now() - this.loadedAt > REFRESH_MS) await this.load();
    return this.ministries;
  }

  async resolve(name: string): Promise<MinistryRow | undefined> {
    await this.all();
    const found = this.byName.get(name);
    if (found) return found;
    await this.load();
    return this.byName.get(name);
  }

  /** A synchronous lookup over the names loaded so far. */
  lookup(name: string): MinistryRow | undefined {
    return this.byName.get(name);
  }

  invalidate(): void {
    this.loadedAt = -Infinity;
  }
}

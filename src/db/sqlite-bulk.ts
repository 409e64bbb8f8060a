// Bulk loading (the generate command): the SQLite-specific half.
//
// A load runs in one transaction with a rollback journal. The triggers and
// indexes it drops for speed are created again from their own sqlite_master SQL
// in that same transaction, so a failed load, or a killed process (SQLite rolls
// a hot journal back on the next open), leaves the schema as it was.
//
// The search index is the slow part: FTS5 indexes in one thread, about 0.4 ms per
// release here, seven minutes for a million. So the generator indexes in several
// worker threads at once, each in an in-memory scratch index (ScratchSearchIndex)
// that hands over every segment it writes, and SearchIndexAssembly puts the
// segments into release_search. FTS5 keeps an index in its shadow tables (%_data:
// segment pages and two records, %_idx, %_docsize, %_config), and segments are
// independent of each other: the assembly renumbers each one, adds up the row
// counts and token totals, and writes one structure record listing them all.
// canAssembleSearchIndex() first runs all this on a small table and checks the
// result with FTS5's integrity-check; if this SQLite's FTS5 writes its records
// differently, the generator lets the trigger index every release instead.
import SQLite from 'better-sqlite3';

export interface BulkLoadPlan {
  /** triggers to drop during the load (those that do not exist are skipped) */
  triggers: readonly string[];
  /** indexes to drop during the load: CREATE INDEX sorts once, cheaper than keeping them up to date row by row */
  indexes: readonly string[];
  /**
   * false when the caller knows every row it inserts satisfies the foreign keys:
   * checking a key looks its parent up, and parents spread over a large table are
   * read from disk one page at a time
   */
  checkForeignKeys?: boolean;
}

/**
 * Runs `load` in one transaction with the plan's triggers and indexes dropped,
 * and creates them again before committing. The connection must not be used by
 * anything else until the returned promise settles.
 */
export async function bulkLoad<T>(sqlite: SQLite.Database, plan: BulkLoadPlan, load: () => Promise<T>): Promise<T> {
  const leaveBulkSettings = enterBulkSettings(sqlite);
  const foreignKeys = Number(sqlite.pragma('foreign_keys', { simple: true }));
  // Only outside a transaction does this pragma take effect.
  if (plan.checkForeignKeys === false) sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const dropped = [...dropSchemaObjects(sqlite, 'index', plan.indexes), ...dropSchemaObjects(sqlite, 'trigger', plan.triggers)];
      const result = await load();
      for (const statement of dropped) sqlite.exec(statement);
      sqlite.exec('COMMIT');
      return result;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw error;
    }
  } finally {
    sqlite.pragma(`foreign_keys = ${foreignKeys}`);
    leaveBulkSettings();
  }
}

/**
 * A rollback journal (so that the load's one transaction can roll back, DDL
 * included) without fsync, and a large page cache; returns a function that
 * restores the connection's settings.
 */
function enterBulkSettings(sqlite: SQLite.Database): () => void {
  const journalMode = String(sqlite.pragma('journal_mode', { simple: true }));
  const synchronous = Number(sqlite.pragma('synchronous', { simple: true }));
  const cacheSize = Number(sqlite.pragma('cache_size', { simple: true }));
  // Rows are appended to new pages, which a rollback journal does not copy: it
  // costs next to nothing here, unlike WAL, which writes every page twice.
  sqlite.pragma('journal_mode = DELETE');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -524288');
  return () => {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.pragma(`synchronous = ${synchronous}`);
    sqlite.pragma(`journal_mode = ${journalMode}`);
  };
}

/** Drops the named objects that exist and returns the SQL that creates them again. */
function dropSchemaObjects(sqlite: SQLite.Database, type: 'index' | 'trigger', names: readonly string[]): string[] {
  const find = sqlite.prepare('SELECT sql FROM sqlite_master WHERE type = ? AND name = ? AND sql IS NOT NULL').pluck();
  const statements: string[] = [];
  for (const name of names) {
    const statement = find.get(type, name) as string | undefined;
    if (statement === undefined) continue;
    sqlite.exec(`DROP ${type.toUpperCase()} ${quoteName(name)}`);
    statements.push(statement);
  }
  return statements;
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const COUNTER_TRIGGER =
  /^CREATE\s+TRIGGER\s+\w+\s+AFTER\s+INSERT\s+ON\s+\w+\s+BEGIN\s+UPDATE\s+(\w+)\s+SET\s+(\w+)\s*=\s*(\w+)\s*\+\s*1\s+WHERE\s+(\w+)\s*=\s*('[^']*')\s*;\s*END$/i;

/** An AFTER INSERT trigger that only counts a table's rows, and how to count a load's rows at once instead. */
export interface RowCounter {
  trigger: string;
  add(rows: number): void;
}

/**
 * The AFTER INSERT triggers on `table` whose whole body is UPDATE t SET c = c + 1
 * WHERE k = '...' (the content version counters): running such a trigger once
 * per row costs as much as an index, and adding the row count once has the same
 * effect.
 */
export function rowCounters(sqlite: SQLite.Database, table: string): RowCounter[] {
  const triggers = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").all(table) as { name: string; sql: string }[];
  return triggers.flatMap(({ name, sql }) => {
    const match = COUNTER_TRIGGER.exec(sql.trim());
    if (!match || match[2] !== match[3]) return [];
    const [, counterTable, column, , keyColumn, key] = match;
    const update = `UPDATE ${quoteName(counterTable!)} SET ${quoteName(column!)} = ${quoteName(column!)} + ? WHERE ${quoteName(keyColumn!)} = ${key}`;
    return [{ trigger: name, add: (rows: number) => void sqlite.prepare(update).run(BigInt(rows)) }];
  });
}

/** A prepared single-row INSERT taking values in `columns` order; returns the new rowid. */
export function rowInserter(sqlite: SQLite.Database, table: string, columns: readonly string[]): (values: unknown[]) => number {
  const statement = sqlite.prepare(
    `INSERT INTO ${quoteName(table)} (${columns.map(quoteName).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  return (values) => Number(statement.run(values).lastInsertRowid);
}

// ---------------------------------------------------------------------------
// The search index

const SEARCH_TABLE = 'release_search';
const SEARCH_INSERT_TRIGGER = 'releases_search_insert';
const INSERT_FROM_SOURCE =
  /INSERT\s+INTO\s+release_search\s*\(([^)]*)\)\s*SELECT\s+([\s\S]+?)\s+FROM\s+release_search_source\s+WHERE\s+id\s*=\s*NEW\.id\s*;\s*END\s*$/i;

/** How the search trigger indexes a new release, read from the trigger itself. */
export interface SearchIndexSource {
  /** the trigger a bulk load drops while it builds the index itself */
  trigger: string;
  /** the CREATE VIRTUAL TABLE statement of release_search */
  createTable: string;
  /** release_search's columns as the trigger fills them, rowid first */
  columns: string[];
  /** the trigger's SELECT list over release_search_source */
  select: string;
}

/**
 * The search trigger's INSERT ... SELECT ... FROM release_search_source WHERE
 * id = NEW.id, so that a load computes exactly the rows the trigger would (for a
 * range of ids at once); null when the trigger has another shape.
 */
export function searchIndexSource(sqlite: SQLite.Database): SearchIndexSource | null {
  const find = sqlite.prepare('SELECT sql FROM sqlite_master WHERE type = ? AND name = ?').pluck();
  const trigger = find.get('trigger', SEARCH_INSERT_TRIGGER) as string | undefined;
  const createTable = find.get('table', SEARCH_TABLE) as string | undefined;
  const match = trigger === undefined ? null : INSERT_FROM_SOURCE.exec(trigger);
  if (!match || createTable === undefined) return null;
  const columns = match[1]!.split(',').map((column) => column.trim());
  if (columns[0]?.toLowerCase() !== 'rowid') return null;
  return { trigger: SEARCH_INSERT_TRIGGER, createTable, columns, select: match[2]! };
}

/** The index row the search trigger would write for a release, or undefined when it writes none. */
export function searchRowOf(sqlite: SQLite.Database, source: SearchIndexSource, id: number): unknown[] | undefined {
  return sqlite.prepare(`SELECT ${source.select} FROM release_search_source WHERE id = ?`).raw().safeIntegers().get(id) as unknown[] | undefined;
}

/** Runs `use` in a savepoint and rolls back whatever it wrote. */
export function rolledBack<T>(sqlite: SQLite.Database, use: () => T): T {
  sqlite.exec('SAVEPOINT rolled_back');
  try {
    return use();
  } finally {
    sqlite.exec('ROLLBACK TO rolled_back');
    sqlite.exec('RELEASE rolled_back');
  }
}

/** Reads the index rows of the public releases with ids in a range, ordered by rowid. */
export function searchRowReader(sqlite: SQLite.Database, source: SearchIndexSource): (fromId: number, toId: number) => unknown[][] {
  // The rowid may exceed JavaScript's exact integers: read it as a BigInt.
  const statement = sqlite
    .prepare(`SELECT ${source.select} FROM release_search_source WHERE id BETWEEN ? AND ? ORDER BY 1`)
    .raw()
    .safeIntegers();
  return (fromId, toId) => statement.all(fromId, toId) as unknown[][];
}

/**
 * Rows of an integer and a blob in one ArrayBuffer (the integers, where each
 * blob ends, then the blobs): it passes between threads without copying, where
 * hundreds of thousands of small buffers would be cloned one by one, and it can
 * be handed back and used again (see BufferPool).
 */
export interface PackedRows {
  buffer: ArrayBuffer;
  count: number;
}

/**
 * ArrayBuffers to pack segments into, used again once the assembly has read
 * them: fresh memory costs a page fault per 4 KiB, and packing into fresh
 * buffers caused most of a load's page faults.
 */
export class BufferPool {
  #free: ArrayBuffer[] = [];

  take(size: number): ArrayBuffer {
    let best = -1;
    this.#free.forEach((buffer, i) => {
      if (buffer.byteLength >= size && (best < 0 || buffer.byteLength < this.#free[best]!.byteLength)) best = i;
    });
    return best < 0 ? new ArrayBuffer(Math.ceil(size * 1.25)) : this.#free.splice(best, 1)[0]!;
  }

  give(buffers: readonly ArrayBuffer[]): void {
    this.#free.push(...buffers);
  }
}

function packRows(rows: [bigint, Buffer][], pool: BufferPool): PackedRows {
  const count = rows.length;
  const size = rows.reduce((n, [, blob]) => n + blob.length, count * 12);
  const buffer = pool.take(size);
  const keys = new BigInt64Array(buffer, 0, count);
  const ends = new Uint32Array(buffer, count * 8, count);
  const bytes = new Uint8Array(buffer, count * 12);
  let offset = 0;
  rows.forEach(([key, blob], i) => {
    keys[i] = key;
    bytes.set(blob, offset);
    offset += blob.length;
    ends[i] = offset;
  });
  return { buffer, count };
}

function forEachRow({ buffer, count }: PackedRows, use: (key: bigint, blob: Buffer) => void): void {
  const keys = new BigInt64Array(buffer, 0, count);
  const ends = new Uint32Array(buffer, count * 8, count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = ends[i]!;
    use(keys[i]!, Buffer.from(buffer, count * 12 + start, end - start));
    start = end;
  }
}

/** What FTS5 wrote at one flush of a scratch index: one segment and its rows' sizes. */
export interface SegmentPackage {
  /** the segment's pages (leaves and doclist indexes), rowids as written for segment id 1 */
  pages: PackedRows;
  /** its %_idx entries: page number, term */
  terms: PackedRows;
  /** the %_docsize entries of its rows: rowid, column sizes */
  sizes: PackedRows;
  /** row count, then each column's token total */
  totals: number[];
  segment: Omit<Segment, 'segid' | 'origin1' | 'origin2'>;
  writeCounter: number;
}

/** The buffers of packages, to transfer rather than copy them to another thread, and to use again. */
export function packageBuffers(packages: readonly SegmentPackage[]): ArrayBuffer[] {
  return packages.flatMap(({ pages, terms, sizes }) => [pages.buffer, terms.buffer, sizes.buffer]);
}

/**
 * A search index being built in memory for release_search. FTS5 writes a
 * segment each time a transaction commits; then the segment is taken out as a
 * package and the table starts empty again, so that a package holds exactly one
 * segment and memory holds at most one.
 */
export class ScratchSearchIndex {
  readonly #sqlite = new SQLite(':memory:');
  readonly #source: Pick<SearchIndexSource, 'createTable' | 'columns'>;
  readonly #rowsPerSegment: number;
  /** where segments are packed; give it their buffers back once they are assembled */
  readonly buffers = new BufferPool();
  #insert!: SQLite.Statement;
  #rowsInSegment = 0;
  #lastRowid = 0n;

  constructor(source: Pick<SearchIndexSource, 'createTable' | 'columns'>, rowsPerSegment: number) {
    this.#source = source;
    this.#rowsPerSegment = rowsPerSegment;
    this.#create();
  }

  /**
   * Indexes a row as searchRowReader() reads it (text may also come as UTF-8 in
   * a BLOB, which FTS5 reads alike); returns the segment if this one completed it.
   */
  insert(row: readonly unknown[]): SegmentPackage | null {
    const rowid = row[0] as bigint;
    // FTS5 writes what it holds as a segment before a smaller rowid: end this one here.
    const ended = this.#rowsInSegment > 0 && rowid <= this.#lastRowid ? this.#takeSegment() : null;
    this.#insert.run(row);
    this.#lastRowid = rowid;
    return ++this.#rowsInSegment >= this.#rowsPerSegment && !ended ? this.#takeSegment() : ended;
  }

  /** Writes the last segment; returns it (null if it would be empty) and closes the index. */
  close(): SegmentPackage | null {
    const last = this.#rowsInSegment > 0 ? this.#takeSegment() : null;
    this.#sqlite.close();
    return last;
  }

  #create(): void {
    this.#sqlite.exec(this.#source.createTable);
    // No merging: the assembly keeps segments as they are. Config values must be
    // integer literals (a bound number arrives as a REAL).
    for (const [key, value] of [['hashsize', 1 << 30], ['automerge', 0], ['crisismerge', 1_000_000]] as const) {
      this.#sqlite.exec(`INSERT INTO ${SEARCH_TABLE} (${SEARCH_TABLE}, rank) VALUES ('${key}', ${value})`);
    }
    const columns = this.#source.columns;
    this.#insert = this.#sqlite.prepare(`INSERT INTO ${SEARCH_TABLE} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    this.#sqlite.exec('BEGIN');
  }

  #takeSegment(): SegmentPackage {
    this.#sqlite.exec('COMMIT');
    const structure = decodeStructure(readRecord(this.#sqlite, STRUCTURE_ROWID));
    const segments = structure.levels.flatMap((level) => level.segments);
    const segment = segments[0];
    if (segments.length !== 1 || !segment || segment.nPgTombstone !== 0) throw new Error('FTS5가 예상과 다른 세그먼트를 썼습니다.');
    const first = BigInt(segment.segid) << SEGMENT_ROWID_SHIFT;
    const read = (query: string, ...params: unknown[]) =>
      packRows(this.#sqlite.prepare(query).raw().safeIntegers().all(...params) as [bigint, Buffer][], this.buffers);
    const { segid: _segid, origin1: _origin1, origin2: _origin2, ...counts } = segment;
    const taken: SegmentPackage = {
      pages: read(`SELECT id - ?, block FROM ${SEARCH_TABLE}_data WHERE id >= ? AND id < ?`, first - FIRST_SEGMENT, first, first + SEGMENT_ROWIDS),
      terms: read(`SELECT pgno, term FROM ${SEARCH_TABLE}_idx WHERE segid = ?`, segment.segid),
      sizes: read(`SELECT id, sz FROM ${SEARCH_TABLE}_docsize`),
      totals: readVarints(readRecord(this.#sqlite, AVERAGES_ROWID)),
      segment: counts,
      writeCounter: structure.writeCounter,
    };
    this.#sqlite.exec(`DROP TABLE ${SEARCH_TABLE}`);
    this.#rowsInSegment = 0;
    this.#create();
    return taken;
  }
}

// FTS5's records (fts5_index.c): the averages record holds the row count and each
// column's token total; the structure record lists the segments level by level.
const AVERAGES_ROWID = 1n;
const STRUCTURE_ROWID = 10n;
/** The structure record of a table with contentless_delete, whose segments carry origins. */
const STRUCTURE_V2 = [0xff, 0x00, 0x00, 0x01];
/** A segment's pages have rowids segid << 37 | (doclist index, height, page number). */
const SEGMENT_ROWID_SHIFT = 37n;
const SEGMENT_ROWIDS = 1n << SEGMENT_ROWID_SHIFT;
const FIRST_SEGMENT = SEGMENT_ROWIDS;
/** Below FTS5's automerge threshold (4): the assembled index starts with no merge due. */
const SEGMENTS_PER_LEVEL = 3;
/**
 * Levels left empty under the assembled segments: the small segments of later
 * edits merge among themselves there for a long while before a merge reaches
 * the large ones.
 */
const FREE_LEVELS = 4;
/** Well below FTS5's limit of 64 levels; more segments than fit at three a level share levels. */
const MAX_LEVELS = 32;

interface Segment {
  segid: number;
  pgnoFirst: number;
  pgnoLast: number;
  origin1: number;
  origin2: number;
  nPgTombstone: number;
  nEntryTombstone: number;
  nEntry: number;
}

interface Structure {
  cookie: Buffer;
  writeCounter: number;
  levels: { merging: number; segments: Segment[] }[];
}

function readVarint(buffer: Uint8Array, offset: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    const byte = buffer[offset++];
    if (byte === undefined) throw new Error('FTS5 레코드가 중간에 끝납니다.');
    if (i === 8) return [value * 256 + byte, offset];
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, offset];
  }
  return [value, offset];
}

function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 2 ** 56) throw new Error(`FTS5 레코드에 쓸 수 없는 값입니다: ${value}`);
  const groups: number[] = [];
  do {
    groups.unshift(value % 128);
    value = Math.floor(value / 128);
  } while (value > 0);
  for (let i = 0; i < groups.length - 1; i++) groups[i]! |= 0x80;
  out.push(...groups);
}

function readVarints(buffer: Uint8Array): number[] {
  const values: number[] = [];
  for (let offset = 0; offset < buffer.length; ) {
    const [value, next] = readVarint(buffer, offset);
    values.push(value);
    offset = next;
  }
  return values;
}

function decodeStructure(record: Buffer): Structure {
  if (STRUCTURE_V2.some((byte, i) => record[4 + i] !== byte)) throw new Error('FTS5 구조 레코드의 형식이 예상과 다릅니다.');
  let offset = 8;
  const next = () => {
    const [value, after] = readVarint(record, offset);
    offset = after;
    return value;
  };
  const levelCount = next();
  const segmentCount = next();
  const writeCounter = next();
  const levels: Structure['levels'] = [];
  for (let l = 0; l < levelCount; l++) {
    const merging = next();
    const count = next();
    const segments: Segment[] = [];
    for (let s = 0; s < count; s++) {
      segments.push({
        segid: next(), pgnoFirst: next(), pgnoLast: next(),
        origin1: next(), origin2: next(), nPgTombstone: next(), nEntryTombstone: next(), nEntry: next(),
      });
    }
    levels.push({ merging, segments });
  }
  if (offset !== record.length || levels.reduce((n, level) => n + level.segments.length, 0) !== segmentCount) {
    throw new Error('FTS5 구조 레코드의 형식이 예상과 다릅니다.');
  }
  return { cookie: record.subarray(0, 4), writeCounter, levels };
}

function encodeStructure(structure: Structure): Buffer {
  const out = [...structure.cookie, ...STRUCTURE_V2];
  writeVarint(out, structure.levels.length);
  writeVarint(out, structure.levels.reduce((n, level) => n + level.segments.length, 0));
  writeVarint(out, structure.writeCounter);
  for (const level of structure.levels) {
    writeVarint(out, level.merging);
    writeVarint(out, level.segments.length);
    for (const s of level.segments) {
      for (const value of [s.segid, s.pgnoFirst, s.pgnoLast, s.origin1, s.origin2, s.nPgTombstone, s.nEntryTombstone, s.nEntry]) {
        writeVarint(out, value);
      }
    }
  }
  return Buffer.from(out);
}

function readRecord(sqlite: SQLite.Database, rowid: bigint): Buffer {
  const record = sqlite.prepare(`SELECT block FROM ${SEARCH_TABLE}_data WHERE id = ?`).pluck().get(rowid);
  if (!Buffer.isBuffer(record)) throw new Error(`${SEARCH_TABLE}에 FTS5 레코드 ${rowid}가 없습니다.`);
  return record;
}

/**
 * release_search filled segment by segment, in the caller's transaction. It
 * starts by dropping and creating the table: the old contents go (the caller
 * indexes every public release again), and so does any FTS5 instance of this
 * connection that cached a structure record this overwrites.
 */
export class SearchIndexAssembly {
  readonly #sqlite: SQLite.Database;
  readonly #cookie: Buffer;
  readonly #segments: Segment[] = [];
  readonly #totals: number[] = [];
  #writeCounter = 0;
  readonly #insertPage: SQLite.Statement;
  readonly #insertTerm: SQLite.Statement;
  readonly #insertSize: SQLite.Statement;

  constructor(sqlite: SQLite.Database, createTable: string) {
    this.#sqlite = sqlite;
    sqlite.exec(`DROP TABLE ${SEARCH_TABLE}`);
    sqlite.exec(createTable);
    this.#cookie = decodeStructure(readRecord(sqlite, STRUCTURE_ROWID)).cookie;
    // FTS5's shadow tables are read-only to SQL unless the connection lifts its
    // defensive mode, until finish().
    sqlite.unsafeMode(true);
    this.#insertPage = sqlite.prepare(`INSERT INTO ${SEARCH_TABLE}_data (id, block) VALUES (?, ?)`);
    this.#insertTerm = sqlite.prepare(`INSERT INTO ${SEARCH_TABLE}_idx (segid, term, pgno) VALUES (?, ?, ?)`);
    this.#insertSize = sqlite.prepare(`INSERT INTO ${SEARCH_TABLE}_docsize (id, sz, origin) VALUES (?, ?, ?)`);
  }

  add(taken: SegmentPackage): void {
    const segid = this.#segments.length + 1;
    // Each package is one flush, so one origin: a row's origin names the
    // segments a later delete of it must mark.
    const origin = segid;
    const shift = BigInt(segid) * SEGMENT_ROWIDS - FIRST_SEGMENT;
    forEachRow(taken.pages, (rowid, block) => this.#insertPage.run(rowid + shift, block));
    forEachRow(taken.terms, (pgno, term) => this.#insertTerm.run(segid, term, pgno));
    forEachRow(taken.sizes, (rowid, size) => this.#insertSize.run(rowid, size, origin));
    taken.totals.forEach((value, i) => (this.#totals[i] = (this.#totals[i] ?? 0) + value));
    this.#segments.push({ ...taken.segment, segid, origin1: origin, origin2: origin });
    this.#writeCounter += taken.writeCounter;
  }

  /** Writes the averages and structure records. */
  finish(): void {
    try {
      const averages: number[] = [];
      for (const total of this.#totals) writeVarint(averages, total);
      const writeRecord = this.#sqlite.prepare(`UPDATE ${SEARCH_TABLE}_data SET block = ? WHERE id = ?`);
      writeRecord.run(Buffer.from(averages), AVERAGES_ROWID);
      writeRecord.run(encodeStructure({ cookie: this.#cookie, writeCounter: this.#writeCounter, levels: levelsFor(this.#segments) }), STRUCTURE_ROWID);
    } finally {
      this.#sqlite.unsafeMode(false);
    }
  }

  /** Gives the connection its defensive mode back without finishing (the load failed). */
  abandon(): void {
    this.#sqlite.unsafeMode(false);
  }
}

/** Larger segments on higher levels, as FTS5's own merging leaves them. */
function levelsFor(segments: Segment[]): Structure['levels'] {
  if (segments.length === 0) return [];
  const bySize = [...segments].sort((a, b) => b.pgnoLast - b.pgnoFirst - (a.pgnoLast - a.pgnoFirst));
  const perLevel = Math.max(SEGMENTS_PER_LEVEL, Math.ceil(segments.length / (MAX_LEVELS - FREE_LEVELS)));
  const levelCount = FREE_LEVELS + Math.ceil(segments.length / perLevel);
  const levels = Array.from({ length: levelCount }, () => ({ merging: 0, segments: [] as Segment[] }));
  bySize.forEach((segment, i) => levels[levelCount - 1 - Math.floor(i / perLevel)]!.segments.push(segment));
  return levels;
}

/**
 * Whether the assembly works with this SQLite's FTS5 for a table made by the
 * source's CREATE statement: tried on a few rows in memory, in two segments,
 * one row's text given as UTF-8 in BLOBs, then checked with FTS5's
 * integrity-check and queries.
 */
export function canAssembleSearchIndex(source: Pick<SearchIndexSource, 'createTable' | 'columns'>): boolean {
  const probe = new SQLite(':memory:');
  try {
    const scratch = new ScratchSearchIndex(source, 2);
    const row = (rowid: bigint, text: (value: string) => unknown) =>
      source.columns.map((_, i) => (i === 0 ? rowid : text(`가나 나다 다${rowid}`)));
    const taken = [
      scratch.insert(row(1n, String)),
      scratch.insert(row(2n, String)),
      scratch.insert(row(3n, (text) => Buffer.from(text))),
      scratch.close(),
    ].filter((segment) => segment !== null);
    probe.exec(source.createTable);
    probe.exec('BEGIN');
    const assembly = new SearchIndexAssembly(probe, source.createTable);
    for (const segment of taken) if (segment) assembly.add(segment);
    assembly.finish();
    probe.exec('COMMIT');
    probe.exec(`INSERT INTO ${SEARCH_TABLE} (${SEARCH_TABLE}, rank) VALUES ('integrity-check', 0)`);
    const find = probe.prepare(`SELECT rowid FROM ${SEARCH_TABLE} WHERE ${SEARCH_TABLE} MATCH ? ORDER BY rowid`).pluck();
    return taken.length === 2 && `${find.all('"다3"')}` === '3' && `${find.all('"나다"')}` === '1,2,3';
  } catch {
    return false;
  } finally {
    probe.close();
  }
}

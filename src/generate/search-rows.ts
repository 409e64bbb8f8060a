// The rows release_search gets for generated releases, worked out in JavaScript
// from their vocabulary pieces. Reading each new release back through
// release_search_source, as the search trigger does, and handing the rows to the
// indexing threads took a third of the main thread's time; instead the threads
// get the pieces, a few numbers per release, and work the rows out themselves.
// This mirrors the view of migration 010: the generator compares it with the
// view on a probe release before relying on it (and on a sample during a load),
// and lets the trigger index if the view has changed.
import { RELEASE_TYPES, type ReleaseType } from '../db/schema.js';
import { searchChars } from '../db/sqlite-search.js';
import { CharSetUnion, composedLength, composeGrams, type PieceGrams, type VocabularyGrams } from './composed-grams.js';

/** (보도시점's day in KST) * 2^25 + release id: the search key of migration 015. */
const KEY_ID_RANGE = 33554432n;
const KST_OFFSET_SECONDS = 9 * 3600;
const DAY_SECONDS = 86_400;

/** A generated release as release_search_source reads it: the text columns as vocabulary indices. */
export interface GeneratedRelease {
  id: number;
  /** unixepoch(released_at) */
  releasedAtSeconds: number;
  ministryId: number;
  type: ReleaseType;
  /** word indices */
  title: number[];
  /** word indices of the subtitle lines, one after the other */
  subtitles: number[];
  /** sentence indices of the summary lines */
  summary: number[];
  /** sentence indices of the body's paragraphs, one after the other */
  body: number[];
}

export interface SearchRowContext {
  grams: VocabularyGrams;
  /** by ministry id: search_grams(name || ' ' || short_name), as UTF-8 */
  ministryGrams: ReadonlyMap<number, Buffer>;
}

type Column =
  | { pieces: (release: GeneratedRelease, grams: VocabularyGrams) => PieceGrams[] }
  | { value: (release: GeneratedRelease, context: SearchRowContext) => unknown }
  | { charSet: true };

const MIRRORED: Record<string, Column> = {
  id: { value: (release) => BigInt(release.id) },
  search_key: { value: (release) => BigInt(Math.floor((release.releasedAtSeconds + KST_OFFSET_SECONDS) / DAY_SECONDS)) * KEY_ID_RANGE + BigInt(release.id) },
  title: { pieces: (release, { words }) => release.title.map((i) => words[i]!) },
  subtitles: { pieces: (release, { words }) => release.subtitles.map((i) => words[i]!) },
  summary: { pieces: (release, { sentences }) => release.summary.map((i) => sentences[i]!) },
  body: { pieces: (release, { sentences }) => release.body.map((i) => sentences[i]!) },
  ministry: { value: (release, { ministryGrams }) => ministryGrams.get(release.ministryId) ?? Buffer.alloc(0) },
  facets: { value: (release) => `_m${release.ministryId} _t${release.type}` },
  chars: { charSet: true },
};

/**
 * The view columns a SELECT list names, if it names only columns this mirrors
 * (the search trigger's list: search_key, title, ...); null otherwise.
 */
export function mirroredColumns(select: string): string[] | null {
  const columns = select.split(',').map((column) => column.trim());
  return columns.every((column) => Object.hasOwn(MIRRORED, column)) ? columns : null;
}

/**
 * Works out the values release_search_source gives for `columns` of generated
 * releases: integers as BigInt, grams as UTF-8 in a buffer that the next row
 * reuses (insert each row before asking for the next).
 */
export class SearchRowWriter {
  readonly #columns: Column[];
  readonly #context: SearchRowContext;
  #buffer = Buffer.allocUnsafe(1 << 16);
  readonly #union: CharSetUnion;
  /** each word's, each sentence's and each ministry's characters, as #union takes them */
  readonly #wordChars: Uint32Array[];
  readonly #sentenceChars: Uint32Array[];
  readonly #ministryChars = new Map<number, Uint32Array>();

  constructor(columns: readonly string[], context: SearchRowContext) {
    this.#columns = columns.map((column) => MIRRORED[column]!);
    this.#context = context;
    const { words, sentences } = context.grams;
    // Every character of a ministry's grams is a character of its name and short name.
    const ministryCodes = new Map(
      [...context.ministryGrams].map(([id, grams]) => [id, new Set(searchChars(grams.toString('utf8')).map((char) => char.codePointAt(0)!))]),
    );
    const known = [...words, ...sentences].flatMap((piece) => [...piece.codes]);
    for (const codes of ministryCodes.values()) known.push(...codes);
    this.#union = new CharSetUnion(known);
    this.#wordChars = words.map((piece) => this.#union.characters(piece.codes));
    this.#sentenceChars = sentences.map((piece) => this.#union.characters(piece.codes));
    for (const [id, codes] of ministryCodes) this.#ministryChars.set(id, this.#union.characters([...codes]));
  }

  /** Gathers the characters of every text of a release, as the view's search_char_set() arguments hold them. */
  #gatherChars(release: GeneratedRelease): void {
    const union = this.#union;
    for (const i of release.title) union.add(this.#wordChars[i]!);
    for (const i of release.subtitles) union.add(this.#wordChars[i]!);
    for (const i of release.summary) union.add(this.#sentenceChars[i]!);
    for (const i of release.body) union.add(this.#sentenceChars[i]!);
    const ministry = this.#ministryChars.get(release.ministryId);
    if (ministry) union.add(ministry);
  }

  row(release: GeneratedRelease): unknown[] {
    const pieces = this.#columns.map((column) => ('pieces' in column ? column.pieces(release, this.#context.grams) : []));
    const hasCharSet = this.#columns.some((column) => 'charSet' in column);
    if (hasCharSet) this.#gatherChars(release);
    const length = pieces.reduce((n, list) => n + composedLength(list), 0) + this.#union.length;
    if (length > this.#buffer.length) this.#buffer = Buffer.allocUnsafe(length * 2);
    let offset = 0;
    return this.#columns.map((column, i) => {
      const start = offset;
      if ('charSet' in column) {
        offset = this.#union.take(this.#buffer, offset);
        return this.#buffer.subarray(start, offset);
      }
      if ('value' in column) return column.value(release, this.#context);
      offset = composeGrams(pieces[i]!, this.#buffer, offset);
      return this.#buffer.subarray(start, offset);
    });
  }
}

/** Whether a row read from release_search_source (text as strings) holds the values of a written row (grams as UTF-8). */
export function sameSearchRow(read: readonly unknown[], written: readonly unknown[]): boolean {
  return read.length === written.length && read.every((value, i) => {
    const mine = written[i];
    return Buffer.isBuffer(mine) ? typeof value === 'string' && Buffer.from(value).equals(mine) : value === mine;
  });
}

/**
 * Generated releases packed into numbers, which pass to another thread without
 * copying: id, seconds, ministry, type, then each list as its length and indices.
 */
export class ReleaseBatch {
  #values: number[] = [];
  count = 0;

  add(release: GeneratedRelease): void {
    const values = this.#values;
    values.push(release.id, release.releasedAtSeconds, release.ministryId, RELEASE_TYPES.indexOf(release.type));
    for (const list of [release.title, release.subtitles, release.summary, release.body]) values.push(list.length, ...list);
    this.count++;
  }

  take(): Float64Array {
    const packed = Float64Array.from(this.#values);
    this.#values = [];
    this.count = 0;
    return packed;
  }
}

export function forEachRelease(packed: Float64Array, use: (release: GeneratedRelease) => void): void {
  let i = 0;
  const list = () => {
    const length = packed[i++]!;
    const items = Array.from(packed.subarray(i, i + length));
    i += length;
    return items;
  };
  while (i < packed.length) {
    const id = packed[i++]!;
    const releasedAtSeconds = packed[i++]!;
    const ministryId = packed[i++]!;
    const type = RELEASE_TYPES[packed[i++]!]!;
    use({ id, releasedAtSeconds, ministryId, type, title: list(), subtitles: list(), summary: list(), body: list() });
  }
}

// Search grams of generated texts, worked out from the grams of their pieces.
//
// Generated titles and bodies are vocabulary words and sentences joined by
// whitespace, and searchGrams() drops whitespace before taking bigrams: the grams
// of a joined text are the grams inside each piece plus one bigram across each
// join (the last character of a piece and the first of the next), and the last
// character alone. Working them out per piece once, instead of normalizing every
// release's full text, is a third of the cost of indexing it. NFKC and
// lower-casing never reach across whitespace, so this equals searchGrams() of
// the joined text, which the generator checks on a sample (search-rows.ts).
//
// The grams are written as UTF-8 straight into a buffer: FTS5 reads a BLOB as
// the text it encodes, and building strings only for SQLite to encode them again
// cost as much as the rest together.
import { searchChars } from '../db/sqlite-search.js';

export interface PieceGrams {
  /** how many characters search compares (see searchChars) */
  chars: number;
  /** UTF-8 of the first and last of them */
  first: Buffer;
  last: Buffer;
  /** UTF-8 of the bigrams inside the piece, space-separated, without the final character alone */
  inner: Buffer;
  /** the distinct code points of those characters */
  codes: Uint32Array;
}

export function pieceGrams(text: string): PieceGrams {
  const chars = searchChars(text);
  const pairs: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) pairs.push(chars[i]! + chars[i + 1]!);
  return {
    chars: chars.length,
    first: Buffer.from(chars[0] ?? ''),
    last: Buffer.from(chars.at(-1) ?? ''),
    inner: Buffer.from(pairs.join(' ')),
    codes: Uint32Array.from(new Set(chars.map((char) => char.codePointAt(0)!))),
  };
}

/**
 * searchCharSet() of texts made of pieces whose characters are known beforehand
 * (a vocabulary's): each character gets a number in code point order, so the union
 * of a release's pieces is a few words of bits, read back in order, with no sort.
 * (A stamp per code point over all of Unicode, then sorting the union, cost 18 µs
 * a release, nearly all of working out its index row; this costs 4.)
 */
export class CharSetUnion {
  readonly #numberOf = new Map<number, number>();
  /** the known characters in code point order */
  readonly #codes: Uint32Array;
  /** bit n set: the n-th known character is in the union */
  readonly #bits: Uint32Array;

  constructor(codes: Iterable<number>) {
    this.#codes = Uint32Array.from(new Set(codes)).sort();
    this.#codes.forEach((code, n) => this.#numberOf.set(code, n));
    this.#bits = new Uint32Array(Math.ceil(this.#codes.length / 32));
  }

  /**
   * Characters to add(), each one of the known characters: as the words of the
   * union's bits they touch, each with its bits (pairs of numbers), so that adding
   * a sentence of thirty characters is a dozen ORs.
   */
  characters(codes: ArrayLike<number>): Uint32Array {
    const masks = new Map<number, number>();
    for (let i = 0; i < codes.length; i++) {
      const n = this.#numberOf.get(codes[i]!);
      if (n === undefined) throw new RangeError(`U+${codes[i]!.toString(16)} is not among the known characters`);
      masks.set(n >>> 5, (masks.get(n >>> 5) ?? 0) | (1 << (n & 31)));
    }
    return Uint32Array.from([...masks].flat());
  }

  add(characters: Uint32Array): void {
    const bits = this.#bits;
    for (let i = 0; i < characters.length; i += 2) {
      const word = characters[i]!;
      bits[word] = bits[word]! | characters[i + 1]!;
    }
  }

  /**
   * The union so far as the `chars` column holds it (searchCharSet's form), as
   * UTF-8 written into `out` at `offset`; returns where it ends, and starts a new
   * union. `out` needs `length` bytes.
   */
  take(out: Buffer, offset: number): number {
    const bits = this.#bits;
    const codes = this.#codes;
    const start = offset;
    for (let word = 0; word < bits.length; word++) {
      let set = bits[word]!;
      bits[word] = 0;
      while (set !== 0) {
        const lowest = set & -set;
        set ^= lowest;
        if (offset > start) out[offset++] = SPACE;
        offset = writeCodePoint(codes[word * 32 + 31 - Math.clz32(lowest)]!, out, offset);
      }
    }
    return offset;
  }

  /** An upper bound of the bytes take() writes: every known character. */
  get length(): number {
    return this.#codes.length * 5;
  }
}

function writeCodePoint(code: number, out: Buffer, offset: number): number {
  if (code < 0x80) {
    out[offset++] = code;
  } else if (code < 0x800) {
    out[offset++] = 0xc0 | (code >> 6);
    out[offset++] = 0x80 | (code & 0x3f);
  } else if (code < 0x10000) {
    out[offset++] = 0xe0 | (code >> 12);
    out[offset++] = 0x80 | ((code >> 6) & 0x3f);
    out[offset++] = 0x80 | (code & 0x3f);
  } else {
    out[offset++] = 0xf0 | (code >> 18);
    out[offset++] = 0x80 | ((code >> 12) & 0x3f);
    out[offset++] = 0x80 | ((code >> 6) & 0x3f);
    out[offset++] = 0x80 | (code & 0x3f);
  }
  return offset;
}

const SPACE = 0x20;

/**
 * Writes searchGrams() of the pieces' texts joined by whitespace into `out` at
 * `offset`, as UTF-8, and returns where it ends. `out` must have room for
 * composedLength(pieces) bytes.
 */
export function composeGrams(pieces: readonly PieceGrams[], out: Buffer, offset: number): number {
  const start = offset;
  let previous: Buffer | null = null;
  const space = () => {
    if (offset > start) out[offset++] = SPACE;
  };
  for (const piece of pieces) {
    if (piece.chars === 0) continue;
    if (previous) {
      space();
      offset += previous.copy(out, offset);
      offset += piece.first.copy(out, offset);
    }
    if (piece.inner.length > 0) {
      space();
      offset += piece.inner.copy(out, offset);
    }
    previous = piece.last;
  }
  if (previous) {
    space();
    offset += previous.copy(out, offset);
  }
  return offset;
}

/** An upper bound of the bytes composeGrams() writes. */
export function composedLength(pieces: readonly PieceGrams[]): number {
  let length = 0;
  for (const piece of pieces) length += piece.inner.length + piece.first.length + piece.last.length + 3;
  return length;
}

/** The grams of every word and sentence of a vocabulary, by index. */
export interface VocabularyGrams {
  words: PieceGrams[];
  sentences: PieceGrams[];
}

export function vocabularyGrams(vocabulary: { words: readonly string[]; sentences: readonly string[] }): VocabularyGrams {
  return { words: vocabulary.words.map(pieceGrams), sentences: vocabulary.sentences.map(pieceGrams) };
}

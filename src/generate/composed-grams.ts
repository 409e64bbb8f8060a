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
 * searchCharSet() of texts made of pieces: the union of the pieces' code points,
 * sorted. A stamp per code point makes the union a pass over the pieces' short
 * lists, without a Set per release.
 */
export class CodePointUnion {
  #stamps = new Uint32Array(0x110000);
  #stamp = 1;
  #codes: number[] = [];

  add(codes: ArrayLike<number>): void {
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (this.#stamps[code] !== this.#stamp) {
        this.#stamps[code] = this.#stamp;
        this.#codes.push(code);
      }
    }
  }

  /**
   * The union so far as the `chars` column holds it (searchCharSet's form), as
   * UTF-8 written into `out` at `offset`; returns where it ends, and starts a new
   * union. `out` needs 5 bytes a code point.
   */
  take(out: Buffer, offset: number): number {
    const codes = Uint32Array.from(this.#codes).sort();
    for (let i = 0; i < codes.length; i++) {
      if (i > 0) out[offset++] = SPACE;
      offset = writeCodePoint(codes[i]!, out, offset);
    }
    this.#codes = [];
    this.#stamp++;
    if (this.#stamp === 0xffffffff) {
      this.#stamps.fill(0);
      this.#stamp = 1;
    }
    return offset;
  }

  /** An upper bound of the bytes take() writes. */
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

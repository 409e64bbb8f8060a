// The text search compares: NFKC, lower case, letters and digits only. The index
// (db/sqlite-search.ts) is built from it and relevance (search-rank.ts) counts in it.
//
// A `/[^\p{L}\p{N}]+/gu` replace did the same at about 68 ns a character: most of the
// cost of indexing a release, and of ranking 1,000 candidates. Hangul syllables and
// ASCII are decided by range here, and any other code point once by the same test.

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;

const asciiWord = new Uint8Array(128);
for (let code = 0; code < 128; code++) asciiWord[code] = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 0;

/** Decisions for code points beyond ASCII and Hangul syllables; bounded, as text may hold any of 1.1 million. */
const otherWord = new Map<number, boolean>();
const OTHER_WORD_MAX = 65_536;

/** Whether search keeps this code point: a letter or a digit. */
export function isWordCodePoint(code: number): boolean {
  if (code < 128) return asciiWord[code] === 1;
  if (code >= HANGUL_FIRST && code <= HANGUL_LAST) return true;
  let word = otherWord.get(code);
  if (word === undefined) {
    word = WORD_CHAR.test(String.fromCodePoint(code));
    if (otherWord.size < OTHER_WORD_MAX) otherWord.set(code, word);
  }
  return word;
}

/** The text as search compares it: NFKC, lower case, every character but letters and digits dropped. */
export function comparableText(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  let kept = '';
  let start = 0;
  let dropped = false;
  for (let i = 0; i < folded.length; ) {
    const code = folded.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    if (!isWordCodePoint(code)) {
      if (i > start) kept += folded.slice(start, i);
      start = i + width;
      dropped = true;
    }
    i += width;
  }
  return dropped ? kept + folded.slice(start) : folded;
}

export interface TextRange {
  start: number;
  end: number;
}

/**
 * Where a query word (in its comparable form) first occurs in a text at or after
 * `from`: its letters in order, with at most three spaces or punctuation marks
 * between any two (스마트공장 finds 스마트 공장). The text must be NFKC and lower
 * case (foldCase); the range is in its code units.
 */
export function findWord(text: string, word: string, from = 0): TextRange | null {
  if (word === '') return null;
  const first = String.fromCodePoint(word.codePointAt(0)!);
  for (let at = text.indexOf(first, from); at !== -1; at = text.indexOf(first, at + first.length)) {
    let t = at + first.length;
    let w = first.length;
    while (w < word.length) {
      for (let skipped = 0; skipped < 3 && t < text.length; skipped++) {
        const code = text.codePointAt(t)!;
        if (isWordCodePoint(code)) break;
        t += code > 0xffff ? 2 : 1;
      }
      const expected = word.codePointAt(w)!;
      if (t >= text.length || text.codePointAt(t) !== expected) break;
      const width = expected > 0xffff ? 2 : 1;
      t += width;
      w += width;
    }
    if (w >= word.length) return { start: at, end: t };
  }
  return null;
}

/**
 * Lower case with every code unit where it was, so ranges found in it hold in the
 * original: a character whose lower case is longer (İ) stays as it is.
 */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let folded = '';
  for (const char of text) {
    const one = char.toLowerCase();
    folded += one.length === char.length ? one : char;
  }
  return folded;
}

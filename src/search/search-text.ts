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

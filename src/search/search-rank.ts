// Relevance over the newest matches, BM25F-style, from the headline fields only.
//
// FTS5's bm25() counts, for every query, the releases containing each phrase
// across the whole archive: with bigram phrases that walk costs 100-140 ms for a
// common word at 1,000,000 releases, whatever the page. Every candidate here is
// already a match (the index said so); what ranks it is where the words occur:
// title, then subtitles, summary and ministry, with the body counting once for
// all. Those fields are short and read from the row's head, never the body.
// Scores are negative, lower ranking higher, like FTS5's.

import { comparableText, findWord, foldCase } from './search-text.js';

export interface RankDoc {
  id: number;
  /** title, subtitles, summary, ministry: in COLUMN_WEIGHTS order */
  columns: string[];
}

/** title, subtitles, summary, ministry; the body weighs 1 and is not read. */
export const COLUMN_WEIGHTS = [10, 4, 3, 2];
const BODY_WEIGHT = 1;
const K1 = 1.2;
const B = 0.75;

/** How often a query word (comparable form) occurs in a headline (NFKC, lower case), matches not overlapping. */
export function occurrences(text: string, word: string): number {
  let count = 0;
  for (let found = findWord(text, word); found; found = findWord(text, word, found.end)) count++;
  return count;
}

/** A candidate's headline columns as ranking compares them: NFKC, lower case. */
export interface PreparedRankDoc {
  id: number;
  /** in COLUMN_WEIGHTS order */
  texts: string[];
}

/** Normalizes a candidate's columns once; a prepared candidate ranks for any words. */
export function prepareRankDoc(doc: RankDoc): PreparedRankDoc {
  return { id: doc.id, texts: COLUMN_WEIGHTS.map((_, c) => foldCase((doc.columns[c] ?? '').normalize('NFKC'))) };
}

export function rankPool(docs: readonly RankDoc[], words: readonly string[]): { id: number; score: number }[] {
  return rankPrepared(docs.map(prepareRankDoc), words);
}

/** rankPool over candidates already prepared (their columns normalized). */
export function rankPrepared(docs: readonly PreparedRankDoc[], words: readonly string[]): { id: number; score: number }[] {
  if (docs.length === 0) return [];
  const needles = words.map(comparableText);
  const texts = docs.map((d) => d.texts);
  const averageLength = COLUMN_WEIGHTS.map((_, c) => Math.max(1, texts.reduce((sum, t) => sum + t[c]!.length, 0) / docs.length));
  // Term frequency of each word in each headline column, normalized by the column's length.
  const weighted = texts.map((t) =>
    needles.map((needle) =>
      COLUMN_WEIGHTS.reduce((sum, weight, c) => {
        const tf = occurrences(t[c]!, needle);
        return tf === 0 ? sum : sum + (weight * tf) / (1 - B + (B * t[c]!.length) / averageLength[c]!);
      }, BODY_WEIGHT),
    ),
  );
  // A word in the headlines of few candidates tells them apart more than one in all.
  const idf = needles.map((_, w) => {
    const n = weighted.filter((doc) => doc[w]! > BODY_WEIGHT).length;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  });
  return docs.map((doc, d) => ({
    id: doc.id,
    score: -weighted[d]!.reduce((sum, tf, w) => sum + (idf[w]! * tf * (K1 + 1)) / (tf + K1), 0),
  }));
}

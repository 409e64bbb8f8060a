// Relevance over the newest matches, BM25F-style, from the headline fields only.
//
// FTS5's bm25() counts, for every query, the releases containing each phrase
// across the whole archive: with bigram phrases that walk costs 100-140 ms for a
// common word at 1,000,000 releases, whatever the page. Every candidate here is
// already a match (the index said so); what ranks it is where the words occur:
// title, then subtitles, summary and ministry, with the body counting once for
// all. Those fields are short and read from the row's head, never the body.
// Scores are negative, lower ranking higher, like FTS5's.

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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A query word as search matches it: its letters, with spaces or punctuation between any two. */
function wordPattern(word: string): RegExp {
  return new RegExp([...word.normalize('NFKC')].map(escapeRegExp).join('[^\\p{L}\\p{N}]{0,3}'), 'giu');
}

function occurrences(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let n = 0;
  while (pattern.exec(text)) n++;
  return n;
}

export function rankPool(docs: readonly RankDoc[], words: readonly string[]): { id: number; score: number }[] {
  if (docs.length === 0) return [];
  const patterns = words.map(wordPattern);
  const texts = docs.map((d) => COLUMN_WEIGHTS.map((_, c) => (d.columns[c] ?? '').normalize('NFKC')));
  const averageLength = COLUMN_WEIGHTS.map((_, c) => Math.max(1, texts.reduce((sum, t) => sum + t[c]!.length, 0) / docs.length));
  // Term frequency of each word in each headline column, normalized by the column's length.
  const weighted = texts.map((t) =>
    patterns.map((pattern) =>
      COLUMN_WEIGHTS.reduce((sum, weight, c) => {
        const tf = occurrences(t[c]!, pattern);
        return tf === 0 ? sum : sum + (weight * tf) / (1 - B + (B * t[c]!.length) / averageLength[c]!);
      }, BODY_WEIGHT),
    ),
  );
  // A word in the headlines of few candidates tells them apart more than one in all.
  const idf = patterns.map((_, w) => {
    const n = weighted.filter((doc) => doc[w]! > BODY_WEIGHT).length;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  });
  return docs.map((doc, d) => ({
    id: doc.id,
    score: -weighted[d]!.reduce((sum, tf, w) => sum + (idf[w]! * tf * (K1 + 1)) / (tf + K1), 0),
  }));
}

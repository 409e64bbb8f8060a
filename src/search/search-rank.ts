// bm25 computed here over a small pool of candidates, for filtered searches:
// there FTS5's own bm25() would have to walk every match of a common word to
// find the few under the filter. Same weights as the index's bm25 (title first);
// scores are negative like FTS5's, so lower ranks higher.

export interface RankDoc {
  id: number;
  /** column texts in weight order: title, subtitles, summary, body, ministry */
  columns: string[];
}

export const COLUMN_WEIGHTS = [10, 4, 3, 1, 2];
const K1 = 1.2;
const B = 0.75;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordRegExp(word: string): RegExp {
  return new RegExp([...word].map(escapeRegExp).join('[^\\p{L}\\p{N}]{0,3}'), 'giu');
}

function count(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let n = 0;
  while (pattern.exec(text)) n++;
  return n;
}

export function rankPool(docs: RankDoc[], words: readonly string[]): { id: number; score: number }[] {
  if (docs.length === 0) return [];
  const patterns = words.map(wordRegExp);
  const texts = docs.map((d) => d.columns.map((c) => c.normalize('NFKC')));
  const avg = COLUMN_WEIGHTS.map((_, c) => Math.max(1, texts.reduce((sum, t) => sum + (t[c]?.length ?? 0), 0) / docs.length));
  const tf = texts.map((t) => patterns.map((p) => t.map((col) => count(col, p))));
  const idf = patterns.map((_, w) => {
    const n = tf.filter((doc) => doc[w]!.some((x) => x > 0)).length;
    return Math.log((docs.length - n + 0.5) / (n + 0.5) + 1);
  });
  return docs.map((doc, d) => {
    let score = 0;
    patterns.forEach((_, w) => {
      let sum = 0;
      COLUMN_WEIGHTS.forEach((weight, c) => {
        const f = tf[d]![w]![c]!;
        if (f === 0) return;
        const length = texts[d]![c]?.length ?? 0;
        sum += (weight * (f * (K1 + 1))) / (f + K1 * (1 - B + (B * length) / avg[c]!));
      });
      score += idf[w]! * sum;
    });
    return { id: doc.id, score: -score };
  });
}

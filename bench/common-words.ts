// The most frequent words of each length in a sample of a generated archive: the
// worst case for search, since they match the most releases.
import type SQLite from 'better-sqlite3';

/** Up to `perLength` words of each syllable count in `lengths`, most frequent first. */
export function commonWords(sqlite: SQLite.Database, lengths: readonly number[], perLength: number): Map<number, string[]> {
  const sample = sqlite.prepare('SELECT title, body_markdown AS body FROM releases WHERE id % 50 = 7 LIMIT 2000').all() as { title: string; body: string }[];
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const row of sample) {
    for (const word of `${row.title} ${row.body}`.split(/[^가-힣]+/)) {
      if (!word) continue;
      add(word);
      // one-syllable queries: the syllables themselves
      for (const ch of word) add(`1:${ch}`);
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  return new Map(
    lengths.map((length) => [
      length,
      ranked
        .filter((w) => (length === 1 ? w.startsWith('1:') : !w.startsWith('1:') && [...w].length === length))
        .slice(0, perLength)
        .map((w) => w.replace(/^1:/, '')),
    ]),
  );
}

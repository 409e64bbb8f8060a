// Search latency at scale: generates N synthetic releases (default 100,000) into
// a temporary database with the project's own generator (vocabulary from
// content/), then times the search service for the most common 1-, 2-, 3- and
// 5-syllable words of that corpus, by relevance and by date, with and without a
// ministry filter. Run: npm run build && node dist/bench/search-bench.js
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { commonWords } from './common-words.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/sqlite.js';
import { generateReleases } from '../src/generate/generate-service.js';
import { queryWords, type SearchSort } from '../src/search/search-query.js';
import { searchReleases } from '../src/search/search-service.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    releases: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '10' },
    words: { type: 'string', default: '3' },
    database: { type: 'string' },
  },
});
const releases = Number(values.releases);
const runs = Number(values.runs);
const perLength = Number(values.words);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-search-bench-'));
  const file = values.database ?? path.join(dir, 'search.db');
  const existed = fs.existsSync(file);
  const connection = openDatabase(file);
  migrate(connection);
  const now = new Date();
  if (!existed) {
    const started = Date.now();
    await generateReleases(connection, {
      releases,
      seed: 1,
      contentDir: path.join(root, 'content'),
      now,
      onProgress: (done, total) => process.stderr.write(`\r보도자료 ${done}/${total}`),
    });
    process.stderr.write('\n');
    console.log(`생성 및 색인: ${releases.toLocaleString('ko-KR')}건, ${((Date.now() - started) / 1000).toFixed(1)}초`);
    connection.sqlite.exec("INSERT INTO release_search(release_search) VALUES('optimize')");
  }
  const size = fs.statSync(file).size;
  console.log(`데이터베이스 ${(size / 1e6).toFixed(0)} MB (${file})`);

  const words = commonWords(connection.sqlite, [1, 2, 3, 5], perLength);
  const top = (length: number) => words.get(length) ?? [];
  const ministry = connection.sqlite.prepare('SELECT ministry_id AS id FROM releases GROUP BY ministry_id ORDER BY count(*) DESC LIMIT 1').get() as { id: number };

  const lines: string[] = ['| 음절 | 검색어 | 정렬 | 부처 필터 | p50 ms | p95 ms | 최대 ms | 결과 수 |', '|---|---|---|---|---|---|---|---|'];
  const byLength = new Map<number, number[]>();
  for (const length of [1, 2, 3, 5]) {
    for (const word of top(length)) {
      for (const sort of ['relevance', 'latest'] as SearchSort[]) {
        for (const filtered of [false, true]) {
          const query = { words: queryWords(word), sort, filter: filtered ? { ministryId: ministry.id } : {} };
          let total = 0;
          await searchReleases(connection.db, query, now); // warm
          const times: number[] = [];
          for (let i = 0; i < runs; i++) {
            const t0 = process.hrtime.bigint();
            const result = await searchReleases(connection.db, query, now);
            times.push(Number(process.hrtime.bigint() - t0) / 1e6);
            total = result.total;
          }
          times.sort((a, b) => a - b);
          byLength.set(length, [...(byLength.get(length) ?? []), ...times]);
          console.error(`${length} ${word} ${sort} ${filtered} p95=${percentile(times, 95).toFixed(1)}`);
          lines.push(`| ${length} | ${word} | ${sort === 'latest' ? '최신순' : '관련도순'} | ${filtered ? '예' : '아니오'} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${times.at(-1)!.toFixed(1)} | ${total} |`);
        }
      }
    }
  }
  console.log(lines.join('\n'));
  console.log('\n| 음절 | 전체 p50 ms | 전체 p95 ms |\n|---|---|---|');
  for (const [length, times] of byLength) {
    times.sort((a, b) => a - b);
    console.log(`| ${length} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`);
  }
  await connection.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Throughput of the comment-screening engine on one core with the full default lexicon.
//
// Run:  npx vitest run test/moderation/screening/bench.test.ts   (prints comments/second)
//  or:  npx tsc -p tsconfig.build.json && node dist/bench/screening-bench.js
// The corpus is the curse-detection set when present (real, messy comments), otherwise a
// built-in mix; each pass screens every comment through a fresh board screener, so rule 11's
// history lookups are included.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LEXICON, createBoardScreener, screenComment } from '../src/moderation/screening/index.js';

const DATASET = fileURLToPath(new URL('../../shared/datasets/curse-detection-2runo/dataset.txt', import.meta.url));
const DATASET_FROM_DIST = fileURLToPath(new URL('../../../shared/datasets/curse-detection-2runo/dataset.txt', import.meta.url));

const FALLBACK = [
  '좋은 정책 감사합니다. 현장에서 잘 시행되길 바랍니다.',
  '제 번호 010-1234-5678 로 연락 주세요',
  '시1발 이게 무슨 정책이냐',
  '먹튀검증 안전놀이터 카톡 toto77',
  '(서울=연합뉴스) 홍길동 기자 = 정부는 18일 대책을 발표했다.',
  '중소기업 지원 예산을 늘려 주세요 현장은 너무 힘듭니다',
  'https://www.korea.kr 에서 자세히 봤습니다',
  '1956년 병신년 생 어르신들 지원 확대 바랍니다',
];

export function loadCorpus(): string[] {
  for (const path of [DATASET, DATASET_FROM_DIST]) {
    if (!existsSync(path)) continue;
    return readFileSync(path, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.split('|'))
      .filter((p) => p.length === 2)
      .map((p) => p[0] as string);
  }
  return Array.from({ length: 5000 }, (_, i) => `${FALLBACK[i % FALLBACK.length] as string} ${i}`);
}

export interface BenchResult {
  comments: number;
  seconds: number;
  perSecond: number;
  boardPerSecond: number;
}

export function runScreeningBench(passes = 3): BenchResult {
  const corpus = loadCorpus();
  // Warm-up compiles the lexicon and lets the JIT settle.
  for (const text of corpus.slice(0, 500)) screenComment(text, {}, DEFAULT_LEXICON);

  let start = performance.now();
  for (let p = 0; p < passes; p++) for (const text of corpus) screenComment(text, {}, DEFAULT_LEXICON);
  const seconds = (performance.now() - start) / 1000;

  start = performance.now();
  for (let p = 0; p < passes; p++) {
    const board = createBoardScreener(DEFAULT_LEXICON);
    corpus.forEach((text, i) => board.screen({ id: i, author: `u${i % 97}`, text }));
  }
  const boardSeconds = (performance.now() - start) / 1000;
  const comments = corpus.length * passes;
  return { comments, seconds, perSecond: comments / seconds, boardPerSecond: comments / boardSeconds };
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const r = runScreeningBench();
  console.log(
    `screenComment: ${Math.round(r.perSecond)} comments/s; board screener: ${Math.round(r.boardPerSecond)} comments/s ` +
      `(${r.comments} comments, one core)`,
  );
}

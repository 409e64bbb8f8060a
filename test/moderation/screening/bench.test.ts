// Prints the screening throughput (bench/screening-bench.ts). The assertion is a loose floor so
// a slow CI machine does not fail; the goal on a developer machine is 5,000 comments/second.
import { expect, it } from 'vitest';
import { runScreeningBench } from '../../../bench/screening-bench.js';

it('screens thousands of comments per second on one core', () => {
  const r = runScreeningBench(2);
  console.log(
    `screening throughput: ${Math.round(r.perSecond)} comments/s (screenComment), ${Math.round(r.boardPerSecond)} comments/s (board screener), ${r.comments} comments`,
  );
  expect(r.perSecond).toBeGreaterThan(1000);
}, 120_000);

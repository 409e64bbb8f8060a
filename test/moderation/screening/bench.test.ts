// The screening figures `npm run bench` reports come from runScreeningBench
// (bench/screening-bench.ts). Its speed is a benchmark figure that the bench reports,
// not something a test asserts; what is checked here is that it measures what it says.
import { expect, it } from 'vitest';
import { runScreeningBench } from '../../../bench/screening-bench.js';

it('screens the whole labelled corpus on every pass and reports both rates', () => {
  const once = runScreeningBench(1);
  const twice = runScreeningBench(2);
  expect(once.comments).toBeGreaterThan(1000);
  expect(twice.comments).toBe(once.comments * 2);
  for (const r of [once, twice]) {
    expect(Number.isFinite(r.perSecond) && r.perSecond > 0).toBe(true);
    expect(Number.isFinite(r.boardPerSecond) && r.boardPerSecond > 0).toBe(true);
    expect(r.perSecond).toBeCloseTo(r.comments / r.seconds);
  }
}, 120_000);

// Per-rule precision and recall on the board's own labelled set (fixtures/labelled.ts).
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEXICON, screenComment } from '../../../src/moderation/screening/index.js';
import { LABELLED } from './fixtures/labelled.js';

const RULES = [1, 3, 4, 5, 6, 7, 8, 9, 11];
// Floors sit a little below the measured figures so regressions fail loudly.
const FLOORS: Record<number, { precision: number; recall: number }> = {
  1: { precision: 0.95, recall: 0.95 },
  3: { precision: 0.9, recall: 0.85 },
  4: { precision: 0.95, recall: 0.95 },
  5: { precision: 0.9, recall: 0.8 },
  6: { precision: 0.9, recall: 0.85 },
  7: { precision: 0.9, recall: 0.9 },
  8: { precision: 0.9, recall: 0.85 },
  9: { precision: 0.9, recall: 0.9 },
  11: { precision: 0.95, recall: 0.95 },
};

function measure(rule: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const mistakes: string[] = [];
  for (const c of LABELLED.filter((x) => x.rule === rule)) {
    const fired = screenComment(c.text, c.context ?? {}, DEFAULT_LEXICON).rules.includes(rule);
    if (fired && c.positive) tp++;
    else if (fired && !c.positive) {
      fp++;
      mistakes.push(`FP ${c.text}`);
    } else if (!fired && c.positive) {
      fn++;
      mistakes.push(`FN ${c.text} ${c.context?.authorNickname ?? ''}`);
    }
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { tp, fp, fn, precision, recall, mistakes };
}

describe('labelled set per rule', () => {
  it('has at least 30 positives and 30 hard negatives per automatic rule', () => {
    for (const rule of RULES) {
      const mine = LABELLED.filter((c) => c.rule === rule);
      expect(mine.filter((c) => c.positive).length, `rule ${rule} positives`).toBeGreaterThanOrEqual(30);
      expect(mine.filter((c) => !c.positive).length, `rule ${rule} negatives`).toBeGreaterThanOrEqual(30);
    }
  });

  for (const rule of RULES) {
    it(`rule ${rule} meets its precision and recall floors`, () => {
      const m = measure(rule);
      console.log(
        `rule ${rule}: precision ${m.precision.toFixed(3)} recall ${m.recall.toFixed(3)} (tp ${m.tp}, fp ${m.fp}, fn ${m.fn})` +
          (m.mistakes.length ? `\n  ${m.mistakes.join('\n  ')}` : ''),
      );
      const floor = FLOORS[rule] as { precision: number; recall: number };
      expect(m.precision).toBeGreaterThanOrEqual(floor.precision);
      expect(m.recall).toBeGreaterThanOrEqual(floor.recall);
    });
  }
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBARGO_SETTINGS, embargoText, embargoTime, paperDateOf, parseKstLocal, toKstLocal } from '../../src/workflow/embargo.js';

const NOW = new Date('2025-03-01T00:00:00.000Z');

describe('embargo presets', () => {
  it('gives 조간 as noon KST the day before the paper, 석간 as noon the same day', () => {
    expect(embargoTime({ preset: 'morning', paperDate: '2025-03-04' }, DEFAULT_EMBARGO_SETTINGS, NOW)).toEqual({ ok: true, releasedAt: '2025-03-03T03:00:00.000Z' });
    expect(embargoTime({ preset: 'evening', paperDate: '2025-03-04' }, DEFAULT_EMBARGO_SETTINGS, NOW)).toEqual({ ok: true, releasedAt: '2025-03-04T03:00:00.000Z' });
  });

  it('follows the configured times, across a month boundary', () => {
    const settings = { morningTime: '06:00', eveningTime: '15:30' };
    expect(embargoTime({ preset: 'morning', paperDate: '2025-03-01' }, settings, NOW)).toEqual({ ok: true, releasedAt: '2025-02-27T21:00:00.000Z' });
    expect(embargoTime({ preset: 'evening', paperDate: '2025-03-01' }, settings, NOW)).toEqual({ ok: true, releasedAt: '2025-03-01T06:30:00.000Z' });
  });

  it('gives 즉시 as now and an explicit KST time as its instant', () => {
    expect(embargoTime({ preset: 'immediate' }, DEFAULT_EMBARGO_SETTINGS, NOW)).toEqual({ ok: true, releasedAt: NOW.toISOString() });
    expect(embargoTime({ preset: 'explicit', explicitAt: '2025-03-04T14:00' }, DEFAULT_EMBARGO_SETTINGS, NOW)).toEqual({ ok: true, releasedAt: '2025-03-04T05:00:00.000Z' });
  });

  it('explains a missing or impossible date in Korean', () => {
    const missing = embargoTime({ preset: 'morning' }, DEFAULT_EMBARGO_SETTINGS, NOW);
    expect(missing).toMatchObject({ ok: false });
    if (!missing.ok) expect(missing.message).toContain('신문 날짜');
    expect(embargoTime({ preset: 'evening', paperDate: '2025-02-30' }, DEFAULT_EMBARGO_SETTINGS, NOW).ok).toBe(false);
    expect(embargoTime({ preset: 'explicit', explicitAt: '2025-03-04 25:00' }, DEFAULT_EMBARGO_SETTINGS, NOW).ok).toBe(false);
  });

  it('words the 보도시점 as the press does, and round-trips the paper date and local time', () => {
    expect(embargoText('morning', '2025-03-03T03:00:00.000Z')).toBe('2025.03.04 조간 (온라인 2025.03.03 12:00부터)');
    expect(embargoText('evening', '2025-03-04T03:00:00.000Z')).toBe('2025.03.04 석간 (온라인 2025.03.04 12:00부터)');
    expect(embargoText('explicit', '2025-03-04T05:00:00.000Z')).toBe('2025.03.04 14:00');
    expect(paperDateOf('morning', '2025-03-03T03:00:00.000Z')).toBe('2025-03-04');
    expect(toKstLocal('2025-03-04T05:00:00.000Z')).toBe('2025-03-04T14:00');
    expect(parseKstLocal('2025-03-04T14:00')).toBe('2025-03-04T05:00:00.000Z');
  });
});

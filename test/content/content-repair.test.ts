import { describe, expect, it } from 'vitest';
import { repairMiddleDots } from '../../src/content/content-repair.js';

describe('repairMiddleDots', () => {
  it.each([
    ['시?도 지역중소기업 정책협의회', '시·도 지역중소기업 정책협의회'],
    ['협의회 신설?개최', '협의회 신설·개최'],
    ['일자리?민생 분야', '일자리·민생 분야'],
    ['중앙?지방?교육 재정', '중앙·지방·교육 재정'],
    ['가?나', '가·나'],
  ])('repairs a "?" between two Hangul syllables: %s', (damaged, repaired) => {
    const result = repairMiddleDots(damaged);
    expect(result.text).toBe(repaired);
    expect(result.repairs).toHaveLength((damaged.match(/\?/g) ?? []).length);
  });

  it.each([
    ['무엇이 달라지나?'],
    ['무엇이 달라지나? 다음과 같습니다'],
    ['달라지나 ?요'],
    ['요금은 ?원'],
    ['https://example.kr/list?page=2'],
    ['A?B 테스트'],
    ['3?4분기'],
    ['분기?3'],
    ['5G?통신'],
    ['ㄱ?ㄴ'],
    ['왜??'],
    ['??'],
    ['시·도'],
  ])('leaves a real question mark alone: %s', (text) => {
    expect(repairMiddleDots(text)).toEqual({ text, repairs: [] });
  });

  it('reports a short excerpt of the context before and after', () => {
    const { repairs } = repairMiddleDots('중소벤처기업부는 2018년 하반기부터 시?도 지역중소기업 정책협의회를 신설한다');
    expect(repairs).toEqual([
      { before: '…018년 하반기부터 시?도 지역중소기업 정책협…', after: '…018년 하반기부터 시·도 지역중소기업 정책협…' },
    ]);
  });

  it('repairs every occurrence with one report each', () => {
    const { text, repairs } = repairMiddleDots('시?도 및 시?군?구');
    expect(text).toBe('시·도 및 시·군·구');
    expect(repairs.map((r) => r.after)).toEqual(['시·도 및 시·군·구', '시·도 및 시·군·구', '시·도 및 시·군·구']);
    expect(repairs.map((r) => r.before)).toEqual(['시?도 및 시?군?구', '시?도 및 시?군?구', '시?도 및 시?군?구']);
  });
});

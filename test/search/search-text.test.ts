// comparableText decides most characters by range instead of a Unicode-property
// regex: it must drop and keep exactly what that regex does, or the index and the
// queries would disagree about which words are in a release.
import { describe, expect, it } from 'vitest';
import { comparableText } from '../../src/search/search-text.js';
import { searchGrams } from '../../src/db/sqlite-search.js';

const byRegex = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

describe('comparableText', () => {
  it('keeps letters and digits of every script and drops the rest, as the Unicode classes say', () => {
    const samples = [
      '스마트 공장, 보급 확산!',
      '「2025년 예산안」 ― 국회 제출 (3.2%↑)',
      'ＡＩ·빅데이터 Ｒ＆Ｄ ①②③ ㈜한국',
      '漢字 混用 表記와 ひらがな カタカナ',
      'Ünïcödé façade — naïve café',
      '𠀀𠀁 (CJK Ext. B) 😀 emoji 👍🏽 and 𝟙𝟚𝟛',
      'ᄒᆞᆫ글 옛한글 ㄱㄴㄷ ㅏㅑ',
      '\u0000control\u200bzero\u00a0width\ttab\nline',
      'Ⅻ ⅻ ½ ² ₃ ٣ ۴ ߅',
      '',
      '!!!',
    ];
    for (const sample of samples) expect(comparableText(sample), sample).toBe(byRegex(sample));
    // every code point of the Basic Multilingual Plane, and a stretch of the others
    for (let start = 0; start < 0x30000; start += 4096) {
      let block = '';
      for (let code = start; code < start + 4096; code++) {
        if (code >= 0xd800 && code <= 0xdfff) continue;
        block += String.fromCodePoint(code) + ' ';
      }
      expect(comparableText(block)).toBe(byRegex(block));
    }
  });

  it('gives the index the bigrams of that text, spaced or not', () => {
    expect(searchGrams('스마트 공장')).toBe('스마 마트 트공 공장 장');
    expect(searchGrams('스마트공장!')).toBe(searchGrams('스마트 공장'));
    expect(searchGrams('AI 𠀀')).toBe('ai i𠀀 𠀀');
    expect(searchGrams(' . ')).toBe('');
  });
});

// comparableText decides most characters by range instead of a Unicode-property
// regex: it must drop and keep exactly what that regex does, or the index and the
// queries would disagree about which words are in a release.
import { describe, expect, it } from 'vitest';
import { comparableText } from '../../src/search/search-text.js';
import { searchGrams } from '../../src/db/sqlite-search.js';
import { occurrences } from '../../src/search/search-rank.js';
import { highlightHtml, snippetHtml } from '../../src/search/search-snippet.js';

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

describe('occurrences (relevance)', () => {
  // What relevance counted before, with a regular expression per query word.
  const byPattern = (text: string, word: string) => {
    const escaped = [...word].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return [...text.matchAll(new RegExp(escaped.join('[^\\p{L}\\p{N}]{0,3}'), 'giu'))].length;
  };

  it('counts a word with up to three spaces or marks between its letters, never more', () => {
    const cases: [string, string, number][] = [
      ['예산 예산예산', '예산', 3],
      ['예 산', '예산', 1],
      ['예 · 산', '예산', 1],
      ['예 ·· 산', '예산', 0],
      ['스마트 공장, 스마트공장과 스마트-공장', '스마트공장', 3],
      ['ai와 a.i. 그리고 a', 'ai', 2],
      ['예예산', '예산', 1],
      ['𠀀 𠀁𠀀𠀁', '𠀀𠀁', 2],
      ['', '예산', 0],
    ];
    for (const [text, word, expected] of cases) {
      expect(occurrences(text, word), `${word} in ${text}`).toBe(expected);
      expect(occurrences(text, word), `${word} in ${text}`).toBe(byPattern(text, word));
    }
  });
});

describe('highlighting', () => {
  it('marks each word spaced or not, in any case, the longer word first where two start together', () => {
    expect(highlightHtml('스마트 공장과 AI 정책', ['스마트공장', 'ai'])).toBe('<mark>스마트 공장</mark>과 <mark>AI</mark> 정책');
    expect(highlightHtml('예산 예 산정', ['예', '예산'])).toBe('<mark>예산</mark> <mark>예 산</mark>정');
    // a character whose lower case is longer does not shift the marks after it
    expect(highlightHtml('İzmir <AI> 협력', ['ai'])).toBe('İzmir &lt;<mark>AI</mark>&gt; 협력');
    expect(snippetHtml(`${'가나다 '.repeat(40)}끝에 예산이 있다`, ['예산'])).toContain('<mark>예산</mark>이 있다');
  });
});


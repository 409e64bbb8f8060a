import { describe, expect, it } from 'vitest';
import { searchCharSet, searchGrams } from '../../src/db/sqlite-search.js';
import { CharSetUnion, composedLength, composeGrams, pieceGrams } from '../../src/generate/composed-grams.js';
import { forEachRelease, ReleaseBatch, type GeneratedRelease } from '../../src/generate/search-rows.js';
import { seededRandom } from '../../src/generate/synthetic.js';

function composed(texts: string[]): string {
  const pieces = texts.map(pieceGrams);
  const out = Buffer.alloc(composedLength(pieces));
  return out.subarray(0, composeGrams(pieces, out, 0)).toString();
}

describe('search grams composed from pieces', () => {
  // pieces that searchGrams normalizes, drops or keeps as they are
  const pieces = ['스마트', '공장', '예', '산안', 'ＡＢＣ', 'Ｉ', 'AI·데이터', '—', '“', '2025년', 'ΣΑΣ', 'é', 'ﬁ', '12.5%', 'x', '가'];

  it('equal searchGrams of the pieces joined by spaces or paragraph breaks', () => {
    const random = seededRandom(3);
    for (let n = 0; n < 2000; n++) {
      const texts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]!);
      expect(composed(texts), texts.join('|')).toBe(searchGrams(texts.join(' ')));
      expect(composed(texts)).toBe(searchGrams(texts.join('\n\n')));
    }
  });

  it('are empty for no pieces, or pieces without letters or digits', () => {
    expect(composed([])).toBe('');
    expect(composed(['—', '…'])).toBe('');
    expect(composed(['—', '가', '…'])).toBe('가');
  });
});

describe('the character set of pieces', () => {
  // more than 32 characters, so the union spans several words of bits
  const pieces = ['스마트 공장', '예산안', 'ＡＢＣ', 'AI·데이터', '—', '2025년', 'ΣΑΣ', 'é', 'ﬁ', '𝐀𝐁', '가나다라마바사아자차카타파하', 'xyz', '12.5%'];
  const grams = pieces.map(pieceGrams);

  it('equals searchCharSet of the texts, union after union', () => {
    const union = new CharSetUnion(grams.flatMap((piece) => [...piece.codes]));
    const characters = grams.map((piece) => union.characters(piece.codes));
    const random = seededRandom(5);
    const out = Buffer.alloc(union.length);
    for (let n = 0; n < 500; n++) {
      const chosen = Array.from({ length: Math.floor(random() * 8) }, () => Math.floor(random() * pieces.length));
      for (const i of chosen) union.add(characters[i]!);
      const texts = chosen.map((i) => pieces[i]!);
      expect(out.subarray(0, union.take(out, 0)).toString(), texts.join('|')).toBe(searchCharSet(...texts));
    }
  });

  it('refuses a character it was not given', () => {
    const union = new CharSetUnion(pieceGrams('가나').codes);
    expect(() => union.characters(pieceGrams('다').codes)).toThrow(RangeError);
  });
});

describe('a batch of generated releases', () => {
  it('gives back the releases put in, lists and all', () => {
    const releases: GeneratedRelease[] = [
      { id: 1, releasedAtSeconds: 915148800, ministryId: 3, type: '보도자료', title: [1, 2], subtitles: [], summary: [7], body: [4, 5, 6] },
      { id: 33554431, releasedAtSeconds: 1795000000, ministryId: 50, type: '연설', title: [9], subtitles: [8, 8], summary: [], body: [] },
    ];
    const batch = new ReleaseBatch();
    for (const release of releases) batch.add(release);
    expect(batch.count).toBe(2);
    const back: GeneratedRelease[] = [];
    forEachRelease(batch.take(), (release) => back.push(release));
    expect(back).toEqual(releases);
    expect(batch.count).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../../src/shared/utf8.js';

describe('encodeUtf8', () => {
  it('gives the bytes Buffer.from gives, for Korean, emoji and markup', () => {
    const page = '<p class="x">보도자료 &amp; 해명자료 🇰🇷 — “인용”</p>\n';
    expect(encodeUtf8(page).equals(Buffer.from(page, 'utf8'))).toBe(true);
    expect(encodeUtf8('')).toHaveLength(0);
  });

  it('replaces a lone surrogate as Buffer.from does', () => {
    const broken = `앞\uD800뒤\uDC00`;
    expect(encodeUtf8(broken).equals(Buffer.from(broken, 'utf8'))).toBe(true);
  });

  it('encodes pages larger than its reused buffer, and each result keeps its own bytes', () => {
    const large = '가'.repeat(200_000) + 'end';
    const small = '나다';
    const first = encodeUtf8(large);
    const second = encodeUtf8(small);
    expect(first.equals(Buffer.from(large, 'utf8'))).toBe(true);
    expect(second.toString('utf8')).toBe(small);
    // A later call must not overwrite an earlier result.
    expect(first.subarray(0, 3).toString('utf8')).toBe('가');
    // past the most the reused buffer grows to (a portal page of 1,000 releases)
    const huge = `${'다'.repeat(400_000)}<끝>`;
    expect(encodeUtf8(huge).equals(Buffer.from(huge, 'utf8'))).toBe(true);
    expect(encodeUtf8(small).toString('utf8')).toBe(small);
  });

  it('builds a string out of many pieces (as a template does) correctly', () => {
    let html = '';
    for (let i = 0; i < 5000; i++) html += i % 2 ? `<li>${i}</li>` : '기사';
    expect(encodeUtf8(html).toString('utf8')).toBe(html);
  });
});

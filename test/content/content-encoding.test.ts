import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeContent } from '../../src/content/content-encoding.js';

const TEXT = '---\ntitle: 시·도 지역중소기업 정책협의회 개최\n---\n본문입니다.\n';

describe('decodeContent', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeContent(Buffer.from(TEXT, 'utf8'))).toEqual({ ok: true, encoding: 'utf-8', text: TEXT });
  });

  it('drops a UTF-8 BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]);
    expect(decodeContent(bytes)).toEqual({ ok: true, encoding: 'utf-8', text: TEXT });
  });

  it('falls back to CP949 when the bytes are not UTF-8', () => {
    const bytes = iconv.encode(TEXT, 'cp949');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodeContent(bytes)).toEqual({ ok: true, encoding: 'cp949', text: TEXT });
  });

  it('reads EUC-KR, the subset of CP949', () => {
    const text = '---\ntitle: 중소기업청 보도자료\n---\n';
    expect(decodeContent(iconv.encode(text, 'euc-kr'))).toEqual({ ok: true, encoding: 'cp949', text });
  });

  it('composes decomposed Hangul (NFD) into syllables (NFC)', () => {
    const nfd = TEXT.normalize('NFD');
    expect(nfd).not.toBe(TEXT);
    const decoded = decodeContent(Buffer.from(nfd, 'utf8'));
    expect(decoded).toEqual({ ok: true, encoding: 'utf-8', text: TEXT });
  });

  it('turns CRLF line ends into LF', () => {
    const decoded = decodeContent(iconv.encode(TEXT.replace(/\n/g, '\r\n'), 'cp949'));
    expect(decoded).toEqual({ ok: true, encoding: 'cp949', text: TEXT });
  });

  it('refuses bytes that are neither UTF-8 nor CP949', () => {
    const decoded = decodeContent(Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xff, 0xff, 0x0a]));
    expect(decoded.ok).toBe(false);
  });

  it('refuses UTF-16', () => {
    const decoded = decodeContent(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
    expect(decoded).toMatchObject({ ok: false, message: expect.stringContaining('UTF-16') });
  });
});

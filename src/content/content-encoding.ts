import iconv from 'iconv-lite';

export type ContentEncoding = 'utf-8' | 'cp949';

export type DecodedContent =
  | { ok: true; encoding: ContentEncoding; text: string }
  | { ok: false; message: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * Decodes a release file: a UTF-8 BOM, else text that is valid UTF-8, else CP949
 * (the superset of EUC-KR that Korean Windows and HWP exports write).
 * The text comes back in NFC with LF line ends, so decomposed Hangul jamo
 * (as macOS file systems and some editors produce) compare equal to composed syllables.
 */
export function decodeContent(bytes: Uint8Array): DecodedContent {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return { ok: false, message: 'UTF-16 파일은 읽을 수 없습니다. UTF-8이나 CP949로 저장해 주세요.' };
  }
  let encoding: ContentEncoding;
  let text: string;
  if (startsWith(bytes, UTF8_BOM)) {
    encoding = 'utf-8';
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(UTF8_BOM.length));
    } catch {
      return { ok: false, message: 'UTF-8 BOM으로 시작하지만 올바른 UTF-8이 아닙니다.' };
    }
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      encoding = 'utf-8';
    } catch {
      text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp949');
      encoding = 'cp949';
      // iconv-lite replaces bytes it cannot map; then the file is neither encoding.
      if (text.includes('\uFFFD')) {
        return { ok: false, message: 'UTF-8도 CP949(EUC-KR)도 아닌 인코딩입니다.' };
      }
    }
  }
  return { ok: true, encoding, text: text.replace(/\r\n?/g, '\n').normalize('NFC') };
}

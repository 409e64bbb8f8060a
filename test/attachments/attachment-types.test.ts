import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition } from '../../src/attachments/attachment-names.js';
import { checkAttachment, type ReadAt } from '../../src/attachments/attachment-types.js';
import {
  elfExecutable,
  minimalGif,
  minimalHwp,
  minimalHwpx,
  minimalJpeg,
  minimalOdt,
  minimalPdf,
  minimalPng,
  minimalWebp,
  shellScript,
  windowsExecutable,
  zip,
} from './attachment-fixtures.js';

function check(name: string, content: Buffer) {
  const readAt: ReadAt = async (offset, length) => content.subarray(Math.max(0, offset), Math.max(0, offset) + length);
  return checkAttachment(name, content.subarray(0, 4096), content.length, readAt);
}

describe('checkAttachment: the extension must agree with the content', () => {
  const allowed: [string, Buffer, string][] = [
    ['보도자료.pdf', minimalPdf(), 'pdf'],
    ['사진.png', minimalPng(), 'png'],
    ['사진.JPG', minimalJpeg(), 'jpeg'],
    ['사진.jpeg', minimalJpeg(), 'jpeg'],
    ['움짤.gif', minimalGif(), 'gif'],
    ['그림.webp', minimalWebp(), 'webp'],
    ['붙임.hwp', minimalHwp(), 'hwp'],
    ['붙임.hwpx', minimalHwpx(), 'hwpx'],
    ['붙임.odt', minimalOdt(), 'odt'],
  ];
  it.each(allowed)('accepts %s', async (name, content, kind) => {
    expect(await check(name, content)).toEqual({ ok: true, kind });
  });

  it('finds the mimetype entry through the central directory when it is not first, and when deflated', async () => {
    const later = zip([
      { name: 'content.xml', data: '<x/>', deflate: true },
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', deflate: true },
    ]);
    expect(await check('a.odt', later)).toEqual({ ok: true, kind: 'odt' });
  });

  const refused: [string, Buffer, RegExp][] = [
    ['setup.pdf', windowsExecutable(), /실행 파일/],
    ['보도자료.hwp', windowsExecutable(), /실행 파일/],
    ['photo.png', elfExecutable(), /실행 파일/],
    ['install.hwpx', shellScript(), /실행 파일/],
    ['virus.exe', windowsExecutable(), /실행 파일/],
    ['script.sh', shellScript(), /실행 파일/],
    ['문서.pdf', minimalPng(), /확장자\(\.pdf\)와 실제 내용\(PNG\)/],
    ['문서.hwpx', minimalOdt(), /확장자\(\.hwpx\)와 실제 내용\(ODT\)/],
    ['문서.odt', zip([{ name: 'word/document.xml', data: '<w/>' }]), /HWPX나 ODT 문서가 아닙니다/],
    ['문서.hwpx', zip([{ name: 'mimetype', data: 'application/epub+zip' }]), /HWPX나 ODT 문서가 아닙니다/],
    ['문서.docx', zip([{ name: 'word/document.xml', data: '<w/>' }]), /첨부할 수 없는 형식/],
    ['메모.txt', Buffer.from('안녕하세요'), /첨부할 수 없는 형식/],
    ['문서.pdf', Buffer.from('<html><script>alert(1)</script>'), /실제 내용이 PDF 형식이 아닙니다/],
    ['빈파일.pdf', Buffer.alloc(0), /빈 파일/],
    ['확장자없음', minimalPdf(), /첨부할 수 없는 형식/],
  ];
  it.each(refused)('refuses %s with a Korean reason', async (name, content, message) => {
    const verdict = await check(name, content);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message).toMatch(message);
  });
});

describe('file names', () => {
  it.each([
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['C:\\Users\\홍길동\\보도자료.hwp', '보도자료.hwp'],
    ['"따옴표"\u0000\u001f이름.pdf', '따옴표이름.pdf'],
    ['evil\u202Efdp.exe', 'evilfdp.exe'],
    ['..', null],
    ['   ', null],
    ['.hidden.pdf', 'hidden.pdf'],
    ['a<b>c:d|e?.pdf', 'a_b_c_d_e_.pdf'],
  ])('cleans %j to %j', (raw, expected) => {
    expect(cleanFileName(raw)).toBe(expected);
  });

  it('keeps the extension when shortening a long name', () => {
    const name = cleanFileName(`${'가'.repeat(300)}.hwpx`)!;
    expect(name.length).toBeLessThanOrEqual(150);
    expect(name.endsWith('.hwpx')).toBe(true);
  });

  it('builds an RFC 6266 header with a UTF-8 name and an ASCII fallback', () => {
    expect(contentDisposition('2025년 보도자료 (최종).hwpx')).toBe(
      `attachment; filename="2025_ ____ (__).hwpx"; filename*=UTF-8''2025%EB%85%84%20%EB%B3%B4%EB%8F%84%EC%9E%90%EB%A3%8C%20%28%EC%B5%9C%EC%A2%85%29.hwpx`,
    );
    expect(contentDisposition('보도자료.pdf', 'attachment-7')).toBe(
      `attachment; filename="attachment-7.pdf"; filename*=UTF-8''%EB%B3%B4%EB%8F%84%EC%9E%90%EB%A3%8C.pdf`,
    );
    const hostile = contentDisposition('a"b\\c;d%e\r\nSet-Cookie: x=1.pdf');
    expect(hostile).not.toMatch(/[\r\n]/);
    expect(hostile.split('filename="')[1]!.split('"')[0]).not.toMatch(/["\\;%]/);
  });
});

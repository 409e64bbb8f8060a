import { inflateRawSync } from 'node:zlib';

// What may be attached, decided by the bytes and not by the name the browser sent:
// the extension must name the same kind the content turns out to be.

export type AttachmentKind = 'hwp' | 'hwpx' | 'pdf' | 'odt' | 'png' | 'jpeg' | 'gif' | 'webp';

export interface KindInfo {
  mediaType: string;
  label: string;
  extensions: readonly string[];
  image: boolean;
}

export const ATTACHMENT_KINDS: Record<AttachmentKind, KindInfo> = {
  hwp: { mediaType: 'application/x-hwp', label: 'HWP', extensions: ['hwp'], image: false },
  hwpx: { mediaType: 'application/hwp+zip', label: 'HWPX', extensions: ['hwpx'], image: false },
  pdf: { mediaType: 'application/pdf', label: 'PDF', extensions: ['pdf'], image: false },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', label: 'ODT', extensions: ['odt'], image: false },
  png: { mediaType: 'image/png', label: 'PNG', extensions: ['png'], image: true },
  jpeg: { mediaType: 'image/jpeg', label: 'JPEG', extensions: ['jpg', 'jpeg'], image: true },
  gif: { mediaType: 'image/gif', label: 'GIF', extensions: ['gif'], image: true },
  webp: { mediaType: 'image/webp', label: 'WebP', extensions: ['webp'], image: true },
};

/** The extensions the upload form accepts, for its `accept` attribute and messages. */
export const ACCEPTED_EXTENSIONS = Object.values(ATTACHMENT_KINDS).flatMap((k) => k.extensions.map((e) => `.${e}`));

export function kindOfExtension(extension: string): AttachmentKind | undefined {
  const lower = extension.toLowerCase();
  return (Object.keys(ATTACHMENT_KINDS) as AttachmentKind[]).find((k) => ATTACHMENT_KINDS[k].extensions.includes(lower));
}

export function kindOfMediaType(mediaType: string): KindInfo | undefined {
  return Object.values(ATTACHMENT_KINDS).find((k) => k.mediaType === mediaType);
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

const MIMETYPE_ENTRY: Record<string, AttachmentKind> = {
  'application/hwp+zip': 'hwpx',
  'application/vnd.oasis.opendocument.text': 'odt',
};

/** Reads `length` bytes at `offset` of the stored upload (fewer at its end). */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

export type Sniffed =
  | { kind: AttachmentKind }
  | { kind: null; executable: boolean; zip: boolean };

function startsWith(head: Buffer, signature: Buffer | string): boolean {
  const sig = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : signature;
  return head.length >= sig.length && head.subarray(0, sig.length).equals(sig);
}

/** Programs that must never be handed out under a document's name. */
export function looksExecutable(head: Buffer): boolean {
  if (startsWith(head, 'MZ')) return true; // Windows PE, DOS
  if (startsWith(head, '\x7fELF')) return true;
  if (startsWith(head, '#!')) return true; // shell, python, node scripts
  const magic = head.length >= 4 ? head.readUInt32BE(0) : 0;
  // Mach-O (both byte orders, 32/64 bit) and universal binaries
  return [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic);
}

/** The value of a ZIP container's `mimetype` entry (ODF/OCF style), or null when it has none. */
export async function zipMimetype(size: number, readAt: ReadAt): Promise<string | null> {
  const local = await readAt(0, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== ZIP_LOCAL) return null;
  // The packaging rules put `mimetype` first and stored; that is the common case.
  const first = await entryAt(0, readAt);
  if (first?.name === 'mimetype' && first.compressedSize > 0) return first.read();
  // Otherwise look it up in the central directory at the end of the file.
  const tailLength = Math.min(size, 22 + 65535);
  const tail = await readAt(size - tailLength, tailLength);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== ZIP_END) continue;
    const entries = tail.readUInt16LE(i + 10);
    const cdSize = tail.readUInt32LE(i + 12);
    const cdOffset = tail.readUInt32LE(i + 16);
    if (cdSize > 4 * 1024 * 1024 || cdOffset + cdSize > size) return null;
    const cd = await readAt(cdOffset, cdSize);
    let p = 0;
    for (let n = 0; n < entries && p + 46 <= cd.length; n++) {
      if (cd.readUInt32LE(p) !== ZIP_CENTRAL) return null;
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      if (name === 'mimetype') {
        const entry = await entryAt(cd.readUInt32LE(p + 42), readAt, {
          method: cd.readUInt16LE(p + 10),
          compressedSize: cd.readUInt32LE(p + 20),
        });
        return entry ? entry.read() : null;
      }
      p += 46 + nameLength + extraLength + commentLength;
    }
    return null;
  }
  return null;
}

async function entryAt(
  offset: number,
  readAt: ReadAt,
  central?: { method: number; compressedSize: number },
): Promise<{ name: string; compressedSize: number; read: () => Promise<string | null> } | null> {
  const header = await readAt(offset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== ZIP_LOCAL) return null;
  const method = central?.method ?? header.readUInt16LE(8);
  const compressedSize = central?.compressedSize ?? header.readUInt32LE(18);
  const nameLength = header.readUInt16LE(26);
  const extraLength = header.readUInt16LE(28);
  const name = (await readAt(offset + 30, nameLength)).toString('utf8');
  const dataStart = offset + 30 + nameLength + extraLength;
  return {
    name,
    compressedSize,
    async read() {
      // A media type is a short line; anything long is not one.
      if (compressedSize === 0 || compressedSize > 1024) return null;
      const data = await readAt(dataStart, compressedSize);
      try {
        if (method === 0) return data.toString('ascii').trim();
        if (method === 8) return inflateRawSync(data, { maxOutputLength: 1024 }).toString('ascii').trim();
      } catch {
        return null;
      }
      return null;
    },
  };
}

/** What the content is, from its first bytes (and, for a ZIP, its `mimetype` entry). */
export async function sniffContent(head: Buffer, size: number, readAt: ReadAt): Promise<Sniffed> {
  if (startsWith(head, '%PDF-')) return { kind: 'pdf' };
  if (startsWith(head, PNG)) return { kind: 'png' };
  if (startsWith(head, Buffer.from([0xff, 0xd8, 0xff]))) return { kind: 'jpeg' };
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return { kind: 'gif' };
  if (startsWith(head, 'RIFF') && head.length >= 12 && head.toString('latin1', 8, 12) === 'WEBP') return { kind: 'webp' };
  if (startsWith(head, OLE)) return { kind: 'hwp' };
  if (head.length >= 4 && head.readUInt32LE(0) === ZIP_LOCAL) {
    const mimetype = await zipMimetype(size, readAt);
    const kind = mimetype ? MIMETYPE_ENTRY[mimetype] : undefined;
    return kind ? { kind } : { kind: null, executable: false, zip: true };
  }
  return { kind: null, executable: looksExecutable(head), zip: false };
}

export type Verdict = { ok: true; kind: AttachmentKind } | { ok: false; message: string };

/** Accepts the file only when its extension and its content name the same allowed kind. */
export async function checkAttachment(fileName: string, head: Buffer, size: number, readAt: ReadAt): Promise<Verdict> {
  const allowed = `첨부할 수 있는 형식은 ${ACCEPTED_EXTENSIONS.join(', ')}입니다.`;
  if (size === 0) return { ok: false, message: '빈 파일은 첨부할 수 없습니다.' };
  const extension = extensionOf(fileName);
  const sniffed = await sniffContent(head, size, readAt);
  if (sniffed.kind === null && sniffed.executable) {
    return { ok: false, message: `"${fileName}"은(는) 실행 파일이나 스크립트로 보여 첨부할 수 없습니다. 문서나 이미지 파일만 첨부해 주세요.` };
  }
  const claimed = kindOfExtension(extension);
  if (!claimed) {
    return { ok: false, message: `"${fileName}"은(는) 첨부할 수 없는 형식입니다. ${allowed}` };
  }
  if (sniffed.kind === null) {
    const why = sniffed.zip ? '압축(ZIP) 파일이지만 HWPX나 ODT 문서가 아닙니다' : `실제 내용이 ${ATTACHMENT_KINDS[claimed].label} 형식이 아닙니다`;
    return { ok: false, message: `"${fileName}"은(는) ${why}. 파일이 손상되었거나 확장자만 바뀐 파일일 수 있습니다.` };
  }
  if (sniffed.kind !== claimed) {
    return {
      ok: false,
      message: `"${fileName}"의 확장자(.${extension})와 실제 내용(${ATTACHMENT_KINDS[sniffed.kind].label})이 다릅니다. 올바른 확장자로 저장한 뒤 다시 올려 주세요.`,
    };
  }
  return { ok: true, kind: sniffed.kind };
}

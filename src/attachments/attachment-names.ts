// File names come from the uploader's computer and go back out in URLs and
// Content-Disposition headers: both directions are cleaned here.

const MAX_NAME_LENGTH = 150;

// C0/C1 controls, DEL, bidi overrides (the "exe.pdf" trick), zero-width and BOM.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The name to store and show: the last path segment only, without controls,
 * quotes or characters Windows cannot save; null when nothing usable remains.
 */
export function cleanFileName(raw: string): string | null {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(INVISIBLE, '')
    .replace(/["']/g, '')
    .replace(/[<>:*?|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  if (name.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, MAX_NAME_LENGTH - extension.length).trimEnd() + extension;
  }
  return name && name !== '.' ? name : null;
}

/** RFC 5987 value characters: everything else is percent-encoded. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment; filename="ascii fallback"; filename*=UTF-8''…` (RFC 6266): every
 * browser downloads the file under its Korean name, older ones under the fallback.
 */
export function contentDisposition(fileName: string, fallbackStem = 'attachment'): string {
  const name = cleanFileName(fileName) ?? fallbackStem;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  // Accents go (é → e); each other non-ASCII character becomes one underscore.
  const asciiOnly = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .normalize('NFC')
      .replace(/[^\x20-\x7e]/gu, '_')
      .replace(/[%\\";]/g, '_');
  let asciiStem = asciiOnly(stem);
  // A name that was all Hangul would fall back to underscores; a plain word reads better.
  if (!/[A-Za-z0-9]/.test(asciiStem)) asciiStem = fallbackStem;
  const fallback = `${asciiStem}${asciiOnly(extension)}`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

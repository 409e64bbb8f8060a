import { decodeContent, type ContentEncoding } from './content-encoding.js';
import { FRONT_MATTER_FIELD, parseFrontMatter } from './content-front-matter.js';
import { repairMiddleDots } from './content-repair.js';
import { validateReleaseDocument, type FieldError, type ReleaseDocument } from './content-validation.js';

export interface FieldRepair {
  field: string;
  before: string;
  after: string;
}

export type ContentFile =
  | { ok: true; encoding: ContentEncoding; document: ReleaseDocument; repairs: FieldRepair[] }
  | { ok: false; encoding: ContentEncoding | null; errors: FieldError[] };

/** Repairs lost middle dots in every text field, reporting each under its front matter name. */
function repairDocument(document: ReleaseDocument): { document: ReleaseDocument; repairs: FieldRepair[] } {
  const repairs: FieldRepair[] = [];
  const fix = (field: string, text: string): string => {
    const result = repairMiddleDots(text);
    for (const r of result.repairs) repairs.push({ field, ...r });
    return result.text;
  };
  const repaired: ReleaseDocument = {
    ...document,
    title: fix('title', document.title),
    subtitles: document.subtitles.map((line) => fix('subtitle', line)),
    summary: document.summary.map((line) => fix('summary', line)),
    ministry: fix('ministry', document.ministry),
    department: fix('department', document.department),
    contactResponsible: fix('responsible', document.contactResponsible),
    contactPerson: fix('contact', document.contactPerson),
    contactPhone: fix('phone', document.contactPhone),
    bodyMarkdown: fix('body', document.bodyMarkdown),
  };
  return { document: repaired, repairs };
}

/**
 * Reads one content file from its bytes: encoding, front matter, the contract,
 * and the middle-dot repair. Pure, so every rule is testable without a database.
 */
export function readContentFile(bytes: Uint8Array): ContentFile {
  const decoded = decodeContent(bytes);
  if (!decoded.ok) return { ok: false, encoding: null, errors: [{ field: 'encoding', message: decoded.message }] };
  const frontMatter = parseFrontMatter(decoded.text);
  if (!frontMatter.ok) {
    return { ok: false, encoding: decoded.encoding, errors: [{ field: FRONT_MATTER_FIELD, message: frontMatter.message }] };
  }
  const validated = validateReleaseDocument(frontMatter.data, frontMatter.body);
  if (!validated.ok) return { ok: false, encoding: decoded.encoding, errors: validated.errors };
  const { document, repairs } = repairDocument(validated.document);
  return { ok: true, encoding: decoded.encoding, document, repairs };
}

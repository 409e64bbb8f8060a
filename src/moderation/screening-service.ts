// The host side of the screening engine: it gathers what the pure engine needs from the
// database (the lexicon, the release's contact block, recent comments) and calls it.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { loadLexicon } from './lexicon-service.js';
import { screenComment, type PriorComment, type ScreeningResult } from './screening/index.js';

export interface ScreeningInput {
  text: string;
  authorNickname: string;
  /** Staff accounts may write as their office (rule 9 is not applied to them). */
  authorIsOfficial: boolean;
  /** The release's 연락처 as printed; the numbers in it are not personal information. */
  releaseContact: string;
  recentByAuthor: PriorComment[];
  recentByOthers: { author: string; text: string }[];
  now: Date;
}

/** The numbers of a contact block such as "044-204-7000, 010-1234-5678". */
export function contactNumbers(contact: string): string[] {
  return contact
    .split(/[,;/]|\s{2,}|\n/)
    .map((s) => s.trim())
    .filter((s) => /\d{3,}/.test(s));
}

export async function screenText(db: Kysely<Database>, input: ScreeningInput): Promise<ScreeningResult> {
  const lexicon = await loadLexicon(db, input.now);
  return screenComment(
    input.text,
    {
      authorNickname: input.authorNickname,
      authorIsVerifiedOfficial: input.authorIsOfficial,
      articleContactNumbers: contactNumbers(input.releaseContact),
      recentByAuthor: input.recentByAuthor,
      recentByOthers: input.recentByOthers,
      now: input.now.toISOString(),
    },
    lexicon,
  );
}

/** What the author reads when the engine refuses or holds a comment: one line per finding. */
export function findingsForAuthor(result: ScreeningResult): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of result.evidence) {
    const line = `운영원칙 제${e.rule}항: ${e.reason}`;
    if (!seen.has(line)) {
      seen.add(line);
      lines.push(line);
    }
  }
  return lines;
}

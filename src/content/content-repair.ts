/**
 * A legacy-encoding round trip turns the middle dot between Hangul words
 * (시·도, 신설·개최) into "?". Only a "?" standing directly between two Hangul
 * syllables is taken for a lost dot; a question mark at the end of a sentence,
 * after a space, or between Latin letters or digits is left alone.
 */
const DAMAGED_DOT = /(?<=[\uAC00-\uD7A3])\?(?=[\uAC00-\uD7A3])/g;

export const MIDDLE_DOT = '\u00B7';

/** How much text either side of a repair the report shows. */
const CONTEXT = 12;

export interface MiddleDotRepair {
  /** a short excerpt of the damaged text around the repair */
  before: string;
  /** the same excerpt repaired */
  after: string;
}

export interface RepairedText {
  text: string;
  repairs: MiddleDotRepair[];
}

function excerpt(text: string, index: number): string {
  const start = Math.max(0, index - CONTEXT);
  const end = Math.min(text.length, index + 1 + CONTEXT);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ')}${end < text.length ? '…' : ''}`;
}

/** Restores lost middle dots, with one report entry per repaired "?". */
export function repairMiddleDots(text: string): RepairedText {
  const repairs: MiddleDotRepair[] = [];
  const repaired = text.replace(DAMAGED_DOT, MIDDLE_DOT);
  if (repaired === text) return { text, repairs };
  for (const match of text.matchAll(DAMAGED_DOT)) {
    repairs.push({ before: excerpt(text, match.index), after: excerpt(repaired, match.index) });
  }
  return { text: repaired, repairs };
}

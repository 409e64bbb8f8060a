// Shared types of the screening engine. Everything here is plain data so the host can load a
// lexicon from the database, pass it in, and store results as-is.

/** What the board does with a comment: show it, keep it for a moderator (보류), or refuse it. */
export type ScreeningAction = 'publish' | 'hold' | 'reject';

/** One finding. start/end are UTF-16 offsets into the ORIGINAL comment text (end exclusive). */
export interface Evidence {
  rule: number;
  start: number;
  end: number;
  match: string;
  /** Korean sentence shown to the moderator and, on rejection, to the author. */
  reason: string;
  /** The action this finding alone calls for; the result takes the strictest. */
  action: Exclude<ScreeningAction, 'publish'>;
}

export interface ScreeningResult {
  /** Rule numbers found, ascending, without repeats. */
  rules: number[];
  action: ScreeningAction;
  evidence: Evidence[];
}

export type Severity = 'mild' | 'severe';

export type ProfanityCategory =
  | 'profanity'
  | 'insult'
  | 'sexual'
  | 'threat'
  | 'race'
  | 'gender'
  | 'sexuality'
  | 'region'
  | 'politics'
  | 'age'
  | 'disability'
  | 'religion';

/**
 * One profane or demeaning term (rule 4).
 * - `term` is written in plain Hangul (or Latin); normalization folds it the same way as the text.
 *   A term written only in initial consonants (ㅅㅂ) matches only that abbreviation.
 * - `position`: 'anywhere' (default) matches inside words; 'start' requires the term to begin a
 *   word; 'word' requires it to begin a word and be followed only by a particle or the word's end.
 */
export interface LexiconEntry {
  term: string;
  severity: Severity;
  category: ProfanityCategory;
  position?: 'anywhere' | 'start' | 'word';
}

/** Keyword families of the spam and crime rules (3, 5, 6, 8). */
export type SpamFamily = 'adult' | 'gambling' | 'loan' | 'sidejob' | 'piracy' | 'hacking' | 'drugs' | 'fraud';

/**
 * A spam or crime keyword. `strong` terms are unambiguous offers on their own (e.g. 먹튀검증,
 * 작업대출); weak terms (대출, 토토, 마약) need an offer word or a contact to count.
 */
export interface SpamTerm {
  term: string;
  family: SpamFamily;
  strong?: boolean;
}

export interface Lexicon {
  profanity: LexiconEntry[];
  /** Innocent words that contain profane letters (시발점, 수박씨, 세끼). A phrase with a space matches only with that spacing. */
  allow: string[];
  spam: SpamTerm[];
  /** Domains (and their subdomains) never treated as suspicious links, e.g. go.kr, korea.kr. */
  trustedDomains: string[];
  /** URL shorteners: the destination is hidden, so a moderator looks first. */
  shortenerDomains: string[];
  /** News, photo and video sites: links to other people's works (rule 7). */
  newsDomains: string[];
}

export interface PriorComment {
  text: string;
  /** ISO-8601 time of posting. */
  at: string;
}

export interface ScreeningContext {
  authorNickname?: string;
  /** Staff and verified institutional accounts may use official titles (rule 9 is skipped). */
  authorIsVerifiedOfficial?: boolean;
  /** Phone numbers printed in the release's own contact block; quoting them is not personal information. */
  articleContactNumbers?: string[];
  /** E-mail addresses printed in the release's contact block. */
  articleContactEmails?: string[];
  /** The author's recent comments (any article), newest last. */
  recentByAuthor?: PriorComment[];
  /** Recent comments by other people, for campaign detection. */
  recentByOthers?: { author: string; text: string }[];
  /** ISO-8601 time of this comment; defaults to the newest recentByAuthor time (no clock is read). */
  now?: string;
}

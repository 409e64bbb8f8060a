// The screening entry points: screenComment (one comment, everything it needs passed in) and
// createBoardScreener (a stream of comments on one board, remembering earlier ones for rule 11).
// Pure: no I/O, no clock, no randomness. The compiled form of a lexicon is cached per lexicon
// object, so pass the same object on every call and replace it (not mutate it) when it changes.
//
// Action policy: the strictest finding wins.
//   reject  severe profanity or slurs (rule 4), spam or crime offers with a contact, link or
//           offer word (3, 5, 6, 8), links to gambling/adult domains (3);
//   hold    personal information (1: a moderator masks it), mild or ambiguous language (4),
//           topic words with a contact, messenger handles and shortened URLs (3, 5, 6, 8),
//           pasted articles and news links (7), impersonation (9), repeated posting (11);
//   publish nothing found.
// Rules 2, 10, 12 and 13 need a person's judgement and are never reported.

import { findCopiedArticle } from './copyright.js';
import {
  CAMPAIGN_MIN_AUTHORS,
  SAME_AUTHOR_WINDOW_MS,
  bandKeys,
  duplicateKey,
  minhash,
  repeatVerdict,
  shingles,
  verdictEvidence,
  findDuplicates,
} from './duplicates.js';
import { findImpersonation } from './impersonation.js';
import { type CompiledSpam, compileSpam, findSpam } from './links-and-spam.js';
import { findPersonalInfo, personalInfoEvidence } from './personal-info.js';
import { type CompiledProfanity, compileProfanity, findProfanity } from './profanity.js';
import type { Evidence, Lexicon, ScreeningAction, ScreeningContext, ScreeningResult } from './types.js';

export interface CompiledLexicon {
  profanity: CompiledProfanity;
  spam: CompiledSpam;
}

const compiledCache = new WeakMap<Lexicon, CompiledLexicon>();

export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  let c = compiledCache.get(lexicon);
  if (!c) {
    c = { profanity: compileProfanity(lexicon), spam: compileSpam(lexicon) };
    compiledCache.set(lexicon, c);
  }
  return c;
}

export function summarize(evidence: Evidence[]): ScreeningResult {
  const rules = [...new Set(evidence.map((e) => e.rule))].sort((a, b) => a - b);
  let action: ScreeningAction = 'publish';
  for (const e of evidence) {
    if (e.action === 'reject') action = 'reject';
    else if (action === 'publish') action = 'hold';
  }
  return { rules, action, evidence };
}

/** Findings of every rule except 11, which needs history. */
function screenText(text: string, context: ScreeningContext, c: CompiledLexicon): Evidence[] {
  const personal = findPersonalInfo(text, context);
  const phones = personal.filter((f) => f.kind === 'phone').length;
  return [
    ...personalInfoEvidence(personal),
    ...findProfanity(text, c.profanity),
    ...findSpam(text, c.spam, phones),
    ...findCopiedArticle(text),
    ...findImpersonation(text, context.authorNickname, context.authorIsVerifiedOfficial === true),
  ];
}

function ordered(evidence: Evidence[]): Evidence[] {
  return evidence.sort((a, b) => a.start - b.start || a.rule - b.rule);
}

/** Screen one comment. See the module comment for the action policy. */
export function screenComment(text: string, context: ScreeningContext, lexicon: Lexicon): ScreeningResult {
  const c = compileLexicon(lexicon);
  const evidence = screenText(text, context, c);
  evidence.push(...findDuplicates(text, context.recentByAuthor, context.recentByOthers, context.now));
  return summarize(ordered(evidence));
}

export interface BoardComment {
  id: string | number;
  author: string;
  article?: string | number;
  text: string;
  nickname?: string;
  /** ISO-8601 posting time; without it every earlier comment counts as recent. */
  at?: string;
  articleContactNumbers?: string[];
}

export interface BoardScreeningResult extends ScreeningResult {
  id: string | number;
}

export interface BoardScreener {
  screen(comment: BoardComment): BoardScreeningResult;
  /** How many comments the screener remembers. */
  readonly size: number;
}

interface Remembered {
  author: string;
  key: string;
  shingles: Set<string>;
  at?: string;
}

/**
 * A screener for comments posted in order on one board. It remembers earlier comments (in
 * memory, up to `historyLimit`) so rule 11 sees repeats and campaigns. Held and rejected
 * comments are remembered too: spammers retry.
 */
export function createBoardScreener(lexicon: Lexicon, options: { historyLimit?: number } = {}): BoardScreener {
  const c = compileLexicon(lexicon);
  const limit = options.historyLimit ?? 20000;
  const history: (Remembered | undefined)[] = [];
  let first = 0;
  const byAuthor = new Map<string, number[]>();
  const buckets = new Map<string, number[]>();

  const recent = (r: Remembered, at: string | undefined): boolean => {
    if (!at || !r.at) return true;
    const d = Date.parse(at) - Date.parse(r.at);
    return Number.isNaN(d) || (d >= 0 && d <= SAME_AUTHOR_WINDOW_MS);
  };

  const forget = (): void => {
    while (history.length - first > limit) {
      history[first] = undefined;
      first++;
    }
    if (first > limit) {
      // Compact occasionally; indexes in maps are rebuilt lazily by skipping forgotten slots.
      const keep = history.slice(first);
      history.length = 0;
      history.push(...keep);
      const shift = first;
      first = 0;
      for (const [k, list] of byAuthor) {
        const next = list.map((i) => i - shift).filter((i) => i >= 0);
        if (next.length) byAuthor.set(k, next);
        else byAuthor.delete(k);
      }
      for (const [k, list] of buckets) {
        const next = list.map((i) => i - shift).filter((i) => i >= 0);
        if (next.length) buckets.set(k, next);
        else buckets.delete(k);
      }
    }
  };

  return {
    get size() {
      return history.length - first;
    },
    screen(comment: BoardComment): BoardScreeningResult {
      const context: ScreeningContext = {};
      if (comment.nickname !== undefined) context.authorNickname = comment.nickname;
      if (comment.articleContactNumbers) context.articleContactNumbers = comment.articleContactNumbers;
      const evidence = screenText(comment.text, context, c);

      const key = duplicateKey(comment.text);
      const sh = shingles(key);
      const keys = bandKeys(minhash(sh));
      const own = (byAuthor.get(comment.author) ?? [])
        .map((i) => history[i])
        .filter((r): r is Remembered => r !== undefined && recent(r, comment.at))
        .slice(-50);
      const candidateIdx = new Set<number>();
      for (const k of keys) for (const i of buckets.get(k) ?? []) candidateIdx.add(i);
      const others: { author: string; key: string; shingles: Set<string> }[] = [];
      const seenAuthors = new Set<string>();
      for (const i of candidateIdx) {
        const r = history[i];
        if (!r || r.author === comment.author) continue;
        others.push(r);
        seenAuthors.add(r.author);
      }
      const verdict = repeatVerdict(key, sh, own, seenAuthors.size >= CAMPAIGN_MIN_AUTHORS ? others : []);
      evidence.push(...verdictEvidence(comment.text, verdict));

      const index = history.length;
      const remembered: Remembered = { author: comment.author, key, shingles: sh };
      if (comment.at !== undefined) remembered.at = comment.at;
      history.push(remembered);
      const list = byAuthor.get(comment.author) ?? [];
      list.push(index);
      byAuthor.set(comment.author, list);
      for (const k of keys) {
        const b = buckets.get(k) ?? [];
        b.push(index);
        buckets.set(k, b);
      }
      forget();
      return { id: comment.id, ...summarize(ordered(evidence)) };
    },
  };
}

// Comment screening engine of the board (운영원칙 1-13). Pure functions: the host loads the
// lexicon (from the database) and passes it in; nothing here reads files, the network or a clock.
export type {
  Evidence,
  Lexicon,
  LexiconEntry,
  PriorComment,
  ProfanityCategory,
  ScreeningAction,
  ScreeningContext,
  ScreeningResult,
  Severity,
  SpamFamily,
  SpamTerm,
} from './types.js';
export { AUTOMATIC_RULES, POSTING_RULES, type PostingRule, postingRule } from './rules.js';
export {
  type BoardComment,
  type BoardScreener,
  type BoardScreeningResult,
  compileLexicon,
  createBoardScreener,
  screenComment,
} from './screen.js';
export { findPersonalInfo, maskPersonalInfo, type PersonalInfoFinding } from './personal-info.js';
export { findProfanity } from './profanity.js';
export { findLinks } from './links-and-spam.js';
export { composeDubeolsik } from './normalize.js';
export { similarity } from './duplicates.js';
export {
  DEFAULT_ALLOW,
  DEFAULT_LEXICON,
  DEFAULT_NEWS_DOMAINS,
  DEFAULT_PROFANITY,
  DEFAULT_SHORTENER_DOMAINS,
  DEFAULT_SPAM,
  DEFAULT_TRUSTED_DOMAINS,
} from './default-lexicon.js';

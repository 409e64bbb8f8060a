// How the board cites its 13 운영원칙 everywhere: the engine owns their wording.
import { POSTING_RULES, postingRule } from './screening/index.js';

export const RULE_NUMBERS: readonly number[] = POSTING_RULES.map((r) => r.number);

export function isRuleNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= POSTING_RULES.length;
}

/** 운영원칙 제4항(욕설·비하 표현) */
export function ruleCitation(rule: number | null | undefined): string {
  if (!rule) return '';
  const found = postingRule(rule);
  return found ? `운영원칙 제${rule}항(${found.title})` : `운영원칙 제${rule}항`;
}

/** What the public sees in place of a comment a moderator deleted. */
export function deletedPlaceholder(rule: number): string {
  return `운영원칙 제${rule}항에 따라 삭제된 댓글입니다.`;
}

/** The rules as the board and the rules page show them. */
export function rulesForDisplay(): { number: number; title: string; text: string }[] {
  return POSTING_RULES.map((r) => ({ number: r.number, title: r.title, text: r.text }));
}

// Rule 1: personal information — resident and alien registration numbers, phone numbers and
// e-mail addresses, in the ways people actually write them.
//
// Policy:
// - 주민등록번호/외국인등록번호: YYMMDD plus a gender digit 1-8 (9 and 0 mark people born in the
//   1800s and are ignored). Written with a hyphen or space, a plausible date is enough: numbers
//   issued since October 2020 carry no valid check digit. Written as 13 bare digits (which could
//   be a barcode or an order number) it counts only with a valid check digit, a keyword nearby
//   (주민, 등록번호, 외국인 ...), or a birth date from October 2020 on — and never when it is a
//   valid Korean EAN-13 barcode (880...) with no keyword.
// - Phone numbers: mobile (010/011/016-019) and landline/VoIP (02, 031-064, 070, 0502-0508 safe
//   numbers) in any separator style, with +82 or 0082, and digits spelled in Hangul (공일공).
//   NOT personal: emergency and public service numbers (112, 119, 110, 120, 1357 ...), company
//   representative numbers (15xx/16xx/18xx-xxxx), toll-free 080 numbers — they are published by
//   institutions, never a person's line — and any number in the release's own contact block.
// - E-mail: plain, and obfuscated (hong at korea dot kr, hong 골뱅이 naver 점 com, hong(at)naver.com).
//   Addresses printed in the release's contact block are excluded.
// - Dates (2024.07.18, 20240718), money (1,234,567원), long ids and statistics do not match:
//   every pattern demands its exact digit grouping and no digits glued on either side.

import { lowerSameLength } from './normalize.js';
import type { Evidence, ScreeningContext } from './types.js';

export type PersonalInfoKind = 'rrn' | 'phone' | 'email';

export interface PersonalInfoFinding {
  kind: PersonalInfoKind;
  start: number;
  end: number;
  match: string;
  /** How many leading digits (or characters of an e-mail) stay visible when masked. */
  keep: number;
}

const HANGUL_DIGIT: Record<string, string> = {
  공: '0', 영: '0', 빵: '0', 일: '1', 이: '2', 삼: '3', 사: '4', 오: '5', 육: '6', 륙: '6', 칠: '7', 팔: '8', 구: '9',
};
const HANGUL_DIGIT_RUN = /[공영빵일이삼사오육륙칠팔구](?:[\s.\-]*[공영빵일이삼사오육륙칠팔구]){2,}/g;

/**
 * Same-length copy of the text where full-width digits are ASCII and runs of three or more
 * Hangul-spelled digits (공일공-일이삼사) are digits, so offsets still point into the original.
 */
export function digitLayer(text: string): string {
  const lower = lowerSameLength(text);
  return lower.replace(HANGUL_DIGIT_RUN, (run) => run.replace(/[공영빵일이삼사오육륙칠팔구]/g, (ch) => HANGUL_DIGIT[ch] ?? ch));
}

const RRN = /(?<![0-9])([0-9]{2})([0-9]{2})([0-9]{2})(\s*[-–—~]?\s*)([1-8])([0-9]{6})(?![0-9])/g;
const RRN_KEYWORD = /주민|등록번호|외국인|주번|생년월일|신분증/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

/** True when the 13 digits carry the check digit of the pre-October-2020 scheme. */
export function registrationCheckDigitValid(digits: string): boolean {
  if (!/^[0-9]{13}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (WEIGHTS[i] as number);
  const gender = Number(digits[6]);
  const check = gender >= 5 && gender <= 8 ? (13 - (sum % 11)) % 10 : (11 - (sum % 11)) % 10;
  return check === Number(digits[12]);
}

/** A GS1 Korea barcode (880 prefix, valid EAN-13 check digit) is a product, not a person. */
function koreanBarcode(digits: string): boolean {
  if (!digits.startsWith('880')) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(digits[12]);
}

function plausibleDate(mm: number, dd: number): boolean {
  return mm >= 1 && mm <= 12 && dd >= 1 && dd <= (DAYS_IN_MONTH[mm - 1] as number);
}

function findRegistrationNumbers(text: string, digits: string): PersonalInfoFinding[] {
  const out: PersonalInfoFinding[] = [];
  RRN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RRN.exec(digits)) !== null) {
    const [, yy, mm, dd, sep, gender, rest] = m as unknown as [string, string, string, string, string, string, string];
    if (!plausibleDate(Number(mm), Number(dd))) continue;
    const all = `${yy}${mm}${dd}${gender}${rest}`;
    if (sep.length === 0) {
      const g = Number(gender);
      const born = (g === 3 || g === 4 || g === 7 || g === 8 ? 2000 : 1900) + Number(yy);
      const issuedRandom = born * 100 + Number(mm) >= 202010;
      const keyword = RRN_KEYWORD.test(text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 5));
      if (!keyword && (koreanBarcode(all) || (!registrationCheckDigitValid(all) && !issuedRandom))) continue;
    }
    out.push({ kind: 'rrn', start: m.index, end: m.index + m[0].length, match: text.slice(m.index, m.index + m[0].length), keep: 6 });
  }
  return out;
}

const PHONE =
  /(?<![0-9])\(?(?:(?:\+|00)\s*82[\s.\-]*(?:\(0\)\s*)?0?|0)(1[016789]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8])\)?[\s.\-]{0,3}([0-9]{3,4})[\s.\-]{0,3}([0-9]{4})(?![0-9])/dg;

/** Digits of a phone number in national form (+82 10 ... → 010...). */
export function nationalDigits(phone: string): string {
  let d = phone.replace(/[^0-9]/g, '');
  if (d.startsWith('0082')) d = d.slice(4);
  else if (d.startsWith('82') && /^\s*(\+|00)/.test(phone)) d = d.slice(2);
  else if (d.startsWith('82') && d.length >= 11) d = d.slice(2);
  if (!d.startsWith('0')) d = `0${d}`;
  return d;
}

function findPhones(text: string, digits: string, exclude: Set<string>): PersonalInfoFinding[] {
  const out: PersonalInfoFinding[] = [];
  PHONE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PHONE.exec(digits)) !== null) {
    const area = m[1] as string;
    const middle = m[2] as string;
    const line = `0${area}${middle}${m[3] as string}`;
    // Mobile numbers have a 3-4 digit middle group only on legacy 011/016-019 prefixes.
    if (area === '10' && middle.length !== 4) continue;
    if (exclude.has(line)) continue;
    let start = m.index;
    if (digits[start] === '(' && !m[0].includes(')')) start++;
    const areaEnd = m.indices?.[1]?.[1] ?? start;
    const keep = digits.slice(start, areaEnd).replace(/[^0-9]/g, '').length;
    out.push({ kind: 'phone', start, end: m.index + m[0].length, match: text.slice(start, m.index + m[0].length), keep });
  }
  return out;
}

const AT = String.raw`(?:\s*(?:@|\(at\)|\[at\]|\{at\}|<at>|\(골뱅이\)|골뱅이|골벵이|앳)\s*|\s+at\s+)`;
const DOT = String.raw`(?:\s*(?:\.|\(dot\)|\[dot\]|\{dot\}|\(점\)|점|닷|쩜)\s*|\s+dot\s+)`;
const LABEL = String.raw`(?:[a-z0-9][a-z0-9-]*|네이버|다음|한메일|지메일|구글|네이트|카카오|야후|핫메일)`;
const TLD = String.raw`(?:com|net|org|kr|jp|cn|io|me|co|info|biz|edu|gov|ac|go|or|re|ne|컴|넷)`;
const EMAIL = new RegExp(
  String.raw`(?<![a-z0-9._%+-])([a-z0-9][a-z0-9._%+-]*)${AT}(${LABEL}(?:${DOT}${LABEL})*${DOT}${TLD}|${LABEL}\s*(?:닷컴|닷넷|쩜컴|점컴))(?![a-z0-9])`,
  'g',
);
// English words that may stand before " at " in a sentence ("look at naver dot com").
const NOT_A_MAILBOX = new Set([
  'look', 'looking', 'me', 'us', 'him', 'her', 'it', 'them', 'you', 'stay', 'meet', 'arrive', 'arrived', 'home', 'is', 'am',
  'are', 'be', 'was', 'were', 'all', 'not', 'and', 'or', 'the', 'a', 'an', 'just', 'laugh', 'good', 'bad', 'best', 'here',
  'there', 'where', 'get', 'go', 'come', 'back', 'out', 'up', 'down', 'work', 'working', 'available', 'found', 'see',
]);

function findEmails(text: string, lower: string, exclude: Set<string>): PersonalInfoFinding[] {
  const out: PersonalInfoFinding[] = [];
  EMAIL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EMAIL.exec(lower)) !== null) {
    const local = m[1] as string;
    const plain = m[0].includes('@');
    if (!plain && NOT_A_MAILBOX.has(local)) continue;
    if (plain && exclude.has(m[0].replace(/\s+/g, ''))) continue;
    out.push({ kind: 'email', start: m.index, end: m.index + m[0].length, match: text.slice(m.index, m.index + m[0].length), keep: 1 });
  }
  return out;
}

/** All personal information in a comment, in text order, without overlaps. */
export function findPersonalInfo(text: string, context: Pick<ScreeningContext, 'articleContactNumbers' | 'articleContactEmails'> = {}): PersonalInfoFinding[] {
  const digits = digitLayer(text);
  const lower = lowerSameLength(text);
  const phoneExclude = new Set((context.articleContactNumbers ?? []).map(nationalDigits));
  const emailExclude = new Set((context.articleContactEmails ?? []).map((e) => e.trim().toLowerCase()));
  const found = [
    ...findRegistrationNumbers(text, digits),
    ...findPhones(text, digits, phoneExclude),
    ...findEmails(text, lower, emailExclude),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PersonalInfoFinding[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) continue;
    out.push(f);
  }
  return out;
}

const REASON: Record<PersonalInfoKind, string> = {
  rrn: '주민등록번호나 외국인등록번호로 보이는 번호가 있어 가린 뒤 게시 여부를 정합니다.',
  phone: '개인 전화번호로 보이는 번호가 있어 가린 뒤 게시 여부를 정합니다.',
  email: '전자우편 주소가 있어 가린 뒤 게시 여부를 정합니다.',
};

/** Rule-1 evidence. Personal information is held, not rejected, so a moderator can mask and publish. */
export function personalInfoEvidence(findings: PersonalInfoFinding[]): Evidence[] {
  return findings.map((f) => ({
    rule: 1,
    start: f.start,
    end: f.end,
    match: f.match,
    reason: REASON[f.kind],
    action: 'hold' as const,
  }));
}

/**
 * The text with personal information masked, for moderator logs: registration numbers keep the
 * birth date (900101-*******), phone numbers keep the area or mobile prefix (010-****-****),
 * e-mail addresses keep the first letter and the domain (h***@korea.kr).
 */
export function maskPersonalInfo(text: string, context: Pick<ScreeningContext, 'articleContactNumbers' | 'articleContactEmails'> = {}): string {
  const findings = findPersonalInfo(text, context);
  if (findings.length === 0) return text;
  const digits = digitLayer(text);
  const chars = text.split('');
  for (const f of findings) {
    if (f.kind === 'email') {
      const local = /^[a-z0-9._%+-]+/i.exec(f.match)?.[0] ?? '';
      for (let i = f.start + f.keep; i < f.start + local.length; i++) chars[i] = '*';
      continue;
    }
    let seen = 0;
    for (let i = f.start; i < f.end; i++) {
      if (/[0-9]/.test(digits[i] as string) && ++seen > f.keep) chars[i] = '*';
    }
  }
  return chars.join('');
}

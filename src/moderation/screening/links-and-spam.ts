// Rules 3, 5, 6 and 8: harmful links, piracy and hacking, advertising, crime.
//
// Families and their rules: adult and gambling → 3 (public order, also when linked); piracy and
// hacking → 5; loans and side jobs → 6 (advertising); drugs and fraud (대포통장, 위조) → 8.
//
// Citizens discuss these topics on a government site all the time ("대출 규제", "마약 단속",
// "대포통장 근절 대책"), so a topic word alone never counts. Policy:
// - a strong term (an offer phrase: 먹튀검증, 작업대출, 통장 매입, 떨 팝니다) counts unless the
//   comment is plainly about enforcement (단속, 처벌, 근절 ...) and leaves no contact;
//   with a contact or link it is rejected, otherwise held;
// - a weak term (토토, 대출, 마약) counts only together with a contact handle or an untrusted
//   link: with an offer word as well (문의, 가입, 팝니다 ...) it is rejected, otherwise held;
// - a messenger handle (카톡 ID, 텔레그램 @id, open.kakao.com) alone is held under rule 6;
// - a shortened URL hides its destination and is held under rule 6; a link whose domain itself
//   names gambling or adult content is rejected under rule 3;
// - links to news, photo and video sites are held under rule 7 (someone else's work);
// - government domains (*.go.kr, korea.kr ...) are trusted; other links alone are fine.

import { letterLayer, lowerSameLength, spacedLayer } from './normalize.js';
import type { Evidence, Lexicon, SpamFamily, SpamTerm } from './types.js';

export interface CompiledSpam {
  strong: { key: string; term: SpamTerm }[];
  weak: { key: string; term: SpamTerm }[];
  trusted: string[];
  shorteners: string[];
  news: string[];
}

export function compileSpam(lexicon: Pick<Lexicon, 'spam' | 'trustedDomains' | 'shortenerDomains' | 'newsDomains'>): CompiledSpam {
  const strong: CompiledSpam['strong'] = [];
  const weak: CompiledSpam['weak'] = [];
  for (const term of lexicon.spam) {
    if (term.strong) strong.push({ key: letterLayer(term.term.toLowerCase()).text, term });
    else weak.push({ key: term.term.toLowerCase(), term });
  }
  const norm = (d: string): string => d.trim().toLowerCase().replace(/^\.+/, '');
  return {
    strong: strong.filter((s) => s.key.length > 0),
    weak: weak.filter((w) => w.key.length > 0),
    trusted: lexicon.trustedDomains.map(norm),
    shorteners: lexicon.shortenerDomains.map(norm),
    news: lexicon.newsDomains.map(norm),
  };
}

export const FAMILY_RULE: Record<SpamFamily, number> = {
  adult: 3,
  gambling: 3,
  piracy: 5,
  hacking: 5,
  loan: 6,
  sidejob: 6,
  drugs: 8,
  fraud: 8,
};

const FAMILY_REASON: Record<SpamFamily, string> = {
  adult: '음란·성매매 관련 홍보로 보이는 내용이 있습니다.',
  gambling: '불법 도박 사이트 홍보로 보이는 내용이 있습니다.',
  piracy: '불법 복제물을 구하는 방법을 알리는 내용이 있습니다.',
  hacking: '해킹이나 악성 프로그램을 권하거나 알선하는 내용이 있습니다.',
  loan: '대출 광고로 보이는 내용이 있습니다.',
  sidejob: '부업·투자 광고로 보이는 내용이 있습니다.',
  drugs: '마약 거래와 관련된 내용이 있습니다.',
  fraud: '대포통장·위조 등 범죄에 쓰이는 거래를 알선하는 내용이 있습니다.',
};

export interface Link {
  start: number;
  end: number;
  url: string;
  host: string;
}

const TLDS =
  'com|net|org|kr|io|me|co|info|biz|xyz|top|club|site|online|shop|vip|bet|casino|tv|cc|ly|gg|to|do|la|so|ad|us|jp|cn|app|link|live|pro|win|fun|icu|asia|in|be|gl|at|eu|uk|ru|ws';
const URL_RE = new RegExp(
  String.raw`(?:h(?:tt|xx)ps?:\/\/|www\.)[^\s<>"'ㄱ-ㅎ가-힣]+|(?<![a-z0-9@._-])(?:[a-z0-9][a-z0-9-]*\.)+(?:${TLDS})(?![a-z0-9@-])(?:[:\/?#][^\s<>"'ㄱ-ㅎ가-힣]*)?|(?<![a-z0-9@._-])[a-z0-9][a-z0-9-]{2,}\s*(?:닷|쩜)\s*(?:컴|넷|com|net|kr|xyz)`,
  'g',
);

export function findLinks(text: string): Link[] {
  const lower = lowerSameLength(text);
  const out: Link[] = [];
  URL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_RE.exec(lower)) !== null) {
    let url = m[0].replace(/[.,!?)\]]+$/, '');
    if (/^\d+(\.\d+)*$/.test(url)) continue;
    const host = url
      .replace(/^h(?:tt|xx)ps?:\/\//, '')
      .replace(/[:/?#].*$/, '')
      .replace(/\s*(닷|쩜)\s*(컴|com)$/, '.com')
      .replace(/\s*(닷|쩜)\s*(넷|net)$/, '.net')
      .replace(/\s*(닷|쩜)\s*/, '.');
    out.push({ start: m.index, end: m.index + url.length, url: text.slice(m.index, m.index + url.length), host });
    url = '';
  }
  return out;
}

function hostIn(host: string, domains: string[]): boolean {
  const h = host.replace(/^www\./, '');
  return domains.some((d) => h === d || h.endsWith(`.${d}`));
}

const HARMFUL_HOST = /toto|casino|baccarat|bacara|slot|holdem|powerball|porn|xxx|sex|yadong|adult|bet(?!a)|mtpolice|muktu|avsee|torrent|warez/;

export interface ContactHandle {
  start: number;
  end: number;
  match: string;
}

const HANDLE_RES = [
  /(?:카톡|카카오톡|카카오|톡|kakao(?:talk)?|ktalk)\s*(?:아이디|id|ID|아디)?\s*[:：=]?\s*@?([a-zA-Z0-9][a-zA-Z0-9_.-]{2,})/g,
  /(?:텔레그램|텔레|텔그|텔래|telegram|tg)\s*(?:아이디|id|ID|아디)?\s*[:：=]?\s*@?([a-zA-Z0-9_]{4,})/g,
  /(?:라인|line|위챗|wechat|왓츠앱|whatsapp|디코|discord)\s*(?:아이디|id|ID|아디)\s*[:：=]?\s*@?([a-zA-Z0-9_.-]{3,})/g,
  /(?:문의|연락|상담|dm|DM)\s*[:：]?\s*@([a-zA-Z0-9_]{4,})/g,
];

export function findContactHandles(text: string, links: Link[]): ContactHandle[] {
  const out: ContactHandle[] = [];
  for (const re of HANDLE_RES) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const handle = m[1] as string;
      // A handle is an id, not a word: digits, an underscore, or an @ in front.
      if (!/[0-9_]/.test(handle) && !m[0].includes('@') && !/아이디|id|아디/i.test(m[0])) continue;
      out.push({ start: m.index, end: m.index + m[0].length, match: m[0] });
    }
  }
  for (const link of links) {
    if (/^(?:open\.kakao\.com|pf\.kakao\.com|t\.me|telegram\.me|line\.me|qr\.kakao\.com)$/.test(link.host.replace(/^www\./, ''))) {
      out.push({ start: link.start, end: link.end, match: link.url });
    }
  }
  return out;
}

const OFFER =
  /팝니다|판매|구매|삽니다|매입|구합니다|구해요|모집|문의|상담|연락|가입|추천인|코드|지급|보장|당일|즉시|최저|무료|이벤트|혜택|클릭|검색창|입금|수수료|가능합니다|해드립니다|드립니다|선착순|급구|모십니다|환영|24시간|비밀보장|100%|%\s*보장|월\s*[0-9]+|일\s*[0-9]+\s*만|만원|쪽지|디엠|dm/i;
const ENFORCEMENT = /단속|처벌|차단|폐쇄|근절|엄벌|규제|피해|예방|주의|조심|신고|금지|검거|수사|척결|대책|뿌리뽑|막아|막아야|막으|없애|경고|사기|속지|당했/;

export function findSpam(text: string, c: CompiledSpam, phoneCount: number): Evidence[] {
  const evidence: Evidence[] = [];
  const links = findLinks(text);
  const handles = findContactHandles(text, links);
  const untrusted = links.filter((l) => !hostIn(l.host, c.trusted));

  for (const link of untrusted) {
    if (hostIn(link.host, c.shorteners)) {
      evidence.push({
        rule: 6,
        start: link.start,
        end: link.end,
        match: link.url,
        reason: '단축 주소는 연결되는 곳을 알 수 없어 운영자가 확인한 뒤 게시합니다.',
        action: 'hold',
      });
    } else if (HARMFUL_HOST.test(link.host)) {
      evidence.push({
        rule: 3,
        start: link.start,
        end: link.end,
        match: link.url,
        reason: '도박·음란 사이트로 보이는 주소로 연결하는 글은 게시할 수 없습니다.',
        action: 'reject',
      });
    } else if (hostIn(link.host, c.news)) {
      evidence.push({
        rule: 7,
        start: link.start,
        end: link.end,
        match: link.url,
        reason: '다른 언론사 기사나 사진·영상으로 연결하는 글은 저작권 확인이 필요합니다.',
        action: 'hold',
      });
    }
  }

  const letters = letterLayer(text.toLowerCase());
  const spaced = spacedLayer(text).text;
  const hasContact = handles.length > 0 || untrusted.length > 0 || phoneCount > 0;
  const offers = OFFER.test(spaced);
  const enforcement = ENFORCEMENT.test(spaced);

  const familyHits = new Map<SpamFamily, { start: number; end: number; match: string; strong: boolean }>();
  for (const { key, term } of c.strong) {
    const at = letters.text.indexOf(key);
    if (at < 0 || familyHits.get(term.family)?.strong) continue;
    const start = letters.start[at] as number;
    const end = letters.end[at + key.length - 1] as number;
    familyHits.set(term.family, { start, end, match: text.slice(start, end), strong: true });
  }
  if (hasContact) {
    const lower = lowerSameLength(text);
    for (const { key, term } of c.weak) {
      if (familyHits.has(term.family)) continue;
      const at = lower.indexOf(key);
      if (at < 0) continue;
      if (/^[a-z0-9]+$/.test(key) && (/[a-z0-9]/.test(lower[at - 1] ?? '') || /[a-z0-9]/.test(lower[at + key.length] ?? ''))) continue;
      familyHits.set(term.family, { start: at, end: at + key.length, match: text.slice(at, at + key.length), strong: false });
    }
  }

  for (const [family, hit] of familyHits) {
    let action: 'hold' | 'reject';
    if (hit.strong) {
      if (enforcement && !hasContact) continue;
      action = hasContact || offers ? 'reject' : 'hold';
    } else {
      action = offers ? 'reject' : 'hold';
    }
    const rule = FAMILY_RULE[family];
    evidence.push({ rule, start: hit.start, end: hit.end, match: hit.match, reason: FAMILY_REASON[family], action });
    for (const h of handles) {
      evidence.push({ rule, start: h.start, end: h.end, match: h.match, reason: '광고·거래에 쓰이는 연락처가 있습니다.', action });
    }
  }
  if (familyHits.size === 0) {
    for (const h of handles) {
      evidence.push({
        rule: 6,
        start: h.start,
        end: h.end,
        match: h.match,
        reason: '메신저 아이디나 오픈채팅 주소를 남긴 글은 홍보 여부를 확인한 뒤 게시합니다.',
        action: 'hold',
      });
    }
  }
  return evidence;
}

// Rule 9: posing as a minister, a ministry, the site's operator or an official account.
//
// Policy (hold: a moderator checks, staff accounts pass context.authorIsVerifiedOfficial):
// - Nickname: a site role anywhere (운영자, 관리자, 운영진, admin, moderator, official ...); a
//   government body together with a title or "공식" (환경부장관, 국토부 대변인, 교육부공식); a
//   bare government body or title as the whole name (환경부, 장관, 김장관, 대통령); the site's
//   own names (정책브리핑, 브리핑룸). Names that merely contain letters of a title (일출장관,
//   장관동주민, 시민기자) do not count.
// - Text: a signature at the end ("- 환경부 장관 드림", "운영자 올림", "국토교통부 대변인실
//   일동") or a self-introduction ("저는 환경부 장관입니다", "관리자입니다", "[공식] ...").
//   Talking about officials ("장관님 답변 부탁드립니다", "운영자에게 신고했어요") does not count.

import type { Evidence } from './types.js';

const MINISTRIES = [
  '기획재정부', '교육부', '과학기술정보통신부', '외교부', '통일부', '법무부', '국방부', '행정안전부', '국가보훈부',
  '문화체육관광부', '농림축산식품부', '산업통상자원부', '보건복지부', '환경부', '기후에너지환경부', '고용노동부',
  '여성가족부', '국토교통부', '해양수산부', '중소벤처기업부', '인사혁신처', '법제처', '식품의약품안전처', '국세청',
  '관세청', '조달청', '통계청', '재외동포청', '검찰청', '병무청', '방위사업청', '경찰청', '소방청', '국가유산청',
  '문화재청', '농촌진흥청', '산림청', '특허청', '기상청', '질병관리청', '해양경찰청', '우주항공청', '새만금개발청',
  '행정중심복합도시건설청', '방송통신위원회', '공정거래위원회', '금융위원회', '국민권익위원회', '개인정보보호위원회',
  '원자력안전위원회', '국무조정실', '국무총리비서실', '대통령실', '청와대', '기재부', '과기부', '과기정통부', '행안부',
  '문체부', '농식품부', '산업부', '복지부', '고용부', '노동부', '여가부', '국토부', '해수부', '중기부', '식약처', '질병청',
  '권익위', '공정위', '금융위', '방통위', '개보위', '대한민국정부', '정부',
];
const SITE_NAMES = ['정책브리핑', '브리핑룸', '대한민국정책브리핑', 'korea.kr', 'briefroom'];
const TITLES = ['장', '장관', '차관', '차관보', '대변인', '대변인실', '청장', '처장', '위원장', '실장', '국장', '과장', '주무관', '사무관', '비서관', '담당자', '담당관', '홍보담당', '홍보팀', '직원', '공무원'];
const TOP_TITLES = ['장관', '차관', '대변인', '대통령', '국무총리', '총리', '부총리', '청장', '비서실장'];
const SITE_ROLES = /운영자|관리자|운영진|운영팀|관리팀|운영위원|관리인|모더레이터|운영\s*담당|admin(?:istrator)?|moderator|webmaster|official|staff|sysop|\bgm\b/i;
const OFFICIAL = /공식|오피셜|official/i;

const SURNAME = '[김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용]';

const ORG_ALT = [...MINISTRIES, ...SITE_NAMES].map((s) => s.replace(/\./g, '\\.')).join('|');
const TITLE_ALT = TITLES.join('|');
const ORG_WITH_TITLE = new RegExp(`(?:${ORG_ALT})\\s*(?:${TITLE_ALT}|공식|오피셜|official|홍보|계정|알림)`, 'i');
const WHOLE_NAME = new RegExp(`^(?:${ORG_ALT}|(?:${SURNAME})?(?:${TOP_TITLES.join('|')}))(?:님)?$`, 'i');

function compact(s: string): string {
  return s.toLowerCase().replace(/[\s\-_.·・|/\\()[\]{}<>'"`~!@#$%^&*+=,:;?]+/g, '').replace(/0/g, 'o').replace(/1/g, 'i');
}

/** Why a nickname poses as an official, or undefined. */
export function impersonatingNickname(nickname: string): string | undefined {
  const raw = nickname.trim();
  if (!raw) return undefined;
  const c = compact(raw);
  if (SITE_ROLES.test(raw) || SITE_ROLES.test(c)) return '누리집 운영자나 관리자로 오인될 수 있는 이름입니다.';
  if (SITE_NAMES.some((n) => c.includes(compact(n)))) return '누리집의 공식 계정으로 오인될 수 있는 이름입니다.';
  if (ORG_WITH_TITLE.test(c)) return '정부 기관이나 그 공무원으로 오인될 수 있는 이름입니다.';
  if (WHOLE_NAME.test(c)) return '공직자나 정부 기관으로 오인될 수 있는 이름입니다.';
  if (OFFICIAL.test(c) && new RegExp(ORG_ALT).test(c)) return '정부 기관의 공식 계정으로 오인될 수 있는 이름입니다.';
  return undefined;
}

const ORG_OR_ROLE = `(?:(?:${ORG_ALT})\\s*(?:${TITLE_ALT})?|(?:${TITLE_ALT})|운영자|관리자|운영진|운영팀|관리팀)`;
const SIGNATURE = new RegExp(
  `(?:^|\\n|[-–—~]\\s*|[.!]\\s+)(?:(?:${ORG_ALT})\\s*(?:${TITLE_ALT})?(?:\\s*[가-힣]{2,3})?|운영자|관리자|운영진|운영팀|관리팀)\\s*(?:드림|올림|배상|일동|씀)\\s*[.!-]*\\s*$`,
);
const ORG_SIGNATURE = new RegExp(`[-–—]\\s*(?:${ORG_ALT})\\s*(?:${TITLE_ALT})?(?:\\s*[가-힣]{2,3})?\\s*[-–—]?\\s*$`);
const SELF_INTRO = new RegExp(`(?:^|[\\s.!,])(?:저는|제가|저희는|본인은)?\\s*${ORG_OR_ROLE}\\s*(?:입니다|이에요|예요|임|이올시다)(?=[\\s.!,]|$)`);
const BRACKET_TAG = new RegExp(`^\\s*[[(【]\\s*(?:(?:${ORG_ALT})\\s*)?(?:공식|운영자|관리자|공지|알림)(?:\\s*(?:답변|공지|안내|알림))?\\s*[\\])】]`);

function textClaims(text: string): { start: number; end: number } | undefined {
  for (const re of [SIGNATURE, ORG_SIGNATURE, SELF_INTRO, BRACKET_TAG]) {
    const m = re.exec(text);
    if (!m) continue;
    const lead = /^[\s\n.!,\-–—~]*/.exec(m[0])?.[0].length ?? 0;
    // "장관입니다" preceded by a possessive or a particle is talk about someone else.
    if (re === SELF_INTRO && /(?:의|우리|이|저|그)\s*$/.test(text.slice(0, m.index + lead)) && !/저는|제가|저희는|본인은/.test(m[0])) continue;
    return { start: m.index + lead, end: m.index + m[0].length };
  }
  return undefined;
}

export function findImpersonation(text: string, nickname: string | undefined, verified: boolean): Evidence[] {
  if (verified) return [];
  const out: Evidence[] = [];
  const reason = nickname ? impersonatingNickname(nickname) : undefined;
  if (reason) out.push({ rule: 9, start: 0, end: 0, match: nickname ?? '', reason: `닉네임: ${reason}`, action: 'hold' });
  const claim = textClaims(text);
  if (claim) {
    out.push({
      rule: 9,
      start: claim.start,
      end: claim.end,
      match: text.slice(claim.start, claim.end),
      reason: '공직자, 정부 기관 또는 운영자를 자처하는 서명이나 소개가 있어 확인이 필요합니다.',
      action: 'hold',
    });
  }
  return out;
}

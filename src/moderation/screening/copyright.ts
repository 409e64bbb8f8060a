// Rule 7: someone else's article pasted as a comment.
//
// Policy (hold, never reject — quoting is often fair and a person decides):
// - a copyright notice (ⓒ, ©, Copyright, 무단 전재 및 재배포 금지, All rights reserved) or a
//   news byline with a dateline or address ("(서울=연합뉴스) 홍길동 기자 =", "홍길동 기자
//   hong@yna.co.kr", "[세종=뉴시스]") marks a pasted article on its own;
// - otherwise a long text (≥ 200 characters) written in news style counts: at least five plain
//   declarative sentences (…했다. …이다.) of which at least two report speech or findings
//   (밝혔다, 전했다, 설명했다, 집계됐다 ...), or a bare "홍길동 기자" line with three such sentences.
// Citizens writing long opinions use the polite style (…합니다) or mix styles, and a short
// mention of a reporter ("기자님 수고하셨습니다") never counts.

import type { Evidence } from './types.js';

const NOTICE = /ⓒ|©|저작권자\s*\(c\)|copyright|all\s+rights\s+reserved|무단\s*전재|재배포\s*금지|무단\s*복제\s*금지|저작권자\s*[ⓒ©(]/i;
const DATELINE_BYLINE =
  /[([]\s*[가-힣]{2,5}\s*=\s*[가-힣a-zA-Z]{2,8}\s*[)\]]|[가-힣]{2,4}\s*(?:기자|특파원|통신원)\s*(?:=|[a-z0-9._%+-]+@[a-z0-9.-]+)/i;
const BARE_BYLINE = /(?:^|\n|\s)[가-힣]{2,4}\s+(?:기자|특파원)(?=\s*(?:$|\n|[.,]))/;
const PLAIN_SENTENCE = /(?<!니|습|읍|요)다[.。](?=\s|$|["”’])|(?<!니|습|읍)다\s*\n/g;
const REPORTING =
  /(?:밝혔|전했|말했|설명했|강조했|덧붙였|알려졌|나타났|집계됐|발표했|보도했|지적했|주장했|예상했|전망했|분석했|언급했|확인됐|결정했)다/g;

export function findCopiedArticle(text: string): Evidence[] {
  const notice = NOTICE.exec(text);
  const byline = DATELINE_BYLINE.exec(text);
  const strong = notice ?? byline;
  if (strong) {
    return [
      {
        rule: 7,
        start: strong.index,
        end: strong.index + strong[0].length,
        match: strong[0],
        reason: '언론사 기사를 옮겨 온 것으로 보여(저작권 표시·기자 서명) 저작권 확인이 필요합니다.',
        action: 'hold',
      },
    ];
  }
  if (text.length < 120) return [];
  const plain = text.match(PLAIN_SENTENCE)?.length ?? 0;
  const reporting = text.match(REPORTING)?.length ?? 0;
  const bare = BARE_BYLINE.test(text);
  if ((text.length >= 200 && plain >= 5 && reporting >= 2) || (bare && plain >= 3)) {
    return [
      {
        rule: 7,
        start: 0,
        end: text.length,
        match: text.slice(0, 40),
        reason: '기사 문체의 긴 글로, 다른 사람의 기사를 옮겨 온 것인지 확인이 필요합니다.',
        action: 'hold',
      },
    ];
  }
  return [];
}

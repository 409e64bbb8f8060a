// Seed lexicon written for the board. The host loads its own (from the database) and passes it
// in; this list is the starting content and what the tests and bench use.
//
// Severity policy: 'severe' terms are unambiguous abuse and get the comment rejected; 'mild'
// terms are rude, slangy or have innocent readings and put the comment on hold for a moderator.
// Terms are written plainly: look-alike spellings (씨빨, 쒸발, 시ㅂ, 시1발) are produced by
// normalization, so only variants normalization cannot reach (시팔, 새키, 색히) are listed.

import type { Lexicon, LexiconEntry, ProfanityCategory, Severity, SpamFamily, SpamTerm } from './types.js';

function group(
  severity: Severity,
  category: ProfanityCategory,
  terms: string,
  position?: LexiconEntry['position'],
): LexiconEntry[] {
  return terms
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => (position ? { term, severity, category, position } : { term, severity, category }));
}

export const DEFAULT_PROFANITY: LexiconEntry[] = [
  // Core profanity.
  ...group('severe', 'profanity', `
    씨발 시발 씨바 시바 씨팔 시팔 씨벌 시벌 씨부랄 시부랄 씨부럴 시부럴 씨불 씨빠 씨뻘 씨댕 씨방
    씹새 씹년 씹놈 씹창 씹할 씹같 씹새끼 씹선비 씹게이 씹덕 씹치 씹질 개씹 씹쌔 씹탱
    썅 쌍년 쌍놈 좆 좇같 좇까 존만 좆밥
    개새끼 개새 개색 개샛 개섀 개쌔 개같 개년 개놈 개쓰레기 개소리 개지랄 개좆 개자식 개돼지 개차반
    병신 븅신 빙신 병쉰 븅딱 병딱 빙딱 지랄 염병 옘병 엠병 느금 느금마 니애미 느그애미 느개비 니기미 엠창 앰창
    후레자식 호로자식 호로새끼 잡놈 잡년 니미럴 씨발놈 씨발년 미친놈 미친년 미친새끼 썩을놈 죽일놈
    애미뒤진 애미없 애비없 에미없 니미씨
    sibal ssibal shibal fuck fck fxck fuk shit bitch motherfucker
    c발 c바 c벌 c팔
    ㅅㅂ ㅂㅅ ㅄ ㅈㄹ ㅅㄲ ㄱㅅㄲ ㅆㄹㄱ ㅈㄲ ㄴㄱㅁ ㅆㅂ
  `),
  ...group('severe', 'profanity', '씨8 시8 c8 18놈 18년 18새 개18 10새 십새', 'anywhere'),
  ...group('mild', 'profanity', `
    새끼 쌔끼 새키 새퀴 섀키 섀끼 색히 색끼 샛기 샛끼 새캬 새꺄 쌕끼
    존나 졸라 존니 존내 좆나 조낸 존못 졸래 ㅈㄴ ㅁㅊ ㄷㅊ ㄲㅈ ㅗㅗ ㅗㅗㅗ
    미친 미친거 미친것 미친짓 또라이 돌아이 또라이새끼 꺼져라 꺼지라 꺼져버려 꺼지셈 꺼저 닥쳐 닥치고 닥치라 입닥
    엿먹 처먹 쳐먹 쳐맞 처맞 쳐자 쳐죽 쳐발 쳐돌 처돌 처발 대가리 주둥이 주둥아리 아가리 면상 낯짝 꼬라지 꼬락서니
    애미 애비 에미 느그 wtf
  `),
  ...group('mild', 'insult', `
    등신 멍청 멍청이 머저리 얼간이 쪼다 찐따 찐다 듣보잡 골빈 무뇌 뇌없 뇌가없 돌대가리 빡대가리 닭대가리 새대가리
    쓰레기 버러지 인간말종 인간쓰레기 양아치 기생충 발암 정신병자 정신나간 싸이코 사이코 꼰대 호구새끼 관종 재수없
    기레기 기더기 견찰 짭새 떡검 검새 판새 도둑놈 사기꾼새끼 그새끼 이새끼 저새끼
  `),
  ...group('mild', 'insult', '놈들 년들 그년 이년 저년 그놈 이놈 저놈', 'word'),
  ...group('severe', 'threat', '뒈져 뒈지 뒤져라 뒤져버 디져 디질 디졌 뒤질래 뒈질 재기해 자살해라 죽여버 나가죽 쳐죽일'),
  ...group('mild', 'threat', '뒤질 죽어라 죽어버려 뒤졌으면 죽었으면 뒤졌 자살하세요'),
  // Sexual.
  ...group('severe', 'sexual', `
    보지년 보짓 보빨 보징어 보슬 딸딸이 딸치 빠구리 질싸 후장 창녀 창년 갈보 화냥년 걸레년 좆물 씹물 자지털 보지털
    섹스 섹파 딜도 떡치 따먹 꼴리 야동 몸파는 성노리개 강간해
  `),
  ...group('mild', 'sexual', '걸레 성괴 자위행위 노브라 오나홀'),
  // Race and nationality.
  ...group('severe', 'race', `
    짱깨 짱개 짱꼴라 짱깨새끼 짱퀴 착짱죽짱 떼놈 뙤놈 되놈 쪽바리 쪽발이 조센징 깜둥이 깜씨 니그로 똥남아 섬숭이
    개슬람 nigger nigga 일본놈 중국놈 중국년 조선놈 쪽국 왜놈
  `),
  ...group('mild', 'race', '조센 흑형 양키 코쟁이 왜구 일뽕'),
  // Gender and sexuality.
  ...group('severe', 'gender', `
    김치녀 된장녀 한남충 한녀충 냄저 냄져 한남유충 메갈년 꼴페미 페미년 페미충 페미나치 보슬아치 상폐녀 맘충
    개저씨 룸나무 웜충 자댕이 숨쉴한 번식탈락
  `),
  ...group('mild', 'gender', '한녀 메갈 페미 김치남 소추'),
  ...group('mild', 'gender', '한남', 'start'),
  ...group('severe', 'sexuality', '똥꼬충 게이새끼 호모새끼 똥꼬쑤시'),
  // Regions.
  ...group('severe', 'region', '전라디언 절라도 홍어족 홍어새끼 깽깽이 까보전 멍청도 개쌍도 경상디언 홍어년'),
  ...group('mild', 'region', '홍어 쌍도 라도놈'),
  // Political views and politicians.
  ...group('severe', 'politics', `
    빨갱이 빨갱 좌빨 좌좀 우좀 대깨문 문재앙 문죄인 닭근혜 쥐박 쥐박이 달창 달빛창녀 노알라 일베충 종북좌빨
    수구꼴통 좌파새끼 우파새끼 틀딱 틀딱충 틀니딱딱 대깨
  `),
  ...group('mild', 'politics', `
    수꼴 꼴통 꼴보수 문빠 노빠 박빠 일게이 토착왜구 매국노 종북 개딸 노무노무 국개의원 시체팔이
  `),
  ...group('mild', 'politics', '재앙이', 'word'),
  ...group('mild', 'politics', '운지', 'start'),
  // Age, disability, religion.
  ...group('severe', 'age', '급식충 잼민이 노인충 연금충 할매미'),
  ...group('severe', 'disability', '저능아 정박아 지진아 애자새끼 장애인새끼'),
  ...group('mild', 'disability', '애자 벙어리 귀머거리', 'word'),
  ...group('severe', 'religion', '개독 개독교 먹사'),
  // Further terms read off the development set's misses: common evasive spellings and
  // contemptuous slang that are abusive in any context.
  ...group('severe', 'profanity', '젖같 좃같 벙신 지럴 느검마 개보지 빨통 시방새'),
  ...group('mild', 'insult', 'ㅉㅉ ㅉㅉㅉ 쯧쯧 꼴값 좁밥 대갈통 대갈빡 구더기 벌레새끼 지잡 ㅎㅌㅊ 쳐입 쥬지 찢재명 북괴'),
  ...group('mild', 'sexuality', '게이야 게이들아', 'word'),
  ...group('mild', 'race', '스시녀 스시남'),
  ...group('mild', 'threat', '씨를말려'),
  ...group('mild', 'sexual', '보지 자지', 'start'),
  ...group('mild', 'insult', '꺼져', 'word'),
  ...group('severe', 'profanity', '좆망 좆되 좆됐 좆됨 조빱 조가튼 조카튼 보집 폰섹 딸쳐 니미씹'),
  ...group('severe', 'profanity', '씹', 'word'),
  ...group('mild', 'profanity', '씨부리 씨부려 씨불이 눈깔 머가리 주뎅이 새낀 시끼 생키 쉐끼 쉐키 쒜끼 새기들 색기 부랄 꼴렸 꼴림 떡침 폭딸 꼬추 쳐올리 쳐웃 쳐넣 쳐박 쳐놀 쳐울 쳐싸 쳐마시'),
  ...group('mild', 'insult', '극혐 무식 미개한 미개인 벌레 산송장 센징 쪽본 똥양인 틀니'),
  ...group('mild', 'sexual', '발기'),
  ...group('mild', 'insult', '니미 년 놈', 'word'),

  // Second tier: insult phrases and demeaning constructions that contain no swear word. They are
  // aimed at a person's mind, worth or manners, so they are mild (hold for a moderator). Phrases
  // written with words run together match across spaces ("니 수준", "뇌 안 돌아가").
  ...group('mild', 'insult', `
    니수준 너수준 네수준 느그수준 지들수준 인생수준 수준하고는 수준알만 수준나옴 수준나온다 수준드러
    지능수준 지능이낮 지능낮 저지능 아이큐낮 머리가나쁘 머리나쁜 대가리나쁜
    뇌없 뇌가없 뇌텅 뇌안돌아 뇌가안돌아 뇌가썩 뇌썩 제정신이냐 제정신인가 제정신아니 정신이상 정신병
    못배운 못배워 배운게없 한심한놈 한심한새 한심하네 찐따 버러지 이뭐병
    ㅂㄷㅂㄷ 부들부들 부들거리 부들대 빤스런 빤스목사 빤쓰
    그딴 저따구 그따구 이따구 그따위 저따위 이따위 헛소리 딴소리 개소리
    짐승들 가축들 좀비들 노예들 바보들 머저리들 거지같 거지근성 똘마니 따까리 년놈 늙은이 노망 할배들 틀들 노땅
    역겹 역겨움 쑤레기 쓰렉 아닥 나대지마 나대네 깝죽
    수준이그래 수준이그렇 수준떨어 수준이떨어 수준낮 수준이낮 같은소리하 같은소리한
    개보다못한 개만도못 짐승보다못 짐승만도못 벌레보다못 벌레만도못 니아이큐 아이큐두자 아이큐한자
    정신차려라 정신좀차려 정신못차리 니같은거 너같은거 니같은것 너같은것 니까짓 너까짓 징징아 을놈 을놈들
    불쌍한인간 한심한인간 이상한인간 같은인간 같은놈 같은년 글쓴놈 글쓴년 저런것들 이런것들이 조선것들
  `),
  ...group('mild', 'insult', `
    개빡 개빢 개역겹 개역겨 개무시 개노답 개나대 개극혐 개짜증 개빻 개주작 개겉 개일베 개백수 개드립 개찐따 개병신
    개한심 개못생 개후져 개허접 개더럽 개념없
  `, 'start'),
  // Forum-style mockery: 게이 as an address (글쓴게이, 게이야) is tagged sexuality (see profanity.ts
  // for the 개이득 and 게이트 exclusions).
  ...group('mild', 'sexuality', '게이'),
  ...group('mild', 'profanity', '시키들 자식아 잣같 써글 좆될 좆돼 쳐빠'),
  ...group('mild', 'threat', '뒤지게 죽여없 때려죽 찔러죽 칼빵 망해라 총살해 총살시켜 사형시켜 처형해'),
  ...group('mild', 'politics', '문대앙 죄국 뇌물현 닭그네 헬조선 헬반도 헬조센'),
  ...group('mild', 'gender', '김치들 김치년 기집년 쿵쾅이 씹쿵쾅'),
];

/** Innocent words and phrases that contain letters of a profane term. */
export const DEFAULT_ALLOW: string[] = `
  시발점 시발역 시발택시 시발자동차 시발차 시발권 시발버스 수박씨 씨앗 발아 시바견 시바이누 시바신 시바_이누
  씨_발아 씨_발라 씨를_발라 씨_발린
  새끼손가락 새끼발가락 새끼줄 새끼손톱 새끼치기 새끼고양이 새끼강아지 새끼곰 새끼돼지 새끼양
  새끼_고양이 새끼_강아지 새끼_곰 새끼_돼지 새끼_양 새끼_새 새끼_거북 새끼_물고기 새끼_오리 새끼_사자 새끼_호랑이
  새끼_판다 새끼를_낳 새끼를_배 새끼를_키 새끼를_돌보 새끼를_품 새끼를_지키 어미와_새끼 어미_새끼 새끼_동물 새끼들에게_먹이
  하루_세끼 삼시세끼 삼시_세끼 세끼_식사 세끼를_먹 세끼_밥 세끼_모두 세끼도
  미친듯 미친_듯 졸라매 졸라_매 바보상자 멍청해진
  한남동 한남대교 한남대 한남역 한남더힐 한남뉴타운 한남오거리 한남나들목 한남터널 한남초 한남고 한남재개발 한남_재개발
  홍어회 홍어삼합 홍어무침 홍어애 홍어탕 홍어찜 홍어_요리 흑산도_홍어 흑산_홍어 참홍어 홍어_어획 홍어_가격 홍어_맛 홍어가_잡 홍어는_삭
  쓰레기봉투 쓰레기통 쓰레기장 쓰레기_분리 음식물쓰레기 해양쓰레기 생활쓰레기 쓰레기매립 쓰레기_매립 쓰레기처리
  쓰레기_처리 쓰레기_수거 쓰레기수거 쓰레기_배출 쓰레기_무단 쓰레기_줍 쓰레기를_버 쓰레기_문제 플라스틱_쓰레기
  쓰레기_소각 쓰레기소각 종량제 우주쓰레기 우주_쓰레기 쓰레기_더미 쓰레기_섬 쓰레기_줄이 쓰레기를_줄 쓰레기_감량 쓰레기가_쌓
  쓰레기_발생 쓰레기_투기 쓰레기_처분 쓰레기_재활용 산업쓰레기 영농쓰레기 해변_쓰레기 쓰레기_치우 쓰레기를_치우
  걸레질 물걸레 걸레로 걸레를 걸레_빨 걸레_청소 행주
  닥쳐오 닥쳐_오 닥쳐올 닥쳐온 닥치고_말 닥치는 닥치는대로
  미쳤던 미쳤고 미쳤으나 영향을_미쳤 영향이_미쳤 손이_미쳤 미치다 미칠 미친_영향 미친다는 영향_미친 영향을_미친 영향이_미친
  피해를_미친 피해를_미쳤 악영향을_미친 악영향을_미쳤 효과를_미친 효과를_미쳤 손길이_미친 힘이_미친 발길이_미친 여파를_미친 여파를_미쳤
  충격을_미친 충격을_미쳤 도움을_미친 작용을_미친 기여를_미친 관심이_미친 
  대가리_치 멸치_대가리 생선_대가리 황태_대가리 북어_대가리
  일베스트 기생충학 기생충_감염 기생충_검사 장내_기생충 기생충_질환 영화_기생충 기생충_약 구충제
  애자일 애자_부품 절연애자 현수애자 애자_교체
  운지버섯 운지법 운지_버섯
  뒤질렀 뒤지고 뒤지다 뒤지는 뒤지지 뒤져도 뒤져_보 뒤져보 뒤져서 가방을_뒤져 서랍을_뒤져 쓰레기통을_뒤져
  섹스피어 나섹스 섹스턴
  떡메치기 떡치기_체험 떡메_치기
  따먹기 땅따먹기 열매를_따먹 과일을_따먹 열매_따먹
  꼴리지 쥐잡듯 쥐_잡듯
  애벌레 무당벌레 딱정벌레 풀벌레 벌레잡이 벌레_퇴치 벌레_물림 벌레에_물 벌레가_생 벌레_먹 벌레먹 식충식물
  발기인 발기인대회 발기인_대회 발기인총회 발기문
  틀니_보험 틀니_건강보험 틀니_급여 틀니_지원 틀니_시술 틀니를_하 틀니를_끼 부분틀니 완전틀니 틀니와_임플란트 틀니·임플란트 틀니_본인부담 틀니_사업 어르신_틀니 틀니_제작
  무식한_질문 무식해서_죄송
  불이_꺼져 불_꺼져 꺼져_있 꺼져있 꺼져서 꺼져도 꺼져_버렸 꺼져버렸 전원이_꺼져 시동이_꺼져 화면이_꺼져 엔진이_꺼져 불빛이_꺼져 꺼져가 꺼져_가 등이_꺼져 촛불이_꺼져 꺼져_있었
  개년_계획 개년계획
  종북_몰이 종북몰이 종북_프레임
  페미니즘 페미니스트 페미니
  바보상자 바보온달
  일본놈들의_만행
  매국노_이완용 을사오적
  양키스
  창녀촌_폐쇄
  보슬비 보슬보슬
  애비게일
  사재기 판세 노빠꾸 전염병 사이코패스 외국계
  게이트 게이머 게이밍 게이지 게이샤 노게이라 인게이지 엔게이지
`
  .split(/\s+/)
  .filter((w) => w.length > 0)
  .map((w) => w.replace(/_/g, ' '));

// Spam and crime keyword families. The screening code adds offer words, contacts and links;
// a weak term on its own (a citizen writing about 대출 규제 or 마약 단속) never counts.
function spamGroup(family: SpamFamily, strong: boolean, terms: string): SpamTerm[] {
  return terms
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => (strong ? { term: t.replace(/_/g, ' '), family, strong } : { term: t.replace(/_/g, ' '), family }));
}

export const DEFAULT_SPAM: SpamTerm[] = [
  ...spamGroup('gambling', true, `
    먹튀검증 먹튀사이트 먹튀보증 먹튀폴리스 안전놀이터 메이저놀이터 토토사이트 사설토토 바카라사이트 카지노사이트
    온라인카지노 온라인바카라 첫충 매충 꽁머니 가입머니 가입코드 슬롯사이트 홀덤사이트 파워볼사이트 에볼루션카지노 라이브카지노
    스포츠중계_무료 토토총판 바카라총판 카지노총판
  `),
  ...spamGroup('gambling', false, '토토 바카라 카지노 먹튀 슬롯머신 홀덤 파워볼 배팅 베팅 사다리게임 그래프게임 룰렛 첫충전'),
  ...spamGroup('adult', true, `
    조건만남 출장안마 출장마사지 애인대행 오피사이트 립카페 키스방 섹파 야동사이트 성인사이트 무료야동 랜덤채팅_만남
    즉석만남 몸캠 유흥사이트 밤문화_사이트 오피스걸 폰팅 원나잇_만남
  `),
  ...spamGroup('adult', false, '야동 19금 조건 출장 오피 av 섹파 원나잇 성인용품'),
  ...spamGroup('loan', true, `
    작업대출 무직자대출 무직자_대출 당일대출 당일_대출 신불자대출 저신용자대출 급전대출 대출문의 대출_문의 대출상담_환영
    개인돈 일수대출 소액결제_현금화 소액결제현금화 정보이용료_현금화 신용카드_현금화 카드깡 휴대폰깡 폰테크 내구제
  `),
  ...spamGroup('loan', false, '대출 급전 개인돈 현금화 신용불량 저신용 무직자'),
  ...spamGroup('sidejob', true, `
    재택알바 재택부업 고수익알바 고수익_알바 부업알바 꿀알바 리딩방 주식리딩방 코인리딩방 수익보장 수익_보장 원금보장
    하루_만원 일당지급 일당_지급 타이핑알바 쇼핑몰알바 쇼핑몰_알바 댓글알바_모집 리뷰알바 고액알바 고액_알바 투잡_환영
  `),
  ...spamGroup('sidejob', false, '부업 알바 재택근무 투잡 고수익 리딩 월수입 월천 수익률'),
  ...spamGroup('piracy', true, `
    크랙파일 크랙_다운 크랙버전 시리얼키_공유 키젠 정품인증_크랙 무료_영화_사이트 영화_무료보기 드라마_무료보기
    웹툰_무료보기 불법_다운로드_사이트 와레즈 토렌트_사이트 토렌트사이트 누누티비 티비위키 밤토끼 무료웹툰 토렌트_주소
  `),
  ...spamGroup('piracy', false, '크랙 토렌트 불법다운 무료보기 시리얼키 정품인증 와레즈'),
  ...spamGroup('hacking', true, `
    디도스_대행 디도스대행 해킹_의뢰 해킹의뢰 해킹_대행 해킹대행 계정_해킹 계정해킹 카톡_해킹 카톡해킹 폰해킹
    핸드폰_해킹 위치추적_앱 위치추적앱 몰래_위치추적 악성코드_배포 랜섬웨어_판매 계정_판매 계정판매 아이디_판매 디도스_공격_해
  `),
  ...spamGroup('hacking', false, '해킹 디도스 악성코드 랜섬웨어 위치추적 도청'),
  ...spamGroup('drugs', true, `
    아이스작대기 아이스_작대기 작대기_판매 떨_팝니다 떨_판매 떨_구매 떨_구합니다 대마_판매 대마초_판매 필로폰_판매
    히로뽕 물뽕 캔디_판매 허브_판매 브액 케타민_판매 마약_판매 마약_구매 마약판매 액상대마 떨액 크리스탈_판매
  `),
  ...spamGroup('drugs', false, '마약 대마 대마초 필로폰 케타민 엑스터시 코카인 작대기 히로뽕'),
  ...spamGroup('fraud', true, `
    대포통장 대포폰 대포차 통장매입 통장_매입 통장임대 통장_임대 통장_삽니다 통장_구매 법인통장_매입 유심_매입
    신분증_위조 위조_신분증 면허증_위조 졸업증명서_위조 개인정보_판매 디비_판매 db_판매 장기매매 장기_매매 신장_팝니다
    대리입금 가개통 선불폰_판매 유심_판매
  `),
  ...spamGroup('fraud', false, '대포통장 대포폰 위조 통장 유심 선불폰'),
];

export const DEFAULT_TRUSTED_DOMAINS: string[] = ['go.kr', 'korea.kr', 'gov.kr', 'mil.kr', 'assembly.go.kr', 'law.go.kr', 'scourt.go.kr'];

export const DEFAULT_SHORTENER_DOMAINS: string[] = [
  'bit.ly', 'goo.gl', 'tinyurl.com', 't.co', 'ow.ly', 'is.gd', 'buff.ly', 'cutt.ly', 'rebrand.ly', 't.ly', 'han.gg',
  'me2.do', 'vo.la', 'url.kr', 'c11.kr', 'buly.kr', 'lrl.kr', 'zrr.kr', 'naver.me', 'kko.to', 'hoy.kr', 'shorturl.at',
  'tiny.cc', 'rb.gy', 'link24.kr', 'muz.so', 'ii.ad',
];

export const DEFAULT_NEWS_DOMAINS: string[] = [
  'news.naver.com', 'n.news.naver.com', 'm.news.naver.com', 'entertain.naver.com', 'sports.news.naver.com', 'v.daum.net',
  'news.daum.net', 'news.nate.com', 'yna.co.kr', 'yonhapnews.co.kr', 'chosun.com', 'joongang.co.kr', 'joins.com',
  'donga.com', 'hani.co.kr', 'khan.co.kr', 'hankookilbo.com', 'mk.co.kr', 'hankyung.com', 'sedaily.com', 'mt.co.kr',
  'edaily.co.kr', 'newsis.com', 'news1.kr', 'ytn.co.kr', 'kbs.co.kr', 'imbc.com', 'sbs.co.kr', 'jtbc.co.kr',
  'ohmynews.com', 'pressian.com', 'nocutnews.co.kr', 'segye.com', 'kmib.co.kr', 'seoul.co.kr', 'munhwa.com',
  'heraldcorp.com', 'asiae.co.kr', 'fnnews.com', 'dt.co.kr', 'etnews.com', 'zdnet.co.kr', 'newspim.com', 'nytimes.com',
  'bbc.com', 'bbc.co.uk', 'cnn.com', 'reuters.com', 'youtube.com', 'youtu.be', 'instagram.com', 'flickr.com',
  'gettyimages.com', 'gettyimagesbank.com', 'shutterstock.com', 'pinterest.com', 'blog.naver.com', 'tistory.com',
];

export const DEFAULT_LEXICON: Lexicon = Object.freeze({
  profanity: DEFAULT_PROFANITY,
  allow: DEFAULT_ALLOW,
  spam: DEFAULT_SPAM,
  trustedDomains: DEFAULT_TRUSTED_DOMAINS,
  shortenerDomains: DEFAULT_SHORTENER_DOMAINS,
  newsDomains: DEFAULT_NEWS_DOMAINS,
}) as Lexicon;

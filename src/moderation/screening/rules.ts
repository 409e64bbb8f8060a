// The board's 13 posting rules (운영원칙). Wording is the board's own; the numbering follows the
// reference site so moderators and users can cite "운영원칙 4" across both.
// `automatic` marks the rules the screening engine detects; the others need a person's judgement
// (defamation, relevance, legality, official requests) and the engine never guesses them.

export interface PostingRule {
  readonly number: number;
  readonly title: string;
  readonly text: string;
  readonly automatic: boolean;
}

export const POSTING_RULES: readonly PostingRule[] = Object.freeze([
  {
    number: 1,
    title: '개인정보 노출',
    text: '본인이나 다른 사람의 전화번호, 전자우편 주소, 주민등록번호 같은 개인정보를 올린 글',
    automatic: true,
  },
  {
    number: 2,
    title: '명예훼손',
    text: '사실로 확인되지 않은 내용으로 다른 사람의 명예를 떨어뜨리는 글',
    automatic: false,
  },
  {
    number: 3,
    title: '공공질서·미풍양속 위반',
    text: '음란물, 도박 등 공공질서와 건전한 풍속을 해치는 내용을 퍼뜨리거나 그런 곳으로 연결하는 글',
    automatic: true,
  },
  {
    number: 4,
    title: '욕설·비하 표현',
    text: '욕설이나 저속한 말, 인종·성별·지역·정치적 견해를 깎아내리는 표현을 쓴 글',
    automatic: true,
  },
  {
    number: 5,
    title: '불법복제·해킹 조장',
    text: '불법 복제물, 악성 프로그램, 해킹 등을 권하거나 구하는 방법을 알리는 글',
    automatic: true,
  },
  {
    number: 6,
    title: '광고·홍보',
    text: '돈벌이를 위한 광고나 특정 개인·단체를 알리려는 홍보 글',
    automatic: true,
  },
  {
    number: 7,
    title: '저작권 침해',
    text: '다른 사람의 기사, 사진 같은 저작물을 허락 없이 옮겨 오거나 연결한 글',
    automatic: true,
  },
  {
    number: 8,
    title: '범죄 관련',
    text: '범죄와 관련되거나 범죄를 부추기는 내용, 불법 거래를 알선하는 글',
    automatic: true,
  },
  {
    number: 9,
    title: '사칭',
    text: '공인, 기관, 누리집 운영자나 사건 당사자와 그 주변 사람인 척 꾸며 쓴 글',
    automatic: true,
  },
  {
    number: 10,
    title: '기사와 무관한 내용',
    text: '해당 보도자료나 게시글과 관계없는 의견, 주장, 정보를 올린 글',
    automatic: false,
  },
  {
    number: 11,
    title: '반복 게시',
    text: '같은 제목이나 내용의 글, 또는 일부만 바꾼 글을 되풀이해 올린 글',
    automatic: true,
  },
  {
    number: 12,
    title: '법령 위반',
    text: '그 밖에 관계 법령을 어긴다고 판단되는 글',
    automatic: false,
  },
  {
    number: 13,
    title: '수사기관 등의 요청',
    text: '수사기관 등이 공식적으로 조치를 요청한 글',
    automatic: false,
  },
]);

export const AUTOMATIC_RULES: readonly number[] = POSTING_RULES.filter((r) => r.automatic).map((r) => r.number);

export function postingRule(number: number): PostingRule | undefined {
  return POSTING_RULES.find((r) => r.number === number);
}

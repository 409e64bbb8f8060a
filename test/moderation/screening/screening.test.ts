// Behaviour of the screening engine as pure functions: API shape, policy, normalization.
import { describe, expect, it } from 'vitest';
import {
  AUTOMATIC_RULES,
  DEFAULT_LEXICON,
  POSTING_RULES,
  composeDubeolsik,
  createBoardScreener,
  maskPersonalInfo,
  screenComment,
  similarity,
} from '../../../src/moderation/screening/index.js';

const screen = (text: string, context = {}) => screenComment(text, context, DEFAULT_LEXICON);

describe('rules data', () => {
  it('lists the 13 rules with Korean titles and marks the automatic ones', () => {
    expect(POSTING_RULES.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(AUTOMATIC_RULES).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 11]);
    for (const r of POSTING_RULES) expect(r.title).toMatch(/[가-힣]/);
  });
});

describe('action policy', () => {
  it.each([
    ['좋은 정책 감사합니다', 'publish', []],
    ['씨발 이게 정책이냐', 'reject', [4]],
    ['존나 한심하네', 'hold', [4]],
    ['제 번호 010-1234-5678', 'hold', [1]],
    ['먹튀검증 카톡 toto77 문의', 'reject', [3]],
    ['http://bit.ly/abc 참고', 'hold', [6]],
    ['https://n.news.naver.com/article/001/0001 이 기사 보세요', 'hold', [7]],
  ] as const)('%s → %s', (text, action, rules) => {
    const r = screen(text);
    expect(r.action).toBe(action);
    expect(r.rules).toEqual(rules);
  });

  it('points evidence at the original text, with a Korean reason', () => {
    const text = '정말 시1발 너무하네';
    const [e] = screen(text).evidence;
    expect(e).toBeDefined();
    expect(text.slice(e!.start, e!.end)).toBe('시1발');
    expect(e!.reason).toMatch(/[가-힣]/);
  });

  it('never reports rules 2, 10, 12, 13', () => {
    const r = screen('이 사람은 범죄자다. 기사와 상관없지만 제 가게 홍보합니다');
    for (const n of [2, 10, 12, 13]) expect(r.rules).not.toContain(n);
  });
});

describe('normalization (rule 4)', () => {
  it('composes 2-set keyboard input', () => {
    expect(composeDubeolsik('tlqkf').text).toBe('시발');
    expect(composeDubeolsik('qudtls').text).toBe('병신');
    expect(composeDubeolsik('dkssudgktpdy').text).toBe('안녕하세요');
    expect(composeDubeolsik('rkqt').text).toBe('값');
  });

  it.each(['tlqkf', 'qudtls', '시1발', '씨 발', '개.새.끼', 'ㅅㅂ', 'ㅂㅅ', 'ㅈㄹ', '씨빨', '쒸발', '시바ㄹ', '시이발', '시발아', '개새끼야', '병시나', 'ㅅ발', '개ㅅㄲ'])(
    'catches %s',
    (text) => expect(screen(text).rules).toContain(4),
  );

  it.each([
    '시발점', '수박씨 발라 먹다', '1956년 병신년', '병신년 새해', '시발역', '발기인 대회', '개발 계획', '조건부 승인', '서울시 발표',
    '시 발표 자료', '하루 세끼', '5개년 계획', '감사합니다 ㄱㅅ', '새끼손가락', '곰이 새끼를 낳았다', '홍어삼합', '한남대교',
    '개, 돼지, 닭 사육 농가', '껌을 씹는 소리', '해 보지 않았다', '쥐잡듯이 단속', '재앙이다', '2024년은 좋은 해', 'I love you',
  ])('leaves %s alone', (text) => expect(screen(text).rules).not.toContain(4));

  it.each([
    '개이득', '모자 개이쁜데', '학계의 정설', '웨비나 참석', '궤도 수정', '돼지 사육 농가', '앵무새 키우기', '보충이 필요합니다',
    '게이트 개방', '게이머 대회', '사재기 단속', '판세 분석', '전염병 예방', '외국계 기업', 'ㅗㅜㅑ', '국게에서 봤다', '지겨운지 몰라',
  ])('leaves %s alone (second tier)', (text) => expect(screen(text).rules).not.toContain(4));

  it.each([
    '니 수준 알만하다', '뇌 안 돌아가냐', '글쓴게이 몇살이냐', '^ㅡ^ㅗ', 'ㅗ', '주작무새들', '9급충임', '쒜끼들', 'ㅂㄷㅂㄷ',
    '개빡치네', '정신 좀 차려라', '같은 소리 하고 있네', '너 같은 거',
  ])('holds %s (second tier)', (text) => {
    const r = screen(text);
    expect(r.rules).toContain(4);
  });

  it('matches inside words after removing allow-listed words', () => {
    expect(screen('시발점에서 시발아').rules).toContain(4);
    expect(screen('하루 세끼 먹는 개세끼').rules).toContain(4);
  });

  it('grades slurs: severe rejects, ambiguous holds', () => {
    expect(screen('짱깨들 다 나가라').action).toBe('reject');
    expect(screen('홍어 냄새').action).toBe('hold');
    expect(screen('급식충들 시끄럽다').action).toBe('reject');
    expect(screen('공장충들 답없네').action).toBe('hold');
    expect(screen('해충 방제, 곤충 채집, 대충 봤다').action).toBe('publish');
  });
});

describe('personal information (rule 1)', () => {
  it('masks numbers and addresses for moderator logs', () => {
    expect(maskPersonalInfo('전화 010-1234-5678 주세요')).toBe('전화 010-****-**** 주세요');
    expect(maskPersonalInfo('주민번호 900101-1234567')).toBe('주민번호 900101-*******');
    expect(maskPersonalInfo('메일 hong@korea.kr')).toBe('메일 h***@korea.kr');
    expect(maskPersonalInfo('+82 10-1234-5678')).toBe('+82 10-****-****');
    expect(maskPersonalInfo('공일공-일이삼사-오육칠팔')).toBe('공일공-****-****');
    expect(maskPersonalInfo('2024.07.18 발표')).toBe('2024.07.18 발표');
  });

  it('ignores the release contact block and public service numbers', () => {
    const ctx = { articleContactNumbers: ['044-200-1234'] };
    expect(screen('문의처 044-200-1234 로 전화했어요', ctx).rules).toEqual([]);
    expect(screen('1357, 110, 120, 1588-1234').rules).toEqual([]);
  });

  it('counts registration numbers issued after October 2020 without a check digit', () => {
    expect(screen('아기 번호 210315-3999999').rules).toContain(1);
    expect(screen('9001011234560 주문').rules).not.toContain(1);
  });
});

describe('impersonation (rule 9)', () => {
  it('holds official-looking nicknames unless verified', () => {
    expect(screen('좋네요', { authorNickname: '환경부 장관' }).rules).toEqual([9]);
    expect(screen('좋네요', { authorNickname: '환경부 장관', authorIsVerifiedOfficial: true }).rules).toEqual([]);
    expect(screen('감사합니다.\n- 환경부 장관 드림').rules).toEqual([9]);
    expect(screen('장관님 답변 부탁드립니다').rules).toEqual([]);
  });
});

describe('duplicates (rule 11)', () => {
  const prior = '중소기업 지원 예산을 늘려 주세요 현장은 너무 힘듭니다';

  it('holds a partly changed repeat by the same author within 24 hours', () => {
    const ctx = { recentByAuthor: [{ text: prior, at: '2024-07-18T00:00:00Z' }], now: '2024-07-18T05:00:00Z' };
    expect(screen('중소기업 지원 예산을 늘려 주십시오 현장은 너무 힘들어요', ctx).rules).toEqual([11]);
    const old = { recentByAuthor: [{ text: prior, at: '2024-07-01T00:00:00Z' }], now: '2024-07-18T05:00:00Z' };
    expect(screen(prior, old).rules).toEqual([]);
  });

  it('measures similarity on letters only', () => {
    expect(similarity('좋은 정책!!', '좋은정책')).toBe(1);
    expect(similarity(prior, '원전 정책 다시 생각해 주세요')).toBeLessThan(0.3);
  });

  it('board screener sees earlier comments: repeats and campaigns', () => {
    const board = createBoardScreener(DEFAULT_LEXICON);
    expect(board.screen({ id: 1, author: 'kim', text: prior }).action).toBe('publish');
    expect(board.screen({ id: 2, author: 'kim', text: `${prior}!!` }).rules).toEqual([11]);
    const campaign = '이번 개정안은 전면 재검토되어야 합니다 국민 의견을 들으세요';
    expect(board.screen({ id: 3, author: 'a', text: campaign }).action).toBe('publish');
    expect(board.screen({ id: 4, author: 'b', text: campaign }).action).toBe('publish');
    expect(board.screen({ id: 5, author: 'c', text: `${campaign}.` }).action).toBe('publish');
    expect(board.screen({ id: 6, author: 'd', text: campaign }).rules).toEqual([11]);
    expect(board.screen({ id: 7, author: 'e', text: '감사합니다' }).action).toBe('publish');
    expect(board.size).toBe(7);
  });
});

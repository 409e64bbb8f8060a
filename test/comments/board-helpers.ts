import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/db/schema.js';
import { createUser } from '../../src/users/user-service.js';
import { seedRelease, type TestApp } from '../helpers.js';
import { csrfFrom, loginAs } from '../session-helpers.js';

export const PASSWORD = 'correct-horse-9';

export interface Person {
  id: number;
  email: string;
  cookies: Record<string, string>;
}

/** Creates an account and logs it in through the real form. */
export async function person(t: TestApp, name: string, roles: Role[] = ['citizen']): Promise<Person> {
  const email = `${encodeURIComponent(name).replace(/%/g, '').toLowerCase().slice(0, 30)}${Math.random().toString(36).slice(2, 6)}@example.kr`;
  const { userId } = await createUser(t.connection.db, { email, displayName: name, roles, password: PASSWORD }, t.clock());
  const session = await loginAs(t.app, email, PASSWORD);
  if (session.status !== 302) throw new Error(`login failed for ${name}: ${session.status}`);
  return { id: userId, email, cookies: session.cookies };
}

export async function release(t: TestApp, title = '중소기업 정책 협의회 개최', extra: { contactPhone?: string } = {}): Promise<number> {
  return seedRelease(t.connection, { title, releasedAt: '2024-12-01T00:00:00Z', ...extra });
}

/** Posts a form as the person, with a fresh CSRF token from a page they can open. */
export async function postAs(app: FastifyInstance, who: Person, url: string, payload: Record<string, string | string[]>, tokenPage = '/my/comments') {
  const page = await app.inject({ method: 'GET', url: tokenPage, cookies: who.cookies });
  const { token, cookies } = csrfFrom(page);
  return app.inject({ method: 'POST', url, cookies: { ...who.cookies, ...cookies }, payload: { ...payload, _csrf: token } });
}

export async function comment(app: FastifyInstance, who: Person, releaseId: number, body: string) {
  return postAs(app, who, `/briefing/${releaseId}/comments`, { body });
}

export async function latestCommentId(t: TestApp): Promise<number> {
  const row = await t.connection.db.selectFrom('comments').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

export async function articleHtml(app: FastifyInstance, releaseId: number, who?: Person): Promise<string> {
  const res = await app.inject({ method: 'GET', url: `/briefing/${releaseId}`, cookies: who?.cookies ?? {} });
  if (res.statusCode !== 200) throw new Error(`article ${releaseId}: ${res.statusCode}`);
  return res.body;
}

const OPINIONS = [
  '지역 중소기업 지원이 늘어나길 바랍니다', '협의회 결과를 자주 공개해 주세요', '소상공인 대출 조건도 살펴봐 주십시오',
  '스마트공장 보급 속도가 더 빨라야 합니다', '전통시장 주차 문제부터 해결했으면', '청년 창업 공간이 부족합니다',
  '지자체마다 사정이 달라서 맞춤형이 중요해요', '예산 집행 내역을 투명하게 알려 주세요', '수출 기업 물류비 지원을 검토해 주세요',
  '규제 특구 지정 기준이 궁금합니다', '메이커스페이스 운영 시간이 짧아요', '기술 인력 양성 과정도 필요합니다',
  '농어촌 지역 소기업도 잊지 말아 주세요', '온라인 판로 개척 교육을 늘려 주세요', '공공 조달 참여 절차가 복잡합니다',
  '폐업 지원과 재기 지원을 함께 해 주세요', '에너지 비용 부담이 큽니다', '협의회에 현장 목소리를 더 담아 주세요',
  '중앙과 지방의 역할 분담이 명확해졌으면', '지원 사업 공고를 한곳에서 보고 싶어요', '정책 효과를 숫자로 보여 주세요',
  '여성 기업인 지원 방안도 궁금합니다', '고령 사장님들을 위한 디지털 교육 부탁드립니다', '지역 대학과 연계하면 좋겠습니다',
];

/** A sentence no other index repeats (so rule 11 does not see repeats). */
export function opinion(i: number): string {
  return OPINIONS[i % OPINIONS.length]!;
}

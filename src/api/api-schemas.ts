import { Type, type Static } from '@sinclair/typebox';
import { RELEASE_TYPES } from '../db/schema.js';

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '보도시점 기준 날짜(한국 시간), 예: 2018-07-18' });

export const ListQuerystring = Type.Object(
  {
    ministry: Type.Optional(Type.String({ maxLength: 200, description: '부처 이름 또는 약칭' })),
    type: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: [...RELEASE_TYPES], description: '자료 유형' })),
    from: Type.Optional(DateText),
    to: Type.Optional(DateText),
    q: Type.Optional(Type.String({ maxLength: 1000, description: '검색어(200자 이내). 모든 낱말이 들어 있는 자료를 찾습니다.' })),
    sort: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: ['relevance', 'latest'], description: 'q가 있을 때 정렬: relevance(기본) 또는 latest' })),
    cursor: Type.Optional(Type.String({ maxLength: 100, description: '앞 응답의 nextCursor' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type ListQuerystring = Static<typeof ListQuerystring>;

export const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: '보도자료 번호' }) });

const Licence = Type.Object({ type: Type.Integer(), label: Type.String(), text: Type.String() });

export const ReleaseSummary = Type.Object({
  id: Type.Integer(),
  url: Type.String({ description: '기사 주소(절대 URL)' }),
  type: Type.String(),
  title: Type.String(),
  subtitles: Type.Array(Type.String()),
  summary: Type.Array(Type.String()),
  ministry: Type.String(),
  releasedAt: Type.String({ description: '보도시점, +09:00' }),
  updatedAt: Type.String({ description: '마지막 공개 변경 시각, +09:00' }),
  licence: Licence,
});
export type ReleaseSummary = Static<typeof ReleaseSummary>;

export const ReleaseList = Type.Object({
  items: Type.Array(ReleaseSummary),
  total: Type.Integer({ description: '조건에 맞는 공개 자료 수' }),
  totalIsLowerBound: Type.Boolean({ description: 'true이면 검색 결과가 total건(1,000건)보다 많아 세기를 멈춘 것(흔한 검색어)' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: '다음 쪽의 cursor; 마지막 쪽이면 null' }),
});
export type ReleaseList = Static<typeof ReleaseList>;

export const Attachment = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  url: Type.String(),
});

export const Correction = Type.Object({
  date: Type.String({ description: '정정 시각, +09:00' }),
  note: Type.String(),
  minor: Type.Boolean(),
});
export type Correction = Static<typeof Correction>;

export const ReleaseDetail = Type.Intersect([
  ReleaseSummary,
  Type.Object({
    bodyHtml: Type.String({ description: '본문(정제된 HTML)' }),
    distributedAt: Type.Union([Type.String(), Type.Null()]),
    department: Type.String(),
    contact: Type.Object({ responsible: Type.String(), person: Type.String(), phone: Type.String() }),
    attachments: Type.Array(Attachment),
    corrections: Type.Array(Correction),
    attribution: Type.String(),
  }),
]);
export type ReleaseDetail = Static<typeof ReleaseDetail>;

export const ApiErrorBody = Type.Object({
  error: Type.Object({
    status: Type.Integer(),
    code: Type.String({ description: '안정적인 오류 코드, 예: INVALID_QUERY, RELEASE_NOT_FOUND' }),
    message: Type.String(),
    details: Type.Array(Type.String()),
  }),
});

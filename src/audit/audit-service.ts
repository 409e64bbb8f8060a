import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays, kstDayStart, kstIso } from '../shared/time.js';
import { listAuditActions, listAuditEntries } from './audit-repository.js';

export { insertAuditEntry as recordAudit, listAuditEntries, listAuditActions, type AuditEntry, type AuditQuery } from './audit-repository.js';

/** Korean names for the actions the log records; an unlisted action shows its code. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  login: '로그인',
  'login.failed': '로그인 실패',
  'login.locked': '잠긴 계정 로그인 시도',
  logout: '로그아웃',
  'password.change': '비밀번호 변경',
  'user.create': '계정 생성',
  'permission.denied': '권한 없음(거부)',
  'csrf.refused': '보안 토큰 거부',
  'attachment.upload': '첨부파일 올림',
  'attachment.delete': '첨부파일 삭제',
  'attachment.move': '첨부파일 순서 변경',
  'attachment.rejected': '첨부파일 거부',
};

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilterInput {
  action?: unknown;
  actor?: unknown;
  from?: unknown;
  to?: unknown;
  before?: unknown;
}

export interface AuditFilter {
  action: string;
  actor: string;
  from: string;
  to: string;
}

export interface AuditRowView {
  id: number;
  atText: string;
  atIso: string;
  who: string;
  whoEmail: string;
  action: string;
  actionLabel: string;
  target: string;
  ip: string;
  detail: string;
}

export interface AuditLogPage {
  filter: AuditFilter;
  errors: string[];
  rows: AuditRowView[];
  actions: { value: string; label: string }[];
  nextUrl: string | null;
  firstUrl: string | null;
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.normalize('NFC').trim().slice(0, max) : '';
}

function filterQuery(filter: AuditFilter, before?: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  if (before !== undefined) params.set('before', String(before));
  const qs = params.toString();
  return `/admin/audit${qs ? `?${qs}` : ''}`;
}

function detailText(json: string): string {
  if (json === '{}') return '';
  return json.length > 300 ? `${json.slice(0, 300)}…` : json;
}

/** One page of the audit log, newest first, after the id cursor `before`. */
export async function auditLogPage(db: Kysely<Database>, input: AuditFilterInput): Promise<AuditLogPage> {
  const filter: AuditFilter = {
    action: text(input.action, 100),
    actor: text(input.actor, 254),
    from: text(input.from, 10),
    to: text(input.to, 10),
  };
  const errors: string[] = [];
  const from = filter.from ? kstDayStart(filter.from) : null;
  const toStart = filter.to ? kstDayStart(filter.to) : null;
  if (filter.from && !from) errors.push(`시작일 "${filter.from}"이(가) 올바른 날짜가 아닙니다. 2025-01-31 형식으로 입력해 주세요.`);
  if (filter.to && !toStart) errors.push(`종료일 "${filter.to}"이(가) 올바른 날짜가 아닙니다. 2025-01-31 형식으로 입력해 주세요.`);
  if (from && toStart && from > toStart) errors.push('시작일이 종료일보다 늦습니다.');
  const rawBefore = text(input.before, 16);
  const before = /^[1-9]\d{0,15}$/.test(rawBefore) ? Number(rawBefore) : undefined;
  if (rawBefore && before === undefined) errors.push('페이지 위치 값이 올바르지 않습니다.');

  const actionCodes = await listAuditActions(db);
  const actions = actionCodes.map((value) => ({ value, label: AUDIT_ACTION_LABELS[value] ?? value }));
  if (errors.length) return { filter, errors, rows: [], actions, nextUrl: null, firstUrl: null };

  const entries = await listAuditEntries(db, {
    action: filter.action || undefined,
    actorText: filter.actor || undefined,
    from: from ?? undefined,
    // the end date counts in full
    until: toStart ? addDays(toStart, 1) : undefined,
    beforeId: before,
    limit: AUDIT_PAGE_SIZE + 1,
  });
  const page = entries.slice(0, AUDIT_PAGE_SIZE);
  const rows = page.map((e) => ({
    id: e.id,
    atText: kstIso(e.created_at).slice(0, 19).replace('T', ' '),
    atIso: kstIso(e.created_at),
    who: e.actor_name ?? (e.actor_label || (e.actor_id === null ? '시스템 또는 로그인 전' : `삭제된 계정 #${e.actor_id}`)),
    whoEmail: e.actor_email ?? '',
    action: e.action,
    actionLabel: AUDIT_ACTION_LABELS[e.action] ?? e.action,
    target: e.target_type ? `${e.target_type}${e.target_id ? ` ${e.target_id}` : ''}` : '',
    ip: e.ip,
    detail: detailText(e.detail),
  }));
  const last = page.at(-1);
  return {
    filter,
    errors,
    rows,
    actions,
    nextUrl: entries.length > AUDIT_PAGE_SIZE && last ? filterQuery(filter, last.id) : null,
    firstUrl: before !== undefined ? filterQuery(filter) : null,
  };
}

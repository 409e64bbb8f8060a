import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditEntry {
  actorId: number | null;
  actorLabel?: string;
  action: string;
  targetType?: string;
  targetId?: string | number;
  ip?: string;
  detail?: Record<string, unknown>;
  at: string;
}

export async function insertAuditEntry(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      actor_label: entry.actorLabel ?? '',
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId === undefined ? null : String(entry.targetId),
      ip: entry.ip ?? '',
      detail: JSON.stringify(entry.detail ?? {}),
      created_at: entry.at,
    })
    .execute();
}

export interface AuditQuery {
  action?: string;
  actorId?: number;
  /** Part of the actor's email, name, or the label kept for actions without an account. */
  actorText?: string;
  from?: string;
  until?: string;
  beforeId?: number;
  limit: number;
}

export function listAuditEntries(db: Db, query: AuditQuery) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.actor_id',
      'audit_log.actor_label',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.ip',
      'audit_log.detail',
      'audit_log.created_at',
      'users.display_name as actor_name',
      'users.email as actor_email',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(query.limit);
  if (query.action) q = q.where('audit_log.action', '=', query.action);
  if (query.actorId !== undefined) q = q.where('audit_log.actor_id', '=', query.actorId);
  if (query.actorText) {
    const needle = query.actorText.toLowerCase();
    q = q.where((eb) =>
      eb.or([
        eb(sql`instr(lower(${sql.ref('users.email')}), ${needle})`, '>', 0),
        eb(sql`instr(lower(${sql.ref('users.display_name')}), ${needle})`, '>', 0),
        eb(sql`instr(lower(${sql.ref('audit_log.actor_label')}), ${needle})`, '>', 0),
      ]),
    );
  }
  if (query.from) q = q.where('audit_log.created_at', '>=', query.from);
  if (query.until) q = q.where('audit_log.created_at', '<', query.until);
  if (query.beforeId !== undefined) q = q.where('audit_log.id', '<', query.beforeId);
  return q.execute();
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}

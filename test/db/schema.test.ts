// db/schema.ts describes the database the migrations build. The column lists below
// are checked against the Database interface by the compiler (satisfies: every key,
// no extra), and against a freshly migrated database by the test.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { freshDatabase } from '../helpers.js';

type Columns<T extends keyof Database> = Record<keyof Database[T], true>;

const SCHEMA = {
  api_keys: { id: true, name: true, key_hash: true, key_prefix: true, created_at: true, revoked_at: true } satisfies Columns<'api_keys'>,
  appeals: { id: true, decision_id: true, appellant_id: true, reason: true, state: true, created_at: true, decided_by: true, decided_at: true } satisfies Columns<'appeals'>,
  attachments: { id: true, release_id: true, position: true, file_name: true, media_type: true, size_bytes: true, sha256: true, created_at: true } satisfies Columns<'attachments'>,
  audit_log: { id: true, actor_id: true, actor_label: true, action: true, target_type: true, target_id: true, ip: true, detail: true, created_at: true } satisfies Columns<'audit_log'>,
  comment_flags: { id: true, comment_id: true, reporter_id: true, rule: true, note: true, created_at: true, resolved_at: true } satisfies Columns<'comment_flags'>,
  comments: { id: true, release_id: true, author_id: true, body: true, state: true, hidden_reason: true, hidden_until: true, deleted_rule: true, screening: true, rules_hit: true, open_flags: true, queued_at: true, ip_hash: true, legal_hold: true, created_at: true, edited_at: true, updated_at: true } satisfies Columns<'comments'>,
  lexicon_entries: { id: true, kind: true, term: true, severity: true, category: true, position: true, created_by: true, created_at: true } satisfies Columns<'lexicon_entries'>,
  ministries: { id: true, name: true, short_name: true, created_at: true } satisfies Columns<'ministries'>,
  ministry_aliases: { alias: true, ministry_id: true } satisfies Columns<'ministry_aliases'>,
  moderation_decisions: { id: true, moderator_id: true, action: true, rule: true, reason: true, comment_id: true, user_id: true, rule13_request_id: true, appeal_id: true, temporary_measure_id: true, block_until: true, created_at: true } satisfies Columns<'moderation_decisions'>,
  release_corrections: { id: true, release_id: true, revision_id: true, change_note: true, minor: true, approved_by: true, created_at: true } satisfies Columns<'release_corrections'>,
  release_daily_views: { release_id: true, day: true, views: true } satisfies Columns<'release_daily_views'>,
  release_views: { release_id: true, views: true } satisfies Columns<'release_views'>,
  release_comment_counts: { release_id: true, shown: true, version: true } satisfies Columns<'release_comment_counts'>,
  release_revisions: { id: true, release_id: true, number: true, type: true, title: true, subtitles: true, summary: true, body_markdown: true, department: true, contact_responsible: true, contact_person: true, contact_phone: true, released_at: true, distributed_at: true, embargo_preset: true, licence: true, featured: true, rebuttal_outlet: true, rebuttal_date: true, rebuttal_title: true, change_note: true, minor: true, created_by: true, created_at: true } satisfies Columns<'release_revisions'>,
  releases: { id: true, ministry_id: true, type: true, state: true, title: true, subtitles: true, summary: true, body_markdown: true, body_html: true, department: true, contact_responsible: true, contact_person: true, contact_phone: true, released_at: true, distributed_at: true, licence: true, featured: true, view_count: true, source_file: true, withdrawn_at: true, withdrawal_reason: true, lock_version: true, created_at: true, updated_at: true, created_by: true, last_edited_by: true, current_revision_id: true, pending_revision_id: true, pending_state: true, embargo_preset: true, rebuttal_outlet: true, rebuttal_date: true, rebuttal_title: true, force_published_at: true, force_publish_confirmed_by: true, publish_error: true } satisfies Columns<'releases'>,
  rule13_request_comments: { request_id: true, comment_id: true } satisfies Columns<'rule13_request_comments'>,
  rule13_requests: { id: true, agency: true, reference_number: true, received_on: true, note: true, recorded_by: true, created_at: true } satisfies Columns<'rule13_requests'>,
  schema_migrations: { version: true, applied_at: true } satisfies Columns<'schema_migrations'>,
  sessions: { id: true, user_id: true, created_at: true, last_seen_at: true, expires_at: true, ip: true, user_agent: true } satisfies Columns<'sessions'>,
  settings: { key: true, value: true } satisfies Columns<'settings'>,
  site_state: { key: true, value: true } satisfies Columns<'site_state'>,
  temporary_measures: { id: true, comment_id: true, requester_id: true, claimant: true, reason: true, state: true, created_at: true, hidden_until: true, decided_at: true } satisfies Columns<'temporary_measures'>,
  user_blocks: { id: true, user_id: true, decision_id: true, rule: true, reason: true, starts_at: true, until: true, permanent: true, lifted_at: true, lifted_by_decision_id: true } satisfies Columns<'user_blocks'>,
  user_ministries: { user_id: true, ministry_id: true } satisfies Columns<'user_ministries'>,
  user_roles: { user_id: true, role: true } satisfies Columns<'user_roles'>,
  users: { id: true, email: true, email_verified_at: true, display_name: true, password_hash: true, must_change_password: true, failed_logins: true, locked_until: true, disabled_at: true, last_login_at: true, created_at: true, updated_at: true } satisfies Columns<'users'>,
  workflow_events: { id: true, release_id: true, revision_id: true, actor_id: true, action: true, from_state: true, to_state: true, reason: true, created_at: true } satisfies Columns<'workflow_events'>,
} satisfies Record<keyof Database, unknown>;

describe('schema.ts matches the migrations', () => {
  it('has exactly the tables and columns an empty database gets from the migrations', async () => {
    const connection = freshDatabase();
    const tables = (
      connection.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'release_search%' ORDER BY name")
        .all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables).toEqual(Object.keys(SCHEMA).sort());
    for (const table of tables) {
      const columns = (connection.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      expect(columns.sort(), table).toEqual(Object.keys(SCHEMA[table as keyof typeof SCHEMA]).sort());
    }
    await connection.close();
  });
});

import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** The one description of the database that every repository queries through. */
export interface Database {
  ministries: MinistriesTable;
  ministry_aliases: MinistryAliasesTable;
  releases: ReleasesTable;
  release_daily_views: ReleaseDailyViewsTable;
  release_views: ReleaseViewsTable;
  release_comment_counts: ReleaseCommentCountsTable;
  attachments: AttachmentsTable;
  schema_migrations: SchemaMigrationsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  user_ministries: UserMinistriesTable;
  sessions: SessionsTable;
  release_revisions: ReleaseRevisionsTable;
  release_corrections: ReleaseCorrectionsTable;
  workflow_events: WorkflowEventsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  comments: CommentsTable;
  comment_flags: CommentFlagsTable;
  moderation_decisions: ModerationDecisionsTable;
  user_blocks: UserBlocksTable;
  appeals: AppealsTable;
  rule13_requests: Rule13RequestsTable;
  rule13_request_comments: Rule13RequestCommentsTable;
  temporary_measures: TemporaryMeasuresTable;
  lexicon_entries: LexiconEntriesTable;
  api_keys: ApiKeysTable;
  site_state: SiteStateTable;
}

export interface SchemaMigrationsTable {
  version: string;
  applied_at: string;
}

export interface MinistriesTable {
  id: Generated<number>;
  name: string;
  short_name: string;
  created_at: string;
}

export interface MinistryAliasesTable {
  alias: string;
  ministry_id: number;
}

export const RELEASE_TYPES = ['보도자료', '해명자료', '설명자료', '참고자료', '브리핑', '연설'] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

export const RELEASE_STATES = ['draft', 'in_review', 'returned', 'scheduled', 'published', 'withdrawn', 'failed'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

export interface ReleasesTable {
  id: Generated<number>;
  ministry_id: number;
  type: ReleaseType;
  state: Generated<ReleaseState>;
  title: string;
  /** JSON array of up to three lines */
  subtitles: Generated<string>;
  /** JSON array of bullet lines */
  summary: Generated<string>;
  body_markdown: Generated<string>;
  body_html: Generated<string>;
  department: Generated<string>;
  contact_responsible: Generated<string>;
  contact_person: Generated<string>;
  contact_phone: Generated<string>;
  released_at: string;
  distributed_at: string | null;
  licence: Generated<number>;
  featured: Generated<number>;
  /** views counted before migration 011 (and a generated archive's synthetic ones); no longer written */
  view_count: Generated<number>;
  source_file: string | null;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
  lock_version: Generated<number>;
  created_at: string;
  updated_at: string;
  created_by: Generated<number | null>;
  last_edited_by: Generated<number | null>;
  current_revision_id: Generated<number | null>;
  pending_revision_id: Generated<number | null>;
  pending_state: Generated<PendingState | null>;
  embargo_preset: Generated<EmbargoPreset>;
  rebuttal_outlet: Generated<string | null>;
  rebuttal_date: Generated<string | null>;
  rebuttal_title: Generated<string | null>;
  force_published_at: Generated<string | null>;
  force_publish_confirmed_by: Generated<number | null>;
  publish_error: Generated<string | null>;
}

/** Views counted since migration 011; the total adds releases.view_count (counted before). */
export interface ReleaseViewsTable {
  release_id: number;
  views: number;
}

/** Per release, kept by triggers (migration 012): the comments every reader sees, and a version moved by any write to them. */
export interface ReleaseCommentCountsTable {
  release_id: number;
  shown: number;
  version: number;
}

export interface ReleaseDailyViewsTable {
  release_id: number;
  day: string;
  views: number;
}

export interface AttachmentsTable {
  id: Generated<number>;
  release_id: number;
  position: Generated<number>;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  created_at: string;
}

export type ReleaseRow = Selectable<ReleasesTable>;
export type NewRelease = Insertable<ReleasesTable>;
export type ReleaseUpdate = Updateable<ReleasesTable>;
export type MinistryRow = Selectable<MinistriesTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;

export const ROLES = ['citizen', 'press_officer', 'reviewer', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const EMBARGO_PRESETS = ['immediate', 'morning', 'evening', 'explicit'] as const;
export type EmbargoPreset = (typeof EMBARGO_PRESETS)[number];

/** The state of an edit to an already published release, while the live edition stays as it is. */
export type PendingState = 'draft' | 'in_review' | 'returned';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  email_verified_at: string | null;
  display_name: string;
  password_hash: string;
  must_change_password: Generated<number>;
  failed_logins: Generated<number>;
  locked_until: string | null;
  disabled_at: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRolesTable {
  user_id: number;
  role: Role;
}

export interface UserMinistriesTable {
  user_id: number;
  ministry_id: number;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: Generated<string>;
  user_agent: Generated<string>;
}

export interface ReleaseRevisionsTable {
  id: Generated<number>;
  release_id: number;
  number: number;
  type: ReleaseType;
  title: string;
  subtitles: string;
  summary: string;
  body_markdown: string;
  department: string;
  contact_responsible: string;
  contact_person: string;
  contact_phone: string;
  released_at: string;
  distributed_at: string | null;
  embargo_preset: Generated<EmbargoPreset>;
  licence: number;
  featured: number;
  rebuttal_outlet: string | null;
  rebuttal_date: string | null;
  rebuttal_title: string | null;
  change_note: string | null;
  minor: Generated<number>;
  created_by: number | null;
  created_at: string;
}

export interface ReleaseCorrectionsTable {
  id: Generated<number>;
  release_id: number;
  revision_id: number;
  change_note: string;
  minor: Generated<number>;
  approved_by: number | null;
  created_at: string;
}

export interface WorkflowEventsTable {
  id: Generated<number>;
  release_id: number;
  revision_id: number | null;
  actor_id: number | null;
  action: string;
  from_state: string;
  to_state: string;
  reason: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  actor_label: Generated<string>;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: Generated<string>;
  detail: Generated<string>;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export type UserRow = Selectable<UsersTable>;
export type RevisionRow = Selectable<ReleaseRevisionsTable>;

// Comments and moderation (migration 005).

export const COMMENT_STATES = ['published', 'held', 'hidden', 'deleted', 'removed_by_author'] as const;
export type CommentState = (typeof COMMENT_STATES)[number];

export const MODERATION_ACTIONS = [
  'auto_hold',
  'auto_hide',
  'temporary_measure',
  'delete',
  'restore',
  'block',
  'unblock',
  'appeal_granted',
  'appeal_rejected',
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export interface CommentsTable {
  id: Generated<number>;
  release_id: number;
  author_id: number | null;
  body: string;
  state: CommentState;
  hidden_reason: 'flags' | 'temporary_measure' | null;
  hidden_until: string | null;
  deleted_rule: number | null;
  /** JSON: the engine's ScreeningResult as returned */
  screening: Generated<string>;
  /** JSON array of rule numbers */
  rules_hit: Generated<string>;
  open_flags: Generated<number>;
  queued_at: string | null;
  ip_hash: Generated<string>;
  legal_hold: Generated<number>;
  created_at: string;
  edited_at: string | null;
  updated_at: string;
}

export interface CommentFlagsTable {
  id: Generated<number>;
  comment_id: number;
  reporter_id: number;
  rule: number;
  note: Generated<string>;
  created_at: string;
  resolved_at: string | null;
}

export interface ModerationDecisionsTable {
  id: Generated<number>;
  moderator_id: number | null;
  action: ModerationAction;
  rule: number | null;
  reason: string;
  comment_id: number | null;
  user_id: number | null;
  rule13_request_id: number | null;
  appeal_id: number | null;
  temporary_measure_id: number | null;
  block_until: string | null;
  created_at: string;
}

export interface UserBlocksTable {
  id: Generated<number>;
  user_id: number;
  decision_id: number;
  rule: number;
  reason: string;
  starts_at: string;
  until: string | null;
  permanent: number;
  lifted_at: string | null;
  lifted_by_decision_id: number | null;
}

export interface AppealsTable {
  id: Generated<number>;
  decision_id: number;
  appellant_id: number;
  reason: string;
  state: Generated<'open' | 'granted' | 'rejected'>;
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
}

export interface Rule13RequestsTable {
  id: Generated<number>;
  agency: string;
  reference_number: string;
  /** YYYY-MM-DD, the day the request was received */
  received_on: string;
  note: Generated<string>;
  recorded_by: number;
  created_at: string;
}

export interface Rule13RequestCommentsTable {
  request_id: number;
  comment_id: number;
}

export interface TemporaryMeasuresTable {
  id: Generated<number>;
  comment_id: number;
  requester_id: number;
  claimant: string;
  reason: string;
  state: Generated<'open' | 'deleted' | 'restored'>;
  created_at: string;
  hidden_until: string;
  decided_at: string | null;
}

export interface LexiconEntriesTable {
  id: Generated<number>;
  kind: 'profanity' | 'allow';
  term: string;
  severity: 'mild' | 'severe' | null;
  category: string | null;
  position: 'anywhere' | 'start' | 'word' | null;
  created_by: number | null;
  created_at: string;
}

export type CommentRow = Selectable<CommentsTable>;
export type ModerationDecisionRow = Selectable<ModerationDecisionsTable>;
export type UserBlockRow = Selectable<UserBlocksTable>;
export type AppealRow = Selectable<AppealsTable>;

/** Service keys of the open-data-portal-compatible API (migration 003); only a hash of each key is kept. */
export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
}

/** Counters moved by triggers (migration 006): the content and comment versions. */
export interface SiteStateTable {
  key: string;
  value: number;
}

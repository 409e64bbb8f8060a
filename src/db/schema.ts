import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** The one description of the database that every repository queries through. */
export interface Database {
  ministries: MinistriesTable;
  ministry_aliases: MinistryAliasesTable;
  releases: ReleasesTable;
  release_daily_views: ReleaseDailyViewsTable;
  attachments: AttachmentsTable;
  schema_migrations: SchemaMigrationsTable;
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
  view_count: Generated<number>;
  source_file: string | null;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
  lock_version: Generated<number>;
  created_at: string;
  updated_at: string;
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

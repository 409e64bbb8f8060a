-- Ministries are data: they get renamed and merged, so releases point at an id
-- and every former or informal name lives on as an alias.
CREATE TABLE ministries (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  short_name TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE ministry_aliases (
  alias TEXT PRIMARY KEY,
  ministry_id INTEGER NOT NULL REFERENCES ministries(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX ministry_aliases_ministry ON ministry_aliases(ministry_id);

-- A release row is the live edition readers see. The editorial workflow keeps
-- drafts and revisions in their own tables and copies an approved edition here,
-- so readers' queries never look past this table.
CREATE TABLE releases (
  id INTEGER PRIMARY KEY,
  ministry_id INTEGER NOT NULL REFERENCES ministries(id),
  type TEXT NOT NULL CHECK (type IN ('보도자료', '해명자료', '설명자료', '참고자료', '브리핑', '연설')),
  state TEXT NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft', 'in_review', 'returned', 'scheduled', 'published', 'withdrawn', 'failed')),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  subtitles TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(subtitles)),
  summary TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(summary)),
  body_markdown TEXT NOT NULL DEFAULT '',
  body_html TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  contact_responsible TEXT NOT NULL DEFAULT '',
  contact_person TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  -- 보도시점: the embargo; the release may be public from this instant (UTC ISO-8601)
  released_at TEXT NOT NULL,
  -- 배포: when it was handed to the press; null when not recorded
  distributed_at TEXT,
  licence INTEGER NOT NULL DEFAULT 1 CHECK (licence BETWEEN 0 AND 4),
  featured INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
  view_count INTEGER NOT NULL DEFAULT 0,
  source_file TEXT,
  withdrawn_at TEXT,
  withdrawal_reason TEXT,
  lock_version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- The public surfaces only ever ask for releases whose state may be public;
-- partial indexes keep every list order and filter an index walk. Each ends with
-- state so that counting and paging never leave the index for the table.
CREATE INDEX releases_public_order ON releases(released_at, id, state)
  WHERE state IN ('scheduled', 'published');
CREATE INDEX releases_public_ministry ON releases(ministry_id, released_at, id, state)
  WHERE state IN ('scheduled', 'published');
CREATE INDEX releases_public_type ON releases(type, released_at, id, state)
  WHERE state IN ('scheduled', 'published');
CREATE INDEX releases_public_ministry_type ON releases(ministry_id, type, released_at, id, state)
  WHERE state IN ('scheduled', 'published');
CREATE INDEX releases_public_featured ON releases(featured, released_at, id, state)
  WHERE state IN ('scheduled', 'published');
CREATE INDEX releases_natural_key ON releases(ministry_id, title, released_at);

-- Views per release per KST day: batched increments, summed for 많이 본 뉴스.
CREATE TABLE release_daily_views (
  release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  views INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, release_id)
) STRICT;

-- Files attached to a release (HWP, PDF ...), stored content-addressed by sha256.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_release ON attachments(release_id, position);

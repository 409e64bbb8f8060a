-- Accounts: staff and citizens share one table; what a person may do comes from roles.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  -- not verified yet: no mail leaves this system, but the column is ready for it
  email_verified_at TEXT,
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 40),
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  disabled_at TEXT,
  last_login_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_display_name ON users(display_name);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('citizen', 'press_officer', 'reviewer', 'moderator', 'admin')),
  PRIMARY KEY (user_id, role)
) STRICT;

-- Press officers and reviewers act for these ministries only; admins for all.
CREATE TABLE user_ministries (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  ministry_id INTEGER NOT NULL REFERENCES ministries(id),
  PRIMARY KEY (user_id, ministry_id)
) STRICT;

-- Server-side sessions: the cookie holds a random token, the table its SHA-256.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Every save of a release keeps a revision: content and contact block as they were.
CREATE TABLE release_revisions (
  id INTEGER PRIMARY KEY,
  release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  subtitles TEXT NOT NULL CHECK (json_valid(subtitles)),
  summary TEXT NOT NULL CHECK (json_valid(summary)),
  body_markdown TEXT NOT NULL,
  department TEXT NOT NULL,
  contact_responsible TEXT NOT NULL,
  contact_person TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  released_at TEXT NOT NULL,
  distributed_at TEXT,
  embargo_preset TEXT NOT NULL DEFAULT 'explicit' CHECK (embargo_preset IN ('immediate', 'morning', 'evening', 'explicit')),
  licence INTEGER NOT NULL,
  featured INTEGER NOT NULL,
  rebuttal_outlet TEXT,
  rebuttal_date TEXT,
  rebuttal_title TEXT,
  change_note TEXT,
  minor INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (release_id, number)
) STRICT;

-- What a release carries beyond the live edition: who wrote it, who last edited,
-- and an edit of a published release waiting for review.
ALTER TABLE releases ADD COLUMN created_by INTEGER REFERENCES users(id);
ALTER TABLE releases ADD COLUMN last_edited_by INTEGER REFERENCES users(id);
ALTER TABLE releases ADD COLUMN current_revision_id INTEGER REFERENCES release_revisions(id);
ALTER TABLE releases ADD COLUMN pending_revision_id INTEGER REFERENCES release_revisions(id);
ALTER TABLE releases ADD COLUMN pending_state TEXT CHECK (pending_state IN ('draft', 'in_review', 'returned'));
ALTER TABLE releases ADD COLUMN embargo_preset TEXT NOT NULL DEFAULT 'explicit';
ALTER TABLE releases ADD COLUMN rebuttal_outlet TEXT;
ALTER TABLE releases ADD COLUMN rebuttal_date TEXT;
ALTER TABLE releases ADD COLUMN rebuttal_title TEXT;
ALTER TABLE releases ADD COLUMN force_published_at TEXT;
ALTER TABLE releases ADD COLUMN force_publish_confirmed_by INTEGER REFERENCES users(id);
ALTER TABLE releases ADD COLUMN publish_error TEXT;
-- Workflow lookups use partial indexes too: an index led by state would tempt the
-- planner away from the public ones and into sorting the whole archive.
CREATE INDEX releases_due ON releases(released_at) WHERE state = 'scheduled';
CREATE INDEX releases_in_workflow ON releases(ministry_id, updated_at)
  WHERE state IN ('draft', 'in_review', 'returned', 'failed') OR pending_state IS NOT NULL;
CREATE INDEX releases_created_by ON releases(created_by, state);

-- The public 수정 이력: each approved change of a published release.
CREATE TABLE release_corrections (
  id INTEGER PRIMARY KEY,
  release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  revision_id INTEGER NOT NULL REFERENCES release_revisions(id),
  change_note TEXT NOT NULL,
  minor INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)),
  approved_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX release_corrections_release ON release_corrections(release_id, created_at);

-- Append-only history of every workflow move.
CREATE TABLE workflow_events (
  id INTEGER PRIMARY KEY,
  release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
  revision_id INTEGER REFERENCES release_revisions(id),
  actor_id INTEGER REFERENCES users(id),
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX workflow_events_release ON workflow_events(release_id, id);
CREATE TRIGGER workflow_events_no_update BEFORE UPDATE ON workflow_events
  BEGIN SELECT RAISE(ABORT, 'workflow_events is append-only'); END;
CREATE TRIGGER workflow_events_no_delete BEFORE DELETE ON workflow_events
  BEGIN SELECT RAISE(ABORT, 'workflow_events is append-only'); END;

-- Security-relevant actions: logins, failed logins, denials, every move, by whom and from where.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  actor_label TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  target_type TEXT,
  target_id TEXT,
  ip TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_time ON audit_log(created_at);
CREATE INDEX audit_log_actor ON audit_log(actor_id, created_at);
CREATE INDEX audit_log_action ON audit_log(action, created_at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Editable settings, such as the times the embargo presets give.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
INSERT INTO settings (key, value) VALUES ('embargo.morning_time', '12:00'), ('embargo.evening_time', '12:00');

-- Citizens' comments under public releases, and the moderation that enforces the
-- board's 13 운영원칙. Every moderation decision is one append-only row naming its
-- rule, its reason, who decided and exactly one target (a comment or a user).

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  release_id INTEGER NOT NULL REFERENCES releases(id),
  -- kept (SET NULL) when an account goes, so comments under legal hold survive it
  author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  -- the body is emptied when its author removes it, unless a legal hold keeps it
  body TEXT NOT NULL CHECK (length(body) <= 1000 AND (length(body) >= 1 OR state = 'removed_by_author')),
  state TEXT NOT NULL CHECK (state IN ('published', 'held', 'hidden', 'deleted', 'removed_by_author')),
  -- why a hidden comment is hidden: readers' flags (until reviewed) or a rights-holder's 임시조치
  hidden_reason TEXT CHECK (hidden_reason IN ('flags', 'temporary_measure')),
  -- a 임시조치 hides for at most 30 days; past this instant the comment shows again
  hidden_until TEXT,
  -- the rule cited when a moderator deleted it (shown in its place)
  deleted_rule INTEGER CHECK (deleted_rule BETWEEN 1 AND 13),
  -- the engine's last answer as it returned it, and the rule numbers it found
  screening TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(screening)),
  rules_hit TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rules_hit)),
  -- readers' flags not yet reviewed
  open_flags INTEGER NOT NULL DEFAULT 0 CHECK (open_flags >= 0),
  -- set while the comment waits in the moderator queue (held, flagged, hidden, new hits)
  queued_at TEXT,
  ip_hash TEXT NOT NULL DEFAULT '',
  legal_hold INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1)),
  created_at TEXT NOT NULL,
  edited_at TEXT,
  updated_at TEXT NOT NULL,
  CHECK ((state = 'hidden') = (hidden_reason IS NOT NULL)),
  CHECK ((state = 'deleted') = (deleted_rule IS NOT NULL))
) STRICT;
-- An article's comments, newest first (the list filters states row by row inside one release).
CREATE INDEX comments_release ON comments(release_id, created_at, id);
-- 내 댓글, the author's history in the queue, and the per-user flood limits.
CREATE INDEX comments_author ON comments(author_id, created_at);
-- Per-IP flood limits.
CREATE INDEX comments_ip ON comments(ip_hash, created_at);
-- The moderator queue, oldest first.
CREATE INDEX comments_queue ON comments(queued_at, id) WHERE queued_at IS NOT NULL;
-- Rescreening walks the comments that can still be shown.
CREATE INDEX comments_state ON comments(state, id);

-- One flag per reader per comment, citing the rule the reader thinks it breaks.
CREATE TABLE comment_flags (
  id INTEGER PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments(id),
  reporter_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  rule INTEGER NOT NULL CHECK (rule BETWEEN 1 AND 13),
  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 300),
  created_at TEXT NOT NULL,
  -- set when a moderator decided on the comment; reviewed flags no longer count
  resolved_at TEXT,
  UNIQUE (comment_id, reporter_id)
) STRICT;
CREATE INDEX comment_flags_reporter ON comment_flags(reporter_id, created_at);

-- An investigative agency's official request (운영원칙 제13항), recorded as received.
CREATE TABLE rule13_requests (
  id INTEGER PRIMARY KEY,
  agency TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 100),
  reference_number TEXT NOT NULL CHECK (length(reference_number) BETWEEN 1 AND 100),
  received_on TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  recorded_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (agency, reference_number)
) STRICT;
CREATE TRIGGER rule13_requests_no_update BEFORE UPDATE ON rule13_requests
  BEGIN SELECT RAISE(ABORT, 'rule13_requests is append-only'); END;
CREATE TRIGGER rule13_requests_no_delete BEFORE DELETE ON rule13_requests
  BEGIN SELECT RAISE(ABORT, 'rule13_requests is append-only'); END;

CREATE TABLE rule13_request_comments (
  request_id INTEGER NOT NULL REFERENCES rule13_requests(id),
  comment_id INTEGER NOT NULL REFERENCES comments(id),
  PRIMARY KEY (request_id, comment_id)
) STRICT;
CREATE INDEX rule13_request_comments_comment ON rule13_request_comments(comment_id);
CREATE TRIGGER rule13_request_comments_no_delete BEFORE DELETE ON rule13_request_comments
  BEGIN SELECT RAISE(ABORT, 'rule13_request_comments is append-only'); END;

-- A rights-holder's request to hide a comment (정보통신망법 제44조의2 임시조치).
CREATE TABLE temporary_measures (
  id INTEGER PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments(id),
  requester_id INTEGER NOT NULL REFERENCES users(id),
  claimant TEXT NOT NULL CHECK (length(claimant) BETWEEN 1 AND 100),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'deleted', 'restored')),
  created_at TEXT NOT NULL,
  hidden_until TEXT NOT NULL,
  decided_at TEXT
) STRICT;
CREATE INDEX temporary_measures_comment ON temporary_measures(comment_id, state);
CREATE INDEX temporary_measures_requester ON temporary_measures(requester_id, created_at);

-- Every moderation decision. moderator_id is null only for what the system does by
-- itself (a screening hold, a hide after N flags, a 임시조치 on request).
CREATE TABLE moderation_decisions (
  id INTEGER PRIMARY KEY,
  moderator_id INTEGER REFERENCES users(id),
  action TEXT NOT NULL CHECK (action IN (
    'auto_hold', 'auto_hide', 'temporary_measure',
    'delete', 'restore', 'block', 'unblock', 'appeal_granted', 'appeal_rejected')),
  rule INTEGER CHECK (rule BETWEEN 1 AND 13),
  reason TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 1000),
  comment_id INTEGER REFERENCES comments(id),
  user_id INTEGER REFERENCES users(id),
  -- what the decision is attached to: the rule-13 record, the appeal, the 임시조치
  rule13_request_id INTEGER REFERENCES rule13_requests(id),
  appeal_id INTEGER,
  temporary_measure_id INTEGER REFERENCES temporary_measures(id),
  -- a block's end (null when permanent), so the decision row says everything the author is told
  block_until TEXT,
  created_at TEXT NOT NULL,
  CHECK ((comment_id IS NULL) <> (user_id IS NULL)),
  CHECK (moderator_id IS NOT NULL OR action IN ('auto_hold', 'auto_hide', 'temporary_measure')),
  CHECK (action NOT IN ('delete', 'block', 'auto_hold', 'auto_hide', 'temporary_measure') OR rule IS NOT NULL),
  CHECK (action NOT IN ('block', 'unblock') OR user_id IS NOT NULL),
  CHECK (action NOT IN ('delete', 'restore', 'auto_hold', 'auto_hide', 'temporary_measure') OR comment_id IS NOT NULL),
  CHECK (rule13_request_id IS NULL OR (rule = 13 AND action = 'delete'))
) STRICT;
CREATE INDEX moderation_decisions_comment ON moderation_decisions(comment_id, id) WHERE comment_id IS NOT NULL;
CREATE INDEX moderation_decisions_user ON moderation_decisions(user_id, id) WHERE user_id IS NOT NULL;
CREATE INDEX moderation_decisions_action ON moderation_decisions(action, created_at);
CREATE INDEX moderation_decisions_moderator ON moderation_decisions(moderator_id, created_at);
CREATE TRIGGER moderation_decisions_no_update BEFORE UPDATE ON moderation_decisions
  BEGIN SELECT RAISE(ABORT, 'moderation_decisions is append-only'); END;
CREATE TRIGGER moderation_decisions_no_delete BEFORE DELETE ON moderation_decisions
  BEGIN SELECT RAISE(ABORT, 'moderation_decisions is append-only'); END;

-- A block stops a person from posting (they can still read). until is null when permanent.
CREATE TABLE user_blocks (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  decision_id INTEGER NOT NULL UNIQUE REFERENCES moderation_decisions(id),
  rule INTEGER NOT NULL CHECK (rule BETWEEN 1 AND 13),
  reason TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  until TEXT,
  permanent INTEGER NOT NULL CHECK (permanent IN (0, 1)),
  lifted_at TEXT,
  lifted_by_decision_id INTEGER REFERENCES moderation_decisions(id),
  CHECK ((permanent = 1) = (until IS NULL))
) STRICT;
CREATE INDEX user_blocks_user ON user_blocks(user_id, starts_at);

-- An author's appeal of a deletion or a block: once per decision, within 7 days.
CREATE TABLE appeals (
  id INTEGER PRIMARY KEY,
  decision_id INTEGER NOT NULL UNIQUE REFERENCES moderation_decisions(id),
  appellant_id INTEGER NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 1000),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'granted', 'rejected')),
  created_at TEXT NOT NULL,
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  CHECK ((state = 'open') = (decided_by IS NULL))
) STRICT;
CREATE INDEX appeals_state ON appeals(state, created_at);
CREATE INDEX appeals_appellant ON appeals(appellant_id, created_at);
-- A different moderator decides: never the one whose decision is appealed.
CREATE TRIGGER appeals_other_moderator BEFORE UPDATE OF decided_by ON appeals
  WHEN NEW.decided_by IS NOT NULL
    AND NEW.decided_by = (SELECT moderator_id FROM moderation_decisions WHERE id = NEW.decision_id)
  BEGIN SELECT RAISE(ABORT, 'an appeal is decided by a different moderator'); END;

-- The rule-4 lexicon the engine matches, editable by moderators. Seeded once from the
-- engine's default list (settings key moderation.lexicon_seeded), then the moderators' own.
CREATE TABLE lexicon_entries (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('profanity', 'allow')),
  term TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 50),
  severity TEXT CHECK (severity IN ('mild', 'severe')),
  category TEXT,
  position TEXT CHECK (position IN ('anywhere', 'start', 'word')),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  UNIQUE (kind, term),
  CHECK ((kind = 'profanity') = (severity IS NOT NULL AND category IS NOT NULL))
) STRICT;

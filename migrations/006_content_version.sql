-- A counter that moves whenever anything a public page shows changes, so cached
-- pages (in any app process) can tell they are stale with one cheap read.
CREATE TABLE site_state (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
-- Comments move their own counter: a new comment should not invalidate every list page.
INSERT INTO site_state (key, value) VALUES ('content_version', 1), ('comment_version', 1);

CREATE TRIGGER releases_bump_version_insert AFTER INSERT ON releases
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'content_version'; END;
CREATE TRIGGER releases_bump_version_delete AFTER DELETE ON releases
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'content_version'; END;
-- View counts and featured ranking are not worth invalidating every page for.
CREATE TRIGGER releases_bump_version_update AFTER UPDATE ON releases
  WHEN NEW.view_count IS OLD.view_count
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'content_version'; END;
CREATE TRIGGER attachments_bump_version_insert AFTER INSERT ON attachments
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'content_version'; END;
CREATE TRIGGER attachments_bump_version_update AFTER UPDATE ON attachments
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'content_version'; END;
CREATE TRIGGER attachments_bump_version_delete AFTER DELETE ON attachments
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'content_version'; END;
CREATE TRIGGER ministries_bump_version_update AFTER UPDATE ON ministries
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'content_version'; END;
CREATE TRIGGER corrections_bump_version_insert AFTER INSERT ON release_corrections
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'content_version'; END;
CREATE TRIGGER comments_bump_version_insert AFTER INSERT ON comments
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'comment_version'; END;
CREATE TRIGGER comments_bump_version_update AFTER UPDATE ON comments
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'comment_version'; END;
CREATE TRIGGER comments_bump_version_delete AFTER DELETE ON comments
  BEGIN UPDATE site_state SET value = value + 1 WHERE key = 'comment_version'; END;

-- The sitemap lists every public release by id with its last change: a covering
-- index keeps that a walk of small index rows, not of the release bodies.
CREATE INDEX releases_public_sitemap ON releases(id, released_at, updated_at, state)
  WHERE state IN ('scheduled', 'published');

-- Each release's comments get a row of their own, kept by triggers:
--
-- `shown` counts what every reader sees (published comments, and the notices of
-- hidden and deleted ones). An article counted them on every render by walking
-- the release's index entries: 3 ms for the 31,841 comments of the busiest release
-- at 1,000,000, on the page rendered most often while readers comment. Held
-- comments, shown only to their author and to moderators, are few and are counted
-- through their own partial index.
--
-- `version` moves with every write to the release's comments. A cached article
-- is checked against it instead of one counter for all comments (migration 006),
-- so a comment retires the cached page of its own article only, not the page of
-- every article being read at that moment.
CREATE TABLE release_comment_counts (
  release_id INTEGER PRIMARY KEY,
  shown INTEGER NOT NULL DEFAULT 0 CHECK (shown >= 0),
  version INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO release_comment_counts (release_id, shown, version)
  SELECT release_id, sum(CASE WHEN state IN ('published', 'hidden', 'deleted') THEN 1 ELSE 0 END), 1
  FROM comments GROUP BY release_id;

CREATE INDEX comments_held ON comments(release_id, author_id) WHERE state = 'held';

CREATE TRIGGER comments_count_insert AFTER INSERT ON comments
BEGIN
  INSERT INTO release_comment_counts (release_id, shown, version)
    VALUES (NEW.release_id, NEW.state IN ('published', 'hidden', 'deleted'), 1)
    ON CONFLICT (release_id) DO UPDATE SET shown = shown + excluded.shown, version = version + 1;
END;

CREATE TRIGGER comments_count_delete AFTER DELETE ON comments
BEGIN
  UPDATE release_comment_counts
    SET shown = shown - (OLD.state IN ('published', 'hidden', 'deleted')), version = version + 1
    WHERE release_id = OLD.release_id;
END;

-- Any change (an edit, a flag, a decision) may change what the article shows.
CREATE TRIGGER comments_count_update AFTER UPDATE ON comments
BEGIN
  UPDATE release_comment_counts
    SET shown = shown - (OLD.state IN ('published', 'hidden', 'deleted')), version = version + 1
    WHERE release_id = OLD.release_id;
  INSERT INTO release_comment_counts (release_id, shown, version)
    VALUES (NEW.release_id, NEW.state IN ('published', 'hidden', 'deleted'), 1)
    ON CONFLICT (release_id) DO UPDATE SET shown = shown + excluded.shown, version = version + 1;
END;

-- The one counter for all comments has no reader left.
DROP TRIGGER comments_bump_version_insert;
DROP TRIGGER comments_bump_version_update;
DROP TRIGGER comments_bump_version_delete;
DELETE FROM site_state WHERE key = 'comment_version';

-- Comments keep their release (a foreign key); this tidies a row left without one.
CREATE TRIGGER releases_comment_counts_delete AFTER DELETE ON releases
BEGIN
  DELETE FROM release_comment_counts WHERE release_id = OLD.id;
END;

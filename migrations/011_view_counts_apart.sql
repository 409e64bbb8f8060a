-- The view flush used to add to releases.view_count, and SQLite rewrites a
-- whole row to change one column. At 1,000,000 releases a flush of 10,000
-- distinct articles read and rewrote 10,000 rows of about 10 KB scattered over
-- the file: 4 seconds with the request thread blocked. Counts since this
-- migration go to a narrow table of their own, a few hundred rows to a page.
--
-- releases.view_count keeps the views counted before (and a generated
-- archive's synthetic ones) and is no longer written: copying it over would
-- read every row of the largest table once, at this migration. A release's
-- total is releases.view_count + release_views.views (totalViews()).
--
-- Neither count table declares a foreign key: checking one looks the release
-- up, a random read of the releases table per counted release, which was most
-- of what was left of a flush's time (1.4 s of 1.65 s for 10,000 releases).
-- Views are only counted for a release that was just served, releases are
-- never deleted by the application, and a trigger removes a deleted release's
-- counts all the same.
--
-- The daily counts are stored in their key's order (WITHOUT ROWID): summing a
-- week of them for 많이 본 뉴스 reads only that index, not a table row per day
-- row besides (2.7 times faster over 650,000 day rows).
CREATE TABLE release_views (
  release_id INTEGER PRIMARY KEY,
  views INTEGER NOT NULL CHECK (views >= 0)
) STRICT;

CREATE TABLE release_daily_views_011 (
  release_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  views INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, release_id)
) STRICT, WITHOUT ROWID;
INSERT INTO release_daily_views_011 (release_id, day, views) SELECT release_id, day, views FROM release_daily_views;
DROP TABLE release_daily_views;
ALTER TABLE release_daily_views_011 RENAME TO release_daily_views;

CREATE TRIGGER releases_views_delete AFTER DELETE ON releases
BEGIN
  DELETE FROM release_views WHERE release_id = OLD.id;
  DELETE FROM release_daily_views WHERE release_id = OLD.id;
END;

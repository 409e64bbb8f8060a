-- Full-text search (SQLite FTS5) and the service keys of the open XML API.
--
-- The index holds character bigrams of every release that may be public
-- (scheduled or published), made by search_grams() (src/db/sqlite-search.ts,
-- registered on every connection by openDatabase). Spaces and punctuation are
-- dropped before the bigrams are taken, so 스마트 공장 and 스마트공장 index alike,
-- and a query of any length from one syllable is a phrase (or prefix) of them.
-- Triggers keep it in the same transaction as every write to releases; whether
-- a release is public *now* (embargo, withdrawal) is still asked at query time.
CREATE VIRTUAL TABLE release_search USING fts5(
  title, subtitles, summary, body, ministry,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '1',
  content = '',
  contentless_delete = 1
);

CREATE VIEW release_search_source AS
SELECT
  r.id AS id,
  search_grams(r.title) AS title,
  search_grams((SELECT group_concat(value, ' ') FROM json_each(r.subtitles))) AS subtitles,
  search_grams((SELECT group_concat(value, ' ') FROM json_each(r.summary))) AS summary,
  search_grams(r.body_markdown) AS body,
  search_grams((SELECT m.name || ' ' || m.short_name FROM ministries m WHERE m.id = r.ministry_id)) AS ministry
FROM releases r
WHERE r.state IN ('scheduled', 'published');

CREATE TRIGGER releases_search_insert AFTER INSERT ON releases
  WHEN NEW.state IN ('scheduled', 'published')
BEGIN
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry)
    SELECT id, title, subtitles, summary, body, ministry FROM release_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER releases_search_update AFTER UPDATE OF title, subtitles, summary, body_markdown, ministry_id, state ON releases
  WHEN OLD.title IS NOT NEW.title OR OLD.subtitles IS NOT NEW.subtitles OR OLD.summary IS NOT NEW.summary
    OR OLD.body_markdown IS NOT NEW.body_markdown OR OLD.ministry_id IS NOT NEW.ministry_id
    OR (OLD.state IN ('scheduled', 'published')) IS NOT (NEW.state IN ('scheduled', 'published'))
BEGIN
  DELETE FROM release_search WHERE rowid = OLD.id;
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry)
    SELECT id, title, subtitles, summary, body, ministry FROM release_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER releases_search_delete AFTER DELETE ON releases
BEGIN
  DELETE FROM release_search WHERE rowid = OLD.id;
END;

CREATE TRIGGER ministries_search_rename AFTER UPDATE OF name, short_name ON ministries
  WHEN OLD.name IS NOT NEW.name OR OLD.short_name IS NOT NEW.short_name
BEGIN
  DELETE FROM release_search WHERE rowid IN (SELECT id FROM releases WHERE ministry_id = NEW.id);
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry)
    SELECT s.id, s.title, s.subtitles, s.summary, s.body, s.ministry
    FROM release_search_source s JOIN releases r ON r.id = s.id WHERE r.ministry_id = NEW.id;
END;

INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry)
  SELECT id, title, subtitles, summary, body, ministry FROM release_search_source;

-- Keys of the open-data-portal-compatible API. Only a SHA-256 of each key is kept
-- (keys are 256 random bits, so a fast hash is enough); the prefix lets an admin
-- tell keys apart in `apikey list`.
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  key_hash TEXT NOT NULL UNIQUE,
  key_prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

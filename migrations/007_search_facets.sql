-- The search index in 보도시점 order, with the list's filters inside it.
--
-- 1. Each entry's rowid is a search key, unixepoch(보도시점) * 2^25 + release id,
--    instead of the release id. FTS5 walks rowids in order and seeks to a rowid
--    bound cheaply, so 최신순 reads the newest matches first and stops after a page,
--    and a period is a rowid range. Before, 최신순 over a common word collected every
--    match (hundreds of thousands at 1,000,000 releases) to sort them by date.
--    The key is computed in SQL only: it exceeds JavaScript's exact integers.
--    Release ids stay below 2^25 (33 million).
-- 2. A `facets` column holds one token per filter value, _m<ministry id> and
--    _t<type>, so a common word under a ministry is found through the ministry's
--    postings instead of every match of the word. The underscore is a token
--    character here and never one of a query's characters (search_grams keeps
--    letters and digits only), so a one-syllable prefix query cannot match a facet.
--
-- FTS5 tables cannot be altered: the table, its view and its triggers are rebuilt,
-- and the index filled again, in this migration's transaction.
DROP TRIGGER releases_search_insert;
DROP TRIGGER releases_search_update;
DROP TRIGGER releases_search_delete;
DROP TRIGGER ministries_search_rename;
DROP VIEW release_search_source;
DROP TABLE release_search;

CREATE VIRTUAL TABLE release_search USING fts5(
  title, subtitles, summary, body, ministry, facets,
  tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
  prefix = '1',
  content = '',
  contentless_delete = 1
);

CREATE VIEW release_search_source AS
SELECT
  r.id AS id,
  unixepoch(r.released_at) * 33554432 + r.id AS search_key,
  search_grams(r.title) AS title,
  search_grams((SELECT group_concat(value, ' ') FROM json_each(r.subtitles))) AS subtitles,
  search_grams((SELECT group_concat(value, ' ') FROM json_each(r.summary))) AS summary,
  search_grams(r.body_markdown) AS body,
  search_grams((SELECT m.name || ' ' || m.short_name FROM ministries m WHERE m.id = r.ministry_id)) AS ministry,
  '_m' || r.ministry_id || ' _t' || r.type AS facets
FROM releases r
WHERE r.state IN ('scheduled', 'published');

CREATE TRIGGER releases_search_insert AFTER INSERT ON releases
  WHEN NEW.state IN ('scheduled', 'published')
BEGIN
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets)
    SELECT search_key, title, subtitles, summary, body, ministry, facets FROM release_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER releases_search_update AFTER UPDATE OF title, subtitles, summary, body_markdown, ministry_id, type, released_at, state ON releases
  WHEN OLD.title IS NOT NEW.title OR OLD.subtitles IS NOT NEW.subtitles OR OLD.summary IS NOT NEW.summary
    OR OLD.body_markdown IS NOT NEW.body_markdown OR OLD.ministry_id IS NOT NEW.ministry_id
    OR OLD.type IS NOT NEW.type OR OLD.released_at IS NOT NEW.released_at
    OR (OLD.state IN ('scheduled', 'published')) IS NOT (NEW.state IN ('scheduled', 'published'))
BEGIN
  DELETE FROM release_search WHERE rowid = unixepoch(OLD.released_at) * 33554432 + OLD.id;
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets)
    SELECT search_key, title, subtitles, summary, body, ministry, facets FROM release_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER releases_search_delete AFTER DELETE ON releases
BEGIN
  DELETE FROM release_search WHERE rowid = unixepoch(OLD.released_at) * 33554432 + OLD.id;
END;

CREATE TRIGGER ministries_search_rename AFTER UPDATE OF name, short_name ON ministries
  WHEN OLD.name IS NOT NEW.name OR OLD.short_name IS NOT NEW.short_name
BEGIN
  DELETE FROM release_search WHERE rowid IN (SELECT unixepoch(released_at) * 33554432 + id FROM releases WHERE ministry_id = NEW.id);
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets)
    SELECT s.search_key, s.title, s.subtitles, s.summary, s.body, s.ministry, s.facets
    FROM release_search_source s JOIN releases r ON r.id = s.id WHERE r.ministry_id = NEW.id;
END;

INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets)
  SELECT search_key, title, subtitles, summary, body, ministry, facets FROM release_search_source;

-- Filters inside the search index. A reader who searches a common word under a
-- ministry, a type or a period wants the few hundred matches of that ministry;
-- without the filter in the index, SQLite had to collect every match of the word
-- across the archive (tens of thousands at 100,000 releases) before it could
-- keep the ministry's. A `facets` column now holds one token per filter value:
-- _m<ministry id>, _t<type>, _y<year of 보도시점 in KST>. The underscore is a
-- token character here and never one of a query's characters (search_grams keeps
-- letters and digits only), so a one-syllable prefix query cannot match a facet.
-- FTS5 columns cannot be added in place: the table, its view and its triggers are
-- rebuilt, and the index filled again, in this migration's transaction.
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
  search_grams(r.title) AS title,
  search_grams((SELECT group_concat(value, ' ') FROM json_each(r.subtitles))) AS subtitles,
  search_grams((SELECT group_concat(value, ' ') FROM json_each(r.summary))) AS summary,
  search_grams(r.body_markdown) AS body,
  search_grams((SELECT m.name || ' ' || m.short_name FROM ministries m WHERE m.id = r.ministry_id)) AS ministry,
  '_m' || r.ministry_id || ' _t' || r.type || ' _y' || strftime('%Y', r.released_at, '+9 hours') AS facets
FROM releases r
WHERE r.state IN ('scheduled', 'published');

CREATE TRIGGER releases_search_insert AFTER INSERT ON releases
  WHEN NEW.state IN ('scheduled', 'published')
BEGIN
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets)
    SELECT id, title, subtitles, summary, body, ministry, facets FROM release_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER releases_search_update AFTER UPDATE OF title, subtitles, summary, body_markdown, ministry_id, type, released_at, state ON releases
  WHEN OLD.title IS NOT NEW.title OR OLD.subtitles IS NOT NEW.subtitles OR OLD.summary IS NOT NEW.summary
    OR OLD.body_markdown IS NOT NEW.body_markdown OR OLD.ministry_id IS NOT NEW.ministry_id
    OR OLD.type IS NOT NEW.type OR OLD.released_at IS NOT NEW.released_at
    OR (OLD.state IN ('scheduled', 'published')) IS NOT (NEW.state IN ('scheduled', 'published'))
BEGIN
  DELETE FROM release_search WHERE rowid = OLD.id;
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets)
    SELECT id, title, subtitles, summary, body, ministry, facets FROM release_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER releases_search_delete AFTER DELETE ON releases
BEGIN
  DELETE FROM release_search WHERE rowid = OLD.id;
END;

CREATE TRIGGER ministries_search_rename AFTER UPDATE OF name, short_name ON ministries
  WHEN OLD.name IS NOT NEW.name OR OLD.short_name IS NOT NEW.short_name
BEGIN
  DELETE FROM release_search WHERE rowid IN (SELECT id FROM releases WHERE ministry_id = NEW.id);
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets)
    SELECT s.id, s.title, s.subtitles, s.summary, s.body, s.ministry, s.facets
    FROM release_search_source s JOIN releases r ON r.id = s.id WHERE r.ministry_id = NEW.id;
END;

INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets)
  SELECT id, title, subtitles, summary, body, ministry, facets FROM release_search_source;

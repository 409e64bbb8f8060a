-- Search keys by day: an entry's rowid becomes (its 보도시점's day in KST) * 2^25 + id
-- instead of unixepoch(보도시점) * 2^25 + id. Every posting of the index begins with
-- the difference between its rowid and the previous one: with seconds in the key, two
-- releases a quarter of an hour apart differed by about 2^35, five bytes, in every
-- posting; on the same day they now differ by the difference of their ids, one or two.
-- Over 40,000 generated releases the index took 7.7 KB a release instead of 13.1 KB, and
-- building it a quarter less time. Newest-first search orders by day, then by id (the
-- order releases were registered in), instead of to the second. The index is rebuilt.
DROP TRIGGER releases_search_insert;
DROP TRIGGER releases_search_update;
DROP TRIGGER releases_search_delete;
DROP TRIGGER ministries_search_rename;
DROP VIEW release_search_source;
DROP TABLE release_search;

CREATE VIRTUAL TABLE release_search USING fts5(
  title, subtitles, summary, body, ministry, facets, chars,
  tokenize = "ascii tokenchars '_'",
  content = '',
  contentless_delete = 1
);

CREATE VIEW release_search_source AS
SELECT
  r.id AS id,
  ((unixepoch(r.released_at) + 32400) / 86400) * 33554432 + r.id AS search_key,
  search_grams(r.title) AS title,
  search_grams((SELECT group_concat(value, ' ') FROM json_each(r.subtitles))) AS subtitles,
  search_grams((SELECT group_concat(value, ' ') FROM json_each(r.summary))) AS summary,
  search_grams(r.body_markdown) AS body,
  search_grams((SELECT m.name || ' ' || m.short_name FROM ministries m WHERE m.id = r.ministry_id)) AS ministry,
  '_m' || r.ministry_id || ' _t' || r.type AS facets,
  search_char_set(
    r.title,
    (SELECT group_concat(value, ' ') FROM json_each(r.subtitles)),
    (SELECT group_concat(value, ' ') FROM json_each(r.summary)),
    r.body_markdown,
    (SELECT m.name || ' ' || m.short_name FROM ministries m WHERE m.id = r.ministry_id)
  ) AS chars
FROM releases r
WHERE r.state IN ('scheduled', 'published');

CREATE TRIGGER releases_search_insert AFTER INSERT ON releases
  WHEN NEW.state IN ('scheduled', 'published')
BEGIN
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets, chars)
    SELECT search_key, title, subtitles, summary, body, ministry, facets, chars FROM release_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER releases_search_update AFTER UPDATE OF title, subtitles, summary, body_markdown, ministry_id, type, released_at, state ON releases
  WHEN OLD.title IS NOT NEW.title OR OLD.subtitles IS NOT NEW.subtitles OR OLD.summary IS NOT NEW.summary
    OR OLD.body_markdown IS NOT NEW.body_markdown OR OLD.ministry_id IS NOT NEW.ministry_id
    OR OLD.type IS NOT NEW.type OR OLD.released_at IS NOT NEW.released_at
    OR (OLD.state IN ('scheduled', 'published')) IS NOT (NEW.state IN ('scheduled', 'published'))
BEGIN
  DELETE FROM release_search WHERE rowid = ((unixepoch(OLD.released_at) + 32400) / 86400) * 33554432 + OLD.id;
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets, chars)
    SELECT search_key, title, subtitles, summary, body, ministry, facets, chars FROM release_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER releases_search_delete AFTER DELETE ON releases
BEGIN
  DELETE FROM release_search WHERE rowid = ((unixepoch(OLD.released_at) + 32400) / 86400) * 33554432 + OLD.id;
END;

CREATE TRIGGER ministries_search_rename AFTER UPDATE OF name, short_name ON ministries
  WHEN OLD.name IS NOT NEW.name OR OLD.short_name IS NOT NEW.short_name
BEGIN
  DELETE FROM release_search WHERE rowid IN (SELECT ((unixepoch(released_at) + 32400) / 86400) * 33554432 + id FROM releases WHERE ministry_id = NEW.id);
  INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets, chars)
    SELECT s.search_key, s.title, s.subtitles, s.summary, s.body, s.ministry, s.facets, s.chars
    FROM release_search_source s JOIN releases r ON r.id = s.id WHERE r.ministry_id = NEW.id;
END;

INSERT INTO release_search (rowid, title, subtitles, summary, body, ministry, facets, chars)
  SELECT search_key, title, subtitles, summary, body, ministry, facets, chars FROM release_search_source;

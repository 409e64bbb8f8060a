-- 이전기사/다음기사 show the neighbours' titles. Found through releases_public_order,
-- each title was then read from its row: at 1,000,000 releases a page the OS rarely
-- still holds, two a rendered article. With the title in an index of the same order
-- (narrower indexes stay for counting and seeking, which walk many entries), the
-- unfiltered neighbours come from the index alone.
CREATE INDEX releases_public_titles ON releases(released_at, id, state, title)
  WHERE state IN ('scheduled', 'published');

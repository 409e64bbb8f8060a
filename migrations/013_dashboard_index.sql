-- The dashboard's 강제 게시 확인 대기: force-published releases no reviewer has
-- confirmed yet. A handful at any time, found among a million only by an index of
-- their own (the section otherwise read the whole table, about 1 s at 1,000,000).
CREATE INDEX releases_force_unconfirmed ON releases(updated_at)
  WHERE force_published_at IS NOT NULL AND force_publish_confirmed_by IS NULL;

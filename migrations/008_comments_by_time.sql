-- The campaign check of rule 11 reads the board's newest comments on every post;
-- without this index it sorted every comment ever written (2 s a post at 1,000,000).
CREATE INDEX comments_created ON comments(created_at);

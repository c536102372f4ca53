-- A campaign to a large segment is not written out whole when it is
-- prepared: it keeps how to write its messages (audience_plan: the texts
-- by channel), how many people the preview counted (planned), how many
-- have been written (audience_written) and where the next page of the
-- segment starts (audience_next, a subscriber id; NULL once every page is
-- written). The runner writes the next page as it sends, moving the cursor
-- in the same transaction, so a page is never written twice.
ALTER TABLE campaigns ADD COLUMN audience_plan TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN audience_written INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN audience_next BIGINT;
ALTER TABLE campaigns ADD COLUMN audience_until BIGINT;

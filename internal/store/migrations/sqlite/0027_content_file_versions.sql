-- An attachment belongs to the version of its item it came with, and the
-- public sees it only once that version is published: a file added to a
-- published item waits for a second person like an edit of its text.
-- Files attached before this change count as part of the first version.
ALTER TABLE content_files ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Submitted reports keep their totals compactly too, for fast aggregates.
ALTER TABLE reports ADD COLUMN totals TEXT NOT NULL DEFAULT '';

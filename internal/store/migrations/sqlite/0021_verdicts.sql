-- Verdicts that need evidence. A tip's reporter is known only by keyed
-- hashes of its network address and of its device cookie (the key lives
-- outside the database); partner reports carry the key's prefix. An
-- indicator keeps the distinct reporters and partner reports counted from
-- its tips, whether it is protected (official), the level it has earned
-- (0 unknown to the public, 1 suspicious, 2 verified scam) and whether it
-- was ever listed (so a delta feed tells partners to drop it, and never
-- names what it never listed).
ALTER TABLE tips ADD COLUMN device_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE tips ADD COLUMN partner TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN reporters INTEGER NOT NULL DEFAULT 0;
ALTER TABLE indicators ADD COLUMN partner_reports INTEGER NOT NULL DEFAULT 0;
ALTER TABLE indicators ADD COLUMN protected BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE indicators ADD COLUMN level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE indicators ADD COLUMN listed BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX indicators_level ON indicators (kind, level, seq);

-- Verified indicators keep their verdict. Reported ones were listed on a
-- single anonymous report: they fall back to unknown until their reports
-- are counted again, and a change-log row takes that to every instance's
-- index and to the partners' delta feeds.
UPDATE indicators SET level = 2, listed = TRUE WHERE verified = TRUE AND rejected = FALSE;
UPDATE indicators SET listed = TRUE WHERE verified = FALSE AND rejected = FALSE AND reports > 0;
INSERT INTO indicator_changes (indicator_id, at) SELECT id, updated_at FROM indicators WHERE verified = FALSE AND rejected = FALSE AND reports > 0 ORDER BY id;
UPDATE indicators SET seq = (SELECT MAX(c.seq) FROM indicator_changes c WHERE c.indicator_id = indicators.id)
	WHERE verified = FALSE AND rejected = FALSE AND reports > 0;

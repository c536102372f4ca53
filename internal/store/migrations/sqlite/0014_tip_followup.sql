-- Triage follow-ups: an analyst asks a reporter for more (the report waits
-- in state need_info with the question as its outcome; the reporter answers
-- on the tracking page), and a duplicate report is merged into another.
ALTER TABLE tips ADD COLUMN merged_into INTEGER REFERENCES tips(id);
ALTER TABLE tips ADD COLUMN question TEXT NOT NULL DEFAULT '';

CREATE TABLE tip_additions (
	id INTEGER PRIMARY KEY,
	tip_id INTEGER NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
	text TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX tip_additions_tip ON tip_additions (tip_id);

-- The commune (xã, phường) of a report, today's name, resolved from what was typed.
ALTER TABLE tips ADD COLUMN commune TEXT NOT NULL DEFAULT '';

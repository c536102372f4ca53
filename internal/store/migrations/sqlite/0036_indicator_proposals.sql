-- Four eyes for protected (official) indicators: the first analyst's
-- decision is kept here as a proposal; a different analyst confirms it
-- (intel/protected.go). One open proposal per indicator.
CREATE TABLE indicator_proposals (
	indicator_id INTEGER PRIMARY KEY REFERENCES indicators(id),
	verify BOOLEAN NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	proposed_by INTEGER NOT NULL,
	proposed_name TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);

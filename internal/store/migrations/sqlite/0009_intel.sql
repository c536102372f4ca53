-- Scam reports (tố giác), the indicators they name, and the change log the
-- in-memory check index follows (by sequence).
CREATE TABLE indicators (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	key TEXT NOT NULL,
	display TEXT NOT NULL,
	verified BOOLEAN NOT NULL DEFAULT FALSE,
	rejected BOOLEAN NOT NULL DEFAULT FALSE,
	reports INTEGER NOT NULL DEFAULT 0,
	tactics TEXT NOT NULL DEFAULT '[]',
	seq INTEGER NOT NULL DEFAULT 0,
	updated_at TIMESTAMP NOT NULL,
	UNIQUE (kind, key)
);
CREATE INDEX indicators_seq ON indicators (seq);

CREATE TABLE indicator_changes (
	seq INTEGER PRIMARY KEY,
	indicator_id INTEGER NOT NULL REFERENCES indicators(id),
	at TIMESTAMP NOT NULL
);

CREATE TABLE tips (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	tactic TEXT NOT NULL DEFAULT '',
	happened_on TEXT NOT NULL DEFAULT '',
	money_lost INTEGER NOT NULL DEFAULT 0,
	description TEXT NOT NULL DEFAULT '',
	province TEXT NOT NULL DEFAULT '',
	contact TEXT NOT NULL DEFAULT '',
	consent BOOLEAN NOT NULL DEFAULT FALSE,
	status TEXT NOT NULL DEFAULT 'new',
	outcome TEXT NOT NULL DEFAULT '',
	ip_hash TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	decided_at TIMESTAMP
);
CREATE INDEX tips_status ON tips (status, created_at);
CREATE INDEX tips_ip ON tips (ip_hash, created_at);

CREATE TABLE tip_indicators (
	tip_id INTEGER NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
	indicator_id INTEGER NOT NULL REFERENCES indicators(id),
	raw TEXT NOT NULL,
	PRIMARY KEY (tip_id, indicator_id)
);
CREATE INDEX tip_indicators_indicator ON tip_indicators (indicator_id);

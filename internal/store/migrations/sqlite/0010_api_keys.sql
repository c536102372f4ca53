-- Partners' API keys (stored as hashes) and their daily use, for quotas.
CREATE TABLE api_keys (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	name TEXT NOT NULL DEFAULT '',
	prefix TEXT NOT NULL,
	key_hash TEXT NOT NULL UNIQUE,
	scopes TEXT NOT NULL,
	quota_per_day INTEGER NOT NULL DEFAULT 1000000,
	created_at TIMESTAMP NOT NULL,
	revoked_at TIMESTAMP
);

CREATE TABLE api_usage (
	key_id INTEGER NOT NULL REFERENCES api_keys(id),
	day TEXT NOT NULL,
	used INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (key_id, day)
);

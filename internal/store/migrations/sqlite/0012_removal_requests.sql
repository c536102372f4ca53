-- Owners' requests to remove a wrongful warning (yêu cầu gỡ cảnh báo).
CREATE TABLE removal_requests (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	indicator_id INTEGER NOT NULL REFERENCES indicators(id),
	reason TEXT NOT NULL,
	contact TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'new',
	outcome TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	decided_at TIMESTAMP
);
CREATE INDEX removal_requests_status ON removal_requests (status, created_at);

-- The durable job queue (internal/jobs). A job is one row; (kind, key) makes
-- enqueueing idempotent. A worker claims a job by setting state 'running'
-- with a lease (locked_by, locked_until); a job whose lease has run out is
-- claimed again by any worker. A failed attempt with attempts left goes back
-- to 'queued' with a later run_at and last_error set; 'dead' is final.
CREATE TABLE jobs (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	key TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '{}',
	run_at TIMESTAMP NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	max_attempts INTEGER NOT NULL,
	state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
	locked_by TEXT NOT NULL DEFAULT '',
	locked_until TIMESTAMP,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	done_at TIMESTAMP,
	UNIQUE (kind, key)
);
-- What a worker looks for: due queued jobs and expired leases.
CREATE INDEX jobs_due ON jobs (state, run_at);

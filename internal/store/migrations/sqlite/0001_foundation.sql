-- Units, their dated versions and restructure history; accounts, sessions,
-- login attempts and the audit trail. Dates are TEXT YYYY-MM-DD; validity
-- periods are half-open [valid_from, valid_to).
CREATE TABLE units (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE restructure_events (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	effective TEXT NOT NULL,
	basis TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	created_by INTEGER,
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE unit_versions (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	name TEXT NOT NULL,
	name_folded TEXT NOT NULL,
	short_name TEXT NOT NULL DEFAULT '',
	type TEXT NOT NULL,
	parent_id INTEGER REFERENCES units(id),
	valid_from TEXT NOT NULL,
	valid_to TEXT NOT NULL DEFAULT '9999-12-31',
	event_id INTEGER REFERENCES restructure_events(id),
	CHECK (valid_from < valid_to)
);
CREATE INDEX unit_versions_unit ON unit_versions (unit_id, valid_from);
CREATE INDEX unit_versions_parent ON unit_versions (parent_id, valid_from);

CREATE TABLE unit_successions (
	predecessor_id INTEGER NOT NULL REFERENCES units(id),
	successor_id INTEGER NOT NULL REFERENCES units(id),
	event_id INTEGER NOT NULL REFERENCES restructure_events(id),
	effective TEXT NOT NULL,
	PRIMARY KEY (predecessor_id, successor_id, event_id)
);
CREATE INDEX unit_successions_successor ON unit_successions (successor_id);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	full_name TEXT NOT NULL DEFAULT '',
	unit_id INTEGER NOT NULL REFERENCES units(id),
	password_hash TEXT NOT NULL,
	totp_secret TEXT NOT NULL DEFAULT '',
	totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

-- A role is granted over a scope: the subtree of scope_unit_id.
CREATE TABLE user_roles (
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	scope_unit_id INTEGER NOT NULL REFERENCES units(id),
	PRIMARY KEY (user_id, role, scope_unit_id)
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL,
	mfa_pending BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TIMESTAMP NOT NULL,
	last_seen_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL,
	ip TEXT NOT NULL,
	ok BOOLEAN NOT NULL,
	at TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts (username, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TIMESTAMP NOT NULL,
	actor_id INTEGER,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_key TEXT NOT NULL,
	unit_id INTEGER,
	summary TEXT NOT NULL DEFAULT '',
	before_json TEXT NOT NULL DEFAULT '',
	after_json TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_unit ON audit_log (unit_id, at);

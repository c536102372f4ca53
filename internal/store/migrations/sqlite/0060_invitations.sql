-- Accounts made by a bulk import get no password: the person sets their
-- own through a one-time invitation link. The token is stored only as its
-- SHA-256 (like session tokens); an invitation ends when used, when it
-- expires, or when another invitation of the same account is used.
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';

CREATE TABLE invitations (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_by INTEGER,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	used_at TIMESTAMP
);
CREATE INDEX invitations_user ON invitations (user_id);

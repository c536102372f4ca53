-- E-mail addresses for reminders, and the in-app notices (one row per
-- person and reminder; the key makes a reminder reach each person once).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE notifications (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	dedup_key TEXT NOT NULL UNIQUE,
	text TEXT NOT NULL,
	link TEXT NOT NULL DEFAULT '',
	emailed BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TIMESTAMP NOT NULL,
	read_at TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

-- Notices for every hand-off: each notice names its kind (so a person can
-- choose, per kind, in the app only or also by e-mail), the choices, and
-- the urges (đôn đốc) a standing body sent to late units: at most one a day
-- per unit and matter, the day counted in Vietnam.
ALTER TABLE notifications ADD COLUMN kind TEXT NOT NULL DEFAULT '';

CREATE TABLE notice_prefs (
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	email BOOLEAN NOT NULL,
	PRIMARY KEY (user_id, kind)
);

CREATE TABLE urges (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	matter TEXT NOT NULL,
	day TEXT NOT NULL,
	what TEXT NOT NULL,
	by_user INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at TIMESTAMP NOT NULL,
	UNIQUE (unit_id, matter, day)
);
CREATE INDEX urges_matter ON urges (matter, unit_id);

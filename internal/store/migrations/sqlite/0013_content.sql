-- Content of the public portal (nội dung): handbook entries (thủ đoạn),
-- warnings, articles, legal documents and good practices, one row per item
-- with every saved edit kept as a version; files attached to items;
-- awareness quizzes built from the handbook and their attempts (citizens'
-- attempts carry no person and no address); and settings, which holds the
-- per-database secret the items' verification codes are made with.
CREATE TABLE settings (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);

-- An item's state is its workflow state (draft, in_review, published,
-- archived). published_version is the version the public sees (0: never
-- published): editing a published item adds a draft version while the
-- published one stays live. code is set on first publication and never
-- changes; hash and canonical are those of the live version.
CREATE TABLE content_items (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	slug TEXT NOT NULL,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	state TEXT NOT NULL DEFAULT 'draft',
	current_version INTEGER NOT NULL DEFAULT 1,
	published_version INTEGER NOT NULL DEFAULT 0,
	first_published_at TIMESTAMP,
	published_at TIMESTAMP,
	scheduled_at TIMESTAMP,
	scheduled_by INTEGER,
	issuer TEXT NOT NULL DEFAULT '',
	code TEXT UNIQUE,
	hash TEXT NOT NULL DEFAULT '',
	views INTEGER NOT NULL DEFAULT 0,
	activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
	review_note TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	created_by INTEGER,
	updated_at TIMESTAMP NOT NULL,
	UNIQUE (kind, slug)
);
CREATE INDEX content_items_public ON content_items (kind, published_version, state);
CREATE INDEX content_items_unit ON content_items (unit_id, state);
CREATE INDEX content_items_scheduled ON content_items (state, scheduled_at);

CREATE TABLE content_versions (
	id INTEGER PRIMARY KEY,
	item_id INTEGER NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
	number INTEGER NOT NULL,
	title TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	body_html TEXT NOT NULL DEFAULT '',
	fields TEXT NOT NULL DEFAULT '{}',
	editor_id INTEGER,
	editor TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	published_at TIMESTAMP,
	canonical TEXT NOT NULL DEFAULT '',
	hash TEXT NOT NULL DEFAULT '',
	UNIQUE (item_id, number)
);

CREATE TABLE content_files (
	id INTEGER PRIMARY KEY,
	item_id INTEGER NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
	sha256 TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	size INTEGER NOT NULL
);
CREATE INDEX content_files_item ON content_files (item_id);
CREATE INDEX content_files_hash ON content_files (sha256);

CREATE TABLE quizzes (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	title TEXT NOT NULL,
	audience TEXT NOT NULL,
	pass_percent INTEGER NOT NULL,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

-- Each question tests one handbook entry (by its slug).
CREATE TABLE quiz_questions (
	id INTEGER PRIMARY KEY,
	quiz_id INTEGER NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	entry_slug TEXT NOT NULL,
	question TEXT NOT NULL,
	choices TEXT NOT NULL DEFAULT '[]',
	answer INTEGER NOT NULL,
	explanation TEXT NOT NULL DEFAULT ''
);
CREATE INDEX quiz_questions_quiz ON quiz_questions (quiz_id, pos);

-- user_id and unit_id are set for staff only; a citizen's attempt is a
-- score and a day.
CREATE TABLE quiz_attempts (
	id INTEGER PRIMARY KEY,
	quiz_id INTEGER NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
	user_id INTEGER,
	unit_id INTEGER REFERENCES units(id),
	score INTEGER NOT NULL,
	total INTEGER NOT NULL,
	passed BOOLEAN NOT NULL,
	day TEXT NOT NULL,
	at TIMESTAMP NOT NULL
);
CREATE INDEX quiz_attempts_unit ON quiz_attempts (unit_id, day);
CREATE INDEX quiz_attempts_quiz ON quiz_attempts (quiz_id, day);

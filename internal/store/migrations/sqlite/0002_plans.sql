-- Plans (kế hoạch): one row per version of a plan, its duties in their own
-- table (they are queried by unit), the rest of its structure as JSON.
CREATE TABLE plans (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	parent_plan_id INTEGER REFERENCES plans(id),
	series_id INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	kind TEXT NOT NULL DEFAULT 'plan',
	status TEXT NOT NULL DEFAULT 'draft',
	number TEXT NOT NULL DEFAULT '',
	symbol TEXT NOT NULL DEFAULT '',
	issuer_name TEXT NOT NULL DEFAULT '',
	place TEXT NOT NULL DEFAULT '',
	issued_on TEXT NOT NULL DEFAULT '',
	title TEXT NOT NULL DEFAULT '',
	search_folded TEXT NOT NULL DEFAULT '',
	plan_deadline TEXT NOT NULL DEFAULT '',
	content TEXT NOT NULL DEFAULT '{}',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	created_by INTEGER,
	issued_at TIMESTAMP,
	issued_by INTEGER
);
CREATE INDEX plans_unit ON plans (unit_id, issued_on);
CREATE INDEX plans_parent ON plans (parent_plan_id);
CREATE INDEX plans_series ON plans (series_id, version);

CREATE TABLE plan_duties (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
	pos INTEGER NOT NULL,
	group_no INTEGER NOT NULL DEFAULT 0,
	unit_id INTEGER REFERENCES units(id),
	unit_text TEXT NOT NULL DEFAULT '',
	addressees TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL DEFAULT 'lead',
	task TEXT NOT NULL DEFAULT '',
	deadline TEXT NOT NULL DEFAULT '',
	target_metric TEXT NOT NULL DEFAULT '',
	target_value TEXT NOT NULL DEFAULT '',
	target_unit TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_duties_plan ON plan_duties (plan_id, pos);
CREATE INDEX plan_duties_unit ON plan_duties (unit_id);

-- Corrections and deletions of activities keep the version they replace,
-- with the reason and who changed it, so a report sent before the change
-- can say so and a deleted activity stays readable in its history.
-- activity_id has no foreign key: the activity row is gone once deleted.
CREATE TABLE activity_versions (
	id INTEGER PRIMARY KEY,
	activity_id INTEGER NOT NULL,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	kind TEXT NOT NULL,
	date_before TEXT NOT NULL,
	date_after TEXT NOT NULL DEFAULT '',
	before_json TEXT NOT NULL,
	reason TEXT NOT NULL,
	changed_at TIMESTAMP NOT NULL,
	changed_by INTEGER,
	changed_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activity_versions_activity ON activity_versions (activity_id, id);
CREATE INDEX activity_versions_unit ON activity_versions (unit_id, changed_at);

-- Occurrences of a recurring activity share the id of the first one.
ALTER TABLE activities ADD COLUMN series_id INTEGER;

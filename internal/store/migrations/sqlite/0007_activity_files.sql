-- Evidence files of activities: stored in the data folder by content hash.
CREATE TABLE activity_files (
	id INTEGER PRIMARY KEY,
	activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
	sha256 TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	size INTEGER NOT NULL
);
CREATE INDEX activity_files_activity ON activity_files (activity_id);
CREATE INDEX activity_files_hash ON activity_files (sha256);

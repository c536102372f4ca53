-- Evidence attached to scam reports (images without their metadata, PDF).
CREATE TABLE tip_files (
	id INTEGER PRIMARY KEY,
	tip_id INTEGER NOT NULL REFERENCES tips(id) ON DELETE CASCADE,
	sha256 TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	size INTEGER NOT NULL
);
CREATE INDEX tip_files_tip ON tip_files (tip_id);
CREATE INDEX tip_files_hash ON tip_files (sha256);

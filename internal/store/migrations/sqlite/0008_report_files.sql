-- Attachments of reports, stored like activities' evidence.
CREATE TABLE report_files (
	id INTEGER PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	sha256 TEXT NOT NULL,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	size INTEGER NOT NULL
);
CREATE INDEX report_files_report ON report_files (report_id);
CREATE INDEX report_files_hash ON report_files (sha256);

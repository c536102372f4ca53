-- An erased contact was remembered as the plain SHA-256 of its normal
-- form, which anyone holding a copy of the database can test a known
-- number against. From now on contact_hash holds that digest sealed
-- (AES-GCM under the personal-data keys) and contact_index its blind
-- index (a keyed HMAC), which lookups use; both are re-made at key
-- rotation. Rows of the old kind are sealed and indexed by the start-up
-- pass, so no erasure is forgotten. The integer id lets that pass work
-- in batches like on every sealed column.
ALTER TABLE suppressions RENAME TO suppressions_unkeyed;
CREATE TABLE suppressions (
	id INTEGER PRIMARY KEY,
	contact_hash TEXT NOT NULL,
	contact_index TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL
);
INSERT INTO suppressions (contact_hash, reason) SELECT contact_hash, reason FROM suppressions_unkeyed;
DROP TABLE suppressions_unkeyed;
CREATE INDEX suppressions_contact_index ON suppressions (contact_index);

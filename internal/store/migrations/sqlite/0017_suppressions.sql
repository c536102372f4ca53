-- Erasure on a data subject's request removes the person's row and their
-- number from sent messages; what remains is the SHA-256 of the contact,
-- so the person is never messaged again without the number being kept.
CREATE TABLE suppressions (
	contact_hash TEXT PRIMARY KEY,
	reason TEXT NOT NULL
);

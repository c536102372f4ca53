-- Consent proven (double opt-in): a subscription counts only once the
-- person has confirmed a code sent to that phone or a link sent to that
-- e-mail; confirmed_at and confirmed_channel ('sms', 'email', or 'import'
-- for consent collected elsewhere and attested by the importing unit) are
-- the consent record. Rows from the portal before this change were never
-- proven and stay unconfirmed, so they get no campaign message.
ALTER TABLE subscribers ADD COLUMN confirmed_at TIMESTAMP;
ALTER TABLE subscribers ADD COLUMN confirmed_channel TEXT NOT NULL DEFAULT '';
UPDATE subscribers SET confirmed_at = consent_at, confirmed_channel = 'import' WHERE source <> 'portal';
-- A request from the portal's form waits here, apart from the
-- subscribers, until the owner of a contact proves control of it: one row
-- per contact to prove, the rows of one form sharing ref (the random
-- reference of the confirmation page). Only the hash of the code or link
-- secret is kept; contact_hash meters the codes sent to one contact.
-- Rows are purged an hour after they were made.
CREATE TABLE consent_requests (
	id INTEGER PRIMARY KEY,
	ref TEXT NOT NULL,
	channel TEXT NOT NULL,
	contact TEXT NOT NULL,
	contact_hash TEXT NOT NULL,
	secret_hash TEXT NOT NULL,
	request TEXT NOT NULL,
	sent BOOLEAN NOT NULL,
	tries INTEGER NOT NULL DEFAULT 0,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	confirmed_at TIMESTAMP
);
CREATE INDEX consent_requests_ref ON consent_requests (ref);
CREATE INDEX consent_requests_contact ON consent_requests (contact_hash, created_at);

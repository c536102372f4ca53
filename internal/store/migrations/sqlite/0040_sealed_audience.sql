-- Subscribers, consent requests and messages are sealed at rest
-- (internal/seal): the contacts, names, request payloads, recipients and
-- texts become sealed text, and each contact that is looked up gets a blind
-- index (HMAC under the sealing key) that replaces the equality lookups and
-- unique constraints on the clear values. What campaigns filter and route
-- on stays in clear beside it (province, groups, channel, consent, opt-out,
-- and the carrier of the phone, computed when the phone is written).
-- Values written before sealing are sealed, and their indexes computed, by
-- the start-up pass. The unkeyed SHA-256 of consent requests' contacts goes.
ALTER TABLE subscribers ADD COLUMN phone_index TEXT NOT NULL DEFAULT '';
ALTER TABLE subscribers ADD COLUMN email_index TEXT NOT NULL DEFAULT '';
ALTER TABLE subscribers ADD COLUMN zalo_index TEXT NOT NULL DEFAULT '';
ALTER TABLE subscribers ADD COLUMN carrier TEXT NOT NULL DEFAULT '';
DROP INDEX subscribers_phone;
DROP INDEX subscribers_email;
CREATE UNIQUE INDEX subscribers_phone_index ON subscribers (phone_index) WHERE phone_index <> '';
CREATE UNIQUE INDEX subscribers_email_index ON subscribers (email_index) WHERE email_index <> '';
CREATE INDEX subscribers_zalo_index ON subscribers (zalo_index) WHERE zalo_index <> '';

DROP INDEX consent_requests_contact;
ALTER TABLE consent_requests DROP COLUMN contact_hash;
ALTER TABLE consent_requests ADD COLUMN contact_index TEXT NOT NULL DEFAULT '';
CREATE INDEX consent_requests_contact ON consent_requests (contact_index, created_at);

ALTER TABLE messages ADD COLUMN recipient_index TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN carrier TEXT NOT NULL DEFAULT '';
DROP INDEX messages_recipient;
CREATE INDEX messages_recipient ON messages (recipient_index, submitted_at);

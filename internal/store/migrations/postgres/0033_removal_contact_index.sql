-- Removal requesters' contacts are sealed at rest (internal/seal); the
-- blind index of the contact counts requests from one contact without
-- reading any. Values written before sealing are sealed at the next start.
ALTER TABLE removal_requests ADD COLUMN contact_index TEXT NOT NULL DEFAULT '';
CREATE INDEX removal_requests_contact ON removal_requests (contact_index, created_at);

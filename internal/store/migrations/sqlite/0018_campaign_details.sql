-- Campaigns, second part: the subscriber's name for the {ten} variable
-- (optional, only when an import gives it), an e-mail's subject, the
-- audience segment a
-- campaign was prepared for, when it started and ended, and the activity
-- it was logged as for its unit (so its reach counts in the reports).
ALTER TABLE subscribers ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN segment TEXT NOT NULL DEFAULT '{}';
ALTER TABLE campaigns ADD COLUMN started_at TIMESTAMP;
ALTER TABLE campaigns ADD COLUMN finished_at TIMESTAMP;
ALTER TABLE campaigns ADD COLUMN activity_id INTEGER;
CREATE INDEX campaigns_unit ON campaigns (unit_id, id);

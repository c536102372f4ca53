-- Campaigns (chiến dịch truyền thông) and their messages: one row per
-- message with its state, so a crash loses nothing and sends nothing twice.
-- A message goes queued → sending (claimed by a worker, in flight) →
-- submitted (the channel accepted it, channel_id kept) → delivered / failed
-- (the receipt). A message found "sending" after a restart has an unknown
-- outcome: it becomes unknown and waits for a person, never resent blindly.
CREATE TABLE campaigns (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER REFERENCES units(id),
	name TEXT NOT NULL,
	channel TEXT NOT NULL,
	class TEXT NOT NULL DEFAULT 'warning',
	template TEXT NOT NULL,
	brandname TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT 'draft',
	status_note TEXT NOT NULL DEFAULT '',
	tps INTEGER NOT NULL DEFAULT 0,
	quiet_start INTEGER NOT NULL DEFAULT 1320,
	quiet_end INTEGER NOT NULL DEFAULT 420,
	daily_cap INTEGER NOT NULL DEFAULT 3,
	scheduled_at TIMESTAMP,
	created_by INTEGER,
	approved_by INTEGER,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE messages (
	id INTEGER PRIMARY KEY,
	campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
	recipient TEXT NOT NULL,
	text TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'queued',
	attempts INTEGER NOT NULL DEFAULT 0,
	channel_id TEXT NOT NULL DEFAULT '',
	error TEXT NOT NULL DEFAULT '',
	next_at TIMESTAMP,
	submitted_at TIMESTAMP,
	done_at TIMESTAMP,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX messages_campaign_state ON messages (campaign_id, state, id);
CREATE INDEX messages_channel_id ON messages (channel_id);
CREATE INDEX messages_recipient ON messages (recipient, submitted_at);

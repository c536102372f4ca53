-- Checks by SMS and Zalo (Step 13): a sender is kept only as a keyed hash,
-- per channel and day, to meter checks and the once-a-day help line; the
-- rows go after 30 days. The statistics keep counts only, no content.
CREATE TABLE inbound_senders (
	channel TEXT NOT NULL,
	sender_hash TEXT NOT NULL,
	day TEXT NOT NULL,
	checks INTEGER NOT NULL DEFAULT 0,
	helped INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (channel, sender_hash, day)
);
CREATE TABLE inbound_stats (
	day TEXT NOT NULL,
	channel TEXT NOT NULL,
	kind TEXT NOT NULL,
	verdict TEXT NOT NULL,
	count INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, channel, kind, verdict)
);

-- On several channels, a message refused for good (a Zalo user who does
-- not follow the Official Account) goes on to the person's next channel:
-- the row keeps, as JSON, the next channels' contacts and texts.
ALTER TABLE messages ADD COLUMN fallback TEXT NOT NULL DEFAULT '';

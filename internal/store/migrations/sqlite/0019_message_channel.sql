-- A campaign may go out on several channels, each person once, by the
-- first channel that reaches them: each message keeps its own channel
-- ('' in older rows: the campaign's one channel).
ALTER TABLE messages ADD COLUMN channel TEXT NOT NULL DEFAULT '';

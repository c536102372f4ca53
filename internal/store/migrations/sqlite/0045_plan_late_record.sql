-- A plan issued in the product carries the date it was signed there; a
-- different date (a paper plan recorded late) needs a reason, kept here,
-- and the compliance view then judges it by the day it was recorded.
ALTER TABLE plans ADD COLUMN late_reason TEXT NOT NULL DEFAULT '';

-- A tip belongs to the province it names and, when a partner sent it, to
-- the province of the partner's unit: the analysts of either see and
-- decide it (intel/area.go). Reports sent before this column are the
-- national level's unless they name a province.
ALTER TABLE tips ADD COLUMN partner_province TEXT NOT NULL DEFAULT '';
CREATE INDEX tips_province ON tips (province);
CREATE INDEX tips_partner_province ON tips (partner_province);

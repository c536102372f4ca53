-- Several instances on one database: a running campaign is sent by the one
-- instance holding its lease, renewed while it sends. When the holder dies
-- the lease runs out and another instance takes the campaign over, holding
-- what the dead one had in flight as unknown.
ALTER TABLE campaigns ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN lease_until TIMESTAMPTZ;

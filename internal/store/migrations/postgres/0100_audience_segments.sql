-- Step 15: a campaign's segment is chosen in SQL on the columns kept in
-- clear beside the sealed contacts, a page at a time, so a million
-- subscribers are neither read whole nor held in memory.
--
-- zalo_kind says whether the Zalo contact is a phone number ('phone') or
-- a Zalo id ('id'): on a campaign with SMS among its channels a number
-- given as the Zalo contact is reached by SMS, and the preview counts
-- people by channel without opening their contacts. Rows written before
-- this have '' and are filled by audience the first time a preview needs
-- them (the partial index finds them).
ALTER TABLE subscribers ADD COLUMN zalo_kind TEXT NOT NULL DEFAULT '';
CREATE INDEX subscribers_zalo_kind_unknown ON subscribers (id) WHERE zalo <> '' AND zalo_kind = '';
-- The people who may be messaged (audience.Eligible), by province, in the
-- order they subscribed: the preview's count and the prepare's keyset
-- pages read this index only.
CREATE INDEX subscribers_segment ON subscribers (province, id) WHERE opted_out_at IS NULL AND confirmed_at IS NOT NULL;
-- A suppression of the old kind (a clear digest, on a server without a
-- key) is looked up by its digest for the contacts of one page.
CREATE INDEX suppressions_contact_hash ON suppressions (contact_hash) WHERE contact_index = '';
-- shape is what a campaign's preview counts people by, as bits: 1 a
-- phone, 2 an e-mail, 4 a Zalo contact, 8 that contact a phone number, 16
-- a name. A stored generated column, so that the preview's grouped count
-- reads the index subscribers_shape alone (an index-only scan).
ALTER TABLE subscribers ADD COLUMN shape INTEGER NOT NULL GENERATED ALWAYS AS ((CASE WHEN phone <> '' THEN 1 ELSE 0 END) + (CASE WHEN email <> '' THEN 2 ELSE 0 END) + (CASE WHEN zalo <> '' THEN 4 ELSE 0 END) + (CASE WHEN zalo <> '' AND zalo_kind = 'phone' THEN 8 ELSE 0 END) + (CASE WHEN name <> '' THEN 16 ELSE 0 END)) STORED;
CREATE INDEX subscribers_shape ON subscribers (province, shape, carrier, opted_out_at, confirmed_at);

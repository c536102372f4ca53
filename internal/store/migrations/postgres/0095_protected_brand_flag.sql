-- Which protected owners the look-alike test imitates. The global platforms
-- (search, video, social networks, app stores) are protected from
-- report-only flags, but are not brands here: they run hundreds of domains
-- of their own (googleusercontent.com, facebookmail.com, tiktokcdn.com), and
-- the issue's look-alikes are banks, carriers, ministries and public
-- services. The national level can still mark any owner a brand.
ALTER TABLE protected_indicators ADD COLUMN brand BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE protected_indicators SET brand = FALSE
WHERE kind = 'url' AND key IN ('tiktok.com', 'facebook.com', 'messenger.com', 'instagram.com', 'google.com', 'google.com.vn',
	'youtube.com', 'apple.com', 'microsoft.com');
-- Official domains of carriers found answered as look-alikes of themselves.
INSERT INTO protected_indicators (kind, key, owner, seeded, created_by, created_at)
SELECT v.kind, v.key, v.owner, TRUE, 'seed', CURRENT_TIMESTAMP FROM (
	SELECT 'url' AS kind, 'viettel.com.vn' AS key, 'Viettel' AS owner
	UNION ALL SELECT 'url', 'viettelmoney.vn', 'Viettel'
	UNION ALL SELECT 'url', 'viettelpost.com.vn', 'Viettel'
	UNION ALL SELECT 'url', 'vnpt.com.vn', 'VNPT'
	UNION ALL SELECT 'url', 'vinaphone.com.vn', 'VinaPhone'
	UNION ALL SELECT 'url', 'mobifone.vn', 'MobiFone'
) v
WHERE NOT EXISTS (SELECT 1 FROM protected_indicators p WHERE p.kind = v.kind AND p.key = v.key);

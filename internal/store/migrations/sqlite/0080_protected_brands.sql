-- More official domains for the look-alike test of the check (Step 13): a
-- host dressed as one of these owners is flagged before anyone reports
-- it. Public services people are lured to impersonations of (the national
-- public-service portal, VNeID, social insurance, traffic police fines,
-- electricity, post) and more banks. The gov.vn ones were already covered
-- by the gov.vn rule; they are listed for their names. The national level
-- edits the list in the console (Chỉ dấu chính thức).
INSERT INTO protected_indicators (kind, key, owner, seeded, created_by, created_at)
SELECT v.kind, v.key, v.owner, TRUE, 'seed', CURRENT_TIMESTAMP FROM (
	SELECT 'url' AS kind, 'dichvucong.gov.vn' AS key, 'Cổng Dịch vụ công quốc gia' AS owner
	UNION ALL SELECT 'url', 'bocongan.gov.vn', 'Bộ Công an'
	UNION ALL SELECT 'url', 'vneid.gov.vn', 'VNeID'
	UNION ALL SELECT 'url', 'baohiemxahoi.gov.vn', 'Bảo hiểm xã hội Việt Nam'
	UNION ALL SELECT 'url', 'csgt.vn', 'Cục Cảnh sát giao thông'
	UNION ALL SELECT 'url', 'evn.com.vn', 'EVN'
	UNION ALL SELECT 'url', 'vnpost.vn', 'VNPost'
	UNION ALL SELECT 'url', 'vnpt.vn', 'VNPT'
	UNION ALL SELECT 'url', 'vpbank.com.vn', 'VPBank'
	UNION ALL SELECT 'url', 'sacombank.com.vn', 'Sacombank'
	UNION ALL SELECT 'url', 'tpb.vn', 'TPBank'
	UNION ALL SELECT 'url', 'vib.com.vn', 'VIB'
	UNION ALL SELECT 'url', 'hdbank.com.vn', 'HDBank'
) v
WHERE NOT EXISTS (SELECT 1 FROM protected_indicators p WHERE p.kind = v.kind AND p.key = v.key);

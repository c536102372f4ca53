-- The large platforms people are told to trust (shops, messengers, search,
-- wallets) join the protected registry: a handful of reports, true or
-- staged, must never put "suspicious" on shopee.vn for every bank and
-- telecom. Scam pages on them are reported by their full address and
-- decided by analysts, as for every protected name. Editable in the console.
INSERT INTO protected_indicators (kind, key, owner, seeded, created_by, created_at) VALUES
	('url', 'shopee.vn', 'Shopee', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'lazada.vn', 'Lazada', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'tiki.vn', 'Tiki', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'sendo.vn', 'Sendo', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'chotot.com', 'Chợ Tốt', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'tiktok.com', 'TikTok', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'zalo.me', 'Zalo', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'zalo.vn', 'Zalo', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'zalopay.vn', 'ZaloPay', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'momo.vn', 'MoMo', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'vnpay.vn', 'VNPAY', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'facebook.com', 'Facebook', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'messenger.com', 'Messenger', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'instagram.com', 'Instagram', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'google.com', 'Google', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'google.com.vn', 'Google', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'youtube.com', 'YouTube', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'apple.com', 'Apple', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'microsoft.com', 'Microsoft', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'grab.com', 'Grab', TRUE, 'seed', CURRENT_TIMESTAMP)
ON CONFLICT (kind, key) DO NOTHING;

-- Protected indicators: official domains (a rule for the domain and every
-- name under it), hotlines and service numbers, banks' own accounts.
-- Reports naming one are kept, but only an analyst's decision gives it a
-- verdict. Owned by intel; the national level edits it in triage.
CREATE TABLE protected_indicators (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	key TEXT NOT NULL,
	owner TEXT NOT NULL,
	seeded BOOLEAN NOT NULL DEFAULT FALSE,
	created_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	UNIQUE (kind, key)
);

-- Our own starting list (edit it in the console): every .gov.vn name, the
-- largest banks' and the mobile carriers' own domains, their customer
-- hotlines and the carriers' service numbers, as normal keys (a phone is
-- its E.164 digits, a domain covers every name under it). Three-digit
-- service numbers (113, 198…) cannot be reported at all.
INSERT INTO protected_indicators (kind, key, owner, seeded, created_by, created_at) VALUES
	('url', 'gov.vn', 'Cơ quan nhà nước (mọi tên miền .gov.vn)', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'vietcombank.com.vn', 'Vietcombank', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'bidv.com.vn', 'BIDV', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'vietinbank.vn', 'VietinBank', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'agribank.com.vn', 'Agribank', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'techcombank.com.vn', 'Techcombank', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'mbbank.com.vn', 'MB', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'acb.com.vn', 'ACB', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'viettel.vn', 'Viettel', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'vinaphone.com.vn', 'VinaPhone', TRUE, 'seed', CURRENT_TIMESTAMP),
	('url', 'mobifone.vn', 'MobiFone', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '8418008098', 'Viettel — tổng đài chăm sóc khách hàng', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '8418008168', 'Viettel — tổng đài chăm sóc khách hàng', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '8418001091', 'VinaPhone — tổng đài chăm sóc khách hàng', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '8418001090', 'MobiFone — tổng đài chăm sóc khách hàng', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '841900545413', 'Vietcombank — tổng đài', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '8419009247', 'BIDV — tổng đài', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '841900558868', 'VietinBank — tổng đài', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '841900558818', 'Agribank — tổng đài', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '841800588822', 'Techcombank — tổng đài', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '841900545426', 'MB — tổng đài', TRUE, 'seed', CURRENT_TIMESTAMP),
	('phone', '841900545486', 'ACB — tổng đài', TRUE, 'seed', CURRENT_TIMESTAMP);

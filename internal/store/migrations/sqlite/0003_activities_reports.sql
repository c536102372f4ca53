-- Tactics (thủ đoạn) the campaign warns about, activities units log, and
-- periodic reports with their figures frozen at submission.
CREATE TABLE tactics (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	pos INTEGER NOT NULL DEFAULT 0
);
INSERT INTO tactics (code, name, pos) VALUES
	('fraud', 'Lừa đảo chiếm đoạt tài sản', 1),
	('gambling', 'Tổ chức đánh bạc, đánh bạc trực tuyến', 2),
	('online-ads', 'Quảng cáo trực tuyến sai sự thật', 3),
	('pornography', 'Truyền bá, phát tán ấn phẩm đồi trụy, khiêu dâm', 4),
	('e-commerce', 'Lừa đảo qua thương mại điện tử', 5),
	('multi-level', 'Kinh doanh đa cấp trái phép', 6),
	('crypto', 'Tiền ảo, tiền điện tử', 7),
	('forex', 'Giao dịch ngoại hối, chứng khoán trái phép', 8),
	('weapons', 'Mua bán vũ khí, công cụ hỗ trợ, vật liệu nổ', 9);

CREATE TABLE activities (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	plan_id INTEGER REFERENCES plans(id),
	duty_id INTEGER REFERENCES plan_duties(id) ON DELETE SET NULL,
	date TEXT NOT NULL,
	date_to TEXT NOT NULL DEFAULT '',
	form TEXT NOT NULL,
	title TEXT NOT NULL,
	themes TEXT NOT NULL DEFAULT '[]',
	tactics TEXT NOT NULL DEFAULT '[]',
	audience TEXT NOT NULL DEFAULT '[]',
	links TEXT NOT NULL DEFAULT '[]',
	participants INTEGER NOT NULL DEFAULT 0,
	copies INTEGER NOT NULL DEFAULT 0,
	views INTEGER NOT NULL DEFAULT 0,
	messages INTEGER NOT NULL DEFAULT 0,
	note TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT 'form',
	created_at TIMESTAMP NOT NULL,
	created_by INTEGER,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX activities_unit_date ON activities (unit_id, date);

CREATE TABLE report_periods (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	cover_from TEXT NOT NULL,
	cover_to TEXT NOT NULL,
	due TEXT NOT NULL,
	internal_due TEXT NOT NULL DEFAULT '',
	ontime_until TEXT NOT NULL,
	requested_by INTEGER REFERENCES units(id),
	units TEXT NOT NULL DEFAULT '[]',
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE reports (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	period_id INTEGER NOT NULL REFERENCES report_periods(id),
	status TEXT NOT NULL DEFAULT 'draft',
	narrative TEXT NOT NULL DEFAULT '{}',
	snapshot TEXT NOT NULL DEFAULT '',
	comment TEXT NOT NULL DEFAULT '',
	signed_at TIMESTAMP,
	signed_by INTEGER,
	submitted_at TIMESTAMP,
	submitted_on TEXT NOT NULL DEFAULT '',
	decided_at TIMESTAMP,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	UNIQUE (unit_id, period_id)
);
CREATE INDEX reports_period ON reports (period_id, status);

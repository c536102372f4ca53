-- Subscribers (người đăng ký nhận cảnh báo): the contacts people gave to be
-- warned, with the basis, time, source and wording of their consent. A
-- person is one row, found again by phone or e-mail; opting out keeps the
-- row (so they are never messaged again) but clears nothing they did not
-- ask to clear. token is the secret in e-mail unsubscribe links.
CREATE TABLE subscribers (
	id INTEGER PRIMARY KEY,
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	zalo TEXT NOT NULL DEFAULT '',
	province TEXT NOT NULL DEFAULT '',
	groups TEXT NOT NULL DEFAULT '[]',
	consent_basis TEXT NOT NULL,
	consent_text TEXT NOT NULL,
	consent_at TIMESTAMP NOT NULL,
	source TEXT NOT NULL,
	token TEXT NOT NULL UNIQUE,
	opted_out_at TIMESTAMP,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX subscribers_phone ON subscribers (phone) WHERE phone <> '';
CREATE UNIQUE INDEX subscribers_email ON subscribers (email) WHERE email <> '';

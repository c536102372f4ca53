-- Each second-factor code is accepted once: the TOTP time step of the last
-- code accepted, shared by every instance through the database.
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- Failed checks are counted per (username, address) pair; those made from
-- a signed-in session (changing the password, turning TOTP off) are kept
-- out of the address-wide count, which is about names sprayed at sign-in.
ALTER TABLE login_attempts ADD COLUMN in_session BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX login_attempts_pair ON login_attempts (username, ip, id);

-- Each second-factor code is accepted once: the TOTP time step of the last
-- code accepted, shared by every instance through the database.
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- Failed sign-ins are counted per (username, address) pair.
CREATE INDEX login_attempts_pair ON login_attempts (username, ip, id);

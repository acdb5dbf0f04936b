-- Accounts: sign-in attempts counted in the database, passwords that must be changed, tokens people can list and
-- revoke, and the audit entries leaders read about the roles that see reporters' identities.

-- Sign-in attempts of one attempt key (user name and client address) in the current window: counted with one
-- INSERT … ON CONFLICT DO UPDATE before the password is checked, so every node and a restart see the same count.
-- A successful sign-in removes its row; rows older than the window are swept now and then.
CREATE TABLE login_failures (
  attempt_key   text PRIMARY KEY,
  count         integer NOT NULL,
  window_start  timestamptz NOT NULL,
  last_at       timestamptz NOT NULL
);
CREATE INDEX login_failures_last_at ON login_failures (last_at);

-- Set by a password reset (and by a bootstrap admin password that is generated or fails the policy): until the user
-- chooses a new password, their sessions may do nothing else.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;

-- A token gets an id people can name (the hash stays the key the API looks up), and the time it was last used.
ALTER TABLE auth_tokens ADD COLUMN id bigserial;
ALTER TABLE auth_tokens ADD CONSTRAINT auth_tokens_id_key UNIQUE (id);
ALTER TABLE auth_tokens ADD COLUMN last_used_at timestamptz;

-- What leaders read (GET /api/users/sensitive-changes): grants and withdrawals of leader and supervisor, and changes to
-- the accounts holding them.
CREATE INDEX audit_log_sensitive_users ON audit_log (id DESC)
  WHERE action LIKE 'user.%' AND detail @> '{"sensitive": true}';

-- The public web form (channel web) and its status page: the abuse counters, the secret that signs form keys, and each
-- web case's query code, kept only as a hash.

-- Counted attempts in fixed windows: submissions per client address an hour and a day, all submissions a day, status
-- look-ups per address an hour, failed look-ups of one case number a day, honeypot hits a day. One row a window; every
-- node and a restart count on the same rows (INSERT ... ON CONFLICT DO UPDATE ... RETURNING, atomic per row).
CREATE TABLE web_form_counters (
  scope         text NOT NULL,
  subject       text NOT NULL,
  window_start  timestamptz NOT NULL,
  count         int NOT NULL,
  PRIMARY KEY (scope, subject, window_start)
);
CREATE INDEX web_form_counters_window ON web_form_counters (window_start);

-- Signs the idempotency key of each rendered form (and derives its query code): one for all nodes, made on first use
-- unless configured (public-form.secret).
CREATE TABLE web_form_secret (
  id          int PRIMARY KEY CHECK (id = 1),
  secret      bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The query code a web case's filer looks it up with: a salted PBKDF2 hash, never the code.
CREATE TABLE case_query_codes (
  case_id     bigint PRIMARY KEY REFERENCES cases (id),
  code_hash   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

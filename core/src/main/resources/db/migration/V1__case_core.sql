-- Hotline case core: directory, users, cases with their append-only timeline, dispatches, audit, access requests.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE units (
  id          bigserial PRIMARY KEY,
  code        text UNIQUE,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('provincial_centre', 'city_bureau', 'department', 'county_bureau',
                                            'monitoring_centre', 'supervision_office', 'leadership', 'other')),
  parent_id   bigint REFERENCES units (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- First responsible person(s) of a unit: who receives dispatch forms.
CREATE TABLE unit_contacts (
  id                 bigserial PRIMARY KEY,
  unit_id            bigint NOT NULL REFERENCES units (id),
  name               text NOT NULL,
  title              text,
  phone              text,
  phone_normalized   text,
  email              text,
  fax                text,
  fax_normalized     text,
  first_responsible  boolean NOT NULL DEFAULT true,
  active             boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unit_contacts_unit ON unit_contacts (unit_id);

CREATE TABLE users (
  id             bigserial PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  display_name   text NOT NULL,
  password_hash  text NOT NULL,
  roles          text[] NOT NULL,
  unit_id        bigint REFERENCES units (id),
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- Browser sessions and API tokens; only a SHA-256 of the token is stored.
CREATE TABLE auth_tokens (
  token_hash  bytea PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id),
  kind        text NOT NULL CHECK (kind IN ('session', 'api')),
  name        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX auth_tokens_user ON auth_tokens (user_id);

CREATE TABLE customers (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL,
  party_type  text NOT NULL CHECK (party_type IN ('enterprise', 'retailer', 'consumer', 'employee')),
  licence_no  text,
  email       text,
  address     text,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_licence ON customers (licence_no);

CREATE TABLE customer_phones (
  customer_id  bigint NOT NULL REFERENCES customers (id),
  raw          text NOT NULL,
  normalized   text NOT NULL,
  PRIMARY KEY (customer_id, normalized)
);
CREATE INDEX customer_phones_normalized ON customer_phones (normalized);


CREATE TABLE cases (
  id                    bigserial PRIMARY KEY,
  number                text NOT NULL UNIQUE,
  kind                  text NOT NULL CHECK (kind IN ('complaint', 'inquiry', 'suggestion', 'report')),
  channel               text NOT NULL CHECK (channel IN ('phone', 'fax', 'web', 'letter', 'walk_in', 'email', 'provincial')),
  party_type            text CHECK (party_type IN ('enterprise', 'retailer', 'consumer', 'employee')),
  status                text NOT NULL,
  subject               text,
  content               text NOT NULL,
  contact_name          text,
  contact_phones        text[] NOT NULL DEFAULT '{}',
  contact_email         text,
  contact_address       text,
  anonymous             boolean NOT NULL DEFAULT false,
  respondent_person     text,
  respondent_unit_id    bigint REFERENCES units (id),
  respondent_unit_name  text,
  customer_id           bigint REFERENCES customers (id),
  received_at           timestamptz NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  owner_id              bigint NOT NULL REFERENCES users (id),
  instruction           text,
  round                 int NOT NULL DEFAULT 0,
  current_dispatch_id   bigint,
  reopen_reason         text,
  satisfaction          text,
  closed_at             timestamptz
);
CREATE INDEX cases_status ON cases (status);
CREATE INDEX cases_kind_received ON cases (kind, received_at DESC);
CREATE INDEX cases_received ON cases (received_at DESC, id DESC);
CREATE INDEX cases_owner ON cases (owner_id);
CREATE INDEX cases_customer ON cases (customer_id);
CREATE INDEX cases_text_trgm ON cases USING gin ((coalesce(subject, '') || ' ' || content) gin_trgm_ops);

-- The timeline: every step of a case, appended, never changed.
CREATE TABLE case_events (
  id           bigserial PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases (id),
  at           timestamptz NOT NULL,
  actor_id     bigint REFERENCES users (id),
  actor_name   text NOT NULL,
  action       text NOT NULL,
  channel      text,
  from_status  text,
  to_status    text,
  note         text,
  detail       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE dispatches (
  id              bigserial PRIMARY KEY,
  case_id         bigint NOT NULL REFERENCES cases (id),
  round           int NOT NULL CHECK (round BETWEEN 1 AND 3),
  unit_id         bigint NOT NULL REFERENCES units (id),
  contact_id      bigint REFERENCES unit_contacts (id),
  method          text NOT NULL CHECK (method IN ('email', 'fax', 'hand')),
  reason          text,
  supervised_by   text,
  dispatched_at   timestamptz NOT NULL,
  dispatched_by   bigint REFERENCES users (id),
  working_days    int NOT NULL,
  due_at          timestamptz NOT NULL,
  provisional     boolean NOT NULL DEFAULT false,
  received_at     timestamptz,
  receipt_method  text,
  feedback_at     timestamptz,
  feedback        text,
  overdue         boolean NOT NULL DEFAULT false,
  overdue_at      timestamptz,
  status          text NOT NULL CHECK (status IN ('open', 'handled', 'superseded')),
  UNIQUE (case_id, round)
);
CREATE INDEX dispatches_open_due ON dispatches (due_at) WHERE status = 'open' AND NOT overdue;
CREATE INDEX dispatches_unit ON dispatches (unit_id, status);
ALTER TABLE cases ADD CONSTRAINT cases_current_dispatch FOREIGN KEY (current_dispatch_id) REFERENCES dispatches (id);

CREATE TABLE attachments (
  id            bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases (id),
  name          text NOT NULL,
  content_type  text NOT NULL,
  size          bigint NOT NULL,
  sha256        bytea NOT NULL,
  data          bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    bigint REFERENCES users (id)
);
CREATE INDEX attachments_case ON attachments (case_id);

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    bigint REFERENCES users (id),
  actor_name  text NOT NULL,
  action      text NOT NULL,
  case_id     bigint REFERENCES cases (id),
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_case ON audit_log (case_id);
CREATE INDEX audit_log_at ON audit_log (at DESC);

-- Records are not lent out without approval: export and outside-view requests.
CREATE TABLE access_requests (
  id             bigserial PRIMARY KEY,
  case_id        bigint NOT NULL REFERENCES cases (id),
  requester_id   bigint NOT NULL REFERENCES users (id),
  purpose        text NOT NULL CHECK (purpose IN ('export', 'outside_view')),
  reason         text NOT NULL,
  status         text NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  decided_by     bigint REFERENCES users (id),
  decided_at     timestamptz,
  decision_note  text,
  expires_at     timestamptz
);
CREATE INDEX access_requests_case ON access_requests (case_id, requester_id);

-- Nothing on the timeline or in the audit log is ever changed or deleted.
CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Case numbers people can read over the phone: 2026-000123, counting per year of intake. One sequence a year,
-- made on first use; a number taken by an intake that then failed is skipped, never reused.
CREATE FUNCTION next_case_number(y int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  seq text := 'case_number_' || y;
  v bigint;
BEGIN
  BEGIN
    v := nextval(seq::regclass);
  EXCEPTION WHEN undefined_table THEN
    BEGIN
      EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
    EXCEPTION WHEN unique_violation OR duplicate_table THEN
      NULL;
    END;
    v := nextval(seq::regclass);
  END;
  RETURN y || '-' || CASE WHEN v < 1000000 THEN lpad(v::text, 6, '0') ELSE v::text END;
END;
$$;

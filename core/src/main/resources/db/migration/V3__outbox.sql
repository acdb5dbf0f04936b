-- What the centre sends out (dispatch forms by mail or fax, acknowledgements), written first and sent second:
-- a dispatch writes its row in the dispatch's own transaction, a gateway's worker claims due rows with
-- FOR UPDATE SKIP LOCKED, sends, and records every attempt. Rows are never deleted.
CREATE TABLE outbox (
  id               bigserial PRIMARY KEY,
  channel          text NOT NULL CHECK (channel IN ('email', 'fax')),
  kind             text NOT NULL CHECK (kind IN ('dispatch', 'acknowledgement')),
  -- One row per thing to send: 'dispatch:<id>', 'ack:<source reference>'; a second enqueue of the same key is a no-op.
  dedupe_key       text NOT NULL UNIQUE,
  case_id          bigint REFERENCES cases (id),
  dispatch_id      bigint REFERENCES dispatches (id),
  recipient        text NOT NULL,
  recipient_name   text,
  payload          jsonb NOT NULL DEFAULT '{}',
  status           text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts         int NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  claimed_at       timestamptz,
  sent_at          timestamptz,
  -- The Message-ID a mail went out with (fixed before the first attempt, so a resend after a crash carries the
  -- same one), or the fax job's reference.
  external_id      text,
  last_error       text,
  created_at       timestamptz NOT NULL
);
CREATE INDEX outbox_due ON outbox (channel, next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_sending ON outbox (channel, claimed_at) WHERE status = 'sending';
CREATE INDEX outbox_case ON outbox (case_id);
CREATE INDEX outbox_dispatch ON outbox (dispatch_id);

CREATE TABLE outbox_attempts (
  id         bigserial PRIMARY KEY,
  outbox_id  bigint NOT NULL REFERENCES outbox (id),
  at         timestamptz NOT NULL,
  ok         boolean NOT NULL,
  detail     text
);
CREATE INDEX outbox_attempts_outbox ON outbox_attempts (outbox_id, id);
CREATE TRIGGER outbox_attempts_append_only BEFORE UPDATE OR DELETE ON outbox_attempts
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- A dispatch's receipt token: carried by the dispatch mail (in its Message-ID and text), so that an MDN or a
-- reply finds its dispatch. Delivery is what the gateway reports: the mail accepted by SMTP, the fax sent.
ALTER TABLE dispatches ADD COLUMN receipt_token text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');
CREATE UNIQUE INDEX dispatches_receipt_token ON dispatches (receipt_token);
ALTER TABLE dispatches ADD COLUMN delivered_at timestamptz;
ALTER TABLE dispatches ADD COLUMN delivery jsonb;
CREATE INDEX customers_email ON customers (lower(email));

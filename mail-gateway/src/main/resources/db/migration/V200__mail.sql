-- The mail gateway's own tables. The cases, receipts and the outbox are the core's; this is only where the
-- gateway keeps its place in the mailbox and what it did with each message.

-- Per folder: the highest UID done, valid while the folder's UIDVALIDITY stays the same.
CREATE TABLE mail_cursors (
  folder        text PRIMARY KEY,
  uid_validity  bigint NOT NULL,
  last_uid      bigint NOT NULL,
  updated_at    timestamptz NOT NULL
);

-- What became of every message read: never a silent drop. No sender or subject here: a reporter's address is
-- their identity; the case (behind its access rules) or the mailbox holds them.
CREATE TABLE mail_inbound (
  id            bigserial PRIMARY KEY,
  message_key   text NOT NULL,
  folder        text NOT NULL,
  uid           bigint,
  outcome       text NOT NULL CHECK (outcome IN ('case', 'duplicate', 'receipt', 'feedback', 'bounce', 'fax', 'ignored',
                                               'quarantined')),
  case_id       bigint REFERENCES cases (id),
  dispatch_id   bigint REFERENCES dispatches (id),
  note          text,
  at            timestamptz NOT NULL
);
CREATE INDEX mail_inbound_key ON mail_inbound (message_key);
CREATE INDEX mail_inbound_at ON mail_inbound (at DESC);

-- One queue for everything the centre sends out or dials: the outbox also holds the automated callbacks (channel
-- phone): satisfaction calls to customers, receipt calls to units' responsible persons. A row's attempt log says
-- which attempt each line belongs to, and what came of it in the sender's words (a call's busy, answered, key 2).
ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check CHECK (channel IN ('email', 'fax', 'phone'));
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
  CHECK (kind IN ('dispatch', 'acknowledgement', 'satisfaction_call', 'receipt_call'));
ALTER TABLE outbox_attempts ADD COLUMN attempt int;
ALTER TABLE outbox_attempts ADD COLUMN outcome text;
ALTER TABLE outbox_attempts ADD COLUMN data jsonb;
-- The attempt numbers of the lines already there (the log is append-only; this migration numbers it once).
ALTER TABLE outbox_attempts DISABLE TRIGGER outbox_attempts_append_only;
UPDATE outbox_attempts a SET attempt = n.rank
  FROM (SELECT id, row_number() OVER (PARTITION BY outbox_id ORDER BY id) AS rank FROM outbox_attempts) n WHERE n.id = a.id;
ALTER TABLE outbox_attempts ENABLE TRIGGER outbox_attempts_append_only;

-- The supervision office's boards and reminders.
-- A reminder (督办提醒) to a unit's first responsible person goes out through the outbox like a dispatch form.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
  CHECK (kind IN ('dispatch', 'acknowledgement', 'satisfaction_call', 'receipt_call', 'reminder'));
-- Every open dispatch by deadline (the existing partial index leaves out the overdue ones, which the board lists).
CREATE INDEX dispatches_open_by_due ON dispatches (due_at) WHERE status = 'open';
-- Open dispatches still awaiting their receipt, oldest first.
CREATE INDEX dispatches_open_unreceived ON dispatches (dispatched_at) WHERE status = 'open' AND received_at IS NULL;
-- The extensions of a case, latest first.
CREATE INDEX case_events_extend ON case_events (case_id, id) WHERE action = 'extend';

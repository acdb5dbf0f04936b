-- Missed calls (an inbound call nobody at the hotline took: abandoned in the queue, not answered, busy, failed) are
-- worked off the caller log: someone calls back, or decides nothing is needed, and marks the call handled. When and
-- by whom; a call once handled stays so (marking it again changes nothing).
ALTER TABLE calls ADD COLUMN handled_at timestamptz;
ALTER TABLE calls ADD COLUMN handled_by bigint REFERENCES users (id);
ALTER TABLE calls ADD CONSTRAINT calls_handled_whole CHECK ((handled_at IS NULL) = (handled_by IS NULL));
-- The work list: missed calls not handled yet, newest first (the log's default view for an agent, and its count). The
-- condition is CallLog.MISSED's, word for word, so that the planner can use it.
CREATE INDEX calls_missed_open ON calls (started_at DESC)
  WHERE direction = 'inbound' AND ended_at IS NOT NULL AND disposition IN ('abandoned', 'no_answer', 'busy', 'failed')
    AND handled_at IS NULL;

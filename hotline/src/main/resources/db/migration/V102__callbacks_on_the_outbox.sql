-- The automated callbacks move onto the core's one queue (V4__outbox_serves_calls): every job becomes an outbox row
-- of channel phone, its attempts lines of that row's attempt log, and the callback tables go. A job counted its
-- attempts when it was claimed, the queue when an attempt is settled: a job being dialled has one less here.
INSERT INTO outbox (channel, kind, dedupe_key, case_id, dispatch_id, recipient, payload, status, attempts,
    next_attempt_at, claimed_at, sent_at, last_error, created_at)
  SELECT 'phone', j.kind || '_call', 'callback:' || j.id, j.case_id, j.dispatch_id, j.number,
      jsonb_build_object('maxAttempts', j.max_attempts, 'requestedBy', j.requested_by, 'callbackJob', j.id),
      CASE j.status WHEN 'dialing' THEN 'sending' WHEN 'done' THEN 'sent' WHEN 'cancelled' THEN 'failed' ELSE j.status END,
      CASE WHEN j.status = 'dialing' THEN greatest(j.attempts - 1, 0) ELSE j.attempts END,
      j.next_attempt_at, CASE WHEN j.status = 'dialing' THEN j.updated_at END,
      CASE WHEN j.status = 'done' THEN j.updated_at END,
      CASE WHEN j.status <> 'done' THEN j.result END, j.created_at
  FROM callback_jobs j ORDER BY j.id;
INSERT INTO outbox_attempts (outbox_id, at, ok, detail, attempt, outcome, data)
  SELECT o.id, a.at, a.outcome = 'answered' OR a.outcome LIKE 'key %', NULL, a.attempt, a.outcome, a.detail
  FROM callback_attempts a JOIN outbox o ON o.dedupe_key = 'callback:' || a.job_id ORDER BY a.id;
DROP TABLE callback_attempts;
DROP TABLE callback_jobs;

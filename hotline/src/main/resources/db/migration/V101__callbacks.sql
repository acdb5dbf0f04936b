-- Outbound callbacks: satisfaction follow-ups to customers, receipt confirmations to units' responsible persons.
CREATE TABLE callback_jobs (
  id               bigserial PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('satisfaction', 'receipt')),
  case_id          bigint NOT NULL REFERENCES cases (id),
  dispatch_id      bigint REFERENCES dispatches (id),
  number           text NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'dialing', 'done', 'failed', 'cancelled')),
  attempts         int NOT NULL DEFAULT 0,
  max_attempts     int NOT NULL,
  next_attempt_at  timestamptz NOT NULL,
  result           text,
  requested_by     bigint NOT NULL REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX callback_jobs_due ON callback_jobs (next_attempt_at) WHERE status = 'pending';
CREATE INDEX callback_jobs_case ON callback_jobs (case_id);

-- Every attempt, whatever came of it.
CREATE TABLE callback_attempts (
  id       bigserial PRIMARY KEY,
  job_id   bigint NOT NULL REFERENCES callback_jobs (id),
  attempt  int NOT NULL,
  at       timestamptz NOT NULL,
  outcome  text NOT NULL,
  detail   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX callback_attempts_job ON callback_attempts (job_id, id);

-- A source reference (a mail's Message-ID, a fax file, a client's idempotency key) is the filing account's own:
-- another client's key must not answer that client's case. Who filed a case is kept with it (the owner changes when an
-- agent takes a gateway's case; the filer does not).
ALTER TABLE cases ADD COLUMN filed_by bigint REFERENCES users (id);
UPDATE cases c SET filed_by = e.actor_id FROM case_events e
  WHERE e.case_id = c.id AND e.action = 'intake' AND e.actor_id IS NOT NULL;
UPDATE cases SET filed_by = owner_id WHERE filed_by IS NULL;
ALTER TABLE cases ALTER COLUMN filed_by SET NOT NULL;
DROP INDEX cases_source_ref;
CREATE UNIQUE INDEX cases_source_ref ON cases (filed_by, source_ref) WHERE source_ref IS NOT NULL;

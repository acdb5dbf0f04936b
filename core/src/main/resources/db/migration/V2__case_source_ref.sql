-- Where a case came from, for idempotent intake: a mail's Message-ID, a fax file, a web form's idempotency key.
-- The same reference never makes a second case.
ALTER TABLE cases ADD COLUMN source_ref text;
CREATE UNIQUE INDEX cases_source_ref ON cases (source_ref) WHERE source_ref IS NOT NULL;

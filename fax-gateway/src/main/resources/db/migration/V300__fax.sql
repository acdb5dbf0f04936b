-- The fax gateway's own log: what became of every fax document it picked up (from the spool, an AMI event, or a
-- fax-to-mail message). The case, the outbox and the dispatches are the core's.
CREATE TABLE fax_inbound (
  id          bigserial PRIMARY KEY,
  source_ref  text NOT NULL,
  origin      text NOT NULL CHECK (origin IN ('event', 'spool', 'mail')),
  outcome     text NOT NULL CHECK (outcome IN ('case', 'duplicate', 'failed')),
  case_id     bigint REFERENCES cases (id),
  pages       int,
  note        text,
  at          timestamptz NOT NULL
);
CREATE INDEX fax_inbound_ref ON fax_inbound (source_ref);

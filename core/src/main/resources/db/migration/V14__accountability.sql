-- Quarterly accountability (季度绩效考核 / 责任追究): the supervision office's findings against dispatches, and the
-- published scores of a quarter a leader closed, one version per close or recompute.

-- A finding (处理不当 / 弄虚作假 / 无故拖延) against one dispatch (round) of a case, with its note, who and when. Never
-- deleted: a withdrawal (with its reason) is written once into the row, and both are entries of the case's timeline.
CREATE TABLE findings (
  id                 bigserial PRIMARY KEY,
  dispatch_id        bigint NOT NULL REFERENCES dispatches (id),
  case_id            bigint NOT NULL REFERENCES cases (id),
  unit_id            bigint NOT NULL REFERENCES units (id),
  round              int NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('improper_handling', 'falsification', 'delay_without_cause')),
  note               text NOT NULL,
  recorded_at        timestamptz NOT NULL,
  recorded_by        bigint REFERENCES users (id),
  recorded_by_name   text NOT NULL,
  withdrawn_at       timestamptz,
  withdrawn_by       bigint REFERENCES users (id),
  withdrawn_by_name  text,
  withdrawal_reason  text,
  CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL))
);
CREATE INDEX findings_case ON findings (case_id, id);
CREATE INDEX findings_dispatch ON findings (dispatch_id);

-- Only a withdrawal may be written into a finding, once; nothing else in it changes, and no row is deleted.
CREATE FUNCTION findings_withdraw_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL
     OR (NEW.id, NEW.dispatch_id, NEW.case_id, NEW.unit_id, NEW.round, NEW.kind, NEW.note, NEW.recorded_at,
         NEW.recorded_by, NEW.recorded_by_name)
        IS DISTINCT FROM (OLD.id, OLD.dispatch_id, OLD.case_id, OLD.unit_id, OLD.round, OLD.kind, OLD.note,
         OLD.recorded_at, OLD.recorded_by, OLD.recorded_by_name) THEN
    RAISE EXCEPTION 'a finding is only ever withdrawn, once';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER findings_withdraw_only BEFORE UPDATE ON findings FOR EACH ROW EXECUTE FUNCTION findings_withdraw_only();
CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- A closed quarter: version 1 by the close, each recompute (with its reason) the next. Append-only.
CREATE TABLE accountability_versions (
  quarter      text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
  version      int NOT NULL CHECK (version >= 1),
  as_of        timestamptz NOT NULL,
  created_by   bigint REFERENCES users (id),
  created_by_name text NOT NULL,
  reason       text,
  model        jsonb NOT NULL,
  PRIMARY KEY (quarter, version)
);
-- Each unit's published score in a version: its figures and deductions (summary), and the cases behind each deduction.
CREATE TABLE accountability_scores (
  quarter   text NOT NULL,
  version   int NOT NULL,
  unit_id   bigint NOT NULL REFERENCES units (id),
  rank      int NOT NULL,
  score     numeric(6, 2) NOT NULL,
  summary   jsonb NOT NULL,
  cases     jsonb NOT NULL,
  PRIMARY KEY (quarter, version, unit_id),
  FOREIGN KEY (quarter, version) REFERENCES accountability_versions (quarter, version)
);
CREATE TRIGGER accountability_versions_append_only BEFORE UPDATE OR DELETE ON accountability_versions
  FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER accountability_scores_append_only BEFORE UPDATE OR DELETE ON accountability_scores
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- A quarter's dispatches by when they were sent, fell due and were handled; its follow-ups by when they were recorded.
CREATE INDEX IF NOT EXISTS dispatches_dispatched_at ON dispatches (dispatched_at);
CREATE INDEX IF NOT EXISTS dispatches_due_at ON dispatches (due_at);
CREATE INDEX IF NOT EXISTS dispatches_feedback_at ON dispatches (feedback_at) WHERE feedback_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS case_events_follow_up_at ON case_events (at) WHERE action = 'follow_up';

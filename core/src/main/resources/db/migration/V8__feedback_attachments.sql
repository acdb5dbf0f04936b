-- A file a unit sends with its feedback belongs to that dispatch (round): the case page shows it with the feedback.
-- Files filed at intake have none.
ALTER TABLE attachments ADD COLUMN dispatch_id bigint REFERENCES dispatches (id);
CREATE INDEX attachments_dispatch ON attachments (dispatch_id) WHERE dispatch_id IS NOT NULL;

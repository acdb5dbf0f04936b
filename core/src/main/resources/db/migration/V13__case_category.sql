-- The subject category an agent picks at intake (主题分类), one of the configured list (cases.categories in
-- config/hotline.yaml), by its key. Optional: cases filed before there was a list, and by gateways, have none. The
-- bulletin counts cases by it within a range of received_at (cases_received serves that range).
ALTER TABLE cases ADD COLUMN category text;

-- The bulletin's follow-ups of a range (satisfaction results recorded then): without it, a scan of the whole timeline.
-- Partial: intake and every other step write no entry into it.
CREATE INDEX IF NOT EXISTS case_events_follow_up ON case_events (at) WHERE action = 'follow_up';

-- The bulletin's extensions of a range (extend entries by when): without it, every extension ever, then filtered.
CREATE INDEX IF NOT EXISTS case_events_extend_at ON case_events (at) WHERE action = 'extend';

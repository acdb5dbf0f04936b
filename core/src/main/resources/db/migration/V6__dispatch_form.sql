-- The record form a dispatch sends, as it was when dispatched: taken in the dispatch's own transaction (the case as
-- the receiving unit may see it, a report's reporter masked; the form's values by their layout keys), and what the
-- mail or fax is made from however late it goes out. A form held in the outbox (a mail server down) so never shows the
-- unit's own receipt, extension or feedback. NULL for dispatches made before: they are sent as the case is then.
ALTER TABLE dispatches ADD COLUMN form jsonb;

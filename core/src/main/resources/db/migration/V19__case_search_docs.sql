-- Chinese search over cases, second form (issue 14): the generated columns of V16 made PostgreSQL compute a case's
-- character pairs in SQL on every intake (about 0.75 ms a case: more than the intake itself), and the exact check
-- normalised every candidate's text again at query time. Now the service writes, with the case, its search documents
-- (hotline.cases.CaseSearchDocs: the normalised texts and their pairs, made in Java), and a search checks each term
-- with strpos on the stored documents. Columns, all made by the service:
--   search_doc             number | subject | content | person and unit complained about, normalised;
--   search_title           the subject, normalised (hits there rank first);
--   search_identity        who wrote in: name | phones (each also in its national form) | e-mail | address, normalised;
--                          a report's is matched only for a caller who may see its reporter;
--   search_*_grams         their distinct pairs of adjacent letters or digits, GIN-indexed.
-- A case without its documents (search_doc NULL: rows of before this migration, a case a SQL writer changed) is found
-- by the search through the SQL functions of V15/V16 until the service's indexer (CaseSearchIndexer) writes them.

ALTER TABLE cases
  DROP COLUMN search_text_grams,
  DROP COLUMN search_title_grams,
  DROP COLUMN search_identity_grams,
  ADD COLUMN search_doc text,
  ADD COLUMN search_title text,
  ADD COLUMN search_identity text,
  ADD COLUMN search_text_grams text[],
  ADD COLUMN search_title_grams text[],
  ADD COLUMN search_identity_grams text[];

CREATE INDEX cases_search_text ON cases USING gin (search_text_grams);
CREATE INDEX cases_search_title ON cases USING gin (search_title_grams);
CREATE INDEX cases_search_identity ON cases USING gin (search_identity_grams);
-- The cases still to be indexed: the indexer's queue, and the search's way to them (one arm of a bitmap OR).
CREATE INDEX cases_search_pending ON cases (id) WHERE search_doc IS NULL;

-- The search picks each term's rarest pair from these statistics; 1000 keeps about 10,000 pairs' frequencies.
ALTER TABLE cases ALTER COLUMN search_text_grams SET STATISTICS 1000;
ALTER TABLE cases ALTER COLUMN search_title_grams SET STATISTICS 1000;

-- A change of a searched field that does not bring new documents with it makes them stale: they are cleared, and the
-- case is searched as pending until the indexer writes them again.
CREATE FUNCTION cases_search_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_doc := NULL;
  NEW.search_title := NULL;
  NEW.search_identity := NULL;
  NEW.search_text_grams := NULL;
  NEW.search_title_grams := NULL;
  NEW.search_identity_grams := NULL;
  RETURN NEW;
END;
$$;

CREATE TRIGGER cases_search_stale BEFORE UPDATE OF number, subject, content, contact_name, contact_phones, contact_email,
    contact_address, respondent_person, respondent_unit_name ON cases
  FOR EACH ROW WHEN (NEW.search_doc IS NOT DISTINCT FROM OLD.search_doc) EXECUTE FUNCTION cases_search_stale();

-- Chinese search over cases (issue 14): the character pairs of a case's searchable text, kept by PostgreSQL itself in
-- STORED generated columns (search_grams of V15) and indexed with GIN, in place of the trigram index, which cannot
-- serve two-character words (卷烟, 货源, 专卖). Three columns, because they are searched under different rules:
--   search_text_grams      what anyone who may list the case may find it by: number, subject, content, the person and
--                          the unit complained about;
--   search_title_grams     the subject alone: hits there rank first;
--   search_identity_grams  who wrote in (name, phones, e-mail, address): a report's are matched only for a caller who
--                          may see its reporter (the rule of CaseSql.LIST).
-- The fields are joined with ' | ', which search_norm never joins digits across and search_grams makes no pair across,
-- so a term is found in the joined text exactly when it is found in one of the fields.

-- search_grams of V15, the same pairs made in one pass: V15 took each pair by subscript (a[i], a[i + 1]), and a
-- subscript of a text[] walks the array from its start, which made a long text's pairs cost its length squared.
CREATE OR REPLACE FUNCTION search_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT u.x || u.y), '{}')
  FROM (SELECT string_to_array(regexp_replace(search_norm(t), '[[:space:][:punct:]]+', ' ', 'g'), NULL) AS a OFFSET 0) s,
    unnest(s.a[1:cardinality(s.a) - 1], s.a[2:cardinality(s.a)]) AS u(x, y)
  WHERE u.x <> ' ' AND u.y <> ' '
$$;

-- The non-identity text of a case, as it is indexed and as the search checks it.
CREATE OR REPLACE FUNCTION case_search_text(number text, subject text, content text, respondent_person text,
    respondent_unit_name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(number, '') || ' | ' || coalesce(subject, '') || ' | ' || coalesce(content, '') || ' | '
    || coalesce(respondent_person, '') || ' | ' || coalesce(respondent_unit_name, '')
$$;

-- Phone numbers as written, each followed by its national form (+86 138 0013 8000 → 13800138000, +86 755 8888 1234
-- → 075588881234), so that a number is found however the case and the query write it.
CREATE OR REPLACE FUNCTION search_phone_forms(phones text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(p || ' | ' || regexp_replace(regexp_replace(search_norm(p),
      '^(\+|00)?86(1[0-9]{10})$', '\2'), '^(\+|00)86([2-9][0-9]{8,10})$', '0\2'), ' | '), '')
  FROM unnest(phones) p
$$;

-- The identity text of a case: name, phones, e-mail, address.
CREATE OR REPLACE FUNCTION case_identity_text(contact_name text, contact_phones text[], contact_email text,
    contact_address text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(contact_name, '') || ' | ' || coalesce(search_phone_forms(contact_phones), '') || ' | '
    || coalesce(contact_email, '') || ' | ' || coalesce(contact_address, '')
$$;

SET LOCAL maintenance_work_mem = '256MB';

-- One rewrite of the table for the three columns.
ALTER TABLE cases
  ADD COLUMN search_text_grams text[] GENERATED ALWAYS AS
    (search_grams(case_search_text(number, subject, content, respondent_person, respondent_unit_name))) STORED,
  ADD COLUMN search_title_grams text[] GENERATED ALWAYS AS (search_grams(coalesce(subject, ''))) STORED,
  ADD COLUMN search_identity_grams text[] GENERATED ALWAYS AS
    (search_grams(case_identity_text(contact_name, contact_phones, contact_email, contact_address))) STORED;

CREATE INDEX cases_search_text ON cases USING gin (search_text_grams);
CREATE INDEX cases_search_title ON cases USING gin (search_title_grams);
CREATE INDEX cases_search_identity ON cases USING gin (search_identity_grams);

-- The trigram index served only the ILIKE search this replaces.
DROP INDEX IF EXISTS cases_text_trgm;

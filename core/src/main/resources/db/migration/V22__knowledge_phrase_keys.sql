-- Articles and phrases indexed by the keys cases are (TextSearch.keys, V19): the character pairs of search_grams and
-- every 4-digit piece of a run of digits. A pair of digits is one of only a hundred, which nearly every article holds
-- (dates, time limits, numbers): a licence or phone number looked up by its pairs intersects posting lists of most of
-- the table. Looked up by its 4-digit pieces, one of ten thousand, it reads few (KnowledgeSearchBenchmark, 100,000
-- articles: p50 / p95 / p99 18 / 93 / 105 ms by pairs, 4 / 66 / 80 by pieces). A search looks a term up by its pairs
-- and pieces (TextSearch.lookupKeys) and checks it with strpos on the normalised text.
CREATE FUNCTION search_keys(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT search_grams(t) || coalesce((SELECT array_agg(DISTINCT substr(r[1], i, 4))
    FROM regexp_matches(search_norm(t), '[0-9]{4,}', 'g') r, generate_series(1, length(r[1]) - 3) i), '{}')
$$;

ALTER TABLE knowledge_articles
  DROP COLUMN title_grams,
  DROP COLUMN doc_grams,
  ADD COLUMN title_keys text[] GENERATED ALWAYS AS (search_keys(title)) STORED,
  ADD COLUMN doc_keys text[] GENERATED ALWAYS AS (search_keys(title || ' ' || body_text)) STORED;
CREATE INDEX knowledge_articles_title_keys ON knowledge_articles USING gin (title_keys);
CREATE INDEX knowledge_articles_doc_keys ON knowledge_articles USING gin (doc_keys);

ALTER TABLE phrases
  DROP COLUMN search_grams,
  ADD COLUMN search_text_keys text[] GENERATED ALWAYS AS (search_keys(title || ' ' || text)) STORED;
CREATE INDEX phrases_keys ON phrases USING gin (search_text_keys);

-- The new columns' statistics now, not at the next autovacuum: without them the planner takes any key for common and
-- walks the newest articles for a word that no article holds (1 s on 100,000 articles).
ANALYZE knowledge_articles;
ANALYZE phrases;

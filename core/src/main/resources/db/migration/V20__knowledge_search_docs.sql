-- The knowledge base's texts kept normalised (search_norm of V15) beside their pairs, so that a search checks a term
-- with strpos on them (TextSearch.matches) instead of normalising a long body again for every candidate article.
-- Articles change seldom: PostgreSQL computes these as it computes the pairs.
ALTER TABLE knowledge_articles
  ADD COLUMN title_norm text GENERATED ALWAYS AS (search_norm(title)) STORED,
  ADD COLUMN doc_norm text GENERATED ALWAYS AS (search_norm(title || ' ' || body_text)) STORED;

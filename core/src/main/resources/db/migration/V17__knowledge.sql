-- The knowledge base (知识库): articles with their rich text (sanitised on the server) and its plain text beside it for
-- search and snippets, every save and every status change a version row, the articles a case used, and the expiry
-- reminders sent (one per article and expiry date).
CREATE TABLE knowledge_articles (
  id              bigserial PRIMARY KEY,
  title           text NOT NULL,
  body_html       text NOT NULL,
  body_text       text NOT NULL,
  category        text NOT NULL,
  -- The owning unit (its first responsible person is reminded before expiry); null: the centre's own.
  unit_id         bigint REFERENCES units (id),
  status          text NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'retired')),
  effective_from  date,
  expires_on      date,
  version         int NOT NULL,
  source_case_id  bigint REFERENCES cases (id),
  created_at      timestamptz NOT NULL,
  created_by      bigint REFERENCES users (id),
  created_by_name text NOT NULL,
  updated_at      timestamptz NOT NULL,
  updated_by_name text NOT NULL,
  -- Character pairs of the title, and of title and body, for TextSearch (V15).
  title_grams     text[] GENERATED ALWAYS AS (search_grams(title)) STORED,
  doc_grams       text[] GENERATED ALWAYS AS (search_grams(title || ' ' || body_text)) STORED,
  CHECK (expires_on IS NULL OR effective_from IS NULL OR expires_on > effective_from)
);
CREATE INDEX knowledge_articles_title_grams ON knowledge_articles USING gin (title_grams);
CREATE INDEX knowledge_articles_doc_grams ON knowledge_articles USING gin (doc_grams);
CREATE INDEX knowledge_articles_recent ON knowledge_articles (updated_at DESC, id DESC);
CREATE INDEX knowledge_articles_status ON knowledge_articles (status, updated_at DESC);
CREATE INDEX knowledge_articles_expiring ON knowledge_articles (expires_on) WHERE status = 'published';

CREATE TABLE knowledge_versions (
  article_id      bigint NOT NULL REFERENCES knowledge_articles (id),
  version         int NOT NULL,
  -- What this version was: created, edited, submitted, published, returned, retired, proposed.
  change          text NOT NULL,
  note            text,
  title           text NOT NULL,
  body_html       text NOT NULL,
  body_text       text NOT NULL,
  category        text NOT NULL,
  unit_id         bigint,
  status          text NOT NULL,
  effective_from  date,
  expires_on      date,
  at              timestamptz NOT NULL,
  by_id           bigint REFERENCES users (id),
  by_name         text NOT NULL,
  PRIMARY KEY (article_id, version)
);
CREATE TRIGGER knowledge_versions_append_only BEFORE UPDATE OR DELETE ON knowledge_versions
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- The articles a case used: a reference, or the answer given on the spot.
CREATE TABLE case_articles (
  case_id         bigint NOT NULL REFERENCES cases (id),
  article_id      bigint NOT NULL REFERENCES knowledge_articles (id),
  version         int NOT NULL,
  use             text NOT NULL CHECK (use IN ('reference', 'answer')),
  linked_at       timestamptz NOT NULL,
  linked_by       bigint REFERENCES users (id),
  linked_by_name  text NOT NULL,
  PRIMARY KEY (case_id, article_id)
);
CREATE INDEX case_articles_article ON case_articles (article_id);

-- One reminder per article and expiry date: a changed expiry date is reminded again, a second sweep never.
CREATE TABLE knowledge_reminders (
  article_id      bigint NOT NULL REFERENCES knowledge_articles (id),
  expires_on      date NOT NULL,
  reminded_at     timestamptz NOT NULL,
  recipient       text,
  PRIMARY KEY (article_id, expires_on)
);

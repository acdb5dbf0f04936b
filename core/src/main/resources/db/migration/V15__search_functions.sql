-- Chinese search. Most Chinese queries are two-character words (卷烟, 货源, 专卖), which a trigram index cannot serve,
-- so a searchable text is indexed by its character pairs: a GIN index over search_grams(text) finds the rows that hold
-- every pair of a query, and search_contains(text, terms) keeps those that hold each term as a substring (exact).
-- Both sides go through search_norm: NFKC (full-width letters and digits as ASCII), lower case, and digits joined
-- across the separators people write in numbers (0755-8888 1234 → 075588881234).

CREATE FUNCTION search_norm(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT lower(regexp_replace(normalize(t, NFKC), '([0-9])[-\s.()—–]+(?=[0-9])', '\1', 'g'))
$$;

-- The distinct pairs of adjacent characters of the normalised text, none of them white space or punctuation.
CREATE FUNCTION search_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT x.a[i] || x.a[i + 1]), '{}')
  FROM (SELECT string_to_array(regexp_replace(search_norm(t), '[[:space:][:punct:]]+', ' ', 'g'), NULL) AS a OFFSET 0) x,
    generate_series(1, cardinality(x.a) - 1) i
  WHERE x.a[i] <> ' ' AND x.a[i + 1] <> ' '
$$;

-- The pairs every match of these terms holds (a term of one character adds none: search_contains checks it).
CREATE FUNCTION search_query_grams(terms text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}') FROM unnest(terms) t, unnest(search_grams(t)) g
$$;

-- Whether the text holds every term, each as a substring of the normalised text.
CREATE FUNCTION search_contains(doc text, terms text[]) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT doc IS NOT NULL AND NOT EXISTS (SELECT 1 FROM (SELECT search_norm(doc) AS n OFFSET 0) d, unnest(terms) t
    WHERE strpos(d.n, search_norm(t)) = 0)
$$;

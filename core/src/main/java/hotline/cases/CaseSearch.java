package hotline.cases;

import hotline.search.TextSearch;
import java.util.ArrayList;
import java.util.List;

/**
 * The text search of {@code GET /api/cases?q=}: every term of the query must be found in a case (each as a substring
 * of its normalised text, {@link TextSearch}), checked with {@code strpos} on the search documents intake writes
 * ({@link CaseSearchDocs}, migration V19), the candidates come from the GIN indexes of their character pairs, and the
 * ranking is subject hits first, then the rest, each newest first (oldest first with {@code sort=oldest}).
 *
 * <p>It stays fast at a million cases by never ranking or counting every match: the subject hits and the other hits
 * are two queries, each served by an index (the GIN index of each term's rarest pair, or the {@code received_at}
 * order with the match as a filter, whichever the planner finds cheaper for that pair's frequency) and each stopping
 * at the end of the page;
 * the count stops at {@link #CAP} + 1 (answered as {@code total: 1000, totalCapped: true}). A query of one-character
 * terms only (烟, 5) has no pair an index could serve: it searches the {@link #RECENT} most recent cases and says so
 * ({@code recentOnly}).
 *
 * <p>A report's identity fields (contact name, phones, e-mail, address) are searched only for a caller who may see
 * them: its owner, or whoever holds {@code REPORTER_IDENTITY} — the rule of {@link CaseSql#LIST}.
 */
final class CaseSearch {

  /** Matches are counted up to this many; a page past it is empty. */
  static final int CAP = 1000;
  /** A query without a term of two characters searches this many of the most recent cases. */
  static final int RECENT = 10_000;
  /** About this many characters of the content around its first hit. */
  static final int SNIPPET = 90;

  /**
   * The search's own transaction settings: planned for its very terms (a plan made for any terms cannot know how common
   * they are), bitmaps of common pairs kept exact (not lossy, which rechecks whole pages), no JIT compilation and no
   * parallel workers (both cost more than a page of results saves).
   */
  static final String SETTINGS = "SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL jit = off; "
      + "SET LOCAL work_mem = '64MB'; SET LOCAL max_parallel_workers_per_gather = 0";

  private CaseSearch() {
  }

  /** Who may see a report's identity fields: anything but a report, or a caller allowed ($7), or its owner ($8). */
  private static final String IDENTITY_VISIBLE = "(c.kind <> 'report' OR $7::boolean OR c.owner_id = $8::bigint)";

  private static final String TEXT =
      "case_search_text(c.number, c.subject, c.content, c.respondent_person, c.respondent_unit_name)";
  private static final String IDENTITY_TEXT =
      "case_identity_text(c.contact_name, c.contact_phones, c.contact_email, c.contact_address)";

  /** The list's filters, as in {@link CaseSql#LIST} (same parameters). */
  private static final String FILTERS =
      "($1::text IS NULL OR c.kind = $1) AND ($2::text IS NULL OR c.channel = $2) "
          + "AND ($3::text IS NULL OR c.status = $3) AND ($4::bigint IS NULL OR d.unit_id = $4) "
          + "AND ($5::boolean IS NULL OR coalesce(d.status = 'open' AND d.overdue, false) = $5) "
          + "AND ($9::bigint IS NULL OR EXISTS (SELECT 1 FROM dispatches x WHERE x.case_id = c.id AND x.unit_id = $9)) "
          + "AND ($12::bigint IS NULL OR (c.customer_id = $12 AND " + IDENTITY_VISIBLE + ")) "
          + "AND ($13::boolean IS NOT TRUE OR c.owner_id = $8) "
          + "AND ($14::boolean IS NULL OR (c.status <> 'closed') = $14)";

  private static final String FROM = "FROM cases c LEFT JOIN dispatches d ON d.id = c.current_dispatch_id ";

  static final String COLUMNS =
      "c.id, c.number, c.kind, c.channel, c.status, c.subject, c.contact_name, c.anonymous, c.received_at, "
          + "c.owner_id, u.display_name AS owner_name, c.round, d.id AS dispatch_id, d.unit_id, un.name AS unit_name, "
          + "d.due_at, d.status AS dispatch_status, d.overdue, 'gateway' = ANY(u.roles) AS owned_by_gateway, c.satisfaction, "
          + "d.feedback_at, left(d.feedback, 300) AS feedback_excerpt, c.content";

  /** One term as the statement gets it: normalised, and the keys its index condition looks up (empty: none). */
  record Term(String normalized, String[] keys) {
  }

  /**
   * The statement for these terms, from {@code $18} on: each term's normalised form, then, for a term with keys, its
   * keys as a {@code text[]}; with no keys at all, {@link #RECENT} last. Besides the list's parameters ($1–$15, $6 the
   * raw terms, $10 the page size, $11 its offset): $16 the count's limit ({@link #CAP} + 1), $17 how many of each group
   * the page needs (offset + size). A case with its search documents (V19) is checked with {@code strpos} on them; one
   * without (still to be indexed) with the SQL functions of V15/V16 on its fields. One row per case of the page, each
   * with the count ({@code total}); one row with a null id when the page is empty.
   */
  static String sql(List<Term> terms, boolean oldestFirst) {
    String dir = oldestFirst ? "ASC" : "DESC";
    String order = " ORDER BY c.received_at " + dir + ", c.id " + dir + " ";
    List<String> textIndex = new ArrayList<>();
    List<String> titleIndex = new ArrayList<>();
    List<String> textCheck = new ArrayList<>();
    List<String> titleCheck = new ArrayList<>();
    int param = 18;
    for (Term t : terms) {
      String n = "$" + param++ + "::text";
      if (TextSearch.onePair(t.normalized())) {
        // A term of one pair is its key: the key's condition below is its exact check (true once planned: no cost).
        textCheck.add(n + " IS NOT NULL");
        titleCheck.add(n + " IS NOT NULL");
      } else {
        textCheck.add("(strpos(c.search_doc, " + n + ") > 0 OR (" + IDENTITY_VISIBLE + " AND strpos(c.search_identity, "
            + n + ") > 0))");
        titleCheck.add("strpos(c.search_title, " + n + ") > 0");
      }
      if (t.keys().length > 0) {
        String keys = "$" + param++ + "::text[]";
        textIndex.add("(c.search_text_grams @> " + keys + " OR (" + IDENTITY_VISIBLE + " AND c.search_identity_grams @> "
            + keys + ") OR c.search_doc IS NULL)");
        titleIndex.add("(c.search_title_grams @> " + keys + " OR c.search_doc IS NULL)");
      }
    }
    boolean indexed = !textIndex.isEmpty();
    List<String> match = new ArrayList<>(textIndex);
    match.add("(CASE WHEN c.search_doc IS NULL THEN search_contains(" + TEXT + " || CASE WHEN " + IDENTITY_VISIBLE
        + " THEN ' | ' || " + IDENTITY_TEXT + " ELSE '' END, $6::text[]) ELSE " + String.join(" AND ", textCheck) + " END)");
    List<String> inSubject = new ArrayList<>(titleIndex);
    inSubject.add("(CASE WHEN c.search_doc IS NULL THEN search_contains(c.subject, $6::text[]) ELSE "
        + String.join(" AND ", titleCheck) + " END)");
    String subject = String.join(" AND ", inSubject);
    String recent = indexed ? "" : " AND c.received_at >= (SELECT since FROM b)";
    String matches = String.join(" AND ", match) + recent;
    String with = indexed
        ? "WITH "
        // The received_at of the RECENT-th newest case: a walk down the index, as far as that.
        : "WITH b AS (SELECT coalesce((SELECT received_at FROM cases ORDER BY received_at DESC, id DESC OFFSET $" + param
            + "::int - 1 LIMIT 1), '-infinity') AS since), ";
    return with
        + "t AS (SELECT c.id, c.received_at " + FROM + "WHERE " + FILTERS + " AND " + subject + recent + order + "LIMIT $17), "
        + "r AS (SELECT c.id, c.received_at " + FROM + "WHERE " + FILTERS + " AND " + matches + " AND NOT coalesce(" + subject
        + ", false)" + order + "LIMIT $17), "
        + "n AS (SELECT count(*) AS total FROM (SELECT 1 " + FROM + "WHERE " + FILTERS + " AND " + matches + " LIMIT $16) x), "
        + "p AS (SELECT id, received_at, g FROM (SELECT id, received_at, 0 AS g FROM t UNION ALL "
        + "SELECT id, received_at, 1 AS g FROM r) u ORDER BY g, received_at " + dir + ", id " + dir + " LIMIT $10 OFFSET $11) "
        + "SELECT " + COLUMNS + ", p.g AS rank_group, n.total, $6::text[] AS exact_terms, $15::boolean AS oldest_first FROM n "
        + "LEFT JOIN (p JOIN cases c ON c.id = p.id "
        + "JOIN users u ON u.id = c.owner_id LEFT JOIN dispatches d ON d.id = c.current_dispatch_id "
        + "LEFT JOIN units un ON un.id = d.unit_id) ON true ORDER BY p.g, c.received_at " + dir + ", c.id " + dir;
  }

  /** A search as it runs: the statement, its parameters, and whether it searched the recent cases only. */
  record Statement(String sql, io.vertx.sqlclient.Tuple args, boolean recentOnly) {
  }

  /**
   * The statement of a list query with these terms; {@code base} is the list's parameters ({@code CaseService.listArgs}).
   * Each term is looked up by a few of its keys ({@link TextSearch#lookup}: its rarest pairs that do not overlap, or
   * the 4-digit pieces of a number; {@code frequency} is the share of cases holding a key, from the column's
   * statistics, a key not among them rarer than all that are): few posting lists for the index to read, and from
   * their frequencies the planner sees how common the term is and walks the newest cases instead when it is common.
   * The other keys add nothing the exact check does not.
   */
  static Statement statement(Object[] base, List<String> terms, CaseQuery q, java.util.function.ToDoubleFunction<String> frequency) {
    int offset = (q.page() - 1) * q.size();
    boolean past = offset >= CAP;
    List<Object> args = new ArrayList<>(java.util.Arrays.asList(base));
    args.set(5, terms.toArray(String[]::new));
    args.set(9, past ? 0 : q.size());
    args.set(10, past ? 0 : offset);
    args.add(CAP + 1);
    args.add(past ? 0 : offset + q.size());
    List<Term> specs = new ArrayList<>();
    for (String raw : terms) {
      String n = hotline.search.Highlight.normalize(raw);
      Term t = new Term(n, TextSearch.lookup(n, frequency));
      specs.add(t);
      args.add(n);
      if (t.keys().length > 0) {
        args.add(t.keys());
      }
    }
    boolean indexed = specs.stream().anyMatch(t -> t.keys().length > 0);
    if (!indexed) {
      args.add(RECENT);
    }
    return new Statement(sql(specs, q.oldestFirst()), io.vertx.sqlclient.Tuple.from(args), !indexed);
  }
}

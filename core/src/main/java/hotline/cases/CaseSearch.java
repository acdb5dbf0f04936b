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
 * <p>It stays fast at a million cases by never ranking or counting every match. It first walks the {@link #WINDOW}
 * newest cases down {@code received_at}, checking each with {@code strpos}: for a common term that alone fills the page
 * and the count. Only what the window left short (subject hits, other hits, the count) is looked up in the whole table,
 * through the GIN indexes of each term's rarest keys (or, for the count, on down {@code received_at} when the window's
 * rate of matches says that is cheaper); each such query stops at the end of the page, the count at {@link #CAP} + 1
 * (answered as {@code total: 1000, totalCapped: true}). A query of one-character terms only (烟, 5) has no key an index
 * could serve: it searches the {@link #RECENT} most recent cases and says so ({@code recentOnly}).
 *
 * <p>A report's identity fields (contact name, phones, e-mail, address) are searched only for a caller who may see
 * them: its owner, or whoever holds {@code REPORTER_IDENTITY} — the rule of {@link CaseSql#LIST}.
 */
final class CaseSearch {

  /** Matches are counted up to this many; a page past it is empty. */
  static final int CAP = 1000;
  /** A query without a term of two characters searches this many of the most recent cases. */
  static final int RECENT = 10_000;
  /**
   * A search with keys first walks this many of the newest cases (~4 µs each; {@code search.window}): what it finds
   * there needs no index. A term in half of all cases fills the count there, one in 1 % still fills a page; for a
   * rarer one the rest goes on down {@code received_at} or through the indexes, whichever the window's rate of matches
   * says is cheaper. On a million cases 2,000 did better than 3,000 and 5,000 for mixed queries and numbers, and as
   * well for common words.
   */
  static final int WINDOW = 2_000;
  /** What reading a case's entry in a GIN posting list costs over checking a case on a walk (~0.7 µs, ~4.5 µs). */
  static final double POSTING_OVER_WALK = 0.15;
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
   * keys as a {@code text[]}; then, if any term has keys, all their keys (the subject's index condition); last the size of the window ({@link #WINDOW}, or {@link #RECENT} when no term has keys).
   * Besides the list's parameters ($1–$15, $6 the raw terms, $10 the page size, $11 its offset): $16 the count's limit
   * ({@link #CAP} + 1), $17 how many of each group the page needs (offset + size). One row per case of the page, each
   * with the count ({@code total}; null when not {@code counted}); one row with a null id when the page is empty.
   *
   * <p>It runs in two steps. First a walk down {@code received_at} through the window, the newest cases (the oldest
   * with {@code sort=oldest}), checking each with {@code strpos} on its documents and stopping at the count's limit:
   * for a common term (卷烟 is in a third of all cases) this alone is the page and the count, in a few milliseconds,
   * where an index of its pairs would hand over a third of the table. Only a group (subject hits, other hits, the
   * count) the window did not fill is looked up again in the whole table, through the GIN indexes of the terms' keys
   * (or a walk, if the planner finds it cheaper); when the window holds every case, never. Each step is exact, so
   * the answer is the same either way. A case without its documents (V19; still to be indexed) is checked with the
   * SQL functions of V15/V16 on its fields.
   */
  static String sql(List<Term> terms, boolean oldestFirst, boolean counted) {
    String dir = oldestFirst ? "ASC" : "DESC";
    String order = " ORDER BY c.received_at " + dir + ", c.id " + dir + " ";
    // The pending cases' check, the SQL functions on their fields. It is also the last arm of every term's index
    // condition: that condition then costs more than the strpos checks, so a walk runs those first and reads the keys
    // (TOASTed arrays: ~15 µs a row, where strpos on the document takes ~2 µs) of the matches only.
    String pendingText = "(c.search_doc IS NULL AND search_contains(" + TEXT + " || CASE WHEN " + IDENTITY_VISIBLE
        + " THEN ' | ' || " + IDENTITY_TEXT + " ELSE '' END, $6::text[]))";
    String pendingTitle = "(c.search_doc IS NULL AND search_contains(c.subject, $6::text[]))";
    List<String> textIndex = new ArrayList<>();
    List<String> titleIndex = new ArrayList<>(1);
    List<String> textCheck = new ArrayList<>();
    List<String> titleCheck = new ArrayList<>();
    int param = 18;
    for (Term t : terms) {
      String n = "$" + param++ + "::text";
      textCheck.add("(strpos(c.search_doc, " + n + ") > 0 OR (" + IDENTITY_VISIBLE + " AND strpos(c.search_identity, "
          + n + ") > 0))");
      titleCheck.add("strpos(c.search_title, " + n + ") > 0");
      if (t.keys().length > 0) {
        String keys = "$" + param++ + "::text[]";
        textIndex.add("(c.search_text_grams @> " + keys + " OR (" + IDENTITY_VISIBLE + " AND c.search_identity_grams @> "
            + keys + ") OR " + pendingText + ")");
      }
    }
    boolean indexed = !textIndex.isEmpty();
    String walkCost = null;
    if (indexed) {
      // A subject holds every term: one condition on all their keys, which the GIN index intersects as it reads them.
      titleIndex.add("(c.search_title_grams @> $" + param++ + "::text[] OR " + pendingTitle + ")");
      walkCost = "$" + param++ + "::float8";
    }
    // Checked without keys (the window): a pending case by the SQL functions; with keys, by its index conditions.
    String walked = "(c.search_doc IS NULL OR " + String.join(" AND ", textCheck) + ") AND (c.search_doc IS NOT NULL OR "
        + pendingText + ")";
    String walkedTitle = "(c.search_doc IS NULL OR " + String.join(" AND ", titleCheck)
        + ") AND (c.search_doc IS NOT NULL OR " + pendingTitle + ")";
    String matches = "(c.search_doc IS NULL OR " + String.join(" AND ", textCheck) + ") AND "
        + String.join(" AND ", textIndex);
    String subject = "(c.search_doc IS NULL OR " + String.join(" AND ", titleCheck) + ") AND "
        + String.join(" AND ", titleIndex);
    // The window: the cases a walk in the page's order meets first, so what it finds there comes first on the page; a
    // search without keys has only the window, always the most recent cases.
    boolean upward = indexed && oldestFirst;
    String wdir = upward ? "ASC" : "DESC";
    String inWindow = FILTERS + " AND c.received_at " + (upward ? "<=" : ">=") + " (SELECT edge FROM b) AND ";
    String sql = "WITH b AS (SELECT e IS NULL AS whole, coalesce(e, " + (upward ? "'infinity'" : "'-infinity'") + ") AS edge "
        // The received_at of the window's last case (null: the window holds them all), a walk down the index.
        + "FROM (SELECT (SELECT received_at FROM cases ORDER BY received_at " + wdir + ", id " + wdir + " OFFSET $" + param
        + "::int - 1 LIMIT 1)) x(e)), "
        + "w AS MATERIALIZED (SELECT c.id, c.received_at, coalesce(" + walkedTitle + ", false) AS title " + FROM
        + "WHERE " + inWindow + walked + order + "LIMIT $16), ";
    String winT = "SELECT id, received_at FROM w WHERE title";
    String winR = "SELECT id, received_at FROM w WHERE NOT title";
    String winOrder = " ORDER BY received_at " + dir + ", id " + dir + " LIMIT $17";
    if (!indexed) {
      // The window is all there is to search: each group a walk of its own (w stops at the count's limit).
      sql += "t AS (SELECT c.id, c.received_at " + FROM + "WHERE " + inWindow + walkedTitle + order + "LIMIT $17), "
          + "r AS (SELECT c.id, c.received_at " + FROM + "WHERE " + inWindow + walked + " AND NOT coalesce(" + walkedTitle
          + ", false)" + order + "LIMIT $17), n AS (SELECT " + (counted ? "count(*) AS total FROM w" : "NULL::bigint AS total") + "), ";
    } else {
      // Whether the window answered each group: enough subject hits, enough other hits, the count's limit; or all cases.
      // If not the count: how many more cases a walk would read to reach it at the window's rate of matches, and whether
      // that is cheaper than the index (which reads the rarest key's cases: its share of them is the parameter, scaled
      // by a posting's cost over a walked case's).
      sql += "g AS (SELECT (SELECT whole FROM b) OR count(*) FILTER (WHERE title) >= $17 AS t, "
          + "(SELECT whole FROM b) OR count(*) FILTER (WHERE NOT title) >= $17 AS r, "
          + "(SELECT whole FROM b) OR count(*) >= $16 AS n, count(*) AS found, "
          + "CASE WHEN count(*) > 0 THEN ceil(($16 - count(*)) * $" + param + "::float8 / count(*)) END AS reach FROM w), "
          + "k AS (SELECT coalesce(reach < " + walkCost + " * (SELECT reltuples FROM pg_class WHERE oid = 'cases'::regclass), "
          + "false) AS walk, coalesce(2 * reach, 0)::bigint AS reach FROM g), "
          + "t AS ((" + winT + " AND (SELECT t FROM g)" + winOrder + ") UNION ALL (SELECT c.id, c.received_at " + FROM
          + "WHERE NOT (SELECT t FROM g) AND " + FILTERS + " AND " + subject + order + "LIMIT $17)), "
          + "r AS ((" + winR + " AND (SELECT r FROM g)" + winOrder + ") UNION ALL (SELECT c.id, c.received_at " + FROM
          + "WHERE NOT (SELECT r FROM g) AND " + FILTERS + " AND " + matches + " AND NOT coalesce(" + subject + ", false)"
          + order + "LIMIT $17)), "
          // The count: the window's; else on from the window's edge, twice as far as the window's rate says; else (or if
          // that fell short) the index's.
          + (!counted ? "n AS (SELECT NULL::bigint AS total), " : "n AS (SELECT CASE WHEN (SELECT n FROM g) THEN (SELECT found FROM g) "
          + "WHEN (SELECT walk FROM k) AND (SELECT found FROM g) + (SELECT count(*) FROM (SELECT 1 FROM (SELECT c.* "
          + FROM + "WHERE " + FILTERS + " AND c.received_at " + (oldestFirst ? ">" : "<") + " (SELECT edge FROM b)" + order
          + "LIMIT (SELECT reach FROM k)) c WHERE " + walked + " LIMIT $16) x) >= $16 THEN $16 "
          + "ELSE (SELECT count(*) FROM (SELECT 1 " + FROM + "WHERE " + FILTERS + " AND " + matches + " LIMIT $16) x) END "
          + "AS total), ");
    }
    return sql
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
  static Statement statement(Object[] base, List<String> terms, CaseQuery q, java.util.function.ToDoubleFunction<String> frequency,
      int window) {
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
    String[] all = specs.stream().flatMap(t -> java.util.Arrays.stream(t.keys())).distinct().toArray(String[]::new);
    boolean indexed = all.length > 0;
    if (indexed) {
      args.add(all);
      args.add(java.util.Arrays.stream(all).mapToDouble(frequency).min().orElse(0) * POSTING_OVER_WALK);
    }
    args.add(indexed ? window : RECENT);
    return new Statement(sql(specs, q.oldestFirst(), q.counted()), io.vertx.sqlclient.Tuple.from(args), !indexed);
  }
}

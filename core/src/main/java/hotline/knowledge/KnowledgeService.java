package hotline.knowledge;

import hotline.audit.AuditLog;
import hotline.cases.CaseService;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.outbox.Outbox;
import hotline.search.Highlight;
import hotline.search.TextSearch;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.users.Role;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The knowledge base (知识库): articles written as drafts (agents, the supervision office), reviewed and published by the
 * centre (the office, leaders), retired when no longer right; a unit's policy update lands in review. Every save and
 * every status change is a new version (who, when, what), status changes are audited, any two versions compare by
 * sentence. What agents find by default is published and in force: effective from on or before today, expiring after
 * it, so an expired article leaves the results by itself. Search runs on {@link TextSearch} over the title's and the
 * title-and-body's character pairs, title hits first, then the newest.
 */
public final class KnowledgeService {

  /** The statuses, as the API writes them. */
  public enum Status {
    DRAFT, IN_REVIEW, PUBLISHED, RETIRED
  }

  /** What articles are about; a unit's responder submits the first three (the seed's policy changes). */
  public enum Category {
    MARKETING_POLICY, MONOPOLY_MANAGEMENT, SUPPLY_ALLOCATION, LICENSING, PRODUCTS, SERVICE, OTHER
  }

  static final Set<Category> UNIT_CATEGORIES = Set.of(Category.MARKETING_POLICY, Category.MONOPOLY_MANAGEMENT,
      Category.SUPPLY_ALLOCATION);

  public static final int MAX_TITLE = 200;
  public static final int MAX_NOTE = 2000;
  public static final int MAX_ANSWER = 20_000;
  public static final int SNIPPET = 120;

  /** The version's change word of each step. */
  private static final java.util.Map<String, String> CHANGES = java.util.Map.of("submit", "submitted", "publish",
      "published", "return", "returned", "retire", "retired");

  private static final String IN_FORCE =
      "((a.effective_from IS NULL OR a.effective_from <= $4) AND (a.expires_on IS NULL OR a.expires_on > $4))";
  /** Status, category, in force or not, a unit responder's scope, the owning unit. */
  private static final String FILTERS = " AND ($2::text IS NULL OR a.status = $2) AND ($3::text IS NULL OR a.category = $3)"
      + " AND ($6::text IS NULL OR ($6 = 'in_force') = " + IN_FORCE + ")"
      // A unit's responder: what is published and in force, and their own unit's articles.
      + " AND ($5::bigint IS NULL OR a.unit_id = $5 OR (a.status = 'published' AND " + IN_FORCE + "))"
      + " AND ($9::bigint IS NULL OR a.unit_id = $9)";
  /**
   * The page's ids first (ordered and counted on narrow rows: id, time, whether the title holds the terms), then their
   * texts for the highlights: the bodies of all the matches are never sorted.
   */
  private static final String PAGE = "SELECT a.id, a.title, a.category, a.status, a.unit_id, un.name AS unit_name, "
      + "a.effective_from, a.expires_on, a.updated_at, a.version, a.body_text, m.title_hit, m.total FROM m "
      + "JOIN knowledge_articles a ON a.id = m.id LEFT JOIN units un ON un.id = a.unit_id "
      + "ORDER BY m.title_hit DESC, a.updated_at DESC, a.id DESC";
  private static final String LIST_QUERY = "WITH m AS (SELECT a.id, "
      + TextSearch.matches("a.title_keys", "a.title_norm", "$1", "$10") + " AS title_hit, count(*) OVER () AS total "
      + "FROM knowledge_articles a WHERE " + TextSearch.matches("a.doc_keys", "a.doc_norm", "$1", "$10") + FILTERS
      + " ORDER BY title_hit DESC, a.updated_at DESC, a.id DESC LIMIT $7 OFFSET $8) " + PAGE;
  private static final String TITLE_MATCH = TextSearch.matches("a.title_keys", "a.title_norm", "$1", "$10");
  private static final String DOC_MATCH = TextSearch.matches("a.doc_keys", "a.doc_norm", "$1", "$10");
  /** How many a search finds, counted up to {@link #MAX_COUNT} + 1 (more is "more than"). */
  private static final String LIST_COUNT = "SELECT count(*) FROM (SELECT 1 FROM knowledge_articles a WHERE " + DOC_MATCH
      + FILTERS + " LIMIT $7::int + 0 * $8::int) x";
  public static final int MAX_COUNT = 1000;
  /**
   * A page of a search whose terms are common (more than {@link #MAX_COUNT} matches): the newest title matches and the
   * newest other matches, each at most offset + size, merged. Neither list orders all the matches: the other matches
   * are read by recency until enough are found, which for a common word is soon.
   */
  private static final String LIST_COMMON = "WITH t AS (SELECT a.id FROM knowledge_articles a WHERE " + TITLE_MATCH + FILTERS
      + " ORDER BY a.updated_at DESC, a.id DESC LIMIT $7::int + $8::int), "
      + "d AS (SELECT a.id FROM knowledge_articles a WHERE " + DOC_MATCH + " AND NOT " + TITLE_MATCH + FILTERS
      + " ORDER BY a.updated_at DESC, a.id DESC LIMIT $7::int + $8::int), "
      + "m AS (SELECT u.id, u.title_hit, 0::bigint AS total FROM (SELECT id, true AS title_hit FROM t UNION ALL "
      + "SELECT id, false FROM d) u JOIN knowledge_articles a ON a.id = u.id "
      + "ORDER BY u.title_hit DESC, a.updated_at DESC, a.id DESC LIMIT $7 OFFSET $8) " + PAGE;
  private static final String LIST_ALL = "WITH m AS (SELECT a.id, false AS title_hit, count(*) OVER () AS total "
      + "FROM knowledge_articles a WHERE cardinality($1::text[]) = 0" + FILTERS
      + " ORDER BY a.updated_at DESC, a.id DESC LIMIT $7 OFFSET $8) " + PAGE;

  private static final String ARTICLE =
      "SELECT a.*, un.name AS unit_name FROM knowledge_articles a LEFT JOIN units un ON un.id = a.unit_id WHERE a.id = $1";
  private static final String LOCK = "SELECT * FROM knowledge_articles WHERE id = $1 FOR UPDATE";
  private static final String INSERT =
      "INSERT INTO knowledge_articles (title, body_html, body_text, category, unit_id, status, effective_from, expires_on, "
          + "version, source_case_id, created_at, created_by, created_by_name, updated_at, updated_by_name) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11, $12, $10, $12) RETURNING id";
  private static final String UPDATE =
      "UPDATE knowledge_articles SET title = $2, body_html = $3, body_text = $4, category = $5, unit_id = $6, status = $7, "
          + "effective_from = $8, expires_on = $9, version = version + 1, updated_at = $10, updated_by_name = $11 "
          + "WHERE id = $1 RETURNING version";
  private static final String VERSION =
      "INSERT INTO knowledge_versions (article_id, version, change, note, title, body_html, body_text, category, unit_id, "
          + "status, effective_from, expires_on, at, by_id, by_name) SELECT id, version, $2, $3, title, body_html, body_text, "
          + "category, unit_id, status, effective_from, expires_on, updated_at, $4, updated_by_name FROM knowledge_articles "
          + "WHERE id = $1";
  private static final String VERSIONS =
      "SELECT version, change, note, status, title, at, by_name FROM knowledge_versions WHERE article_id = $1 ORDER BY version DESC";
  private static final String VERSION_TEXT =
      "SELECT version, title, body_text, body_html, status, at, by_name FROM knowledge_versions WHERE article_id = $1 AND version = $2";
  private static final String LINK =
      "INSERT INTO case_articles (case_id, article_id, version, use, linked_at, linked_by, linked_by_name) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id, article_id) DO UPDATE SET "
          + "use = CASE WHEN excluded.use = 'answer' THEN 'answer' ELSE case_articles.use END, version = excluded.version "
          + "RETURNING use";
  private static final String CASE_ARTICLES =
      "SELECT ca.article_id, ca.version, ca.use, ca.linked_at, ca.linked_by_name, a.title, a.status, a.category "
          + "FROM case_articles ca JOIN knowledge_articles a ON a.id = ca.article_id WHERE ca.case_id = $1 ORDER BY ca.linked_at, ca.article_id";
  private static final String ARTICLE_CASES =
      "SELECT ca.case_id, c.number, c.kind, ca.use, ca.linked_at FROM case_articles ca JOIN cases c ON c.id = ca.case_id "
          + "WHERE ca.article_id = $1 ORDER BY ca.linked_at DESC LIMIT 50";
  private static final String EXPIRING =
      "SELECT a.id, a.title, a.category, a.status, a.unit_id, un.name AS unit_name, a.effective_from, a.expires_on, "
          + "a.updated_at, r.reminded_at FROM knowledge_articles a LEFT JOIN units un ON un.id = a.unit_id "
          + "LEFT JOIN knowledge_reminders r ON r.article_id = a.id AND r.expires_on = a.expires_on "
          + "WHERE a.status = 'published' AND a.expires_on IS NOT NULL AND (r.article_id IS NOT NULL OR a.expires_on <= $1::date + $2::int) "
          + "ORDER BY a.expires_on, a.id LIMIT 200";
  /** Published articles expiring within the days, not yet reminded for this expiry date; claimed, so two nodes never both. */
  private static final String DUE_REMINDERS =
      "WITH due AS (SELECT a.id, a.title, a.expires_on, a.unit_id FROM knowledge_articles a "
          + "WHERE a.status = 'published' AND a.expires_on >= $1 AND a.expires_on <= $1::date + $2::int "
          + "AND NOT EXISTS (SELECT 1 FROM knowledge_reminders r WHERE r.article_id = a.id AND r.expires_on = a.expires_on) "
          + "ORDER BY a.expires_on, a.id LIMIT $3 FOR UPDATE OF a SKIP LOCKED) "
          + "SELECT due.*, c.email, c.name AS contact_name FROM due LEFT JOIN LATERAL (SELECT email, name FROM unit_contacts uc "
          + "WHERE uc.unit_id = due.unit_id AND uc.first_responsible AND uc.active AND uc.email IS NOT NULL AND uc.email <> '' "
          + "ORDER BY uc.id LIMIT 1) c ON true";
  private static final String REMINDED =
      "INSERT INTO knowledge_reminders (article_id, expires_on, reminded_at, recipient) VALUES ($1, $2, $3, $4) "
          + "ON CONFLICT DO NOTHING RETURNING article_id";

  private final io.vertx.core.Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Supplier<ZoneId> zone;
  private final AuditLog audit;
  private final CaseService cases;

  /** {@code vertx}: sanitising a long body takes a while (120 ms for 200,000 characters), so it runs on a worker. */
  public KnowledgeService(io.vertx.core.Vertx vertx, Pool pool, Clock clock, Supplier<ZoneId> zone, AuditLog audit,
      CaseService cases) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.zone = zone;
    this.audit = audit;
    this.cases = cases;
  }

  /** Over the core's pool, clock, calendar zone, audit log and cases. */
  public static KnowledgeService of(io.vertx.core.Vertx vertx, hotline.Core core) {
    return new KnowledgeService(vertx, core.pool(), core.clock(), core.calendar()::zone, core.audit(), core.cases());
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(zone.get()));
  }

  /** A responder of a unit who is not also staff: sees what is published and in force, and their unit's own. */
  private static boolean unitScoped(Principal p) {
    return p.has(Role.UNIT_RESPONDER) && !p.hasAny(Role.AGENT, Role.LEADER, Role.SUPERVISOR);
  }

  private static boolean reviewer(Principal p) {
    return Permission.KNOWLEDGE_REVIEW.allows(p);
  }

  // ---- search and reading ----

  /** The search: {@code q, category, status (published|expired|draft|in_review|retired|all), unitId, page, size}. */
  public Future<JsonObject> list(Principal p, String q, String category, String status, Long unitId, int page, int size) {
    return list(p, q, category, status, unitId, page, size, true);
  }

  /**
   * The same; not {@code counted}, a search answers its page without {@code total} and {@code more}, read by recency
   * (as a common word's page is) without counting first: what the search box asks.
   */
  public Future<JsonObject> list(Principal p, String q, String category, String status, Long unitId, int page, int size,
      boolean counted) {
    Permission.KNOWLEDGE_READ.require(p);
    List<String> terms = TextSearch.terms(q);
    Category cat = category == null ? null : Input.parseEnum("category", category, Category.class);
    String st;
    String force;
    switch (status == null ? "published" : status) {
      case "published" -> {
        st = "published";
        force = "in_force";
      }
      case "expired" -> {
        st = "published";
        force = "out_of_force";
      }
      case "all" -> {
        st = null;
        force = null;
      }
      default -> {
        st = Input.id(Input.parseEnum("status", status, Status.class));
        force = null;
      }
    }
    if (!"published".equals(status) && status != null && !reviewer(p) && !Permission.KNOWLEDGE_WRITE.allows(p)
        && !unitScoped(p)) {
      return Future.failedFuture(Permission.KNOWLEDGE_WRITE.refusal());
    }
    Long scope = unitScoped(p) ? (p.unitId() == null ? -1L : p.unitId()) : null;
    String[] normalized = TextSearch.normalized(terms);
    Object[] filters = {normalized, st, cat == null ? null : Input.id(cat), today(), scope, force, size,
        (page - 1) * size, unitId};
    // $10: the keys the terms are looked up by.
    Object[] values = java.util.Arrays.copyOf(filters, 10);
    values[9] = TextSearch.lookupKeys(normalized);
    Future<JsonObject> found;
    if (terms.isEmpty()) {
      found = pool.preparedQuery(LIST_ALL).execute(Tuple.from(filters))
          .compose(rows -> vertx.executeBlocking(() -> items(rows, terms, null), false));
    } else if (!counted) {
      found = pool.withTransaction(tx -> tx.query("SET LOCAL plan_cache_mode = force_custom_plan").execute()
          .compose(x -> tx.preparedQuery(LIST_COMMON).execute(Tuple.from(values)))
          .compose(rows -> vertx.executeBlocking(() -> {
            JsonObject r = items(rows, terms, 0L);
            r.remove("total");
            r.remove("more");
            return r;
          }, false)));
    } else {
      // Counted first (up to a limit), then the page the way that fits: a rare query orders all its matches, a common
      // one reads by recency. Planned for these terms, never with a generic plan.
      Object[] count = values.clone();
      count[6] = MAX_COUNT + 1;
      found = pool.withTransaction(tx -> tx.query("SET LOCAL plan_cache_mode = force_custom_plan").execute()
          .compose(x -> tx.preparedQuery(LIST_COUNT).execute(Tuple.from(count)))
          .compose(c -> {
            long n = c.iterator().next().getLong(0);
            return tx.preparedQuery(n > MAX_COUNT ? LIST_COMMON : LIST_QUERY).execute(Tuple.from(values))
                .compose(rows -> vertx.executeBlocking(() -> items(rows, terms, n), false));
          }));
    }
    return found.map(r -> r.put("page", page).put("size", size));
  }

  /**
   * The items of a result with their highlights; {@code counted}: the capped count, or null to take the rows' total. On a
   * worker: marking the hits reads every row's body (up to 200,000 characters each).
   */
  private JsonObject items(RowSet<Row> rows, List<String> terms, Long counted) {
    {
      JsonArray items = new JsonArray();
      long total = counted == null ? 0 : Math.min(counted, MAX_COUNT);
      for (Row r : rows) {
        if (counted == null) {
          total = r.getLong("total");
        }
        JsonObject item = summary(r);
        if (!terms.isEmpty()) {
          item.put("highlight", new JsonObject().put("title", Highlight.of(r.getString("title"), terms).toJson())
              .put("snippet", Highlight.snippet(r.getString("body_text"), terms, SNIPPET).toJson()));
        } else {
          item.put("highlight", new JsonObject().putNull("title")
              .put("snippet", Highlight.snippet(r.getString("body_text"), terms, SNIPPET).toJson()));
        }
        items.add(item);
      }
      return new JsonObject().put("items", items).put("total", total).put("more", counted != null && counted > MAX_COUNT);
    }
  }

  private JsonObject summary(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title"))
        .put("category", r.getString("category")).put("status", r.getString("status"))
        .put("unitId", r.getLong("unit_id")).put("unitName", r.getString("unit_name"))
        .put("effectiveFrom", date(r.getLocalDate("effective_from"))).put("expiresOn", date(r.getLocalDate("expires_on")))
        .put("updatedAt", Times.iso(r.getOffsetDateTime("updated_at"), zone.get()));
  }

  private static String date(LocalDate d) {
    return d == null ? null : d.toString();
  }

  private boolean inForce(Row r) {
    LocalDate today = today();
    LocalDate from = r.getLocalDate("effective_from");
    LocalDate until = r.getLocalDate("expires_on");
    return (from == null || !from.isAfter(today)) && (until == null || until.isAfter(today));
  }

  /** Whether this caller may read this article (its row): staff every one; a unit's responder as the list scopes them. */
  private boolean readable(Principal p, Row r) {
    if (!unitScoped(p)) {
      return true;
    }
    return ("published".equals(r.getString("status")) && inForce(r))
        || (p.unitId() != null && p.unitId().equals(r.getLong("unit_id")));
  }

  /** One article with its sanitised HTML, its text, its versions, the cases that used it, and the caller's steps. */
  public Future<JsonObject> get(Principal p, long id) {
    Permission.KNOWLEDGE_READ.require(p);
    return pool.withConnection(conn -> conn.preparedQuery(ARTICLE).execute(Tuple.of(id)).compose(rows -> {
      Row r = rows.size() == 0 ? null : rows.iterator().next();
      if (r == null || !readable(p, r)) {
        return Future.failedFuture(HotlineException.notFound("knowledge_article", id));
      }
      JsonObject a = summary(r).put("bodyHtml", r.getString("body_html")).put("bodyText", r.getString("body_text"))
          .put("version", r.getInteger("version")).put("inForce", inForce(r))
          .put("sourceCaseId", unitScoped(p) ? null : r.getLong("source_case_id"))
          .put("createdAt", Times.iso(r.getOffsetDateTime("created_at"), zone.get()))
          .put("createdByName", r.getString("created_by_name")).put("updatedByName", r.getString("updated_by_name"))
          .put("allowedActions", allowed(p, r.getString("status")));
      return conn.preparedQuery(VERSIONS).execute(Tuple.of(id)).compose(vs -> {
        JsonArray versions = new JsonArray();
        for (Row v : vs) {
          versions.add(new JsonObject().put("version", v.getInteger("version")).put("change", v.getString("change"))
              .put("note", v.getString("note")).put("status", v.getString("status")).put("title", v.getString("title"))
              .put("at", Times.iso(v.getOffsetDateTime("at"), zone.get())).put("byName", v.getString("by_name")));
        }
        a.put("versions", versions);
        if (unitScoped(p)) {
          return Future.succeededFuture(a.put("cases", new JsonArray()));
        }
        return conn.preparedQuery(ARTICLE_CASES).execute(Tuple.of(id)).map(cs -> {
          JsonArray list = new JsonArray();
          for (Row c : cs) {
            list.add(new JsonObject().put("caseId", c.getLong("case_id")).put("number", c.getString("number"))
                .put("kind", c.getString("kind")).put("use", c.getString("use"))
                .put("linkedAt", Times.iso(c.getOffsetDateTime("linked_at"), zone.get())));
          }
          return a.put("cases", list);
        });
      });
    }));
  }

  /** The steps this caller may take on an article in this status. */
  static JsonArray allowed(Principal p, String status) {
    JsonArray out = new JsonArray();
    boolean writer = Permission.KNOWLEDGE_EDIT.allows(p);
    boolean reviewer = Permission.KNOWLEDGE_REVIEW.allows(p);
    switch (status) {
      case "draft" -> {
        if (writer || reviewer) {
          out.add("edit").add("submit");
        }
      }
      case "in_review" -> {
        if (reviewer) {
          out.add("edit").add("publish").add("return");
        }
      }
      case "published" -> {
        if (reviewer) {
          out.add("edit").add("retire");
        }
      }
      default -> {
      }
    }
    return out;
  }

  /** One version's title and texts. */
  public Future<JsonObject> version(Principal p, long id, int version) {
    return get(p, id).compose(a -> pool.preparedQuery(VERSION_TEXT).execute(Tuple.of(id, version)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(HotlineException.notFound("knowledge_version", id + "/" + version));
      }
      Row v = rows.iterator().next();
      return Future.succeededFuture(new JsonObject().put("version", v.getInteger("version")).put("title", v.getString("title"))
          .put("bodyHtml", v.getString("body_html")).put("bodyText", v.getString("body_text"))
          .put("status", v.getString("status")).put("at", Times.iso(v.getOffsetDateTime("at"), zone.get()))
          .put("byName", v.getString("by_name")));
    }));
  }

  /** What changed from version {@code from} to {@code to}: the title's and the body's pieces. */
  public Future<JsonObject> diff(Principal p, long id, int from, int to) {
    // On a worker: two long bodies cost the diff real time.
    return version(p, id, from).compose(a -> version(p, id, to).compose(b -> vertx.executeBlocking(() -> new JsonObject()
        .put("from", from).put("to", to)
        .put("title", KnowledgeDiff.diff(a.getString("title"), b.getString("title")))
        .put("body", KnowledgeDiff.diff(a.getString("bodyText"), b.getString("bodyText"))), false)));
  }

  // ---- writing ----

  /** What an article body says: title, HTML (sanitised here), category, unit, dates. */
  private record Content(String title, String html, String text, Category category, Long unitId, LocalDate from,
      LocalDate until) {
  }

  private static Content content(JsonObject body, Row current) {
    Input in = Input.of(body);
    String title = current != null && !body.containsKey("title") ? current.getString("title") : in.required("title", MAX_TITLE);
    String html;
    if (current != null && !body.containsKey("bodyHtml")) {
      html = current.getString("body_html");
    } else {
      String raw = in.optional("bodyHtml", KnowledgeHtml.MAX_HTML);
      html = KnowledgeHtml.sanitize(raw == null ? "" : raw);
    }
    String text = KnowledgeHtml.text(html);
    if (text.isEmpty()) {
      throw HotlineException.invalidAt("bodyHtml", "knowledge.emptyBody");
    }
    Category category = current != null && !body.containsKey("category")
        ? Input.parseEnum("category", current.getString("category"), Category.class)
        : in.requiredEnum("category", Category.class);
    Long unitId = current != null && !body.containsKey("unitId") ? current.getLong("unit_id") : in.optionalId("unitId");
    LocalDate from = current != null && !body.containsKey("effectiveFrom") ? current.getLocalDate("effective_from")
        : dateField(in, "effectiveFrom");
    LocalDate until = current != null && !body.containsKey("expiresOn") ? current.getLocalDate("expires_on")
        : dateField(in, "expiresOn");
    if (from != null && until != null && !until.isAfter(from)) {
      throw HotlineException.invalidAt("expiresOn", "knowledge.expiryBeforeStart");
    }
    return new Content(title, html, text, category, unitId, from, until);
  }

  /** {@link #content} on a worker: the sanitiser reads the whole body. */
  private Future<Content> sanitized(JsonObject body, Row current) {
    return vertx.executeBlocking(() -> content(body, current), false);
  }

  private static LocalDate dateField(Input in, String field) {
    String v = in.optional(field, 10);
    if (v == null) {
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw HotlineException.wrongType(field, "date");
    }
  }

  /** {@code POST /api/knowledge/articles}: a new draft. */
  public Future<JsonObject> create(Principal p, JsonObject body) {
    Permission.KNOWLEDGE_WRITE.require(p);
    return sanitized(body, null).compose(c -> insert(p, c, Status.DRAFT, "created", null, null));
  }

  /** {@code POST /api/knowledge/submissions}: a unit's policy update, for the responder's own unit, straight into review. */
  public Future<JsonObject> submit(Principal p, JsonObject body) {
    Permission.KNOWLEDGE_SUBMIT.require(p);
    if (p.unitId() == null) {
      return Future.failedFuture(new HotlineException(ErrorCode.FORBIDDEN, "knowledge.noUnit"));
    }
    String note = Input.of(body).optional("note", MAX_NOTE);
    return sanitized(body.copy().put("unitId", p.unitId()), null).compose(c -> {
      if (!UNIT_CATEGORIES.contains(c.category())) {
        return Future.failedFuture(HotlineException.invalidAt("category", "knowledge.unitCategory"));
      }
      return insert(p, c, Status.IN_REVIEW, "submitted", note, null);
    });
  }

  private Future<JsonObject> insert(Principal p, Content c, Status status, String change, String note, Long caseId) {
    Instant now = clock.instant();
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT).execute(Tuple.from(new Object[] {c.title(), c.html(), c.text(),
            Input.id(c.category()), c.unitId(), Input.id(status), c.from(), c.until(), caseId, Times.utc(now), p.userId(),
            p.displayName()}))
        .recover(t -> Future.failedFuture(foreignKey(t)))
        .compose(rows -> {
          long id = rows.iterator().next().getLong("id");
          return tx.preparedQuery(VERSION).execute(Tuple.of(id, change, note, p.userId()))
              .compose(x -> audit.append(tx, p.actor(), "knowledge." + change, caseId, new JsonObject().put("articleId", id)
                  .put("title", c.title()).put("status", Input.id(status))))
              .map(id);
        }))
        .compose(id -> get(p, id));
  }

  private static Throwable foreignKey(Throwable t) {
    if (t instanceof io.vertx.pgclient.PgException e && "23503".equals(e.getSqlState())) {
      return HotlineException.invalidAt("unitId", "knowledge.noSuchUnit");
    }
    return t;
  }

  /** {@code PUT /api/knowledge/articles/{id}}: a new version of what it says; {@code version} (optional) guards against a lost update. */
  public Future<JsonObject> update(Principal p, long id, JsonObject body) {
    Permission.KNOWLEDGE_EDIT.require(p);
    Integer expected = Input.of(body).optionalInt("version", 1, Integer.MAX_VALUE);
    return pool.withTransaction(tx -> lock(tx, id).compose(r -> {
      if (!allowed(p, r.getString("status")).contains("edit")) {
        return Future.failedFuture(refusalFor(p, r.getString("status"), "edit"));
      }
      if (expected != null && expected != r.getInteger("version")) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "knowledge.changedMeanwhile", r.getInteger("version")));
      }
      String note = Input.of(body).optional("note", MAX_NOTE);
      return sanitized(body, r).compose(c -> write(tx, p, r, c, r.getString("status"), "edited", note));
    })).compose(x -> get(p, id));
  }

  private Future<Row> lock(SqlConnection tx, long id) {
    return tx.preparedQuery(LOCK).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(HotlineException.notFound("knowledge_article", id))
        : Future.succeededFuture(rows.iterator().next()));
  }

  private Future<Integer> write(SqlConnection tx, Principal p, Row r, Content c, String status, String change, String note) {
    long id = r.getLong("id");
    return tx.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {id, c.title(), c.html(), c.text(), Input.id(c.category()),
            c.unitId(), status, c.from(), c.until(), Times.utc(clock.instant()), p.displayName()}))
        .recover(t -> Future.failedFuture(foreignKey(t)))
        .compose(rows -> {
          int version = rows.iterator().next().getInteger("version");
          return tx.preparedQuery(VERSION).execute(Tuple.of(id, change, note, p.userId())).map(version);
        });
  }

  private static Content unchanged(Row r) {
    return new Content(r.getString("title"), r.getString("body_html"), r.getString("body_text"),
        Input.parseEnum("category", r.getString("category"), Category.class), r.getLong("unit_id"),
        r.getLocalDate("effective_from"), r.getLocalDate("expires_on"));
  }

  /** Refused: the writers' refusal for a draft, the reviewers' for the rest, else the step does not fit the status. */
  private static HotlineException refusalFor(Principal p, String status, String step) {
    if ("draft".equals(status) && !Permission.KNOWLEDGE_EDIT.allows(p)) {
      return Permission.KNOWLEDGE_EDIT.refusal();
    }
    if (!"draft".equals(status) && !"retired".equals(status) && !Permission.KNOWLEDGE_REVIEW.allows(p)) {
      return Permission.KNOWLEDGE_REVIEW.refusal();
    }
    return new HotlineException(ErrorCode.ILLEGAL_TRANSITION, "knowledge.illegalStep", step, status);
  }

  /** The steps of the workflow: submit, publish, return, retire; each a version and an audit entry. */
  public Future<JsonObject> step(Principal p, long id, String step, JsonObject body) {
    ("submit".equals(step) ? Permission.KNOWLEDGE_EDIT : Permission.KNOWLEDGE_REVIEW).require(p);
    String note = Input.of(body).optional("note", MAX_NOTE);
    String from = switch (step) {
      case "submit" -> "draft";
      case "publish", "return" -> "in_review";
      case "retire" -> "published";
      default -> throw HotlineException.notFound("knowledge_step", step);
    };
    String to = switch (step) {
      case "submit" -> "in_review";
      case "publish" -> "published";
      case "return" -> "draft";
      default -> "retired";
    };
    return pool.withTransaction(tx -> lock(tx, id).compose(r -> {
      String status = r.getString("status");
      if (!allowed(p, status).contains(step)) {
        if (!status.equals(from)) {
          return Future.failedFuture(new HotlineException(ErrorCode.ILLEGAL_TRANSITION, "knowledge.illegalStep", step, status));
        }
        return Future.failedFuture(refusalFor(p, status, step));
      }
      if ("publish".equals(step) && r.getLocalDate("expires_on") != null && !r.getLocalDate("expires_on").isAfter(today())) {
        return Future.failedFuture(HotlineException.invalidAt("expiresOn", "knowledge.publishExpired"));
      }
      if ("return".equals(step) && note == null) {
        return Future.failedFuture(HotlineException.invalidAt("note", "knowledge.returnNeedsNote"));
      }
      return write(tx, p, r, unchanged(r), to, CHANGES.get(step), note)
          .compose(v -> audit.append(tx, p.actor(), "knowledge." + step, null, new JsonObject().put("articleId", id)
              .put("title", r.getString("title")).put("from", status).put("to", to).put("version", v).put("note", note)));
    })).compose(x -> get(p, id));
  }

  // ---- cases ----

  /** {@code POST /api/cases/{id}/articles}: {@code {"articleId", "use": "reference"|"answer"}}: the article a case used. */
  public Future<JsonObject> link(Principal p, long caseId, JsonObject body) {
    Permission.KNOWLEDGE_LINK.require(p);
    Input in = Input.of(body);
    long articleId = in.requiredId("articleId");
    String use = in.optional("use", 20);
    if (use == null) {
      use = "reference";
    } else if (!use.equals("reference") && !use.equals("answer")) {
      throw HotlineException.invalidAt("use", "knowledge.use");
    }
    String u = use;
    return cases.checkReadable(p, caseId)
        .compose(x -> pool.preparedQuery(ARTICLE).execute(Tuple.of(articleId)))
        .compose(rows -> {
          Row r = rows.size() == 0 ? null : rows.iterator().next();
          if (r == null || !readable(p, r)) {
            return Future.failedFuture(HotlineException.notFound("knowledge_article", articleId));
          }
          if (!"published".equals(r.getString("status"))) {
            return Future.failedFuture(HotlineException.invalidAt("articleId", "knowledge.linkUnpublished"));
          }
          return pool.withTransaction(tx -> tx.preparedQuery(LINK).execute(Tuple.from(new Object[] {caseId, articleId,
                  r.getInteger("version"), u, Times.utc(clock.instant()), p.userId(), p.displayName()}))
              .compose(x -> audit.append(tx, p.actor(), "knowledge.link", caseId, new JsonObject().put("articleId", articleId)
                  .put("use", u).put("version", r.getInteger("version")))));
        })
        .compose(x -> caseArticles(p, caseId));
  }

  /** {@code GET /api/cases/{id}/articles}: the articles the case used. */
  public Future<JsonObject> caseArticles(Principal p, long caseId) {
    Permission.KNOWLEDGE_READ.require(p);
    return cases.checkReadable(p, caseId).compose(x -> pool.preparedQuery(CASE_ARTICLES).execute(Tuple.of(caseId))).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row r : rows) {
        items.add(new JsonObject().put("articleId", r.getLong("article_id")).put("title", r.getString("title"))
            .put("status", r.getString("status")).put("category", r.getString("category"))
            .put("version", r.getInteger("version")).put("use", r.getString("use"))
            .put("linkedAt", Times.iso(r.getOffsetDateTime("linked_at"), zone.get()))
            .put("linkedByName", r.getString("linked_by_name")));
      }
      return new JsonObject().put("items", items);
    });
  }

  /**
   * {@code POST /api/cases/{id}/articles/propose}: {@code {"answer", "title"?, "category"?}}: a draft from a handled case's
   * question and the answer the agent picked, for a reviewer to edit and publish.
   */
  public Future<JsonObject> propose(Principal p, long caseId, JsonObject body) {
    Permission.KNOWLEDGE_WRITE.require(p);
    Input in = Input.of(body);
    String answer = in.required("answer", MAX_ANSWER);
    String title = in.optional("title", MAX_TITLE);
    Category category = in.optionalEnum("category", Category.class);
    return cases.get(p, caseId).compose(c -> {
      // A report's text may name its reporter: it never becomes an article every agent reads.
      if ("report".equals(c.getString("kind"))) {
        return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "knowledge.proposeReport"));
      }
      String st = c.getString("status");
      if (!Set.of("handled", "followed_up", "closed").contains(st)) {
        return Future.failedFuture(new HotlineException(ErrorCode.ILLEGAL_TRANSITION, "knowledge.proposeNotHandled", st));
      }
      String question = c.getString("content", "");
      String subject = c.getString("subject");
      String t = title != null ? title : subject != null && !subject.isBlank() ? subject
          : question.codePointCount(0, question.length()) > 40 ? question.substring(0, question.offsetByCodePoints(0, 40)) + "…" : question;
      if (t.length() > MAX_TITLE) {
        t = t.substring(0, MAX_TITLE);
      }
      String html = "<h4>问题</h4>" + KnowledgeHtml.fromText(question) + "<h4>答复</h4>" + KnowledgeHtml.fromText(answer);
      html = KnowledgeHtml.sanitize(html);
      Content content = new Content(t, html, KnowledgeHtml.text(html), category == null ? Category.OTHER : category, null,
          null, null);
      return insert(p, content, Status.DRAFT, "proposed", c.getString("number"), caseId);
    });
  }

  // ---- expiry ----

  /** {@code GET /api/knowledge/expiring}: published articles expiring within {@code days} or reminded for their expiry date. */
  public Future<JsonObject> expiring(Principal p, int days) {
    Permission.KNOWLEDGE_REVIEW.require(p);
    return pool.preparedQuery(EXPIRING).execute(Tuple.of(today(), days)).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row r : rows) {
        items.add(summary(r).put("remindedAt", Times.iso(r.getOffsetDateTime("reminded_at"), zone.get())));
      }
      return new JsonObject().put("items", items).put("days", days);
    });
  }

  /**
   * One reminder sweep: the published articles expiring within {@code days} that nobody was reminded of for their expiry
   * date get one, recorded with their e-mail to the owning unit's first responsible person in the outbox (dedupe key
   * per article and expiry date) in one transaction; rows are claimed with SKIP LOCKED, so nodes sweeping at once
   * never remind twice. Answers how many were reminded.
   */
  public Future<Integer> sweepReminders(int days, int batch) {
    Instant now = clock.instant();
    LocalDate today = today();
    return pool.withTransaction(tx -> tx.preparedQuery(DUE_REMINDERS).execute(Tuple.of(today, days, batch)).compose(rows -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (Row r : rows) {
        chain = chain.compose(n -> remind(tx, r, now, today).map(done -> done ? n + 1 : n));
      }
      return chain;
    }));
  }

  private Future<Boolean> remind(SqlConnection tx, Row r, Instant now, LocalDate today) {
    long id = r.getLong("id");
    LocalDate until = r.getLocalDate("expires_on");
    String email = r.getString("email");
    return tx.preparedQuery(REMINDED).execute(Tuple.of(id, until, Times.utc(now), email)).compose((RowSet<Row> ins) -> {
      if (ins.size() == 0) {
        return Future.succeededFuture(false);
      }
      if (email == null) {
        return Future.succeededFuture(true);
      }
      String title = r.getString("title");
      long left = java.time.temporal.ChronoUnit.DAYS.between(today, until);
      JsonObject payload = new JsonObject().put("subject", "知识库条目即将到期：" + title)
          .put("text", "您好：\n\n贵单位的知识库条目《" + title + "》将于 " + until + " 到期（还有 " + left + " 天）。\n"
              + "到期后坐席将不再查到该条目。如内容仍然有效，请提交更新（单位门户 → 政策更新）；如已失效，无需处理。\n")
          .put("articleId", id).put("expiresOn", until.toString());
      return Outbox.enqueue(tx, new Outbox.Item("email", Outbox.KIND_REMINDER, "knowledge-expiry:" + id + ":" + until, null,
          null, email, r.getString("contact_name"), payload), now).map(true);
    });
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}

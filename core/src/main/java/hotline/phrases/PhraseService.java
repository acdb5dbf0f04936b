package hotline.phrases;

import hotline.audit.AuditLog;
import hotline.cases.CaseKind;
import hotline.cases.CaseService;
import hotline.cases.Channel;
import hotline.errors.HotlineException;
import hotline.search.Highlight;
import hotline.search.TextSearch;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import hotline.validation.Texts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The standard service phrases (标准服务用语): listed and searched for the desk, filled from a case, managed by the
 * supervision office and admins (added, changed, retired, put in order; every change audited, nothing deleted).
 */
public final class PhraseService {

  /** Longest title and text of a phrase; most phrases in a query's answer. */
  public static final int MAX_TITLE = 60;
  public static final int MAX_TEXT = 1000;
  public static final int MAX_ITEMS = 500;

  private static final String COLUMNS = "id, category, kind, channel, title, text, position, retired_at IS NOT NULL AS retired";

  /**
   * $1 kind ($1 null: any; else phrases for any kind or that one), $2 channel (the same), $3 category, $4 with retired,
   * $5 the search terms (null: no search), $6 their keys. In the order of a conversation, then the phrases' own order.
   */
  private static final String LIST = "SELECT " + COLUMNS + " FROM phrases"
      + " WHERE ($1::text IS NULL OR kind IS NULL OR kind = $1)"
      + "   AND ($2::text IS NULL OR channel IS NULL OR channel = $2)"
      + "   AND ($3::text IS NULL OR category = $3)"
      + "   AND ($4 OR retired_at IS NULL)"
      + "   AND ($5::text[] IS NULL OR " + TextSearch.matches("search_text_keys", "search_norm(title || ' ' || text)", "$5", "$6") + ")"
      + " ORDER BY array_position(ARRAY['greeting','verification','apology','explanation','closing'], category),"
      + "   retired_at IS NOT NULL, position, id LIMIT " + MAX_ITEMS;
  private static final String ONE = "SELECT " + COLUMNS + " FROM phrases WHERE id = $1";
  private static final String INSERT = "INSERT INTO phrases (category, kind, channel, title, text, position)"
      + " VALUES ($1, $2, $3, $4, $5, coalesce((SELECT max(position) + 1 FROM phrases WHERE category = $1), 1))"
      + " RETURNING id";
  private static final String UPDATE = "UPDATE phrases SET category = $2, kind = $3, channel = $4, title = $5, text = $6,"
      + " retired_at = CASE WHEN $7 THEN coalesce(retired_at, now()) END, updated_at = now() WHERE id = $1 RETURNING id";
  private static final String MOVE = "UPDATE phrases SET position = $2, updated_at = now() WHERE id = $1 RETURNING category";

  private final Pool pool;
  private final Clock clock;
  private final Supplier<ZoneId> zone;
  private final CaseService cases;
  private final AuditLog audit;

  public PhraseService(Pool pool, Clock clock, Supplier<ZoneId> zone, CaseService cases, AuditLog audit) {
    this.pool = pool;
    this.clock = clock;
    this.zone = zone;
    this.cases = cases;
    this.audit = audit;
  }

  /** What a list is asked for; every field optional. {@code retired} only for who manages phrases. */
  public record Query(String q, CaseKind kind, Channel channel, PhraseCategory category, boolean retired) {
  }

  /**
   * {@code {"items":[{id, category, kind, channel, title, text, position, retired, highlight?}]}}: the phrases as
   * written (placeholders unfilled). With {@code q}, each item has {@code highlight: {title, snippet}}.
   */
  public Future<JsonObject> list(Principal p, Query q) {
    Permission.PHRASES_READ.require(p);
    if (q.retired()) {
      Permission.PHRASES_MANAGE.require(p, null);
    }
    List<String> terms = TextSearch.terms(q.q());
    String[] normalized = terms.isEmpty() ? null : TextSearch.normalized(terms);
    Tuple args = Tuple.of(Input.id(q.kind()), Input.id(q.channel()), Input.id(q.category()), q.retired(), normalized,
        normalized == null ? null : TextSearch.lookupKeys(normalized));
    return pool.preparedQuery(LIST).execute(args).map(rows -> {
      JsonArray items = new JsonArray();
      for (Row r : rows) {
        JsonObject item = json(r);
        if (!terms.isEmpty()) {
          item.put("highlight", new JsonObject().put("title", Highlight.of(r.getString("title"), terms).toJson())
              .put("snippet", Highlight.snippet(r.getString("text"), terms, 80).toJson()));
        }
        items.add(item);
      }
      return new JsonObject().put("items", items);
    });
  }

  /**
   * The phrases for this case's kind and channel (unless the query names others), each {@code text} filled from the case
   * as this caller may see it, with {@code template} as written and {@code missing}: the placeholders the case gives no
   * value for yet (a deadline before any dispatch...), left in the text as written. A case the caller may not read is 404.
   */
  public Future<JsonObject> forCase(Principal p, long caseId, Query q) {
    Permission.PHRASES_READ.require(p);
    return cases.get(p, caseId).compose(view -> {
      CaseKind kind = q.kind() != null ? q.kind() : Input.parseEnum("kind", view.getString("kind"), CaseKind.class);
      Channel channel = q.channel() != null ? q.channel() : Input.parseEnum("channel", view.getString("channel"), Channel.class);
      ZoneId z = zone.get();
      Map<String, String> values = Placeholders.ofCase(p, view, z, LocalDate.now(clock.withZone(z)));
      return list(p, new Query(q.q(), kind, channel, q.category(), false)).map(page -> {
        for (Object o : page.getJsonArray("items")) {
          JsonObject item = (JsonObject) o;
          Placeholders.Filled f = Placeholders.fill(item.getString("text"), values);
          item.put("template", item.getString("text")).put("text", f.text()).put("missing", new JsonArray(f.missing()));
        }
        return page.put("caseId", caseId).put("number", view.getString("number"));
      });
    });
  }

  /** Adds a phrase at the end of its category. Answers it. */
  public Future<JsonObject> create(Principal p, JsonObject body) {
    Permission.PHRASES_MANAGE.require(p, null);
    Fields f = fields(body);
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT)
        .execute(Tuple.of(Input.id(f.category), Input.id(f.kind), Input.id(f.channel), f.title, f.text))
        .compose(rows -> {
          long id = rows.iterator().next().getLong("id");
          return audit.append(tx, p.actor(), "phrase.create", null, new JsonObject().put("phraseId", id).put("title", f.title))
              .compose(v -> one(tx, id));
        }));
  }

  /** Changes a phrase: every field as {@link #create}, and {@code retired} (true retires it, false brings it back). */
  public Future<JsonObject> update(Principal p, long id, JsonObject body) {
    Permission.PHRASES_MANAGE.require(p, null);
    Fields f = fields(body);
    boolean retired = Input.of(body).bool("retired", false);
    return pool.withTransaction(tx -> tx.preparedQuery(UPDATE)
        .execute(Tuple.from(new Object[] {id, Input.id(f.category), Input.id(f.kind), Input.id(f.channel), f.title, f.text, retired}))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(HotlineException.notFound("phrase", id))
            : audit.append(tx, p.actor(), retired ? "phrase.retire" : "phrase.update", null,
                new JsonObject().put("phraseId", id).put("title", f.title)).compose(v -> one(tx, id))));
  }

  /**
   * Puts phrases in this order ({@code ids}, at most {@link #MAX_ITEMS}): each takes its index as its position. Phrases of
   * several categories may be named; each category keeps its own order.
   */
  public Future<JsonObject> order(Principal p, JsonObject body) {
    Permission.PHRASES_MANAGE.require(p, null);
    JsonArray ids = Input.of(body).array("ids", MAX_ITEMS);
    if (ids == null || ids.isEmpty()) {
      throw HotlineException.invalidAt("ids", "required", "ids");
    }
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Object v = ids.getValue(i);
      if (!(v instanceof Number n) || n.longValue() <= 0) {
        throw HotlineException.wrongType("ids", "ids[" + i + "]", "id");
      }
      batch.add(Tuple.of(n.longValue(), i + 1));
    }
    return pool.withTransaction(tx -> tx.preparedQuery(MOVE).executeBatch(batch).compose(rows -> {
      int updated = 0;
      for (var r = rows; r != null; r = r.next()) {
        updated += r.rowCount();
      }
      if (updated != batch.size()) {
        return Future.failedFuture(HotlineException.invalidAt("ids", "phrase.unknownIds"));
      }
      return audit.append(tx, p.actor(), "phrase.order", null, new JsonObject().put("ids", ids))
          .map(v -> new JsonObject().put("ok", true));
    }));
  }

  private record Fields(PhraseCategory category, CaseKind kind, Channel channel, String title, String text) {
  }

  private static Fields fields(JsonObject body) {
    Input in = Input.of(body);
    PhraseCategory category = in.requiredEnum("category", PhraseCategory.class);
    CaseKind kind = in.optionalEnum("kind", CaseKind.class);
    Channel channel = in.optionalEnum("channel", Channel.class);
    String title = in.required("title", MAX_TITLE);
    if (!Texts.oneLine(title)) {
      throw HotlineException.invalidAt("title", "invalidCharacters", "title");
    }
    String text = in.required("text", MAX_TEXT);
    return new Fields(category, kind, channel, title, text);
  }

  private static Future<JsonObject> one(io.vertx.sqlclient.SqlClient client, long id) {
    return client.preparedQuery(ONE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw HotlineException.notFound("phrase", id);
      }
      return json(rows.iterator().next());
    });
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("category", r.getString("category"))
        .put("kind", r.getString("kind")).put("channel", r.getString("channel")).put("title", r.getString("title"))
        .put("text", r.getString("text")).put("position", r.getInteger("position")).put("retired", r.getBoolean("retired"));
  }
}

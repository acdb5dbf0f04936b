package hotline.phrases;

import hotline.audit.AuditLog;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.search.Highlight;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import hotline.validation.Texts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The words agents must not use (服务忌语), each with a better phrasing to suggest, and the check of a text against them:
 * a warning for the agent, never a block. A word is found as search finds a term ({@code search_norm}: full-width as
 * ASCII, case ignored), so 'ＯＫ' in a text is found by the word 'ok'.
 */
public final class ForbiddenWords {

  public static final int MAX_WORD = 30;
  public static final int MAX_HINT = 200;
  /** Longest text checked at once: a record form's texts together. */
  public static final int MAX_TEXT = 20_000;
  public static final int MAX_WORDS = 2_000;
  /** Most different words one check reports; how long a node keeps the list it read. */
  public static final int MAX_FOUND = 50;
  public static final long CACHE_MILLIS = 30_000;

  private static final String LIST = "SELECT id, word, hint FROM forbidden_words ORDER BY id LIMIT " + MAX_WORDS;
  private static final String INSERT = "INSERT INTO forbidden_words (word, hint) SELECT $1, $2"
      + " WHERE (SELECT count(*) FROM forbidden_words) < " + MAX_WORDS + " RETURNING id, word, hint";
  private static final String UPDATE = "UPDATE forbidden_words SET word = $2, hint = $3 WHERE id = $1 RETURNING id, word, hint";
  private static final String DELETE = "DELETE FROM forbidden_words WHERE id = $1 RETURNING word";

  private final Pool pool;
  private final AuditLog audit;

  ForbiddenWords(Pool pool, AuditLog audit) {
    this.pool = pool;
    this.audit = audit;
  }

  /** {@code {"items":[{id, word, hint}]}}. */
  public Future<JsonObject> list(Principal p) {
    Permission.PHRASES_READ.require(p);
    return pool.query(LIST).execute().map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(r -> items.add(json(r)));
      return new JsonObject().put("items", items);
    });
  }

  public Future<JsonObject> create(Principal p, JsonObject body) {
    Permission.PHRASES_MANAGE.require(p, null);
    Input in = Input.of(body);
    String word = word(in);
    String hint = in.optional("hint", MAX_HINT);
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT).execute(Tuple.of(word, hint)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(HotlineException.invalid("tooMany", "words", MAX_WORDS));
      }
      JsonObject created = json(rows.iterator().next());
      return audit.append(tx, p.actor(), "forbidden_word.create", null, created.copy()).map(created);
    })).map(this::changed).recover(ForbiddenWords::taken);
  }

  public Future<JsonObject> update(Principal p, long id, JsonObject body) {
    Permission.PHRASES_MANAGE.require(p, null);
    Input in = Input.of(body);
    String word = word(in);
    String hint = in.optional("hint", MAX_HINT);
    return pool.withTransaction(tx -> tx.preparedQuery(UPDATE).execute(Tuple.of(id, word, hint)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(HotlineException.notFound("forbidden_word", id));
      }
      JsonObject changed = json(rows.iterator().next());
      return audit.append(tx, p.actor(), "forbidden_word.update", null, changed.copy()).map(changed);
    })).map(this::changed).recover(ForbiddenWords::taken);
  }

  public Future<JsonObject> delete(Principal p, long id) {
    Permission.PHRASES_MANAGE.require(p, null);
    return pool.withTransaction(tx -> tx.preparedQuery(DELETE).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(HotlineException.notFound("forbidden_word", id))
        : audit.append(tx, p.actor(), "forbidden_word.delete", null,
            new JsonObject().put("id", id).put("word", rows.iterator().next().getString("word")))
            .map(v -> new JsonObject().put("ok", true)))).map(this::changed);
  }

  /**
   * The forbidden words in a text: {@code {"hits":[{wordId, word, hint, start, end}]}}, every occurrence, in the order
   * of the text; {@code start}/{@code end} are UTF-16 indices of the text as sent (a JavaScript string's), so the page
   * can mark them. Null or blank text has none.
   */
  public Future<JsonObject> check(Principal p, String text) {
    Permission.PHRASES_READ.require(p);
    return hits(text).map(h -> new JsonObject().put("hits", h));
  }

  /**
   * The hits of {@link #check} for whoever files a text (no permission of its own: the filing checks that). Matched in
   * memory against the list as this node last read it (at most {@link #CACHE_MILLIS} ago, at once after a change made
   * here), so a filing costs no query; at most {@link #MAX_FOUND} different words are reported.
   */
  public Future<JsonArray> hits(String text) {
    if (text == null || text.isBlank()) {
      return Future.succeededFuture(new JsonArray());
    }
    if (text.length() > MAX_TEXT) {
      return Future.failedFuture(HotlineException.invalidAt("text", "tooLong", "text", MAX_TEXT));
    }
    if (!Texts.storable(text)) {
      return Future.failedFuture(HotlineException.invalidAt("text", "invalidCharacters", "text"));
    }
    return words().map(list -> {
      String normalized = Highlight.normalize(text);
      List<JsonObject> hits = new ArrayList<>();
      int found = 0;
      for (Word w : list) {
        if (w.norm().isEmpty() || !normalized.contains(w.norm())) {
          continue;
        }
        if (++found > MAX_FOUND) {
          break;
        }
        for (int[] range : Highlight.of(text, List.of(w.word())).hits()) {
          hits.add(new JsonObject().put("wordId", w.id()).put("word", w.word()).put("hint", w.hint())
              .put("start", range[0]).put("end", range[1]));
        }
      }
      hits.sort(java.util.Comparator.<JsonObject>comparingInt(h -> h.getInteger("start"))
          .thenComparing(h -> -h.getInteger("end")));
      return new JsonArray(new ArrayList<>(hits));
    });
  }

  /** A word as matched: its text, its search_norm form, and the hint. */
  private record Word(long id, String word, String norm, String hint) {
  }

  private record Cached(List<Word> words, long at) {
  }

  private volatile Cached cached;

  private Future<List<Word>> words() {
    Cached c = cached;
    if (c != null && System.currentTimeMillis() - c.at() < CACHE_MILLIS) {
      return Future.succeededFuture(c.words());
    }
    return pool.query(LIST).execute().map(rows -> {
      List<Word> list = new ArrayList<>();
      rows.forEach(r -> list.add(new Word(r.getLong("id"), r.getString("word"), Highlight.normalize(r.getString("word")), r.getString("hint"))));
      cached = new Cached(List.copyOf(list), System.currentTimeMillis());
      return list;
    });
  }

  /** The words changed here: read them again at the next check. */
  private <T> T changed(T result) {
    cached = null;
    return result;
  }

  /** One list per database (pool): the check of the API and the filing's warnings share its cache. */
  public static ForbiddenWords of(Pool pool, AuditLog audit) {
    synchronized (SHARED) {
      return SHARED.computeIfAbsent(pool, p -> new ForbiddenWords(p, audit));
    }
  }

  private static final java.util.Map<Pool, ForbiddenWords> SHARED = new java.util.WeakHashMap<>();

  private static String word(Input in) {
    String word = in.required("word", MAX_WORD);
    if (!Texts.oneLine(word) || Highlight.normalize(word).isBlank()) {
      throw HotlineException.invalidAt("word", "invalidCharacters", "word");
    }
    return word;
  }

  private static <T> Future<T> taken(Throwable t) {
    if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "forbiddenWord.exists"));
    }
    return Future.failedFuture(t);
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("word", r.getString("word")).put("hint", r.getString("hint"));
  }
}

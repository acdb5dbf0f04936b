package hotline.audit;

import java.util.function.Supplier;
import java.time.ZoneId;
import hotline.time.Times;
import hotline.db.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Who saw or lent out what, append-only (a trigger refuses updates and deletes). Who may read the log is the access
 * rules' business ({@code AccessService.auditLog}), not this store's.
 */
public final class AuditLog {

  /** Who did it: a user's id (null for the system) and the name written with the entry. */
  public record Actor(Long id, String name) {
  }

  private static final String INSERT =
      "INSERT INTO audit_log (at, actor_id, actor_name, action, case_id, detail) VALUES ($1, $2, $3, $4, $5, $6)";
  private static final String LIST =
      "SELECT id, at, actor_id, actor_name, action, case_id, detail, count(*) OVER () AS total FROM audit_log "
          + "WHERE ($1::bigint IS NULL OR case_id = $1) AND ($2::text IS NULL OR action = $2) "
          + "AND ($3::bigint IS NULL OR actor_id = $3) ORDER BY id DESC LIMIT $4 OFFSET $5";

  private final Pool pool;
  private final Clock clock;
  private final Supplier<ZoneId> zone;

  public AuditLog(Pool pool, Clock clock, Supplier<ZoneId> zone) {
    this.pool = pool;
    this.clock = clock;
    this.zone = zone;
  }

  /** Appends an entry with the given client (a transaction's connection, or the pool). */
  public Future<Void> append(SqlClient client, Actor actor, String action, Long caseId, JsonObject detail) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), actor.id(),
            actor.name(), action, caseId, detail == null ? new JsonObject() : detail))
        .mapEmpty();
  }

  public Future<Void> append(Actor actor, String action, Long caseId, JsonObject detail) {
    return append(pool, actor, action, caseId, detail);
  }

  /** The log, newest first, filtered; whoever asks has been checked by the caller. */
  public Future<JsonObject> list(Long caseId, String action, Long actorId, int page, int size) {
    return pool.preparedQuery(LIST).execute(Tuple.of(caseId, action, actorId, size, (page - 1) * size)).map(rows -> {
      JsonArray items = new JsonArray();
      long total = 0;
      for (Row r : rows) {
        total = r.getLong("total");
        items.add(new JsonObject().put("id", r.getLong("id")).put("at", Times.iso(r.getOffsetDateTime("at"), zone.get()))
            .put("actorId", r.getLong("actor_id")).put("actor", r.getString("actor_name"))
            .put("action", r.getString("action")).put("caseId", r.getLong("case_id"))
            .put("detail", r.getJsonObject("detail")));
      }
      return new JsonObject().put("items", items).put("total", total).put("page", page).put("size", size);
    }).compose(result -> Pages.withTotal(result, page, first -> list(caseId, action, actorId, first, size)));
  }
}

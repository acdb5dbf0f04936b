package hotline.cases;

import hotline.time.Times;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;

/**
 * A case's timeline, append-only: who, when, what, through which channel, from which status to which. This class is
 * the only code that writes {@code case_events}; every write runs inside the caller's transaction, with the change it
 * records.
 */
public final class CaseTimeline {

  /** One entry; {@code actor} signs it ({@link Principal#SYSTEM} for the sweeps). */
  public record Entry(long caseId, Principal actor, Instant at, String action, String channel, CaseStatus from,
      CaseStatus to, String note, JsonObject detail) {
  }

  private static final String INSERT =
      "INSERT INTO case_events (case_id, at, actor_id, actor_name, action, channel, from_status, to_status, note, detail) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

  /**
   * The intake's entry as a clause of the one intake statement ({@link CaseSql#INTAKE}), so filing stays one round
   * trip: {@code e AS (INSERT … SELECT … FROM c)} with the new case's id from the clause {@code c}. Parameters: the
   * time {@code $17}, the actor {@code $18}/{@code $20}, the channel {@code $3}, the detail {@code $21}.
   */
  static final String INTAKE_CLAUSE =
      "e AS (INSERT INTO case_events (case_id, at, actor_id, actor_name, action, channel, from_status, to_status, detail) "
          + "  SELECT id, $17, $18, $20, 'intake', $3, NULL, 'received', $21 FROM c) ";

  private CaseTimeline() {
  }

  /** Appends one entry with the caller's transaction. */
  public static Future<Void> append(SqlClient tx, Entry e) {
    return tx.preparedQuery(INSERT).execute(tuple(e)).mapEmpty();
  }

  /** Appends several entries in one round trip. */
  public static Future<Void> appendAll(SqlClient tx, List<Entry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(INSERT).executeBatch(entries.stream().map(CaseTimeline::tuple).toList()).mapEmpty();
  }

  private static Tuple tuple(Entry e) {
    Principal p = e.actor();
    return Tuple.from(new Object[] {e.caseId(), Times.utc(e.at()), p.userId(), p.isSystem() ? "system" : p.displayName(),
        e.action(), e.channel(), Input.id(e.from()), Input.id(e.to()), e.note(),
        e.detail() == null ? new JsonObject() : e.detail()});
  }
}

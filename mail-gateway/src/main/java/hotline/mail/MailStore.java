package hotline.mail;

import hotline.time.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;

/** The gateway's place in each folder, and the log of what became of each message. */
final class MailStore {

  /** A folder's cursor: messages with a UID above {@code lastUid} are new, while UIDVALIDITY stays the same. */
  record Cursor(long uidValidity, long lastUid) {
  }

  /** What became of one message. */
  record Logged(String messageKey, String folder, Long uid, String outcome, Long caseId, Long dispatchId, String note) {
  }

  private static final String CURSOR = "SELECT uid_validity, last_uid FROM mail_cursors WHERE folder = $1";
  private static final String SAVE_CURSOR =
      "INSERT INTO mail_cursors (folder, uid_validity, last_uid, updated_at) VALUES ($1, $2, $3, $4) "
          + "ON CONFLICT (folder) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = EXCLUDED.last_uid, "
          + "updated_at = EXCLUDED.updated_at";
  private static final String LOG =
      "INSERT INTO mail_inbound (message_key, folder, uid, outcome, case_id, dispatch_id, note, at) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  private static final String LIST =
      "SELECT l.id, l.message_key, l.folder, l.uid, l.outcome, l.case_id, c.number, l.dispatch_id, l.note, l.at, "
          + "count(*) OVER () AS total FROM mail_inbound l LEFT JOIN cases c ON c.id = l.case_id "
          + "WHERE ($1::text IS NULL OR l.outcome = $1) ORDER BY l.id DESC LIMIT $2 OFFSET $3";

  private final Pool pool;
  private final Clock clock;

  MailStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  Future<Cursor> cursor(String folder) {
    return pool.preparedQuery(CURSOR).execute(Tuple.of(folder)).map(rows -> rows.size() == 0 ? null
        : new Cursor(rows.iterator().next().getLong(0), rows.iterator().next().getLong(1)));
  }

  Future<Void> saveCursor(String folder, Cursor c) {
    return pool.preparedQuery(SAVE_CURSOR).execute(Tuple.of(folder, c.uidValidity(), c.lastUid(), Times.utc(clock.instant())))
        .mapEmpty();
  }

  /** The newest entries first, optionally of one outcome. */
  Future<io.vertx.core.json.JsonObject> list(String outcome, int page, int size, java.time.ZoneId zone) {
    return pool.preparedQuery(LIST).execute(Tuple.of(outcome, size, (page - 1) * size)).map(rows -> {
      io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
      long total = 0;
      for (var r : rows) {
        total = r.getLong("total");
        items.add(new io.vertx.core.json.JsonObject().put("id", r.getLong("id")).put("messageKey", r.getString("message_key"))
            .put("folder", r.getString("folder")).put("uid", r.getLong("uid")).put("outcome", r.getString("outcome"))
            .put("caseId", r.getLong("case_id")).put("number", r.getString("number")).put("dispatchId", r.getLong("dispatch_id"))
            .put("note", r.getString("note")).put("at", Times.iso(r.getOffsetDateTime("at"), zone)));
      }
      return new io.vertx.core.json.JsonObject().put("items", items).put("total", total);
    });
  }

  Future<Void> log(List<Logged> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    var at = Times.utc(clock.instant());
    List<Tuple> batch = entries.stream().map(e -> Tuple.from(new Object[] {e.messageKey(), e.folder(), e.uid(), e.outcome(),
        e.caseId(), e.dispatchId(), e.note() == null ? null : e.note().length() > 2000 ? e.note().substring(0, 2000) : e.note(),
        at})).toList();
    return pool.preparedQuery(LOG).executeBatch(batch).mapEmpty();
  }
}

package hotline.mail;

import hotline.time.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The gateway's place in each folder, the log of what became of each message, and the cases filed before by Message-ID. */
final class MailStore {

  /** A folder's cursor: messages with a UID above {@code lastUid} are new, while UIDVALIDITY stays the same. */
  record Cursor(long uidValidity, long lastUid) {
  }

  /** What became of one message. */
  record Logged(String messageKey, String folder, Long uid, String outcome, Long caseId, Long dispatchId, String note) {
  }

  /**
   * A case a gateway filed before from a message of the same Message-ID: {@code legacy} when it was filed under the
   * message key alone, before the content counted (then {@code filedAt} tells whether the message was there first).
   */
  record Earlier(String number, Instant filedAt, boolean legacy) {
  }

  /**
   * The first case of a Message-ID that a gateway filed (the mail gateway, or the fax gateway a fax-to-mail message went
   * to), other than the message's own: its source reference begins with the id's prefix ($1; $2 sorts after everything
   * that begins so, in byte order: V201's index), or is its message key ($3). $4: the message's own reference.
   */
  private static final String EARLIER =
      "SELECT c.number, c.created_at, c.source_ref = $3 AS legacy FROM cases c "
          + "WHERE c.filed_by IN (SELECT id FROM users WHERE 'gateway' = ANY (roles)) "
          + "AND (c.source_ref = $3 OR (c.source_ref ~>=~ $1 AND c.source_ref ~<~ $2)) AND c.source_ref <> $4 "
          + "ORDER BY c.id LIMIT 1";

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

  /** The first case filed before from another message with this one's Message-ID, or null; none without an id. */
  Future<Earlier> earlier(ParsedMail m) {
    if (m.messageId() == null) {
      return Future.succeededFuture(null);
    }
    String prefix = MessageKeys.prefix(m.messageId());
    // The prefix ends in '#': '$' is the next character, so everything that begins with the prefix sorts below this.
    String past = prefix.substring(0, prefix.length() - 1) + '$';
    return pool.preparedQuery(EARLIER).execute(Tuple.of(prefix, past, m.messageKey(), m.sourceKey())).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new Earlier(r.getString("number"), r.getOffsetDateTime("created_at").toInstant(), r.getBoolean("legacy"));
    });
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

package hotline.telephony;

import hotline.outbox.Outbox;
import hotline.time.Times;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Callback jobs as rows of the core's one queue ({@link Outbox}, channel {@code phone}): rows first, calls second.
 * Due jobs are claimed with {@code FOR UPDATE SKIP LOCKED}, so two nodes never dial the same job; a job a crash left
 * being dialled is due again after a while. A job's attempts are the queue's attempt log, one line per step
 * (answered, busy, key 2…).
 */
final class CallbackJobs {

  static final String CHANNEL = "phone";

  /** A job as the dialer and the IVR see it; {@code attempts}: the number of the attempt under way, or made last. */
  record Job(long id, String kind, long caseId, Long dispatchId, String number, int attempts, int maxAttempts,
      long requestedBy, Outbox.Claimed row) {
  }

  /** A case's jobs as the API shows them, with the statuses callers know (dialing, done). */
  private static final String FOR_CASE =
      "SELECT o.id, o.kind, o.recipient, o.status, o.attempts, o.payload, o.next_attempt_at, o.last_error, o.created_at, "
          + "(SELECT coalesce(a.data->>'digit', substring(a.outcome from 5)) FROM outbox_attempts a "
          + "  WHERE a.outbox_id = o.id AND a.outcome LIKE 'key %' ORDER BY a.id DESC LIMIT 1) AS digit, "
          + "coalesce((SELECT jsonb_agg(jsonb_build_object('attempt', a.attempt, 'at', a.at, 'outcome', a.outcome) ORDER BY a.id) "
          + "FROM outbox_attempts a WHERE a.outbox_id = o.id), '[]'::jsonb) AS attempt_log "
          + "FROM outbox o WHERE o.case_id = $1 AND o.channel = 'phone' ORDER BY o.id";

  private final Outbox outbox;
  private final Pool pool;
  private final Supplier<ZoneId> zone;

  CallbackJobs(Outbox outbox, Pool pool, Supplier<ZoneId> zone) {
    this.outbox = outbox;
    this.pool = pool;
    this.zone = zone;
  }

  /** A new job, due at once; answers its id. */
  Future<Long> create(String kind, long caseId, Long dispatchId, String number, int maxAttempts, long requestedBy) {
    return outbox.add(new Outbox.Item(CHANNEL, kind + "_call", "callback:" + UUID.randomUUID(), caseId, dispatchId, number, null,
        new JsonObject().put("maxAttempts", maxAttempts).put("requestedBy", requestedBy)));
  }

  /** Takes back what a crashed node left being dialled past {@code staleAfter}, then claims what is due. */
  Future<List<Job>> claimDue(Duration staleAfter, int limit) {
    return outbox.claimDue(CHANNEL, staleAfter, limit).map(rows -> rows.stream().map(CallbackJobs::job).toList());
  }

  /** The job, or null (no such job, or not a callback). */
  Future<Job> job(long id) {
    return outbox.row(id).map(row -> row == null || !CHANNEL.equals(row.channel()) ? null : job(row));
  }

  /** A step of the attempt under way, logged: the call answered, before the callee's key. */
  Future<Void> attempt(Job job, String outcome, JsonObject detail) {
    return outbox.note(job.id(), job.attempts(), new Outbox.Attempt(outcome, detail));
  }

  /**
   * The attempt under way came to nothing ({@code outcome}: busy, no_answer, failed, no_input, invalid_key): due again
   * after the spacing, or given up once the job's attempts are used. Answers whether it was given up.
   */
  Future<Boolean> retryOrFail(Job job, String outcome, JsonObject detail, Duration spacing) {
    return outbox.failed(Principal.SYSTEM, job.row(), outcome, false, new Outbox.Retry(job.maxAttempts(), spacing, spacing),
        new Outbox.Attempt(outcome, detail));
  }

  /** The callee answered with a key: the job is done. */
  Future<Void> done(Job job, String digit, JsonObject detail) {
    return outbox.sent(Principal.SYSTEM, job.row(), null, new JsonObject().put("digit", digit),
        new Outbox.Attempt("key " + digit, detail.copy().put("digit", digit)));
  }

  Future<JsonArray> forCase(long caseId) {
    return pool.preparedQuery(FOR_CASE).execute(Tuple.of(caseId)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        String status = r.getString("status");
        JsonObject payload = (JsonObject) r.getJson("payload");
        boolean dialing = "sending".equals(status);
        out.add(new JsonObject().put("id", r.getLong("id")).put("kind", kindOf(r.getString("kind")))
            .put("number", r.getString("recipient"))
            .put("status", dialing ? "dialing" : "sent".equals(status) ? "done" : status)
            .put("attempts", r.getInteger("attempts") + (dialing ? 1 : 0))
            .put("maxAttempts", payload.getInteger("maxAttempts"))
            .put("nextAttemptAt", Times.iso(r.getOffsetDateTime("next_attempt_at"), zone.get()))
            .put("result", "sent".equals(status) ? r.getString("digit") : r.getString("last_error"))
            .put("createdAt", Times.iso(r.getOffsetDateTime("created_at"), zone.get()))
            .put("attemptLog", r.getJsonArray("attempt_log")));
      }
      return out;
    });
  }

  private static String kindOf(String queueKind) {
    return queueKind.endsWith("_call") ? queueKind.substring(0, queueKind.length() - "_call".length()) : queueKind;
  }

  private static Job job(Outbox.Claimed row) {
    JsonObject payload = row.payload() == null ? new JsonObject() : row.payload();
    // The queue counts an attempt when it is settled; a job counts the one under way.
    int number = row.attempts() + ("sending".equals(row.status()) ? 1 : 0);
    return new Job(row.id(), kindOf(row.kind()), row.caseId(), row.dispatchId(), row.recipient(), number,
        payload.getInteger("maxAttempts", 1), payload.getLong("requestedBy", 0L), row);
  }
}

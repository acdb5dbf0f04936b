package hotline.telephony;

import hotline.time.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Callback jobs: rows first, calls second. Due jobs are claimed with {@code FOR UPDATE SKIP LOCKED}, so two nodes
 * never dial the same job; a job left "dialing" by a crash goes back to pending after a while.
 */
final class CallbackJobs {

  record Job(long id, String kind, long caseId, Long dispatchId, String number, int attempts, int maxAttempts,
      long requestedBy) {
  }

  private static final String INSERT =
      "INSERT INTO callback_jobs (kind, case_id, dispatch_id, number, status, max_attempts, next_attempt_at, requested_by) "
          + "VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7) RETURNING id";
  private static final String CLAIM =
      "UPDATE callback_jobs j SET status = 'dialing', attempts = j.attempts + 1, updated_at = $1 FROM ("
          + "SELECT id FROM callback_jobs WHERE status = 'pending' AND next_attempt_at <= $1 "
          + "ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED) due WHERE j.id = due.id "
          + "RETURNING j.id, j.kind, j.case_id, j.dispatch_id, j.number, j.attempts, j.max_attempts, j.requested_by";
  private static final String JOB =
      "SELECT id, kind, case_id, dispatch_id, number, attempts, max_attempts, requested_by FROM callback_jobs WHERE id = $1";
  private static final String ATTEMPT =
      "INSERT INTO callback_attempts (job_id, attempt, at, outcome, detail) VALUES ($1, $2, $3, $4, $5)";
  private static final String RETRY_OR_FAIL =
      "UPDATE callback_jobs SET status = CASE WHEN attempts < max_attempts THEN 'pending' ELSE 'failed' END, "
          + "next_attempt_at = $2, result = $3, updated_at = $4 WHERE id = $1 AND status = 'dialing' RETURNING status";
  private static final String DONE =
      "UPDATE callback_jobs SET status = 'done', result = $2, updated_at = $3 WHERE id = $1 AND status <> 'done'";
  private static final String STALE =
      "UPDATE callback_jobs SET status = 'pending', updated_at = $1 WHERE status = 'dialing' AND updated_at < $2";
  private static final String FOR_CASE =
      "SELECT j.id, j.kind, j.number, j.status, j.attempts, j.max_attempts, j.next_attempt_at, j.result, j.created_at, "
          + "coalesce((SELECT jsonb_agg(jsonb_build_object('attempt', a.attempt, 'at', a.at, 'outcome', a.outcome) ORDER BY a.id) "
          + "FROM callback_attempts a WHERE a.job_id = j.id), '[]'::jsonb) AS attempt_log "
          + "FROM callback_jobs j WHERE j.case_id = $1 ORDER BY j.id";

  private final Pool pool;
  private final Supplier<ZoneId> zone;

  CallbackJobs(Pool pool, Supplier<ZoneId> zone) {
    this.pool = pool;
    this.zone = zone;
  }

  Future<Long> create(String kind, long caseId, Long dispatchId, String number, int maxAttempts, Instant at, long requestedBy) {
    return pool.preparedQuery(INSERT).execute(Tuple.from(new Object[] {kind, caseId, dispatchId, number, maxAttempts,
        Times.utc(at), requestedBy})).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<List<Job>> claimDue(Instant now, int limit) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(Times.utc(now), limit)).map(rows -> {
      List<Job> out = new ArrayList<>();
      rows.forEach(r -> out.add(job(r)));
      return out;
    });
  }

  Future<Job> job(long id) {
    return pool.preparedQuery(JOB).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
  }

  Future<Void> attempt(long jobId, int attempt, Instant at, String outcome, JsonObject detail) {
    return pool.preparedQuery(ATTEMPT).execute(Tuple.of(jobId, attempt, Times.utc(at), outcome, detail == null ? new JsonObject() : detail))
        .mapEmpty();
  }

  /** After a failed attempt: try again after the spacing, or give up once the attempts are used. Answers the new status. */
  Future<String> retryOrFail(long jobId, String outcome, Instant now, Duration spacing) {
    return pool.preparedQuery(RETRY_OR_FAIL).execute(Tuple.of(jobId, Times.utc(now.plus(spacing)), outcome, Times.utc(now)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  Future<Void> done(long jobId, String result, Instant now) {
    return pool.preparedQuery(DONE).execute(Tuple.of(jobId, result, Times.utc(now))).mapEmpty();
  }

  /** Jobs a crashed node left dialing go back to the queue. */
  Future<Integer> releaseStale(Instant now, Duration after) {
    return pool.preparedQuery(STALE).execute(Tuple.of(Times.utc(now), Times.utc(now.minus(after)))).map(rows -> rows.rowCount());
  }

  Future<JsonArray> forCase(long caseId) {
    return pool.preparedQuery(FOR_CASE).execute(Tuple.of(caseId)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject().put("id", r.getLong("id")).put("kind", r.getString("kind")).put("number", r.getString("number"))
            .put("status", r.getString("status")).put("attempts", r.getInteger("attempts"))
            .put("maxAttempts", r.getInteger("max_attempts"))
            .put("nextAttemptAt", Times.iso(r.getOffsetDateTime("next_attempt_at"), zone.get()))
            .put("result", r.getString("result")).put("createdAt", Times.iso(r.getOffsetDateTime("created_at"), zone.get()))
            .put("attemptLog", r.getJsonArray("attempt_log")));
      }
      return out;
    });
  }

  private static Job job(Row r) {
    return new Job(r.getLong("id"), r.getString("kind"), r.getLong("case_id"), r.getLong("dispatch_id"), r.getString("number"),
        r.getInteger("attempts"), r.getInteger("max_attempts"), r.getLong("requested_by"));
  }
}

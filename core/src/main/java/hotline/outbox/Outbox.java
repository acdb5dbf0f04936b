package hotline.outbox;

import hotline.db.Pages;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the centre sends out, written first and sent second: one queue for every channel. A producer writes its row in
 * its own transaction ({@link #enqueue(SqlClient, Item, Instant)}); a gateway claims due rows of its channel with
 * {@code FOR UPDATE SKIP LOCKED}, sends them, and reports each attempt. What a row's sending means to its producer
 * (a dispatch delivered, a dispatch given up) is the producer's {@link Settlement}, run in the same transaction as the
 * row's own update; the queue knows nothing of cases.
 */
public final class Outbox {

  public static final String KIND_DISPATCH = "dispatch";
  public static final String KIND_ACKNOWLEDGEMENT = "acknowledgement";
  /** A reminder (督办提醒) of an open dispatch to its unit: see {@code hotline.supervision.Reminders}. */
  public static final String KIND_REMINDER = "reminder";

  /** Something to send: {@code channel} email or fax; {@code dedupeKey} makes a second enqueue of it a no-op. */
  public record Item(String channel, String kind, String dedupeKey, Long caseId, Long dispatchId, String recipient,
      String recipientName, JsonObject payload) {
  }

  /**
   * A row a worker has claimed; it is the worker's until it reports {@link #sent} or {@link #failed}. {@code attempts}:
   * the attempts finished before this one; {@code status} as the row was read.
   */
  public record Claimed(long id, String channel, String kind, Long caseId, Long dispatchId, String recipient,
      String recipientName, JsonObject payload, int attempts, String externalId, String status) {
  }

  /**
   * What one attempt came to, for its line in the row's attempt log: an outcome word the sender chooses (a call's
   * {@code busy}, {@code answered}, {@code key 2}) and data of its own; both may be null.
   */
  public record Attempt(String outcome, JsonObject data) {

    public static final Attempt NONE = new Attempt(null, null);
  }

  /**
   * What the producer of a kind of row records when the row is settled, inside the transaction that settles it: sent,
   * or given up (after its last attempt, a permanent refusal, or a return after it was sent).
   */
  public interface Settlement {

    Future<Void> sent(SqlConnection tx, Principal actor, Claimed row, JsonObject detail, Instant now);

    /** {@code detail}: {@code attempts} and {@code error}, or {@code bounced} for a return after sending. */
    Future<Void> gaveUp(SqlConnection tx, Principal actor, Claimed row, JsonObject detail, Instant now);
  }

  /** Retries: {@code first} after the first failure, doubling up to {@code max}; given up after {@code maxAttempts}. */
  public record Retry(int maxAttempts, Duration first, Duration max) {

    public Duration after(int failedAttempts) {
      Duration d = first;
      for (int i = 1; i < failedAttempts && d.compareTo(max) < 0; i++) {
        d = d.multipliedBy(2);
      }
      return d.compareTo(max) > 0 ? max : d;
    }
  }

  private static final String INSERT =
      "INSERT INTO outbox (channel, kind, dedupe_key, case_id, dispatch_id, recipient, recipient_name, payload, status, "
          + "next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $9) "
          + "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";
  private static final String CLAIM =
      "UPDATE outbox o SET status = 'sending', claimed_at = $2 FROM (SELECT id FROM outbox WHERE channel = $1 "
          + "AND status = 'pending' AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) due "
          + "WHERE o.id = due.id RETURNING o.*";
  private static final String FIX_EXTERNAL_ID =
      "UPDATE outbox SET external_id = coalesce(external_id, $2) WHERE id = $1 RETURNING external_id";
  private static final String SENT =
      "WITH u AS (UPDATE outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1, external_id = $3, "
          + "claimed_at = NULL, last_error = NULL WHERE id = $1 AND status = 'sending' RETURNING id, dispatch_id, case_id, attempts), "
          + "a AS (INSERT INTO outbox_attempts (outbox_id, at, ok, detail, attempt, outcome, data) "
          + "  SELECT id, $2, true, $4, attempts, $5, $6 FROM u) "
          + "SELECT id, dispatch_id, case_id FROM u";
  private static final String FAILED =
      "WITH u AS (UPDATE outbox SET status = CASE WHEN $5 OR attempts + 1 >= $3 THEN 'failed' ELSE 'pending' END, "
          + "attempts = attempts + 1, last_error = $2, next_attempt_at = $4, claimed_at = NULL "
          + "WHERE id = $1 AND status = 'sending' RETURNING id, status, attempts, dispatch_id, case_id), "
          + "a AS (INSERT INTO outbox_attempts (outbox_id, at, ok, detail, attempt, outcome, data) "
          + "  SELECT id, $6, false, $2, attempts, $7, $8 FROM u) "
          + "SELECT id, status, attempts, dispatch_id, case_id FROM u";
  private static final String RETURNED =
      "WITH u AS (UPDATE outbox SET status = 'failed', last_error = $2 WHERE dedupe_key = $1 AND status = 'sent' "
          + "RETURNING *), "
          + "a AS (INSERT INTO outbox_attempts (outbox_id, at, ok, detail, attempt, outcome) "
          + "  SELECT id, $3, false, $2, attempts, 'returned' FROM u) "
          + "SELECT * FROM u";
  private static final String RELEASE_STALE =
      "UPDATE outbox SET status = 'pending', claimed_at = NULL WHERE channel = $1 AND status = 'sending' AND claimed_at < $2";
  private static final String LIST =
      "SELECT o.id, o.channel, o.kind, o.case_id, c.number, c.kind AS case_kind, o.dispatch_id, o.recipient, o.recipient_name, o.status, "
          + "o.attempts, o.next_attempt_at, o.sent_at, o.external_id, o.last_error, o.created_at, count(*) OVER () AS total "
          + "FROM outbox o LEFT JOIN cases c ON c.id = o.case_id "
          + "WHERE ($1::text IS NULL OR o.status = $1) AND ($2::text IS NULL OR o.channel = $2) AND ($3::bigint IS NULL OR o.case_id = $3) "
          + "ORDER BY o.id DESC LIMIT $4 OFFSET $5";
  private static final String ATTEMPTS =
      "SELECT outbox_id, at, ok, detail FROM outbox_attempts WHERE outbox_id = ANY($1) ORDER BY id";
  private static final String NOTE =
      "INSERT INTO outbox_attempts (outbox_id, at, ok, detail, attempt, outcome, data) VALUES ($1, $2, true, NULL, $3, $4, $5)";
  private static final String ROW = "SELECT * FROM outbox WHERE id = $1";
  private static final String RETRY =
      "UPDATE outbox SET status = 'pending', next_attempt_at = $2 WHERE id = $1 AND status = 'failed' RETURNING id";

  private final Pool pool;
  private final Clock clock;
  private final Supplier<ZoneId> zone;
  private final java.util.Map<String, Settlement> settlements = new java.util.concurrent.ConcurrentHashMap<>();

  public Outbox(Pool pool, Clock clock, Supplier<ZoneId> zone) {
    this.pool = pool;
    this.clock = clock;
    this.zone = zone;
  }

  /** Registers what settling a row of {@code kind} means to its producer (one per kind, at wiring). */
  public void settle(String kind, Settlement settlement) {
    if (settlements.putIfAbsent(kind, settlement) != null) {
      throw new IllegalStateException("outbox kind " + kind + " is settled by someone already");
    }
  }

  /** Enqueues inside the caller's transaction (the dispatch's own), due at once. */
  public static Future<Void> enqueue(SqlClient tx, Item item, Instant now) {
    return tx.preparedQuery(INSERT).execute(insert(item, now)).mapEmpty();
  }

  private static Tuple insert(Item item, Instant now) {
    return Tuple.from(new Object[] {item.channel(), item.kind(), item.dedupeKey(), item.caseId(), item.dispatchId(),
        item.recipient(), item.recipientName(), item.payload() == null ? new JsonObject() : item.payload(), Times.utc(now)});
  }

  /** Enqueues on its own; answers the new row's id, or null when that key was enqueued before. */
  public Future<Long> add(Item item) {
    return pool.preparedQuery(INSERT).execute(insert(item, clock.instant()))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  /** One row as it is now, or null. */
  public Future<Claimed> row(long id) {
    return pool.preparedQuery(ROW).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : claimed(rows.iterator().next()));
  }

  /**
   * A line in a row's attempt log that settles nothing: a step of an attempt under way (a call answered, before the
   * callee's key). {@code attempt}: its number, counting from 1.
   */
  public Future<Void> note(long id, int attempt, Attempt what) {
    return pool.preparedQuery(NOTE).execute(Tuple.of(id, Times.utc(clock.instant()), attempt, what.outcome(), what.data()))
        .mapEmpty();
  }

  /** Enqueues several at once (one round trip); keys enqueued before are skipped. */
  public Future<Void> enqueueAll(List<Item> items) {
    if (items.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    List<Tuple> batch = items.stream().map(item -> insert(item, now)).toList();
    return pool.preparedQuery(INSERT).executeBatch(batch).mapEmpty();
  }

  /** Claims up to {@code limit} due rows of a channel for this worker. */
  public Future<List<Claimed>> claim(String channel, int limit) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(channel, Times.utc(clock.instant()), limit)).map(rows -> {
      List<Claimed> claimed = new ArrayList<>();
      for (Row r : rows) {
        claimed.add(claimed(r));
      }
      return claimed;
    });
  }

  private static Claimed claimed(Row r) {
    return new Claimed(r.getLong("id"), r.getString("channel"), r.getString("kind"), r.getLong("case_id"),
        r.getLong("dispatch_id"), r.getString("recipient"), r.getString("recipient_name"),
        (JsonObject) r.getJson("payload"), r.getInteger("attempts"), r.getString("external_id"), r.getString("status"));
  }

  /**
   * Fixes the row's external id (a mail's Message-ID) before its first attempt; a row that has one keeps it, so a
   * resend after a crash goes out under the same id and the recipient's client can tell it is the same mail.
   */
  public Future<String> fixExternalId(long id, String candidate) {
    return pool.preparedQuery(FIX_EXTERNAL_ID).execute(Tuple.of(id, candidate)).map(rows -> rows.iterator().next().getString(0));
  }

  /** Records a successful attempt, and settles the row with its producer in the same transaction. */
  public Future<Void> sent(Principal actor, Claimed row, String externalId, JsonObject detail) {
    return sent(actor, row, externalId, detail, Attempt.NONE);
  }

  /** As {@link #sent(Principal, Claimed, String, JsonObject)}, with what the attempt came to in the attempt log. */
  public Future<Void> sent(Principal actor, Claimed row, String externalId, JsonObject detail, Attempt what) {
    Instant now = clock.instant();
    return pool.withTransaction(tx -> tx.preparedQuery(SENT)
        .execute(Tuple.from(new Object[] {row.id(), Times.utc(now), externalId, detail.encode(), what.outcome(), what.data()}))
        .compose(rows -> rows.size() == 0 || !settlements.containsKey(row.kind()) ? Future.succeededFuture()
            : settlements.get(row.kind()).sent(tx, actor, row, detail, now)));
  }

  /**
   * Records a failed attempt: due again after the retry policy's delay, or given up ({@code permanent}, or the last
   * attempt). Answers whether the row was given up; a dispatch given up is on the case's timeline.
   */
  public Future<Boolean> failed(Principal actor, Claimed row, String error, boolean permanent, Retry retry) {
    return failed(actor, row, error, permanent, retry, Attempt.NONE);
  }

  /** As {@link #failed(Principal, Claimed, String, boolean, Retry)}, with what the attempt came to in the attempt log. */
  public Future<Boolean> failed(Principal actor, Claimed row, String error, boolean permanent, Retry retry, Attempt what) {
    Instant now = clock.instant();
    String bounded = error == null ? "unknown error" : error.length() > 1000 ? error.substring(0, 1000) : error;
    Instant next = now.plus(retry.after(row.attempts() + 1));
    return pool.withTransaction(tx -> tx.preparedQuery(FAILED)
        .execute(Tuple.from(new Object[] {row.id(), bounded, retry.maxAttempts(), Times.utc(next), permanent, Times.utc(now),
            what.outcome(), what.data()}))
        .compose(rows -> {
          if (rows.size() == 0 || !"failed".equals(rows.iterator().next().getString("status"))) {
            return Future.succeededFuture(false);
          }
          Settlement settlement = settlements.get(row.kind());
          if (settlement == null) {
            return Future.succeededFuture(true);
          }
          JsonObject detail = new JsonObject().put("attempts", rows.iterator().next().getInteger("attempts")).put("error", bounded);
          return settlement.gaveUp(tx, actor, row, detail, now).map(true);
        }));
  }

  /**
   * A row that was sent and came back after all (a mail returned by a later server): given up, with an attempt saying
   * so, and settled with its producer, in the caller's transaction. Answers the row, or null when no sent row has that
   * key (unknown, or returned before: a return read twice is recorded once).
   */
  public Future<Claimed> returned(SqlConnection tx, Principal actor, String dedupeKey, String reason) {
    Instant now = clock.instant();
    String bounded = reason == null ? "returned" : reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    return tx.preparedQuery(RETURNED).execute(Tuple.of(dedupeKey, "bounced: " + bounded, Times.utc(now))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(null);
      }
      Claimed row = claimed(rows.iterator().next());
      Settlement settlement = settlements.get(row.kind());
      return settlement == null ? Future.succeededFuture(row)
          : settlement.gaveUp(tx, actor, row, new JsonObject().put("bounced", bounded), now).map(row);
    });
  }

  /** A worker's round: takes back what a crashed worker left claimed past {@code staleAfter}, then claims what is due. */
  public Future<List<Claimed>> claimDue(String channel, Duration staleAfter, int limit) {
    return releaseStale(channel, staleAfter).compose(x -> claim(channel, limit));
  }

  /** Rows a worker claimed and never reported (it crashed) are due again after {@code after}. */
  public Future<Integer> releaseStale(String channel, Duration after) {
    return pool.preparedQuery(RELEASE_STALE).execute(Tuple.of(channel, Times.utc(clock.instant().minus(after))))
        .map(rows -> rows.rowCount());
  }

  /**
   * {@code GET /api/outbox}: for the supervision office and leaders, with each row's attempts; for admins too (they
   * look after the gateways), but for them a report's acknowledgement or satisfaction call is masked: its recipient is
   * the person who wrote in, the reporter, so recipient, name, error and attempt details (which may quote the address)
   * are left out and the row says {@code "masked": true}. A dispatch goes to a unit and shows.
   */
  public Future<JsonObject> list(Principal p, String status, String channel, Long caseId, int page, int size) {
    if (!Permission.OUTBOX_LIST.allows(p)) {
      return Future.failedFuture(Permission.OUTBOX_LIST.refusal());
    }
    if (status != null && !List.of("pending", "sending", "sent", "failed").contains(status)) {
      return Future.failedFuture(HotlineException.invalid("invalidValue", "status", status));
    }
    if (channel != null && !List.of("email", "fax", "phone").contains(channel)) {
      return Future.failedFuture(HotlineException.invalid("invalidValue", "channel", channel));
    }
    return pool.preparedQuery(LIST).execute(Tuple.of(status, channel, caseId, size, (page - 1) * size)).compose(rows -> {
      JsonArray items = new JsonArray();
      List<Long> ids = new ArrayList<>();
      long total = 0;
      boolean seesReporters = Permission.REPORTER_IDENTITY.allows(p);
      List<Boolean> masked = new ArrayList<>();
      for (Row r : rows) {
        total = r.getLong("total");
        ids.add(r.getLong("id"));
        // What goes to the person who wrote in (an acknowledgement, a satisfaction call); a dispatch goes to a unit.
        boolean toReporter = KIND_ACKNOWLEDGEMENT.equals(r.getString("kind")) || "satisfaction_call".equals(r.getString("kind"));
        boolean mask = !seesReporters && toReporter && "report".equals(r.getString("case_kind"));
        masked.add(mask);
        items.add(new JsonObject().put("id", r.getLong("id")).put("channel", r.getString("channel"))
            .put("kind", r.getString("kind")).put("caseId", r.getLong("case_id")).put("number", r.getString("number"))
            .put("dispatchId", r.getLong("dispatch_id")).put("recipient", r.getString("recipient"))
            .put("recipientName", r.getString("recipient_name")).put("status", r.getString("status"))
            .put("attempts", r.getInteger("attempts"))
            .put("nextAttemptAt", Times.iso(r.getOffsetDateTime("next_attempt_at"), zone.get()))
            .put("sentAt", Times.iso(r.getOffsetDateTime("sent_at"), zone.get())).put("externalId", r.getString("external_id"))
            .put("lastError", r.getString("last_error")).put("createdAt", Times.iso(r.getOffsetDateTime("created_at"), zone.get()))
            .put("attemptLog", new JsonArray()));
        if (mask) {
          items.getJsonObject(items.size() - 1).put("recipient", null).put("recipientName", null).put("lastError", null)
              .put("masked", true);
        }
      }
      JsonObject result = new JsonObject().put("items", items).put("total", total);
      Future<JsonObject> withAttempts = ids.isEmpty() ? Future.succeededFuture(result)
          : pool.preparedQuery(ATTEMPTS).execute(Tuple.of(ids.toArray(Long[]::new))).map(as -> {
            for (Row a : as) {
              int i = ids.indexOf(a.getLong("outbox_id"));
              items.getJsonObject(i).getJsonArray("attemptLog").add(new JsonObject()
                  .put("at", Times.iso(a.getOffsetDateTime("at"), zone.get())).put("ok", a.getBoolean("ok"))
                  .put("detail", masked.get(i) ? null : a.getString("detail")));
            }
            return result;
          });
      return withAttempts.compose(r -> Pages.withTotal(r, page, first -> list(p, status, channel, caseId, first, size)));
    });
  }

  private static final String SUMMARY =
      "SELECT channel, status, count(*) AS n, min(next_attempt_at) FILTER (WHERE status = 'pending') AS next_due, "
          + "min(created_at) FILTER (WHERE status IN ('pending', 'sending')) AS oldest_waiting FROM outbox GROUP BY channel, status";

  /**
   * {@code GET /api/outbox/summary}: the outbox's state for the gateways page: per channel, how many rows are pending,
   * being sent, sent and given up, when the next is due and since when the oldest waits. Counts only, for whoever may
   * list the outbox.
   */
  public Future<JsonObject> summary(Principal p) {
    if (!Permission.OUTBOX_LIST.allows(p)) {
      return Future.failedFuture(Permission.OUTBOX_LIST.refusal());
    }
    return pool.query(SUMMARY).execute().map(rows -> {
      JsonObject channels = new JsonObject();
      for (String channel : List.of("email", "fax", "phone")) {
        channels.put(channel, new JsonObject().put("pending", 0).put("sending", 0).put("sent", 0).put("failed", 0));
      }
      JsonObject total = new JsonObject().put("pending", 0).put("sending", 0).put("sent", 0).put("failed", 0);
      for (Row r : rows) {
        JsonObject c = channels.getJsonObject(r.getString("channel"));
        String status = r.getString("status");
        long n = r.getLong("n");
        c.put(status, n);
        total.put(status, total.getLong(status) + n);
        if (r.getOffsetDateTime("next_due") != null) {
          c.put("nextDueAt", Times.iso(r.getOffsetDateTime("next_due"), zone.get()));
        }
        if (r.getOffsetDateTime("oldest_waiting") != null) {
          String oldest = Times.iso(r.getOffsetDateTime("oldest_waiting"), zone.get());
          String known = c.getString("oldestWaitingSince");
          c.put("oldestWaitingSince", known == null || oldest.compareTo(known) < 0 ? oldest : known);
        }
      }
      return new JsonObject().put("total", total).put("channels", channels);
    });
  }

  /** {@code POST /api/outbox/{id}/retry}: a row given up is due again now, with its attempts kept. */
  public Future<Void> retry(Principal p, long id) {
    if (!Permission.OUTBOX_RETRY.allows(p)) {
      return Future.failedFuture(Permission.OUTBOX_RETRY.refusal());
    }
    return pool.preparedQuery(RETRY).execute(Tuple.of(id, Times.utc(clock.instant()))).compose(rows -> rows.size() > 0
        ? Future.succeededFuture()
        : Future.failedFuture(new HotlineException(ErrorCode.CONFLICT, "outbox.notFailed", id)));
  }
}

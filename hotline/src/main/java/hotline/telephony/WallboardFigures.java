package hotline.telephony;

import hotline.Addresses;
import hotline.bus.Bus;
import hotline.time.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * The wallboard's phone figures ({@link Addresses#TELEPHONY_WALLBOARD}), on every telephony node: today's and this hour's
 * inbound hotline calls from the call log (the calendar's zone), the callbacks waiting to be dialled or being dialled by
 * kind (the outbox's phone rows), and the queues now, asked of the node holding the AMI link
 * ({@link Addresses#TELEPHONY_WALLBOARD_QUEUES}; no answer in time: {@code link: "down"} and no queue figures).
 *
 * <p>Definitions, so that two readers agree: offered, every inbound call that started today; answered, those an agent
 * took; abandoned, those whose caller hung up before an agent answered ({@code disposition = 'abandoned'}); answered
 * within 15 s, answered with at most 15 s of waiting; its share is over the calls offered that are settled (answered, or
 * ended unanswered; a call still waiting unanswered is not counted yet). Average wait over the inbound calls that have
 * a wait, average talk over the answered ones.
 */
final class WallboardFigures {

  /** The node holding the link answers from memory: past this it is as good as down. */
  static final long QUEUES_TIMEOUT_MS = 800;
  static final int ANSWER_SECONDS = 15;

  /** One range scan of today's calls (calls_started); this hour's by a filter of the same rows. */
  static final String CALLS = "SELECT "
      + "count(*) AS offered, "
      + "count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered, "
      + "count(*) FILTER (WHERE disposition = 'abandoned') AS abandoned, "
      + "count(*) FILTER (WHERE answered_at IS NOT NULL AND coalesce(wait_seconds, 0) <= $3) AS fast, "
      + "count(*) FILTER (WHERE answered_at IS NOT NULL OR ended_at IS NOT NULL) AS settled, "
      + "avg(wait_seconds) FILTER (WHERE wait_seconds IS NOT NULL) AS avg_wait, "
      + "avg(talk_seconds) FILTER (WHERE answered_at IS NOT NULL AND talk_seconds IS NOT NULL) AS avg_talk, "
      + "count(*) FILTER (WHERE started_at >= $2) AS h_offered, "
      + "count(*) FILTER (WHERE started_at >= $2 AND answered_at IS NOT NULL) AS h_answered, "
      + "count(*) FILTER (WHERE started_at >= $2 AND disposition = 'abandoned') AS h_abandoned, "
      + "count(*) FILTER (WHERE started_at >= $2 AND answered_at IS NOT NULL AND coalesce(wait_seconds, 0) <= $3) AS h_fast, "
      + "count(*) FILTER (WHERE started_at >= $2 AND (answered_at IS NOT NULL OR ended_at IS NOT NULL)) AS h_settled "
      + "FROM calls WHERE started_at >= $1 AND direction = 'inbound'";
  /** Callback jobs not done yet: waiting ({@code pending}) or being dialled ({@code sending}); two partial indexes. */
  static final String CALLBACKS = "SELECT kind, status, count(*) AS n FROM outbox "
      + "WHERE channel = 'phone' AND status IN ('pending', 'sending') GROUP BY kind, status";

  private final Vertx vertx;
  private final Pool pool;
  private final TelephonySettings settings;
  private final Supplier<ZoneId> zone;
  private final Clock clock;

  WallboardFigures(Vertx vertx, Pool pool, TelephonySettings settings, Supplier<ZoneId> zone, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
    this.zone = zone;
    this.clock = clock;
  }

  Future<JsonObject> figures() {
    Instant now = clock.instant();
    ZoneId z = zone.get();
    Instant dayStart = LocalDate.ofInstant(now, z).atStartOfDay(z).toInstant();
    Instant hourStart = now.atZone(z).truncatedTo(ChronoUnit.HOURS).toInstant();
    Future<JsonObject> calls = pool.preparedQuery(CALLS)
        .execute(Tuple.of(Times.utc(dayStart), Times.utc(hourStart.isBefore(dayStart) ? dayStart : hourStart), ANSWER_SECONDS))
        .map(rows -> calls(rows.iterator().next()));
    Future<JsonObject> callbacks = pool.preparedQuery(CALLBACKS).execute().map(rows -> {
      JsonObject byKind = new JsonObject().put("satisfaction", 0L).put("receipt", 0L);
      long pending = 0;
      long dialing = 0;
      for (Row r : rows) {
        String kind = r.getString("kind").replaceFirst("_call$", "");
        long n = r.getLong("n");
        byKind.put(kind, byKind.getLong(kind, 0L) + n);
        if ("sending".equals(r.getString("status"))) {
          dialing += n;
        } else {
          pending += n;
        }
      }
      return new JsonObject().put("total", pending + dialing).put("pending", pending).put("dialing", dialing).put("byKind", byKind);
    });
    Future<JsonObject> queues = queues();
    return Future.all(calls, callbacks, queues).map(v -> {
      JsonObject q = queues.result();
      String link = q == null ? (settings.enabled() ? "down" : "off") : q.getString("link", "down");
      JsonObject out = new JsonObject().put("link", link);
      if (q != null && "up".equals(link)) {
        for (String key : new String[] {"callsWaiting", "longestWaitSeconds", "oldestWaitingSince", "agents", "pausedByReason"}) {
          out.put(key, q.getValue(key));
        }
      }
      return out.put("calls", calls.result()).put("callbacks", callbacks.result());
    });
  }

  /** The queues from the link's node, or null: telephony off, no node holds the link, or it did not answer in time. */
  private Future<JsonObject> queues() {
    if (!settings.enabled()) {
      return Future.succeededFuture(null);
    }
    return Bus.ask(vertx, Addresses.TELEPHONY_WALLBOARD_QUEUES, new JsonObject(), QUEUES_TIMEOUT_MS, "telephony")
        .recover(t -> Future.succeededFuture(null));
  }

  private static JsonObject calls(Row r) {
    JsonObject today = new JsonObject().put("offered", r.getLong("offered")).put("answered", r.getLong("answered"))
        .put("abandoned", r.getLong("abandoned")).put("answeredWithin15s", r.getLong("fast"))
        .put("answeredWithin15sShare", share(r.getLong("fast"), r.getLong("settled")))
        .put("averageWaitSeconds", seconds(r.getValue("avg_wait"))).put("averageTalkSeconds", seconds(r.getValue("avg_talk")));
    JsonObject hour = new JsonObject().put("offered", r.getLong("h_offered")).put("answered", r.getLong("h_answered"))
        .put("abandoned", r.getLong("h_abandoned")).put("answeredWithin15s", r.getLong("h_fast"))
        .put("answeredWithin15sShare", share(r.getLong("h_fast"), r.getLong("h_settled")));
    return new JsonObject().put("today", today).put("thisHour", hour);
  }

  /** A share 0…1 with three decimals, or null when nothing was settled. */
  private static Double share(long part, long whole) {
    return whole == 0 ? null : Math.round(1000.0 * part / whole) / 1000.0;
  }

  private static Long seconds(Object avg) {
    return avg == null ? null : Math.round(((Number) avg).doubleValue());
  }
}

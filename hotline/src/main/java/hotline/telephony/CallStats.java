package hotline.telephony;

import hotline.errors.HotlineException;
import hotline.stats.Bulletin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The bulletin's telephony section ({@link hotline.Addresses#STATS_CALLS}): inbound calls started in a range, in total
 * and by hour of day in the hotline's zone. Answered: the call was answered ({@code answered_at}); within 15 s: answered
 * after a wait of at most 15 s; not answered: the rest (abandoned in the queue, no answer, busy, failed). Counts and
 * means only, never a number.
 */
final class CallStats {

  /** The longest range asked for: the bulletin's three years, and some. */
  static final Duration MAX_RANGE = Duration.ofDays(3 * 366 + 2);

  private static final String ANSWERED = "k.answered_at IS NOT NULL";
  private static final String FIGURES =
      "SELECT extract(hour FROM k.started_at AT TIME ZONE $3)::int AS hour, GROUPING(extract(hour FROM k.started_at AT TIME ZONE $3)::int) AS g, "
          + "count(*) AS offered, count(*) FILTER (WHERE " + ANSWERED + ") AS answered, "
          + "count(*) FILTER (WHERE " + ANSWERED + " AND coalesce(k.wait_seconds, extract(epoch FROM k.answered_at - k.started_at)) <= 15) "
          + "AS within15, avg(coalesce(k.wait_seconds, extract(epoch FROM k.answered_at - k.started_at))) FILTER (WHERE " + ANSWERED + ") AS wait, "
          + "avg(k.talk_seconds) FILTER (WHERE " + ANSWERED + " AND k.talk_seconds IS NOT NULL) AS talk "
          + "FROM calls k WHERE k.direction = 'inbound' AND k.started_at >= $1 AND k.started_at < $2 "
          + "GROUP BY ROLLUP (extract(hour FROM k.started_at AT TIME ZONE $3)::int)";

  private final Pool pool;

  CallStats(Pool pool) {
    this.pool = pool;
  }

  /** {@code {"from","to","zone"}} → {@code {"totals":{…},"byHour":[24 entries]}}. */
  Future<JsonObject> figures(JsonObject ask) {
    Instant from;
    Instant to;
    ZoneId zone;
    try {
      from = Instant.parse(ask.getString("from", ""));
      to = Instant.parse(ask.getString("to", ""));
      zone = ZoneId.of(ask.getString("zone", "Asia/Shanghai"));
    } catch (DateTimeException | ClassCastException e) {
      return Future.failedFuture(HotlineException.invalid("invalidValue", "range", String.valueOf(ask.getValue("from"))));
    }
    if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      return Future.failedFuture(HotlineException.invalid("invalidValue", "range", from + "/" + to));
    }
    return pool.preparedQuery(FIGURES).execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), zone.getId()))
        .map(rows -> {
          JsonObject[] hours = new JsonObject[24];
          JsonObject totals = row(null);
          for (Row r : rows) {
            if (r.getInteger("g") == 1) {
              totals = row(r);
            } else {
              hours[r.getInteger("hour")] = row(r);
            }
          }
          JsonArray byHour = new JsonArray();
          for (int h = 0; h < 24; h++) {
            byHour.add(new JsonObject().put("hour", h).mergeIn(hours[h] == null ? row(null) : hours[h]));
          }
          return new JsonObject().put("totals", totals).put("byHour", byHour);
        });
  }

  private static JsonObject row(Row r) {
    if (r == null) {
      return Bulletin.callFigures(0, 0, 0, null, null);
    }
    Number wait = (Number) r.getValue("wait");
    Number talk = (Number) r.getValue("talk");
    return Bulletin.callFigures(r.getLong("offered"), r.getLong("answered"), r.getLong("within15"),
        wait == null ? null : wait.doubleValue(), talk == null ? null : talk.doubleValue());
  }
}

package hotline.stats;

import hotline.Addresses;
import hotline.bus.Bus;
import hotline.calendar.WorkingCalendar;
import hotline.supervision.SupervisionBoard;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/**
 * The live wallboard's numbers (实时监控大屏), one read: the phones now and today (asked of telephony over
 * {@link Addresses#TELEPHONY_WALLBOARD}, with a timeout: without telephony, or when it does not answer in time, the board
 * says the phone figures are unavailable and shows the rest), and the cases: filed today by channel and kind, open
 * dispatches due today, overdue ones by unit (the top {@link #TOP_UNITS} and the total), receipts not confirmed within a
 * working day of sending. "Due today", "overdue" and "unconfirmed" are the supervision board's definitions
 * ({@link SupervisionBoard}), counted instead of listed. Every query is a range or partial-index scan of today's or the
 * open rows, so the board costs the same on a million cases as on a hundred.
 *
 * <p>Counts only: nothing on it names a case, a caller or who filed, so a report's reporter has nothing to be masked
 * from; every holder of {@link Permission#STATS_WALLBOARD} gets the same numbers, which is why the live stream computes
 * them once for all viewers.
 */
public final class Wallboard {

  /** Units listed by name under "overdue"; the total counts all of them. */
  public static final int TOP_UNITS = 8;
  /** How long telephony has to answer; past it the phone figures are unavailable for this read. */
  public static final long PHONES_TIMEOUT_MS = 1_500;

  static final String FILED_TODAY =
      "SELECT channel, kind, count(*) AS n FROM cases WHERE received_at >= $1 AND received_at < $2 GROUP BY channel, kind";
  private static final String OPEN_FROM =
      "FROM dispatches d JOIN cases c ON c.id = d.case_id AND c.current_dispatch_id = d.id ";
  static final String DUE_TODAY = "SELECT count(*) AS n " + OPEN_FROM
      + "WHERE d.status = 'open' AND NOT d.overdue AND d.due_at >= $1 AND d.due_at < $2";
  /**
   * Counted on the open dispatches alone: an open dispatch is always its case's current one (a further round supersedes
   * the one before), so the case need not be read for each (that join cost most of this query's time at a million cases).
   */
  static final String OVERDUE_BY_UNIT =
      "SELECT o.unit_id, un.name AS unit_name, o.n, sum(o.n) OVER () AS total, count(*) OVER () AS units "
          + "FROM (SELECT d.unit_id, count(*) AS n FROM dispatches d WHERE d.status = 'open' AND (d.overdue OR d.due_at < $1) "
          + "GROUP BY d.unit_id) o JOIN units un ON un.id = o.unit_id ORDER BY o.n DESC, o.unit_id LIMIT $2";
  static final String UNCONFIRMED = "SELECT count(*) AS n " + OPEN_FROM
      + "WHERE d.status = 'open' AND d.received_at IS NULL AND d.dispatched_at < $1";

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Supplier<WorkingCalendar> calendar;

  public Wallboard(Vertx vertx, Pool pool, Clock clock, Supplier<WorkingCalendar> calendar) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.calendar = calendar;
  }

  /** {@code GET /api/stats/wallboard}. */
  public Future<JsonObject> board(Principal p) {
    if (!Permission.STATS_WALLBOARD.allows(p)) {
      return Future.failedFuture(Permission.STATS_WALLBOARD.refusal());
    }
    return compute();
  }

  /** The numbers, the same for every holder of the permission (the live stream's one computation per tick). */
  public Future<JsonObject> compute() {
    WorkingCalendar cal = calendar.get();
    ZoneId zone = cal.zone();
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, zone);
    Instant dayStart = today.atStartOfDay(zone).toInstant();
    Instant tomorrow = today.plusDays(1).atStartOfDay(zone).toInstant();
    Instant unconfirmedBefore = SupervisionBoard.unconfirmedCutoff(cal, now);
    Future<RowSet<Row>> filed = pool.preparedQuery(FILED_TODAY).execute(Tuple.of(Times.utc(dayStart), Times.utc(tomorrow)));
    Future<RowSet<Row>> due = pool.preparedQuery(DUE_TODAY).execute(Tuple.of(Times.utc(now), Times.utc(tomorrow)));
    Future<RowSet<Row>> overdue = pool.preparedQuery(OVERDUE_BY_UNIT).execute(Tuple.of(Times.utc(now), TOP_UNITS));
    Future<RowSet<Row>> unconfirmed = pool.preparedQuery(UNCONFIRMED).execute(Tuple.of(Times.utc(unconfirmedBefore)));
    Future<JsonObject> phones = phones();
    return Future.all(List.of(filed, due, overdue, unconfirmed, phones)).map(all -> {
      JsonObject byChannel = new JsonObject();
      JsonObject byKind = new JsonObject();
      long total = 0;
      for (Row r : filed.result()) {
        long n = r.getLong("n");
        byChannel.put(r.getString("channel"), byChannel.getLong(r.getString("channel"), 0L) + n);
        byKind.put(r.getString("kind"), byKind.getLong(r.getString("kind"), 0L) + n);
        total += n;
      }
      JsonArray units = new JsonArray();
      long overdueTotal = 0;
      long unitsTotal = 0;
      for (Row r : overdue.result()) {
        overdueTotal = r.getLong("total");
        unitsTotal = r.getLong("units");
        units.add(new JsonObject().put("unitId", r.getLong("unit_id")).put("unitName", r.getString("unit_name"))
            .put("count", r.getLong("n")));
      }
      JsonObject cases = new JsonObject()
          .put("filedToday", new JsonObject().put("total", total).put("byChannel", byChannel).put("byKind", byKind))
          .put("dueToday", count(due.result()))
          .put("overdue", new JsonObject().put("total", overdueTotal).put("unitsTotal", unitsTotal).put("units", units)
              .put("top", TOP_UNITS))
          .put("unconfirmed", count(unconfirmed.result()))
          .put("unconfirmedSentBefore", Times.iso(Times.utc(unconfirmedBefore), zone));
      JsonObject ph = phones.result();
      JsonObject callbacks = ph.getJsonObject("callbacks");
      ph.remove("callbacks");
      return new JsonObject().put("asOf", Times.iso(Times.utc(now), zone)).put("today", today.toString())
          .put("zone", zone.getId()).put("phones", ph)
          .put("cases", cases)
          .put("callbacks", callbacks != null ? callbacks.put("available", true) : new JsonObject().put("available", false));
    });
  }

  /**
   * Telephony's figures, marked {@code available}; without telephony deployed ({@code reason: "absent"}) or when it does
   * not answer in time ({@code "noAnswer"}) only {@code {"available":false,"reason"}}.
   */
  private Future<JsonObject> phones() {
    return Bus.askOr(vertx, Addresses.TELEPHONY_WALLBOARD, new JsonObject(), PHONES_TIMEOUT_MS, "telephony",
            () -> Future.succeededFuture(new JsonObject().put("available", false).put("reason", "absent")))
        .map(j -> j.containsKey("available") ? j : j.put("available", true))
        .recover(t -> Future.succeededFuture(new JsonObject().put("available", false).put("reason", "noAnswer")));
  }

  private static long count(RowSet<Row> rows) {
    for (Row r : rows) {
      return r.getLong("n");
    }
    return 0;
  }
}

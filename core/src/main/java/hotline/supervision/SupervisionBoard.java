package hotline.supervision;

import hotline.calendar.WorkingCalendar;
import hotline.cases.CaseKind;
import hotline.cases.CaseSettings;
import hotline.cases.Channel;
import hotline.cases.Workflow;
import hotline.time.Times;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import io.vertx.core.Future;
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
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The supervision office's boards (督办看板), one read: open dispatches due today; overdue ones with the working days
 * late, grouped by unit with counts; those whose deadline was extended (the new deadline and the cap); those whose
 * receipt is not confirmed within one working day of sending; and cases waiting for a further round (reopened, not yet
 * dispatched again; followed up unsatisfied at the round limit). Selected in SQL against instants the working-day
 * clock gives, each section bounded ({@code limit}, with its {@code total} and {@code truncated}); the working days are
 * counted by the hotline calendar.
 *
 * <p>Nothing on it names who filed a case: numbers, kinds, subjects, units and dates only, so the reporter masking
 * rule has nothing to mask here.
 */
public final class SupervisionBoard {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  private static final String OPEN_DISPATCH =
      "SELECT d.id, d.case_id, c.number, c.kind, c.channel, c.subject, c.status AS case_status, d.round, d.unit_id, "
          + "un.name AS unit_name, d.method, d.dispatched_at, d.working_days, d.due_at, d.received_at, d.overdue, "
          + "count(*) OVER () AS total ";
  private static final String OPEN_FROM =
      "FROM dispatches d JOIN cases c ON c.id = d.case_id AND c.current_dispatch_id = d.id JOIN units un ON un.id = d.unit_id ";
  static final String DUE_TODAY = OPEN_DISPATCH + OPEN_FROM
      + "WHERE d.status = 'open' AND NOT d.overdue AND d.due_at >= $1 AND d.due_at < $2 ORDER BY d.due_at, d.id LIMIT $3";
  static final String OVERDUE = OPEN_DISPATCH + OPEN_FROM
      + "WHERE d.status = 'open' AND (d.overdue OR d.due_at < $1) ORDER BY d.due_at, d.id LIMIT $2";
  static final String OVERDUE_BY_UNIT =
      "SELECT d.unit_id, un.name AS unit_name, count(*) AS n, min(d.due_at) AS earliest " + OPEN_FROM
          + "WHERE d.status = 'open' AND (d.overdue OR d.due_at < $1) GROUP BY d.unit_id, un.name "
          + "ORDER BY count(*) DESC, min(d.due_at), d.unit_id LIMIT $2";
  static final String EXTENDED = OPEN_DISPATCH
      + ", x.at AS extended_at, x.actor_name AS extended_by, x.note AS extension_reason, x.detail AS extension " + OPEN_FROM
      + "JOIN LATERAL (SELECT e.at, e.actor_name, e.note, e.detail FROM case_events e WHERE e.case_id = d.case_id "
      + "  AND e.action = 'extend' AND e.detail->>'dispatchId' = d.id::text ORDER BY e.id DESC LIMIT 1) x ON true "
      + "WHERE d.status = 'open' ORDER BY x.at DESC, d.id LIMIT $1";
  static final String UNCONFIRMED = OPEN_DISPATCH + OPEN_FROM
      + "WHERE d.status = 'open' AND d.received_at IS NULL AND d.dispatched_at < $1 ORDER BY d.dispatched_at, d.id LIMIT $2";
  static final String FURTHER_ROUND =
      "SELECT c.id AS case_id, c.number, c.kind, c.channel, c.subject, c.status AS case_status, c.round, c.reopen_reason, "
          + "c.satisfaction, d.id AS dispatch_id, d.unit_id, un.name AS unit_name, d.due_at, d.feedback_at, "
          + "count(*) OVER () AS total "
          + "FROM cases c LEFT JOIN dispatches d ON d.id = c.current_dispatch_id LEFT JOIN units un ON un.id = d.unit_id "
          + "WHERE c.status = 'reopened' OR (c.status = 'followed_up' AND c.satisfaction = 'unsatisfied') "
          + "ORDER BY c.status DESC, c.id LIMIT $1";

  private final Pool pool;
  private final Clock clock;
  private final Supplier<WorkingCalendar> calendar;
  private final CaseSettings settings;

  public SupervisionBoard(Pool pool, Clock clock, Supplier<WorkingCalendar> calendar, CaseSettings settings) {
    this.pool = pool;
    this.clock = clock;
    this.calendar = calendar;
    this.settings = settings;
  }

  /** {@code GET /api/supervision/board}: every section, each up to {@code limit} rows (1…{@link #MAX_LIMIT}). */
  public Future<JsonObject> board(Principal p, int limit) {
    if (!Permission.SUPERVISION_BOARD.allows(p)) {
      return Future.failedFuture(Permission.SUPERVISION_BOARD.refusal());
    }
    int n = Math.max(1, Math.min(MAX_LIMIT, limit));
    WorkingCalendar cal = calendar.get();
    ZoneId zone = cal.zone();
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, zone);
    Instant tomorrow = today.plusDays(1).atStartOfDay(zone).toInstant();
    Instant unconfirmedBefore = unconfirmedCutoff(cal, now);
    Future<RowSet<Row>> dueToday = pool.preparedQuery(DUE_TODAY).execute(Tuple.of(Times.utc(now), Times.utc(tomorrow), n));
    Future<RowSet<Row>> overdue = pool.preparedQuery(OVERDUE).execute(Tuple.of(Times.utc(now), n));
    Future<RowSet<Row>> byUnit = pool.preparedQuery(OVERDUE_BY_UNIT).execute(Tuple.of(Times.utc(now), MAX_LIMIT));
    Future<RowSet<Row>> extended = pool.preparedQuery(EXTENDED).execute(Tuple.of(n));
    Future<RowSet<Row>> unconfirmed = pool.preparedQuery(UNCONFIRMED).execute(Tuple.of(Times.utc(unconfirmedBefore), n));
    Future<RowSet<Row>> further = pool.preparedQuery(FURTHER_ROUND).execute(Tuple.of(n));
    return Future.all(List.of(dueToday, overdue, byUnit, extended, unconfirmed, further)).map(all -> {
      Ctx c = new Ctx(cal, zone, today, now);
      JsonObject board = new JsonObject().put("generatedAt", Times.iso(Times.utc(now), zone)).put("today", today.toString())
          .put("limit", n).put("maxRounds", Workflow.MAX_ROUNDS).put("extensionCap", settings.extensionCap())
          .put("unconfirmedSentBefore", Times.iso(Times.utc(unconfirmedBefore), zone));
      board.put("dueToday", section(dueToday.result(), n, r -> dispatchItem(r, c)));
      JsonObject late = section(overdue.result(), n, r -> dispatchItem(r, c));
      JsonArray units = new JsonArray();
      Map<Long, JsonObject> unitsById = new LinkedHashMap<>();
      for (Row r : byUnit.result()) {
        LocalDate earliest = r.getOffsetDateTime("earliest").atZoneSameInstant(zone).toLocalDate();
        JsonObject u = new JsonObject().put("unitId", r.getLong("unit_id")).put("unitName", r.getString("unit_name"))
            .put("count", r.getLong("n")).put("maxDaysLate", Math.max(0, -cal.workingDaysLeft(today, earliest)))
            .put("items", new JsonArray());
        units.add(u);
        unitsById.put(r.getLong("unit_id"), u);
      }
      for (Object o : late.getJsonArray("items")) {
        JsonObject item = (JsonObject) o;
        JsonObject u = unitsById.get(item.getLong("unitId"));
        if (u != null) {
          u.getJsonArray("items").add(item);
        }
      }
      board.put("overdue", late.put("units", units));
      board.put("extensions", section(extended.result(), n, r -> {
        JsonObject x = (JsonObject) r.getJson("extension");
        return dispatchItem(r, c).put("extension", new JsonObject()
            .put("at", Times.iso(r.getOffsetDateTime("extended_at"), zone)).put("by", r.getString("extended_by"))
            .put("reason", r.getString("extension_reason")).put("fromWorkingDays", x.getInteger("fromWorkingDays"))
            .put("workingDays", x.getInteger("workingDays")).put("cap", settings.extensionCap())
            .put("atCap", x.getInteger("workingDays", 0) >= settings.extensionCap()));
      }));
      board.put("unconfirmed", section(unconfirmed.result(), n, r -> {
        LocalDate sent = r.getOffsetDateTime("dispatched_at").atZoneSameInstant(zone).toLocalDate();
        return dispatchItem(r, c).put("workingDaysSinceSent", Math.max(0, -cal.workingDaysLeft(today, sent)));
      }));
      board.put("furtherRound", section(further.result(), n, r -> furtherItem(r, c)));
      return board;
    });
  }

  /**
   * Dispatches sent before this instant and still unconfirmed are past "one working day of sending": their first
   * working day after the day of sending ({@link WorkingCalendar#deadline}{@code (sent, 1)}) has ended. That holds for
   * exactly the days before the last working day whose business day is over by now.
   */
  public static Instant unconfirmedCutoff(WorkingCalendar cal, Instant now) {
    ZonedDateTime local = now.atZone(cal.zone());
    LocalDate d = local.toLocalDate();
    if (!(cal.isWorkingDay(d) && local.toLocalTime().isAfter(cal.businessDayEnd()))) {
      d = d.minusDays(1);
      for (int i = 0; i < 400 && !cal.isWorkingDay(d); i++) {
        d = d.minusDays(1);
      }
    }
    return d.atStartOfDay(cal.zone()).toInstant();
  }

  private record Ctx(WorkingCalendar cal, ZoneId zone, LocalDate today, Instant now) {
  }

  private static JsonObject section(RowSet<Row> rows, int limit, java.util.function.Function<Row, JsonObject> item) {
    JsonArray items = new JsonArray();
    long total = 0;
    for (Row r : rows) {
      total = r.getLong("total");
      items.add(item.apply(r));
    }
    return new JsonObject().put("total", total).put("truncated", total > items.size()).put("items", items);
  }

  private JsonObject dispatchItem(Row r, Ctx c) {
    LocalDate due = r.getOffsetDateTime("due_at").atZoneSameInstant(c.zone()).toLocalDate();
    int left = c.cal().workingDaysLeft(c.today(), due);
    boolean late = r.getBoolean("overdue") || r.getOffsetDateTime("due_at").toInstant().isBefore(c.now());
    int round = r.getInteger("round");
    JsonObject item = new JsonObject().put("dispatchId", r.getLong("id")).put("caseId", r.getLong("case_id"))
        .put("number", r.getString("number")).put("kind", r.getString("kind")).put("subject", r.getString("subject"))
        .put("status", r.getString("case_status")).put("round", round).put("unitId", r.getLong("unit_id"))
        .put("unitName", r.getString("unit_name")).put("method", r.getString("method"))
        .put("dispatchedAt", Times.iso(r.getOffsetDateTime("dispatched_at"), c.zone()))
        .put("workingDays", r.getInteger("working_days")).put("dueAt", Times.iso(r.getOffsetDateTime("due_at"), c.zone()))
        .put("receivedAt", Times.iso(r.getOffsetDateTime("received_at"), c.zone())).put("overdue", late)
        .put("workingDaysLeft", left).put("daysLate", late ? Math.max(0, -left) : 0);
    // A further round while the unit still holds it: only for a delay without cause, once overdue.
    return withNextRound(item, round, late ? List.of("overdue") : List.of(), r.getString("kind"), r.getString("channel"), c);
  }

  private JsonObject furtherItem(Row r, Ctx c) {
    int round = r.getInteger("round");
    String status = r.getString("case_status");
    JsonObject item = new JsonObject().put("caseId", r.getLong("case_id")).put("number", r.getString("number"))
        .put("kind", r.getString("kind")).put("subject", r.getString("subject")).put("status", status).put("round", round)
        .put("reopenReason", r.getString("reopen_reason")).put("satisfaction", r.getString("satisfaction"))
        .put("dispatchId", r.getLong("dispatch_id")).put("unitId", r.getLong("unit_id")).put("unitName", r.getString("unit_name"))
        .put("feedbackAt", Times.iso(r.getOffsetDateTime("feedback_at"), c.zone()));
    // Reopened: its reason is recorded, it only needs dispatching. Followed up unsatisfied: at the round limit.
    return withNextRound(item, round, "reopened".equals(status) ? List.of() : List.of("improper", "false_report"),
        r.getString("kind"), r.getString("channel"), c);
  }

  /** The next round's number, whether the limit allows it, the reasons the rules take now and its deadline if sent now. */
  private JsonObject withNextRound(JsonObject item, int round, List<String> reasons, String kind, String channel, Ctx c) {
    boolean allowed = round < Workflow.MAX_ROUNDS;
    item.put("nextRound", allowed ? round + 1 : null).put("roundLimitReached", !allowed)
        .put("reasons", new JsonArray(allowed ? reasons : List.of()));
    if (allowed) {
      int days = settings.workingDaysFor(Input.parseEnum("kind", kind, CaseKind.class), Input.parseEnum("channel", channel, Channel.class));
      item.put("nextWorkingDays", days)
          .put("nextDueAt", Times.iso(c.cal().deadline(c.now(), days).due().toOffsetDateTime(), c.zone()));
    }
    return item;
  }
}

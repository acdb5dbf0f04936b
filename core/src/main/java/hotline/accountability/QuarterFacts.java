package hotline.accountability;

import hotline.calendar.WorkingCalendar;
import hotline.stats.DispatchFacts;
import hotline.time.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a quarter's dispatches and follow-ups say about each unit, by the bulletin's definitions ({@link DispatchFacts}: the
 * same words for the bulletin and the scores; the SQL below selects by the same predicates, and the working days late
 * are DispatchFacts' own count):
 * <ul>
 * <li>a dispatch belongs to the quarter by when it was sent ({@code dispatched_at}, Asia/Shanghai dates);</li>
 * <li>receipt within a working day: received no later than the end of the business day of the first working day after
 * the day of sending ({@link WorkingCalendar#deadline}{@code (dispatched_at, 1)}); late: received after it, or not
 * received when that has passed;</li>
 * <li>due: dispatches whose deadline (extensions included) fell in the quarter (and has passed), or that were handled
 * in it; on time: feedback no later than the deadline; overdue: no feedback by the deadline;</li>
 * <li>working days late: the working days after the deadline's day up to and including the feedback's day; without
 * feedback, up to the sending of the round that replaced it, or today ({@link DispatchFacts#workingDaysLate});</li>
 * <li>second and third round: dispatches of round 2 and 3 sent in the quarter, counted for the unit of that round;</li>
 * <li>follow-ups: satisfaction results recorded in the quarter, for the unit of the round they follow; reached: not
 * {@code not_reached};</li>
 * <li>findings: those against a dispatch sent in the quarter, recorded and not withdrawn by the time the scores are
 * taken.</li>
 * </ul>
 * Counted in SQL per unit; only the dispatches that cost points come back as rows. Nothing here reads who filed a case.
 */
final class QuarterFacts {

  /** One unit's counts. */
  static final class Counts {
    long dispatched;
    long receiptWithinDay;
    long receiptLate;
    long due;
    long onTime;
    long overdue;
    long secondRound;
    long thirdRound;
    long followUps;
    long reached;
    long unsatisfied;
  }

  /** A dispatch, follow-up or finding behind a deduction. */
  record Contribution(String item, long unitId, long caseId, String number, String kind, long dispatchId, int round,
      OffsetDateTime dispatchedAt, OffsetDateTime dueAt, OffsetDateTime receivedAt, OffsetDateTime feedbackAt,
      int daysLate, OffsetDateTime at, Long findingId) {
  }

  record Facts(Map<Long, Counts> counts, List<Contribution> rows, Map<Long, String> names) {
  }

  private static final String DISPATCH_FACTS =
      "WITH cal AS (SELECT * FROM unnest($4::date[], $5::timestamptz[]) AS t(day, receipt_due)), "
          + "f AS (SELECT d.id, d.case_id, d.round, d.unit_id, d.status, d.dispatched_at, d.due_at, d.received_at, d.feedback_at, "
          + "  d.dispatched_at >= $1 AND d.dispatched_at < $2 AS sent_in, "
          + "  coalesce((d.due_at >= $1 AND d.due_at < $2 AND d.due_at < $3) OR (d.feedback_at >= $1 AND d.feedback_at < $2 "
          + "    AND d.feedback_at <= $3), false) AS due_in, cal.receipt_due "
          + "  FROM dispatches d LEFT JOIN cal ON cal.day = (d.dispatched_at AT TIME ZONE $6)::date "
          + "  WHERE ((d.dispatched_at >= $1 AND d.dispatched_at < $2) OR (d.due_at >= $1 AND d.due_at < $2) "
          + "    OR (d.feedback_at >= $1 AND d.feedback_at < $2)) AND d.dispatched_at <= $3 "
          + "    AND ($7::bigint IS NULL OR d.unit_id = $7)), "
          + "g AS (SELECT f.*, "
          + "  f.sent_in AND f.received_at IS NOT NULL AND f.received_at <= $3 AND f.received_at <= f.receipt_due AS receipt_ok, "
          + "  coalesce(f.sent_in AND $3 > f.receipt_due AND (f.received_at IS NULL OR f.received_at > $3 "
          + "    OR f.received_at > f.receipt_due), false) AS receipt_late, "
          + "  f.due_in AND f.feedback_at IS NOT NULL AND f.feedback_at <= $3 AND f.feedback_at <= f.due_at AS on_time, "
          + "  f.due_in AND NOT (f.feedback_at IS NOT NULL AND f.feedback_at <= $3 AND f.feedback_at <= f.due_at) AS late "
          + "  FROM f) ";
  static final String COUNTS = DISPATCH_FACTS
      + "SELECT unit_id, count(*) FILTER (WHERE sent_in) AS dispatched, count(*) FILTER (WHERE receipt_ok) AS receipt_ok, "
      + "count(*) FILTER (WHERE receipt_late) AS receipt_late, count(*) FILTER (WHERE due_in) AS due, "
      + "count(*) FILTER (WHERE on_time) AS on_time, count(*) FILTER (WHERE late) AS late, "
      + "count(*) FILTER (WHERE sent_in AND round = 2) AS second_round, count(*) FILTER (WHERE sent_in AND round = 3) AS third_round "
      + "FROM g GROUP BY unit_id";
  static final String ROWS = DISPATCH_FACTS
      + "SELECT g.id, g.case_id, g.round, g.unit_id, g.dispatched_at, g.due_at, g.received_at, g.feedback_at, g.sent_in, "
      + "g.receipt_late, g.late, c.number, c.kind, " + DispatchFacts.supersededAtSql("g") + " AS superseded_at "
      + "FROM g JOIN cases c ON c.id = g.case_id WHERE g.receipt_late OR g.late OR (g.sent_in AND g.round >= 2) "
      + "ORDER BY g.dispatched_at, g.id";
  private static final String FOLLOW_UPS =
      "WITH fu AS (SELECT e.id, e.at, e.case_id, e.detail->>'satisfaction' AS satisfaction, d.id AS dispatch_id, d.round, "
          + "  d.unit_id, d.dispatched_at, d.due_at, d.received_at, d.feedback_at FROM case_events e "
          + "  JOIN LATERAL (SELECT * FROM dispatches d WHERE d.case_id = e.case_id AND d.dispatched_at <= e.at "
          + "    ORDER BY d.round DESC LIMIT 1) d ON true "
          + "  WHERE e.action = 'follow_up' AND e.at >= $1 AND e.at < $2 AND e.at <= $3 AND ($4::bigint IS NULL OR d.unit_id = $4)) ";
  static final String FOLLOW_UP_COUNTS = FOLLOW_UPS
      + "SELECT unit_id, count(*) AS n, count(*) FILTER (WHERE satisfaction <> 'not_reached') AS reached, "
      + "count(*) FILTER (WHERE satisfaction = 'unsatisfied') AS unsatisfied FROM fu GROUP BY unit_id";
  static final String UNSATISFIED = FOLLOW_UPS
      + "SELECT fu.*, c.number, c.kind FROM fu JOIN cases c ON c.id = fu.case_id WHERE fu.satisfaction = 'unsatisfied' "
      + "ORDER BY fu.at, fu.id";
  static final String FINDINGS =
      "SELECT fi.id, fi.kind AS finding_kind, fi.recorded_at, fi.dispatch_id, fi.case_id, fi.unit_id, fi.round, c.number, c.kind, "
          + "d.dispatched_at, d.due_at, d.received_at, d.feedback_at FROM findings fi "
          + "JOIN dispatches d ON d.id = fi.dispatch_id JOIN cases c ON c.id = fi.case_id "
          + "WHERE d.dispatched_at >= $1 AND d.dispatched_at < $2 AND fi.recorded_at <= $3 "
          + "AND (fi.withdrawn_at IS NULL OR fi.withdrawn_at > $3) AND ($4::bigint IS NULL OR fi.unit_id = $4) ORDER BY fi.id";
  private static final String NAMES = "SELECT id, name FROM units WHERE id = ANY($1)";

  private QuarterFacts() {
  }

  /** The quarter's facts as of {@code asOf}, for every unit or one ({@code unitId}). */
  static Future<Facts> read(Pool pool, WorkingCalendar cal, Quarter q, Instant asOf, Long unitId) {
    ZoneId zone = cal.zone();
    OffsetDateTime from = Times.utc(q.from(zone));
    OffsetDateTime until = Times.utc(q.until(zone));
    OffsetDateTime now = Times.utc(asOf);
    // The end of the first working day after each day a dispatch of the quarter may have been sent on.
    List<LocalDate> days = new ArrayList<>();
    List<OffsetDateTime> receiptDue = new ArrayList<>();
    for (LocalDate d = q.first(); d.isBefore(q.end()); d = d.plusDays(1)) {
      days.add(d);
      receiptDue.add(cal.deadline(d.atStartOfDay(zone).toInstant(), 1).due().toOffsetDateTime());
    }
    Tuple dispatchArgs = Tuple.from(new Object[] {from, until, now, days.toArray(new LocalDate[0]),
        receiptDue.toArray(new OffsetDateTime[0]), zone.getId(), unitId});
    Tuple args = Tuple.of(from, until, now, unitId);
    Future<RowSet<Row>> counts = pool.preparedQuery(COUNTS).execute(dispatchArgs);
    Future<RowSet<Row>> rows = pool.preparedQuery(ROWS).execute(dispatchArgs);
    Future<RowSet<Row>> followUps = pool.preparedQuery(FOLLOW_UP_COUNTS).execute(args);
    Future<RowSet<Row>> unsatisfied = pool.preparedQuery(UNSATISFIED).execute(args);
    Future<RowSet<Row>> findings = pool.preparedQuery(FINDINGS).execute(args);
    return Future.all(counts, rows, followUps, unsatisfied, findings).compose(all -> {
      Map<Long, Counts> byUnit = new HashMap<>();
      for (Row r : counts.result()) {
        Counts c = byUnit.computeIfAbsent(r.getLong("unit_id"), k -> new Counts());
        c.dispatched = r.getLong("dispatched");
        c.receiptWithinDay = r.getLong("receipt_ok");
        c.receiptLate = r.getLong("receipt_late");
        c.due = r.getLong("due");
        c.onTime = r.getLong("on_time");
        c.overdue = r.getLong("late");
        c.secondRound = r.getLong("second_round");
        c.thirdRound = r.getLong("third_round");
      }
      for (Row r : followUps.result()) {
        Counts c = byUnit.computeIfAbsent(r.getLong("unit_id"), k -> new Counts());
        c.followUps = r.getLong("n");
        c.reached = r.getLong("reached");
        c.unsatisfied = r.getLong("unsatisfied");
      }
      // The bulletin's own definitions of a dispatch's times (working days late among them), over the days they span.
      DispatchFacts facts = DispatchFacts.over(cal, q.first().minusMonths(3), LocalDate.ofInstant(asOf, zone));
      List<Contribution> out = new ArrayList<>();
      for (Row r : rows.result()) {
        if (r.getBoolean("receipt_late")) {
          out.add(row("receipt_late", r, 0, null, null));
        }
        if (r.getBoolean("late")) {
          out.add(row("overdue", r, facts.workingDaysLate(times(r, asOf), asOf), null, null));
        }
        if (r.getBoolean("sent_in") && r.getInteger("round") >= 2) {
          out.add(row(r.getInteger("round") == 2 ? "second_round" : "third_round", r, 0, null, null));
        }
      }
      for (Row r : unsatisfied.result()) {
        out.add(new Contribution("unsatisfied", r.getLong("unit_id"), r.getLong("case_id"), r.getString("number"), r.getString("kind"),
            r.getLong("dispatch_id"), r.getInteger("round"), r.getOffsetDateTime("dispatched_at"), r.getOffsetDateTime("due_at"),
            r.getOffsetDateTime("received_at"), r.getOffsetDateTime("feedback_at"), 0, r.getOffsetDateTime("at"), null));
      }
      for (Row r : findings.result()) {
        byUnit.computeIfAbsent(r.getLong("unit_id"), k -> new Counts());
        out.add(row("finding_" + r.getString("finding_kind"), r, 0, r.getOffsetDateTime("recorded_at"), r.getLong("id")));
      }
      List<Long> ids = new ArrayList<>(byUnit.keySet());
      return pool.preparedQuery(NAMES).execute(Tuple.of(ids.toArray(new Long[0]))).map(names -> {
        Map<Long, String> n = new HashMap<>();
        names.forEach(r -> n.put(r.getLong("id"), r.getString("name")));
        return new Facts(byUnit, out, n);
      });
    });
  }

  /** A dispatch's times as they stood at {@code asOf} (what came later had not happened then). */
  private static DispatchFacts.Times times(Row r, Instant asOf) {
    return new DispatchFacts.Times(r.getOffsetDateTime("dispatched_at").toInstant(), until(r.getOffsetDateTime("received_at"), asOf),
        r.getOffsetDateTime("due_at").toInstant(), until(r.getOffsetDateTime("feedback_at"), asOf),
        until(r.getOffsetDateTime("superseded_at"), asOf));
  }

  private static Instant until(OffsetDateTime t, Instant asOf) {
    return t == null || t.toInstant().isAfter(asOf) ? null : t.toInstant();
  }

  private static Contribution row(String item, Row r, int daysLate, OffsetDateTime at, Long findingId) {
    boolean finding = findingId != null;
    return new Contribution(item, r.getLong("unit_id"), r.getLong("case_id"), r.getString("number"), r.getString("kind"),
        finding ? r.getLong("dispatch_id") : r.getLong("id"), r.getInteger("round"), r.getOffsetDateTime("dispatched_at"),
        r.getOffsetDateTime("due_at"), r.getOffsetDateTime("received_at"), r.getOffsetDateTime("feedback_at"), daysLate, at,
        findingId);
  }
}

package hotline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.calendar.WorkingCalendar;
import hotline.db.Database;
import hotline.testing.PgTestSupport;
import hotline.testing.Sql;
import hotline.testing.Waiting;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tiny variant of the data set (2,000 cases): it keeps the schema's rules and the real code's shapes. */
class DataSetGeneratorTest {

  static final Instant NOW = Instant.parse("2026-11-20T06:00:00Z");
  static Vertx vertx;
  static Pool pool;
  static WorkingCalendar calendar;
  static DataSetGenerator.Summary summary;

  @BeforeAll
  static void generate() throws Exception {
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, PgTestSupport.freshDatabase(), 4);
    calendar = WorkingCalendar.load(Path.of("../config/calendar"), ZoneId.of("Asia/Shanghai"), LocalTime.of(17, 30));
    summary = DataSetGenerator.generate(pool, calendar, NOW, 2000);
  }

  @AfterAll
  static void close() throws Exception {
    Waiting.await(pool.close());
    Waiting.await(vertx.close());
  }

  @Test
  void makesTheCasesOverThreeYearsWithNothingAfterNow() throws Exception {
    assertEquals(2000, Sql.count(pool, "SELECT count(*) FROM cases"));
    assertEquals(0, Sql.count(pool, "SELECT count(*) FROM case_events WHERE at > $1", NOW.atOffset(java.time.ZoneOffset.UTC)));
    assertEquals(0, Sql.count(pool, "SELECT count(*) FROM cases WHERE received_at < timestamptz '2023-11-20T00:00:00+08:00'"));
    assertTrue(Sql.count(pool, "SELECT count(*) FROM cases WHERE received_at < timestamptz '2024-01-01T00:00:00+08:00'") > 0);
    long complaints = Sql.count(pool, "SELECT count(*) FROM cases WHERE kind = 'complaint'");
    assertTrue(complaints > 800 && complaints < 1000, "complaints " + complaints);
    long closed = Sql.count(pool, "SELECT count(*) FROM cases WHERE status = 'closed'");
    assertTrue(closed > 1800, "closed " + closed);
    assertTrue(Sql.count(pool, "SELECT count(*) FROM cases WHERE status <> 'closed'") > 0, "some still open");
    assertTrue(Sql.count(pool, "SELECT count(DISTINCT round) FROM dispatches") == 3);
    assertTrue(summary.seconds() < 60, "took " + summary.seconds());
  }

  @Test
  void everyCaseStandsWhereItsTimelineLeftIt() throws Exception {
    assertEquals(0, Sql.count(pool, "SELECT count(*) FROM cases c WHERE c.status IS DISTINCT FROM (SELECT e.to_status FROM case_events e "
        + "WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1)"));
    // The timeline's order (by id) is the order of time.
    assertEquals(0, Sql.count(pool, "SELECT count(*) FROM case_events a JOIN case_events b ON b.case_id = a.case_id AND b.id > a.id "
        + "WHERE b.at < a.at"));
    // Each entry starts where the one before ended (the overdue sweep's and extensions' entries keep the status).
    assertEquals(java.util.List.of(), Sql.rows(pool, "SELECT case_id FROM (SELECT case_id, from_status, lag(to_status) OVER (PARTITION BY case_id ORDER BY id) AS before "
        + "FROM case_events) x WHERE before IS NOT NULL AND from_status IS DISTINCT FROM before LIMIT 3").stream()
        .map(r -> Sql.rows0(pool, "SELECT string_agg(action || ':' || coalesce(from_status, '') || '>' || to_status || '@' || at, ' | ' ORDER BY id) FROM case_events WHERE case_id = $1", r.getLong(0))).toList());
    assertEquals(0, Sql.count(pool, "SELECT count(*) FROM cases c WHERE c.round > 0 AND c.current_dispatch_id IS DISTINCT FROM "
        + "(SELECT d.id FROM dispatches d WHERE d.case_id = c.id AND d.round = c.round)"));
    assertEquals(0, Sql.count(pool, "SELECT count(*) FROM case_events e WHERE e.action = 'extend' AND NOT EXISTS (SELECT 1 FROM dispatches d "
        + "WHERE d.id = (e.detail ->> 'dispatchId')::bigint AND d.case_id = e.case_id)"));
    assertTrue(Sql.count(pool, "SELECT count(*) FROM case_events WHERE action = 'extend'") > 0);
    assertTrue(Sql.count(pool, "SELECT count(*) FROM dispatches WHERE overdue") > 0);
    assertTrue(Sql.count(pool, "SELECT count(*) FROM case_events WHERE action = 'follow_up' AND detail ->> 'satisfaction' = 'unsatisfied'") > 0);
    assertEquals(0, Sql.count(pool, "SELECT count(*) FROM dispatches WHERE feedback_at < received_at"));
  }

  @Test
  void deadlinesAreTheWorkingCalendars() throws Exception {
    int checked = 0;
    for (Row r : Sql.rows(pool, "SELECT dispatched_at, working_days, due_at FROM dispatches ORDER BY id")) {
      Instant due = calendar.deadline(r.getOffsetDateTime(0).toInstant(), r.getInteger(1)).due().toInstant();
      assertEquals(due, r.getOffsetDateTime(2).toInstant(), "dispatched " + r.getOffsetDateTime(0) + ", " + r.getInteger(1) + " days");
      checked++;
    }
    assertTrue(checked > 1000, "dispatches " + checked);
  }

  @Test
  void numbersTakenFromEachYearsSequenceWhichMovedPastThem() throws Exception {
    String max = Sql.rows(pool, "SELECT max(number) FROM cases WHERE number LIKE '2026-%'").get(0).getString(0);
    String next = Sql.rows(pool, "SELECT next_case_number(2026)").get(0).getString(0);
    assertTrue(next.compareTo(max) > 0, next + " after " + max);
    assertEquals(0, Sql.count(pool, "SELECT count(*) FROM cases WHERE number NOT LIKE extract(year FROM received_at AT TIME ZONE "
        + "'Asia/Shanghai')::int || '-%'"));
  }
}

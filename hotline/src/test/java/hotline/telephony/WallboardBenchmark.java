package hotline.telephony;

import static hotline.testing.Waiting.await;

import hotline.Addresses;
import hotline.bus.Bus;
import hotline.calendar.WorkingCalendar;
import hotline.stats.DataSetGenerator;
import hotline.stats.Wallboard;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The wallboard's numbers on the generated data set (1,000,000 cases over three years with their dispatches and about
 * 1.5 calls a case, {@link DataSetGenerator}), kept in a persistent embedded PostgreSQL ({@code -Dhotline.bench.dir},
 * default {@code /tmp/hotline-bench-1m}; made the first time, minutes): the server's work of one
 * {@code GET /api/stats/wallboard} (the core's four case queries and telephony's two over the event bus, as the live
 * stream computes it once a tick), timed 50 times after a warm-up, median and p95; then each query's plan
 * ({@code EXPLAIN (ANALYZE, BUFFERS)}), to show each is driven by an index.
 *
 * <pre>mvn -o -pl hotline -am verify -Dtest=WallboardBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false
 *   [-Dbench.cases=1000000 -Dbench.requests=50 -Dhotline.bench.dir=/tmp/hotline-bench-1m]</pre>
 */
@Tag("benchmark")
class WallboardBenchmark {

  @Test
  void theWallboardsNumbersOnAMillionCases() throws Exception {
    int cases = Integer.getInteger("bench.cases", 1_000_000);
    int requests = Integer.getInteger("bench.requests", 50);
    Path dir = DataSetGenerator.benchDir();
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    WorkingCalendar calendar = WorkingCalendar.load(Path.of("../config/calendar"), zone, LocalTime.of(17, 30));
    try (EmbeddedPostgres pg = DataSetGenerator.persistent(dir, cases, calendar)) {
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = DataSetGenerator.pool(vertx, pg);
        System.out.printf("data set: %s, database %.0f MB on disk%n", dir, DataSetGenerator.databaseSize(pool) / 1e6);
        TelephonySettings off = new TelephonySettings("", 5038, "hotline", "", Set.of("from-pstn"), Set.of("8008064888"),
            Duration.ofSeconds(2), 20_000);
        WallboardFigures figures = new WallboardFigures(vertx, pool, off, () -> zone, Clock.systemUTC());
        await(vertx.eventBus().<JsonObject>consumer(Addresses.TELEPHONY_WALLBOARD, m -> Bus.reply(m, figures::figures))
            .completion());
        Wallboard wallboard = new Wallboard(vertx, pool, Clock.systemUTC(), () -> calendar);
        JsonObject last = null;
        for (int i = 0; i < 10; i++) {
          last = await(wallboard.compute());
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
          long t0 = System.nanoTime();
          last = await(wallboard.compute());
          ms.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ms);
        double median = ms.get(ms.size() / 2);
        double p95 = ms.get((int) Math.ceil(ms.size() * 0.95) - 1);
        System.out.printf("wallboard on %d cases: %d reads, median %.1f ms, p95 %.1f ms, max %.1f ms%n", cases, requests,
            median, p95, ms.get(ms.size() - 1));
        System.out.println("the numbers: " + last.encode());
        Tuplet now = new Tuplet(java.time.Instant.now());
        explain(pool, Wallboard.class, "FILED_TODAY", "EXPLAIN (ANALYZE, BUFFERS) SELECT channel, kind, count(*) AS n FROM cases "
            + "WHERE received_at >= '" + now.dayStart(zone) + "' AND received_at < '" + now.tomorrow(zone) + "' GROUP BY channel, kind");
        explain(pool, Wallboard.class, "DUE_TODAY", "EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) AS n FROM dispatches d "
            + "JOIN cases c ON c.id = d.case_id AND c.current_dispatch_id = d.id WHERE d.status = 'open' AND NOT d.overdue "
            + "AND d.due_at >= now() AND d.due_at < '" + now.tomorrow(zone) + "'");
        explain(pool, Wallboard.class, "OVERDUE_BY_UNIT", "EXPLAIN (ANALYZE, BUFFERS) SELECT d.unit_id, un.name, count(*) AS n, "
            + "sum(count(*)) OVER () AS total, count(*) OVER () AS units FROM dispatches d JOIN cases c ON c.id = d.case_id "
            + "AND c.current_dispatch_id = d.id JOIN units un ON un.id = d.unit_id WHERE d.status = 'open' AND (d.overdue OR "
            + "d.due_at < now()) GROUP BY d.unit_id, un.name ORDER BY count(*) DESC, d.unit_id LIMIT 8");
        explain(pool, Wallboard.class, "UNCONFIRMED", "EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) AS n FROM dispatches d "
            + "JOIN cases c ON c.id = d.case_id AND c.current_dispatch_id = d.id WHERE d.status = 'open' "
            + "AND d.received_at IS NULL AND d.dispatched_at < '" + now.dayStart(zone) + "'");
        explain(pool, WallboardFigures.class, "CALLS", "EXPLAIN (ANALYZE, BUFFERS) " + WallboardFigures.CALLS
            .replace("$1", "'" + now.dayStart(zone) + "'").replace("$2", "date_trunc('hour', now())").replace("$3", "15"));
        explain(pool, WallboardFigures.class, "CALLBACKS", "EXPLAIN (ANALYZE, BUFFERS) " + WallboardFigures.CALLBACKS);
        await(pool.close());
      } finally {
        await(vertx.close());
      }
    }
  }

  /** Today's bounds in the centre's zone, as SQL literals. */
  record Tuplet(java.time.Instant now) {
    String dayStart(ZoneId zone) {
      return java.time.LocalDate.ofInstant(now, zone).atStartOfDay(zone).toOffsetDateTime().toString();
    }

    String tomorrow(ZoneId zone) {
      return java.time.LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toOffsetDateTime().toString();
    }
  }

  static void explain(Pool pool, Class<?> owner, String name, String sql) throws Exception {
    StringBuilder plan = new StringBuilder();
    for (Row r : await(pool.query(sql).execute())) {
      plan.append("  ").append(r.getString(0)).append('\n');
    }
    System.out.printf("plan of %s.%s:%n%s", owner.getSimpleName(), name, plan);
  }
}

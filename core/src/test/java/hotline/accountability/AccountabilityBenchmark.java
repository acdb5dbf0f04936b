package hotline.accountability;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.audit.AuditLog;
import hotline.calendar.WorkingCalendar;
import hotline.stats.DataSetGenerator;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The unit scores of a quarter on the 1,000,000-case data set ({@link DataSetGenerator}, kept in
 * {@code -Dhotline.bench.dir}, default {@code /tmp/hotline-bench-1m}): the last ended quarter's draft scores (every
 * unit, computed from its facts), a unit's drill-down with its cases, and the close that stores them; a warm-up, then the
 * median of 5. Not part of {@code mvn verify}:
 * {@code mvn -o -pl core -am verify -Dtest=AccountabilityBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class AccountabilityBenchmark {

  static final int CASES = Integer.getInteger("bench.cases", 1_000_000);
  static final int RUNS = 5;

  @Test
  void theUnitScoresOfAQuarterOnAMillionCases() throws Exception {
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    WorkingCalendar cal = WorkingCalendar.load(Path.of("../config/calendar"), zone, LocalTime.of(17, 30));
    Path dir = DataSetGenerator.benchDir();
    try (EmbeddedPostgres pg = DataSetGenerator.persistent(dir, CASES, cal)) {
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = DataSetGenerator.pool(vertx, pg);
        Clock clock = Clock.systemUTC();
        Accountability a = new Accountability(pool, clock, () -> cal, new AuditLog(pool, clock, () -> zone), Model.DEFAULTS);
        long leaderId = await(pool.query("SELECT id FROM users WHERE 'leader' = ANY(roles) ORDER BY id LIMIT 1").execute())
            .iterator().next().getLong(0);
        Principal leader = new Principal(leaderId, "bench-leader", "bench-leader", Set.of(Role.LEADER), null);
        Quarter q = Quarter.of(LocalDate.now(zone).minusMonths(3));
        JsonObject first = await(a.quarter(leader, q, null, true));
        JsonArray units = first.getJsonArray("units");
        long deductions = units.stream().map(JsonObject.class::cast).flatMap(u -> u.getJsonArray("items").stream())
            .mapToLong(i -> ((JsonObject) i).getLong("count")).sum();
        System.out.printf("quarter %s: %d units, %d deductions, scores %s … %s%n", q, units.size(), deductions,
            units.getJsonObject(0).getDouble("score"), units.getJsonObject(units.size() - 1).getDouble("score"));
        long unitId = units.getJsonObject(units.size() - 1).getLong("unitId");
        await(a.unit(leader, q, unitId, null, true));
        List<Long> quarterMs = new ArrayList<>();
        List<Long> unitMs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
          long t0 = System.nanoTime();
          await(a.quarter(leader, q, null, true));
          quarterMs.add((System.nanoTime() - t0) / 1_000_000);
          t0 = System.nanoTime();
          JsonObject u = await(a.unit(leader, q, unitId, null, true));
          unitMs.add((System.nanoTime() - t0) / 1_000_000);
          if (i == 0) {
            System.out.printf("unit %d: %d bytes of drill-down%n", unitId, u.encode().length());
          }
        }
        Collections.sort(quarterMs);
        Collections.sort(unitMs);
        System.out.printf("accountability benchmark (%d cases, database %.0f MB): quarter scores median %d ms %s; "
            + "a unit's drill-down median %d ms %s%n", CASES, DataSetGenerator.databaseSize(pool) / 1e6,
            quarterMs.get(RUNS / 2), quarterMs, unitMs.get(RUNS / 2), unitMs);
        // Closing the quarter before (once; a recompute on later runs): every unit's scores and cases stored.
        Quarter before = Quarter.of(q.first().minusMonths(3));
        boolean closed = !await(a.versionList(leader, before)).getJsonArray("items").isEmpty();
        long t0 = System.nanoTime();
        JsonObject stored = await(closed ? a.recompute(leader, before, new JsonObject().put("reason", "benchmark"), true)
            : a.close(leader, before, true));
        System.out.printf("%s %s as version %d in %d ms%n", closed ? "recomputed" : "closed", before, stored.getInteger("version"),
            (System.nanoTime() - t0) / 1_000_000);
        assertTrue(quarterMs.get(RUNS / 2) <= 2000, "the unit scores of a quarter within 2 s: " + quarterMs);
        await(pool.close());
      } finally {
        await(vertx.close());
      }
    }
  }
}

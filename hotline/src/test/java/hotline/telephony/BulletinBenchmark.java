package hotline.telephony;

import hotline.Addresses;
import hotline.bus.Bus;
import hotline.calendar.WorkingCalendar;
import hotline.cases.Categories;
import hotline.stats.Bulletin;
import hotline.stats.DataSetGenerator;
import hotline.stats.Period;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bulletin on the generated data set of 1,000,000 cases (-Dbench.cases), kept in a persistent embedded PostgreSQL
 * (-Dhotline.bench.dir, default /tmp/hotline-bench-1m) and generated only when it is not there yet: the
 * quarterly bulletin (JSON, the telephony section answered by this module from the call log) timed five times after
 * one warm-up, its median printed with the data set's size on disk, and the plans of its queries. Not part of
 * `mvn verify`: {@code mvn -pl hotline -am verify -Dtest=BulletinBenchmark -DexcludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class BulletinBenchmark {

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }

  @Test
  void quarterlyBulletin() throws Exception {
    int cases = Integer.getInteger("bench.cases", 1_000_000);
    WorkingCalendar calendar = WorkingCalendar.load(Path.of("../config/calendar"), ZoneId.of("Asia/Shanghai"), LocalTime.of(17, 30));
    try (EmbeddedPostgres pg = DataSetGenerator.persistent(DataSetGenerator.benchDir(), cases, calendar)) {
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = DataSetGenerator.pool(vertx, pg);
        CallStats calls = new CallStats(pool);
        await(vertx.eventBus().<JsonObject>consumer(Addresses.STATS_CALLS, m -> Bus.reply(m, () -> calls.figures(m.body())))
            .completion());
        Bulletin bulletin = new Bulletin(vertx, pool, Clock.systemUTC(), () -> calendar, Categories.of(Categories.DEFAULTS));
        long size = DataSetGenerator.databaseSize(pool);
        long n = await(pool.query("SELECT count(*) FROM cases").execute()).iterator().next().getLong(0);
        LocalDate today = LocalDate.now(calendar.zone());
        // The last whole quarter, and the one running.
        Period last = Period.parse("quarter", today.minusMonths(3).toString(), null, null, today);
        Period current = Period.parse(null, null, null, null, today);
        for (Period p : List.of(last, current)) {
          explain(pool, p, calendar.zone());
          JsonObject b = await(bulletin.build(p, Locale.SIMPLIFIED_CHINESE));
          List<Long> ms = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            b = await(bulletin.build(p, Locale.SIMPLIFIED_CHINESE));
            ms.add((System.nanoTime() - t0) / 1_000_000);
          }
          List<Long> sorted = new ArrayList<>(ms);
          Collections.sort(sorted);
          System.out.printf("bulletin %s (%s): median %d ms of 5 %s; %d cases received, %d dispatched, %d due, %d follow-ups, "
                  + "%d calls offered (telephony %s); data set %d cases, %.0f MB on disk%n",
              p.label(Locale.ENGLISH), p.kind(), sorted.get(2), ms, b.getJsonObject("volume").getLong("total"),
              b.getJsonObject("handling").getJsonObject("totals").getLong("dispatched"),
              b.getJsonObject("handling").getJsonObject("totals").getLong("due"),
              b.getJsonObject("satisfaction").getJsonObject("totals").getLong("followUps"),
              b.getJsonObject("telephony").getJsonObject("totals", new JsonObject()).getLong("offered", 0L),
              b.getJsonObject("telephony").getBoolean("available"), n, size / 1e6);
          System.out.println("  handling " + b.getJsonObject("handling").getJsonObject("totals").encode());
          System.out.println("  satisfaction " + b.getJsonObject("satisfaction").getJsonObject("totals").encode());
          System.out.println("  repeat " + b.getJsonObject("volume").getJsonObject("repeat").encode());
        }
        intake(vertx, pool, calendar);
        await(pool.close());
      } finally {
        await(vertx.close());
      }
    }
  }

  /**
   * Intake on the 1 M set with and without the one index this branch adds ({@code case_events_follow_up}, partial): the
   * core's own intake (one statement: case, number, timeline entry), 16 at a time, 1,000 cases a run after a warm-up;
   * runs alternate (without, with, without, with) so that the machine's noise falls on both.
   */
  private static void intake(Vertx vertx, Pool pool, WorkingCalendar calendar) throws Exception {
    hotline.calendar.CalendarSource source = new hotline.calendar.CalendarSource(Path.of("../config/calendar"), calendar.zone(),
        calendar.businessDayEnd());
    hotline.Core core = hotline.Core.create(vertx, pool, hotline.config.Config.of(java.util.Map.of()), Clock.systemUTC(), source);
    long agentId = await(pool.query("SELECT id FROM users WHERE username = 'gen-agent-01'").execute()).iterator().next().getLong(0);
    hotline.users.Principal agent = new hotline.users.Principal(agentId, "gen-agent-01", "受理员", java.util.Set.of(hotline.users.Role.AGENT), null);
    String create = "CREATE INDEX IF NOT EXISTS case_events_follow_up ON case_events (at) WHERE action = 'follow_up'";
    run(core, agent, 300, "warm-up");
    java.util.Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      boolean with = i % 2 == 1;
      await(pool.query(with ? create : "DROP INDEX IF EXISTS case_events_follow_up").execute());
      rates.computeIfAbsent(with ? "with" : "without", k -> new ArrayList<>()).add(run(core, agent, 1000, with ? "with index" : "without index"));
    }
    await(pool.query(create).execute());
    double without = rates.get("without").stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double with = rates.get("with").stream().mapToDouble(Double::doubleValue).average().orElse(0);
    System.out.printf("intake on the generated set: %.0f cases/s without the follow-up index, %.0f with (%+.1f %%)%n", without, with,
        (with - without) / without * 100);
  }

  private static double run(hotline.Core core, hotline.users.Principal agent, int total, String label) throws Exception {
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
    long t0 = System.nanoTime();
    Runnable[] one = new Runnable[1];
    one[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= total) {
        return;
      }
      hotline.cases.Intake in = hotline.cases.Intake.of(hotline.cases.CaseKind.COMPLAINT, hotline.cases.Channel.PHONE,
              "基准测试受理 " + label + " " + i)
          .withContact(hotline.cases.Intake.Contact.phones(List.of("139" + String.format("%08d", i))))
          .withCategory("price");
      core.cases().file(agent, in).onComplete(r -> {
        if (r.failed()) {
          done.completeExceptionally(r.cause());
        } else if (finished.incrementAndGet() == total) {
          done.complete(null);
        } else {
          one[0].run();
        }
      });
    };
    for (int c = 0; c < 16; c++) {
      one[0].run();
    }
    done.get(10, TimeUnit.MINUTES);
    double secs = (System.nanoTime() - t0) / 1e9;
    double rate = total / secs;
    System.out.printf("  intake %-14s %5d cases in %5.1f s = %5.0f cases/s%n", label, total, secs, rate);
    return rate;
  }

  /** How long each of the bulletin's statements takes on its own, and the plan's top line. */
  private static void explain(Pool pool, Period p, ZoneId zone) throws Exception {
    Tuple range = Tuple.of(p.start(zone).atOffset(ZoneOffset.UTC), p.end(zone).atOffset(ZoneOffset.UTC));
    String[][] queries = {
        {"volume", hotline.stats.BulletinQueriesAccess.volume()},
        {"responsible", hotline.stats.BulletinQueriesAccess.responsible()},
        {"respondent", hotline.stats.BulletinQueriesAccess.respondent()},
        {"dispatches", hotline.stats.BulletinQueriesAccess.dispatches()},
        {"extensions", hotline.stats.BulletinQueriesAccess.extensions()},
        {"follow-ups", hotline.stats.BulletinQueriesAccess.followUps()},
    };
    for (String[] q : queries) {
      long t0 = System.nanoTime();
      List<String> plan = new ArrayList<>();
      for (Row r : await(pool.preparedQuery("EXPLAIN (ANALYZE, BUFFERS) " + q[1]).execute(range))) {
        plan.add(r.getString(0));
      }
      System.out.printf("  %-12s %5d ms  %s | %s%n", q[0], (System.nanoTime() - t0) / 1_000_000, plan.get(0).strip(),
          plan.stream().filter(l -> l.contains("Scan")).map(String::strip).limit(3).toList());
    }
    long t0 = System.nanoTime();
    await(pool.preparedQuery("EXPLAIN ANALYZE " + hotline.stats.BulletinQueriesAccess.repeat())
        .execute(Tuple.of(range.getValue(0), range.getValue(1), 30)));
    System.out.printf("  %-12s %5d ms%n", "repeat", (System.nanoTime() - t0) / 1_000_000);
  }
}

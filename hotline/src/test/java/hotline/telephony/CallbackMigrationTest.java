package hotline.telephony;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import hotline.Core;
import hotline.calendar.CalendarSource;
import hotline.config.Config;
import hotline.db.Database;
import hotline.testing.MutableClock;
import hotline.testing.PgTestSupport;
import hotline.testing.Sql;
import hotline.users.Principal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A centre that ran the callbacks on their own tables upgrades: its database, at the schema before the callbacks
 * moved onto the core's queue (and with a later module's migration applied before the core's new one), migrates
 * in place; every job, its attempts and its state come across, and the dialer goes on with them.
 */
class CallbackMigrationTest {

  /** The migrations of the release before: the core's, then telephony's with the callbacks' own tables. */
  private static final List<String> BEFORE =
      List.of("V1__case_core.sql", "V2__case_source_ref.sql", "V3__outbox.sql", "V100__telephony.sql", "V101__callbacks.sql");

  @TempDir
  Path previousRelease;

  @Test
  void callbackJobsMoveOntoTheQueueWithTheirAttempts() throws Exception {
    for (String name : BEFORE) {
      try (InputStream in = getClass().getResourceAsStream("/db/migration/" + name)) {
        Files.write(previousRelease.resolve(name), in.readAllBytes());
      }
    }
    PgConnectOptions db = PgTestSupport.emptyDatabase();
    Flyway.configure().dataSource(PgTestSupport.jdbcUrl(db.getDatabase()), "postgres", "postgres")
        .locations("filesystem:" + previousRelease).load().migrate();

    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, db, 4);
      MutableClock clock = new MutableClock(java.time.Instant.now());
      CalendarSource calendar = new CalendarSource(Path.of("../config/calendar"), ZoneId.of("Asia/Shanghai"), LocalTime.of(17, 30));
      Core core = Core.create(vertx, pool, Config.of(Map.of()), clock, calendar);
      // The agent as that release stored it (today's user statements write columns it did not have).
      long agentId = Sql.rows(pool, "INSERT INTO users (username, display_name, password_hash, roles) "
          + "VALUES ('cb-agent', 'cb-agent', 'not a hash', '{agent}') RETURNING id").get(0).getLong("id");
      Principal agent = await(core.users().principal(agentId));
      // A case as that release stored it (today's intake statement writes columns it did not have).
      long caseId = Sql.rows(pool, "INSERT INTO cases (number, kind, channel, status, content, contact_name, contact_phones, "
          + "received_at, owner_id) VALUES ('2026-000001', 'complaint', 'phone', 'handled', '回访迁移', '李四', '{13800138000}', now(), $1) "
          + "RETURNING id", agent.id()).get(0).getLong("id");
      Sql.rows(pool, "INSERT INTO case_events (case_id, at, actor_id, actor_name, action, channel, to_status) "
          + "VALUES ($1, now(), $2, 'cb-agent', 'intake', 'phone', 'received') RETURNING id", caseId, agent.id());

      // Three jobs as the old dialer left them: done after a key, waiting after a busy line, and being dialled.
      long done = insertJob(pool, "satisfaction", caseId, "done", 1, "2", agentId);
      attempt(pool, done, 1, "answered");
      attempt(pool, done, 1, "key 2");
      long waiting = insertJob(pool, "satisfaction", caseId, "pending", 1, "busy", agentId);
      attempt(pool, waiting, 1, "busy");
      long dialing = insertJob(pool, "receipt", caseId, "dialing", 2, "no_answer", agentId);
      attempt(pool, dialing, 1, "no_answer");

      // Every later migration on the classpath (the core's V4 to V7 and on, telephony's V102 and V103), none twice.
      int pending = Flyway.configure().dataSource(PgTestSupport.jdbcUrl(db.getDatabase()), "postgres", "postgres")
          .locations("classpath:db/migration").outOfOrder(true).load().info().pending().length;
      assertTrue(pending >= 6, "the core's V4, V5, V6 and V7 and telephony's V102 and V103 at least: " + pending);
      assertEquals(pending, await(Database.migrate(vertx, db)), "the later ones, after the earlier ones");
      assertEquals(agentId, Sql.rows(pool, "SELECT filed_by FROM cases WHERE id = $1", caseId).get(0).getLong("filed_by"),
          "who filed it, from its intake entry");
      assertNull(Sql.rows(pool, "SELECT to_regclass('callback_jobs')::text AS t").get(0).getString("t"));

      CallbackJobs jobs = new CallbackJobs(core.outbox(), pool, calendar::zone);
      JsonArray all = await(jobs.forCase(caseId));
      assertEquals(3, all.size(), all.encode());
      JsonObject d = all.getJsonObject(0);
      assertEquals("satisfaction", d.getString("kind"));
      assertEquals("done", d.getString("status"));
      assertEquals("2", d.getString("result"));
      assertEquals(1, d.getInteger("attempts"));
      assertEquals(3, d.getInteger("maxAttempts"));
      assertEquals("13800138000", d.getString("number"));
      assertEquals(List.of("answered", "key 2"), outcomes(d));
      JsonObject w = all.getJsonObject(1);
      assertEquals("pending", w.getString("status"));
      assertEquals("busy", w.getString("result"));
      assertEquals(1, w.getInteger("attempts"));
      assertEquals(List.of("busy"), outcomes(w));
      JsonObject g = all.getJsonObject(2);
      assertEquals("receipt", g.getString("kind"));
      assertEquals("dialing", g.getString("status"));
      assertEquals(2, g.getInteger("attempts"), "the attempt under way is the second");

      // The dialer goes on with them: the waiting job is due, and its next attempt is its second.
      List<CallbackJobs.Job> due = await(jobs.claimDue(Duration.ofMinutes(10), 10));
      assertEquals(1, due.size());
      assertEquals(w.getLong("id"), due.get(0).id());
      assertEquals(2, due.get(0).attempts());
      assertEquals(agentId, due.get(0).requestedBy());
    } finally {
      await(vertx.close());
    }
  }

  private static List<String> outcomes(JsonObject job) {
    return job.getJsonArray("attemptLog").stream().map(a -> ((JsonObject) a).getString("outcome")).toList();
  }

  private static long insertJob(Pool pool, String kind, long caseId, String status, int attempts, String result, long by)
      throws Exception {
    return Sql.rows(pool, "INSERT INTO callback_jobs (kind, case_id, number, status, attempts, max_attempts, next_attempt_at, "
        + "result, requested_by) VALUES ($1, $2, '13800138000', $3, $4, 3, now() - interval '1 minute', $5, $6) RETURNING id",
        kind, caseId, status, attempts, result, by).get(0).getLong("id");
  }

  private static void attempt(Pool pool, long jobId, int attempt, String outcome) throws Exception {
    Sql.rows(pool, "INSERT INTO callback_attempts (job_id, attempt, at, outcome) VALUES ($1, $2, now(), $3) RETURNING id",
        jobId, attempt, outcome);
  }
}

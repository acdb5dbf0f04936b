package hotline.telephony;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hotline.Addresses;
import hotline.errors.HotlineException;
import hotline.testing.CoreFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bulletin's telephony section from the call log: known calls, by hour of day in Shanghai. */
class CallStatsTest {

  static CoreFixture fx;

  @BeforeAll
  static void calls() throws Exception {
    fx = CoreFixture.start();
    // 09:xx: answered after 5 s (talk 100), answered after 20 s (talk 200), abandoned after 30 s; 14:xx: answered after
    // 15 s (talk 60); an outbound call and one of the day before: not counted.
    call("a", "inbound", "2026-02-12T09:00+08:00", 5, 100, "answered");
    call("b", "inbound", "2026-02-12T09:30+08:00", 20, 200, "answered");
    call("c", "inbound", "2026-02-12T09:40+08:00", 30, null, "abandoned");
    call("d", "inbound", "2026-02-12T14:10+08:00", 15, 60, "answered");
    call("e", "outbound", "2026-02-12T10:00+08:00", 3, 30, "answered");
    call("f", "inbound", "2026-02-11T23:59+08:00", 3, 30, "answered");
  }

  @AfterAll
  static void close() throws Exception {
    fx.close();
  }

  static void call(String id, String direction, String at, int wait, Integer talk, String disposition) throws Exception {
    OffsetDateTime start = OffsetDateTime.parse(at);
    boolean answered = disposition.equals("answered");
    await(fx.pool.preparedQuery("INSERT INTO calls (linkedid, uniqueid, direction, caller_raw, caller_normalized, started_at, "
            + "answered_at, ended_at, wait_seconds, talk_seconds, disposition) VALUES ($1, $1, $2, '13900001111', '+8613900001111', "
            + "$3, $4, $5, $6, $7, $8)")
        .execute(Tuple.from(new Object[] {id, direction, start, answered ? start.plusSeconds(wait) : null,
            start.plusSeconds(wait + (talk == null ? 0 : talk)), wait, talk, disposition})));
  }

  static final JsonObject FEB_12 = new JsonObject().put("from", "2026-02-11T16:00:00Z").put("to", "2026-02-12T16:00:00Z")
      .put("zone", "Asia/Shanghai");

  @Test
  void totalsAndHoursOfTheDay() throws Exception {
    JsonObject f = await(new CallStats(fx.pool).figures(FEB_12));
    assertEquals(new JsonObject().put("offered", 4L).put("answered", 3L).put("abandoned", 1L).put("answeredWithin15s", 2L)
        .put("answerRate", 0.75).put("within15sRate", 0.5).put("waitSecondsMean", 13.3).put("talkSecondsMean", 120.0), f.getJsonObject("totals"));
    JsonArray hours = f.getJsonArray("byHour");
    assertEquals(24, hours.size());
    assertEquals(3, hours.getJsonObject(9).getLong("offered"));
    assertEquals(0.3333, hours.getJsonObject(9).getDouble("within15sRate"));
    assertEquals(1, hours.getJsonObject(14).getLong("answeredWithin15s"));
    assertEquals(0, hours.getJsonObject(23).getLong("offered"));
    assertEquals(null, hours.getJsonObject(23).getValue("answerRate"));
    assertFalse(f.encode().contains("13900001111"));
  }

  @Test
  void theDeployedModuleAnswersTheBulletin() throws Exception {
    String id = await(fx.vertx.deployVerticle(new TelephonyVerticle(fx.core, TelephonySettings.from(hotline.config.Config.of(java.util.Map.of())),
        CallbackSettings.from(hotline.config.Config.of(java.util.Map.of())), fx.clock)));
    try {
      JsonObject b = await(fx.core.bulletin().build(hotline.stats.Period.parse(null, null, "2026-02-12", "2026-02-12",
          java.time.LocalDate.of(2026, 2, 12)), java.util.Locale.SIMPLIFIED_CHINESE));
      assertEquals(true, b.getJsonObject("telephony").getBoolean("available"));
      assertEquals(4, b.getJsonObject("telephony").getJsonObject("totals").getLong("offered"));
      // Asked directly, as another node would.
      JsonObject direct = await(fx.vertx.eventBus().<JsonObject>request(Addresses.STATS_CALLS, FEB_12)).body();
      assertEquals(24, direct.getJsonArray("byHour").size());
    } finally {
      await(fx.vertx.undeploy(id));
    }
  }

  @Test
  void refusesRangesItWasNotMadeFor() {
    Assertions.assertThrows(Exception.class, () -> await(new CallStats(fx.pool).figures(new JsonObject().put("from", "x").put("to", "y"))));
    Exception e = Assertions.assertThrows(Exception.class, () -> await(new CallStats(fx.pool).figures(new JsonObject()
        .put("from", "2020-01-01T00:00:00Z").put("to", "2026-01-01T00:00:00Z"))));
    Assertions.assertInstanceOf(HotlineException.class, e.getCause());
  }
}

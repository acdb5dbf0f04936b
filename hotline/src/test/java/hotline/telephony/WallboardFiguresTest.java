package hotline.telephony;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static hotline.telephony.QueueDeskTest.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.Addresses;
import hotline.bus.Bus;
import hotline.config.Config;
import hotline.stats.Wallboard;
import hotline.testing.CoreFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The wallboard's phone figures against the fake Asterisk answering as the recorded one did (transcript 08's QueueStatus
 * with a caller waiting 42 s; transcript 09's QueueMemberPause; transcript 02's QueueCallerJoin and QueueMemberStatus),
 * through the real Asterisk-Java client, and a hand-made call log and callback queue in a real PostgreSQL: calls waiting
 * and the longest wait from the join times, agents available / paused by reason / talking / offline, today's and this
 * hour's calls with the share answered within 15 s, callbacks pending by kind; and the core's wallboard putting them
 * together. The clock stands at Thursday 12 February 2026, 10:30 in Shanghai.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WallboardFiguresTest {

  static final Instant NOW = Instant.parse("2026-02-12T02:30:00Z");
  static CoreFixture fixture;
  static Vertx vertx;
  static FakeAmiPeer peer;
  static final AtomicInteger changes = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    AmiTranscript.requireAvailable();
    List<List<Map.Entry<String, String>>> recorded = AmiTranscript.load("08-queue-status").responseFor("qs-1");
    QueueDeskTest.recordedPause = AmiTranscript.load("09-queue-pause").events("QueueMemberPause").get(0);
    fixture = CoreFixture.builder().poolSize(4).start();
    fixture.clock.set(NOW);
    vertx = fixture.vertx;
    vertx.eventBus().consumer(Addresses.TELEPHONY_WALLBOARD_CHANGED, m -> changes.incrementAndGet());
    peer = await(FakeAmiPeer.start(vertx, "hotline", "hotline-secret"));
    // A caller waiting 42 s when the link comes up, as Asterisk lists them (a QueueEntry) before the list's end.
    List<Map.Entry<String, String>> entry = AmiTranscript.block("Event", "QueueEntry", "Queue", "hotline", "Position", "1",
        "Channel", "Local/8008064888@from-pstn-0000000a;2", "Uniqueid", "1795884206.21", "CallerIDNum", "13800138000",
        "CallerIDName", "unknown", "ConnectedLineNum", "unknown", "ConnectedLineName", "unknown", "Wait", "42",
        "Priority", "0", "ActionID", "qs-1");
    peer.onAction("QueueStatus", (action, p) -> {
      List<List<Map.Entry<String, String>>> answer = new ArrayList<>(recorded.subList(0, recorded.size() - 1));
      answer.add(entry);
      answer.add(with(recorded.get(recorded.size() - 1), "ListItems", String.valueOf(answer.size() - 1)));
      p.replyAll(action, answer);
    });
    TelephonyVerticle telephony = new TelephonyVerticle(fixture.core, new TelephonySettings("127.0.0.1", peer.port(), "hotline",
        "hotline-secret", Set.of("from-pstn"), Set.of("8008064888"), Duration.ofSeconds(2), 20_000),
        CallbackSettings.from(Config.of(Map.of("agi.port", String.valueOf(TelephonyTest.freePort())))), fixture.clock);
    await(vertx.deployVerticle(telephony));
    waitFor("the queues read after connect", () -> "up".equals(figures().getString("link")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  static JsonObject figures() throws Exception {
    return await(Bus.ask(vertx, Addresses.TELEPHONY_WALLBOARD, new JsonObject(), 5_000, "telephony"));
  }

  @Test
  @Order(1)
  void afterConnectTheWaitingCallerAndBothAgentsAreCountedFromTheSnapshot() throws Exception {
    JsonObject f = figures();
    assertEquals(1, f.getInteger("callsWaiting"), f.encode());
    assertEquals(42, f.getInteger("longestWaitSeconds"), "joined 42 s before the snapshot, by the clock");
    assertEquals(NOW.minusSeconds(42).toString(), f.getString("oldestWaitingSince"));
    assertEquals(new JsonObject().put("total", 2).put("available", 2).put("talking", 0).put("paused", 0).put("offline", 0),
        f.getJsonObject("agents"));
    assertEquals(new JsonObject(), f.getJsonObject("pausedByReason"));
  }

  @Test
  @Order(2)
  void pausesByReasonTalkingAndOfflineFollowTheQueueEvents() throws Exception {
    int before = changes.get();
    // Agent One pauses for a meal (transcript 09's QueueMemberPause): a change notice for the wallboard, then the count.
    await(peer.emit(QueueDeskTest.memberEvent("Local/agent1@agents", true, "meal")));
    waitFor("the pause counted", () -> figures().getJsonObject("agents").getInteger("paused") == 1);
    waitFor("the wallboard told", () -> changes.get() > before);
    JsonObject f = figures();
    assertEquals(new JsonObject().put("meal", 1), f.getJsonObject("pausedByReason"));
    assertEquals(1, f.getJsonObject("agents").getInteger("available"));
    // Agent Two takes a call (transcript 02's QueueMemberStatus, Status 2 in use): talking, not available.
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    List<Map.Entry<String, String>> inUse = call.events("QueueMemberStatus").get(0);
    await(peer.emit(with(with(with(inUse, "Interface", "Local/agent2@agents"), "StateInterface", "Local/agent2@agents"),
        "InCall", "1")));
    waitFor("talking", () -> figures().getJsonObject("agents").getInteger("talking") == 1);
    f = figures();
    assertEquals(0, f.getJsonObject("agents").getInteger("available"), f.encode());
    // Agent One's phone goes unavailable (device state 5) while paused: offline, no longer counted as paused.
    await(peer.emit(with(QueueDeskTest.memberEvent("Local/agent1@agents", true, "meal"), "Status", "5")));
    waitFor("offline", () -> figures().getJsonObject("agents").getInteger("offline") == 1);
    f = figures();
    assertEquals(0, f.getJsonObject("agents").getInteger("paused"), f.encode());
    assertEquals(new JsonObject(), f.getJsonObject("pausedByReason"));
    // A second caller joins (transcript 02's QueueCallerJoin): two waiting, the longest still the first one's.
    await(peer.emit(call.events("QueueCallerJoin").get(0)));
    waitFor("two waiting", () -> figures().getInteger("callsWaiting") == 2);
    assertEquals(42, figures().getInteger("longestWaitSeconds"));
    // Back: the call ends for Agent Two, Agent One's phone is back and unpaused, the second caller leaves.
    await(peer.emit(call.events("QueueMemberStatus").get(1)));
    await(peer.emit(with(with(with(call.events("QueueMemberStatus").get(1), "Interface", "Local/agent2@agents"),
        "StateInterface", "Local/agent2@agents"), "InCall", "0")));
    await(peer.emit(with(QueueDeskTest.memberEvent("Local/agent1@agents", false, ""), "Status", "1")));
    // Asterisk counts the callers left after the leave: the first one still waits.
    await(peer.emit(with(call.events("QueueCallerLeave").get(0), "Count", "1")));
    waitFor("all available", () -> figures().getJsonObject("agents").getInteger("available") == 2);
    waitFor("one waiting", () -> figures().getInteger("callsWaiting") == 1);
  }

  @Test
  @Order(3)
  void todaysCallsAndTheShareAnsweredWithin15SecondsComeFromTheCallLog() throws Exception {
    // Today (Shanghai) before this hour: answered after 5 s, answered after 20 s, abandoned after 30 s.
    call("wb-1", "inbound", "09:10", 5, 60, "answered");
    call("wb-2", "inbound", "09:20", 20, 120, "answered");
    call("wb-3", "inbound", "09:40", 30, null, "abandoned");
    // This hour: answered after 15 s exactly (within), and one still waiting (not settled yet).
    call("wb-4", "inbound", "10:05", 15, 30, "answered");
    call("wb-5", "inbound", "10:29", null, null, null);
    // Not today's, not inbound.
    callAt("wb-6", "inbound", Instant.parse("2026-02-11T15:59:00Z"), 3, 10, "answered");
    call("wb-7", "outbound", "10:10", 2, 40, "answered");
    JsonObject calls = figures().getJsonObject("calls");
    JsonObject today = calls.getJsonObject("today");
    assertEquals(5, today.getLong("offered"), today.encode());
    assertEquals(3, today.getLong("answered"));
    assertEquals(1, today.getLong("abandoned"));
    assertEquals(2, today.getLong("answeredWithin15s"));
    assertEquals(0.5, today.getDouble("answeredWithin15sShare"), "2 of the 4 settled calls");
    assertEquals(18, today.getLong("averageWaitSeconds"), "(5 + 20 + 30 + 15) / 4 = 17.5");
    assertEquals(70, today.getLong("averageTalkSeconds"), "(60 + 120 + 30) / 3");
    JsonObject hour = calls.getJsonObject("thisHour");
    assertEquals(2, hour.getLong("offered"), hour.encode());
    assertEquals(1, hour.getLong("answeredWithin15s"));
    assertEquals(1.0, hour.getDouble("answeredWithin15sShare"));
  }

  @Test
  @Order(4)
  void callbacksPendingAndBeingDialledAreCountedByKind() throws Exception {
    callback("satisfaction_call", "pending");
    callback("satisfaction_call", "pending");
    callback("receipt_call", "sending");
    callback("receipt_call", "sent");
    callback("satisfaction_call", "failed");
    JsonObject cb = figures().getJsonObject("callbacks");
    assertEquals(3, cb.getLong("total"), cb.encode());
    assertEquals(2, cb.getLong("pending"));
    assertEquals(1, cb.getLong("dialing"));
    assertEquals(new JsonObject().put("satisfaction", 2L).put("receipt", 1L), cb.getJsonObject("byKind"));
  }

  @Test
  @Order(5)
  void theCoresWallboardPutsThePhonesAndTheCasesTogetherAndNamesNoCaller() throws Exception {
    JsonObject board = await(new Wallboard(vertx, fixture.pool, fixture.clock, fixture.calendar).compute());
    JsonObject phones = board.getJsonObject("phones");
    assertTrue(phones.getBoolean("available"), phones.encode());
    assertEquals("up", phones.getString("link"));
    assertEquals(1, phones.getInteger("callsWaiting"));
    assertEquals(5, phones.getJsonObject("calls").getJsonObject("today").getLong("offered"));
    assertNull(phones.getValue("callbacks"), "the callbacks are a section of their own");
    assertTrue(board.getJsonObject("callbacks").getBoolean("available"));
    assertEquals(3, board.getJsonObject("callbacks").getLong("total"));
    assertEquals("2026-02-12T10:30+08:00", board.getString("asOf"));
    assertFalse(board.encode().contains("13800138000"), "no caller's number on the board");
  }

  @Test
  @Order(6)
  void withTheLinkDownTheQueueFiguresGoButTodaysCallsStay() throws Exception {
    await(peer.close());
    waitFor("the link down", () -> "down".equals(figures().getString("link")));
    JsonObject f = figures();
    assertNull(f.getValue("callsWaiting"), f.encode());
    assertNull(f.getValue("agents"));
    assertEquals(5, f.getJsonObject("calls").getJsonObject("today").getLong("offered"));
  }

  // ---------------------------------------------------------------- helpers

  /** A call today at {@code hhmm} Shanghai time. */
  static void call(String linkedid, String direction, String hhmm, Integer wait, Integer talk, String disposition) throws Exception {
    callAt(linkedid, direction, Instant.parse("2026-02-12T" + hhmm + ":00Z").minus(Duration.ofHours(8)), wait, talk, disposition);
  }

  static void callAt(String linkedid, String direction, Instant started, Integer wait, Integer talk, String disposition)
      throws Exception {
    Instant answered = "answered".equals(disposition) ? started.plusSeconds(wait) : null;
    Instant ended = disposition == null ? null : (answered != null ? answered.plusSeconds(talk) : started.plusSeconds(wait));
    await(fixture.pool.preparedQuery("INSERT INTO calls (linkedid, uniqueid, direction, started_at, answered_at, ended_at, "
        + "wait_seconds, talk_seconds, disposition) VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8)")
        .execute(Tuple.from(new Object[] {linkedid, direction, started.atOffset(ZoneOffset.UTC),
            answered == null ? null : answered.atOffset(ZoneOffset.UTC), ended == null ? null : ended.atOffset(ZoneOffset.UTC),
            disposition == null ? null : wait, talk, disposition})));
  }

  static void callback(String kind, String status) throws Exception {
    await(fixture.pool.preparedQuery("INSERT INTO outbox (channel, kind, dedupe_key, recipient, status, next_attempt_at, "
        + "created_at) VALUES ('phone', $1, $2, '13800138000', $3, now(), now())")
        .execute(Tuple.of(kind, "wb:" + java.util.UUID.randomUUID(), status)));
  }
}

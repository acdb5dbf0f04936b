package hotline.telephony;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.Addresses;
import hotline.bus.Bus;
import hotline.config.Config;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.testing.CoreFixture;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The phone bar's telephony side against the fake Asterisk answering as the recorded one did (transcript 08's
 * QueueStatus, transcript 09's QueuePause with its QueueMemberPause events and its "Interface not found"), through the
 * real Asterisk-Java client and a real PostgreSQL: the queue state after connect, the exact QueuePause actions, the
 * refusals, the events keeping the state and reaching only the agents concerned, fields Asterisk leaves empty or out,
 * the snapshot after a reconnect, and talk time today from the call log.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueueDeskTest {

  static CoreFixture fixture;
  static Vertx vertx;
  static FakeAmiPeer peer;
  static Principal agentOne;
  static Principal agentTwo;
  static Principal noPhone;
  static Principal notInQueue;
  static final BlockingQueue<JsonObject> toOne = new LinkedBlockingQueue<>();
  static final BlockingQueue<JsonObject> toTwo = new LinkedBlockingQueue<>();
  /** What QueueStatus answers: transcript 08's recorded answer, with any QueueEntry items put before its end. */
  static final AtomicReference<List<List<Map.Entry<String, String>>>> entries = new AtomicReference<>(List.of());
  static List<List<Map.Entry<String, String>>> recordedStatus;
  /** When an unpause says the member was last paused (any time before). */
  static final long PAUSED_AT = 1796156000L;
  /** Transcript 09's QueueMemberPause of Agent One, as Asterisk wrote it. */
  static List<Map.Entry<String, String>> recordedPause;

  @BeforeAll
  static void start() throws Exception {
    AmiTranscript.requireAvailable();
    recordedStatus = AmiTranscript.load("08-queue-status").responseFor("qs-1");
    assertEquals(5, recordedStatus.size(), "Response, QueueParams, two QueueMember, QueueStatusComplete");
    AmiTranscript pauses = AmiTranscript.load("09-queue-pause");
    recordedPause = pauses.events("QueueMemberPause").get(0);
    List<Map.Entry<String, String>> recordedNotFound = pauses.responseFor("pause-bad").get(0);

    fixture = CoreFixture.builder().poolSize(4).start();
    vertx = fixture.vertx;
    agentOne = fixture.person("queue-agent1", Role.AGENT);
    agentTwo = fixture.person("queue-agent2", Role.AGENT);
    noPhone = fixture.person("queue-nophone", Role.AGENT);
    notInQueue = fixture.person("queue-outsider", Role.AGENT);
    phone(agentOne, "Local/agent1@agents", "8001");
    // Agent Two by extension only: the member Local/agent2@agents is theirs through it.
    phone(agentTwo, null, "agent2");
    phone(notInQueue, "Local/nobody@agents", "8099");
    vertx.eventBus().<JsonObject>consumer(Addresses.phone(agentOne.id()), m -> toOne.add(m.body()));
    vertx.eventBus().<JsonObject>consumer(Addresses.phone(agentTwo.id()), m -> toTwo.add(m.body()));

    peer = await(FakeAmiPeer.start(vertx, "hotline", "hotline-secret"));
    peer.onAction("QueueStatus", (action, p) -> {
      List<List<Map.Entry<String, String>>> answer = new ArrayList<>(recordedStatus.subList(0, recordedStatus.size() - 1));
      answer.addAll(entries.get());
      answer.add(with(recordedStatus.get(recordedStatus.size() - 1), "ListItems", String.valueOf(answer.size() - 1)));
      p.replyAll(action, answer);
    });
    // As Asterisk 22 answered in transcript 09: a member is paused or unpaused in every queue (or the one named),
    // then QueueMemberPause follows; an interface in no queue is "Interface not found".
    peer.onAction("QueuePause", (action, p) -> {
      String iface = action.get("Interface");
      boolean paused = "true".equalsIgnoreCase(action.get("Paused"));
      if (!"Local/agent1@agents".equals(iface) && !"Local/agent2@agents".equals(iface)) {
        p.reply(action, recordedNotFound);
        return;
      }
      p.reply(action, "Response", "Success", "Message", paused ? "Interface paused successfully" : "Interface unpaused successfully");
      p.emit(memberEvent(iface, paused, paused ? action.getOrDefault("Reason", "") : ""));
    });
    TelephonyVerticle telephony = new TelephonyVerticle(fixture.core, new TelephonySettings("127.0.0.1", peer.port(), "hotline",
        "hotline-secret", Set.of("from-pstn"), Set.of("8008064888"), Duration.ofSeconds(2), 20_000),
        CallbackSettings.from(Config.of(Map.of("agi.port", String.valueOf(TelephonyTest.freePort())))), Clock.systemUTC());
    await(vertx.deployVerticle(telephony));
    waitFor("the queues read after connect", () -> "up".equals(bar(agentOne).getString("link")));
    // Both agents hear that the queues were read; from here on, each message is a test's own.
    next(toOne, e -> "link".equals(e.getString("type")));
    next(toTwo, e -> "link".equals(e.getString("type")));
    Thread.sleep(3 * QueueDesk.FLUSH_MS);
    toOne.clear();
    toTwo.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  // ---------------------------------------------------------------- tests

  @Test
  @Order(1)
  void afterConnectTheBarShowsTheAgentsMembershipAsQueueStatusReportedIt() throws Exception {
    JsonObject one = bar(agentOne);
    assertEquals("8001", one.getString("extension"));
    assertEquals("Local/agent1@agents", one.getString("interface"));
    assertEquals("up", one.getString("link"));
    assertFalse(one.getBoolean("paused"));
    assertFalse(one.getBoolean("inCall"));
    assertEquals(0L, one.getLong("talkSecondsToday"));
    assertEquals(0L, one.getLong("callsToday"));
    assertEquals(new JsonArray().add("meal").add("break").add("training").add("meeting").add("after_call_work").add("other"),
        one.getJsonArray("reasons"));
    JsonArray queues = one.getJsonArray("queues");
    assertEquals(1, queues.size(), queues.encode());
    JsonObject hotline = queues.getJsonObject(0);
    assertEquals("hotline", hotline.getString("queue"));
    assertEquals("Agent One", hotline.getString("member"));
    assertEquals("not_in_use", hotline.getString("status"));
    assertEquals(0, hotline.getInteger("callsWaiting"));
    assertEquals(0, hotline.getInteger("longestWaitSeconds"));

    // By extension: Agent Two's phone is set as "agent2" only.
    JsonObject two = bar(agentTwo);
    assertEquals("Agent Two", two.getJsonArray("queues").getJsonObject(0).getString("member"));
    assertEquals("Local/agent2@agents", two.getString("interface"));

    JsonObject none = bar(noPhone);
    assertFalse(none.getBoolean("hasPhone"));
    assertNull(none.getString("extension"));
    assertEquals("up", none.getString("link"));
    assertTrue(none.getJsonArray("queues").isEmpty());
  }

  @Test
  @Order(2)
  void pausingAndUnpausingSendExactlyTheQueuePauseFieldsAndTheBarFollows() throws Exception {
    toOne.clear();
    toTwo.clear();
    int before = peer.received("QueuePause").size();
    JsonObject paused = pause(agentOne, true, "meal");
    assertTrue(paused.getBoolean("paused"), paused.encode());
    assertEquals("meal", paused.getString("pausedReason"));

    List<Map<String, String>> sent = peer.received("QueuePause");
    assertEquals(before + 1, sent.size());
    Map<String, String> action = sent.get(sent.size() - 1);
    assertEquals("Local/agent1@agents", action.get("Interface"));
    assertEquals("true", action.get("Paused"));
    assertEquals("meal", action.get("Reason"));
    assertNull(action.get("Queue"), "no Queue: paused in every queue the phone is in");
    assertEquals(Set.of("action", "actionid", "interface", "paused", "reason"), keys(action));

    JsonObject told = next(toOne, e -> "queue".equals(e.getString("type")) && e.getBoolean("paused"));
    assertEquals("hotline", told.getString("queue"));
    assertEquals("meal", told.getString("pausedReason"));
    assertNotNull(told.getString("pausedSince"));
    // Asterisk's own QueueMemberPause (LastPause: the pause's time) came after the answer and stands.
    Instant since = Instant.parse(bar(agentOne).getString("pausedSince"));
    assertTrue(Duration.between(since, Instant.now()).getSeconds() < 30, "paused since " + since);

    JsonObject unpaused = pause(agentOne, false, null);
    assertFalse(unpaused.getBoolean("paused"), unpaused.encode());
    assertNull(unpaused.getString("pausedReason"));
    action = peer.received("QueuePause").get(peer.received("QueuePause").size() - 1);
    assertEquals("Local/agent1@agents", action.get("Interface"));
    assertEquals("false", action.get("Paused"));
    assertEquals(Set.of("action", "actionid", "interface", "paused"), keys(action), "no Reason with an unpause");
    next(toOne, e -> "queue".equals(e.getString("type")) && !e.getBoolean("paused"));

    // Agent One's pause is nobody else's news.
    Thread.sleep(3 * QueueDesk.FLUSH_MS);
    assertTrue(toTwo.isEmpty(), "the other agent heard: " + toTwo);

    // Agent Two, known by extension, is paused by the interface Asterisk knows the member by.
    pause(agentTwo, true, "after_call_work");
    action = peer.received("QueuePause").get(peer.received("QueuePause").size() - 1);
    assertEquals("Local/agent2@agents", action.get("Interface"));
    assertEquals("after_call_work", action.get("Reason"));
    pause(agentTwo, false, null);
  }

  @Test
  @Order(3)
  void refusalsAreClearInTheCallersLanguage() throws Exception {
    HotlineException noPhoneSet = refusal(() -> pause(noPhone, true, "meal"));
    assertEquals(422, noPhoneSet.code().status());
    assertEquals("您还没有登记话机，请联系管理员设置分机号。", noPhoneSet.message(Messages.CHINESE));

    int before = peer.received("QueuePause").size();
    HotlineException notMember = refusal(() -> pause(notInQueue, true, "training"));
    assertEquals(422, notMember.code().status(), "Asterisk's Error 'Interface not found'");
    assertEquals("Your phone (Local/nobody@agents) is in no queue, so it cannot be paused or unpaused: ask an admin to add it "
        + "to the hotline queue.", notMember.message(Locale.ENGLISH));
    assertEquals(before + 1, peer.received("QueuePause").size(), "Asterisk was asked");

    HotlineException badReason = refusal(() -> pause(agentOne, true, "nap"));
    assertEquals(400, badReason.code().status());
    assertEquals(400, refusal(() -> pause(agentOne, true, null)).code().status(), "a pause needs its reason");
    assertEquals(400, refusal(() -> Bus.ask(vertx, Addresses.PHONE_PAUSE, new JsonObject().put("viewer", agentOne.toJson()),
        5_000, "telephony").toCompletionStage().toCompletableFuture().get()).code().status(), "paused is required");
    assertEquals(before + 1, peer.received("QueuePause").size(), "nothing invalid reaches Asterisk");

    Principal admin = fixture.person("queue-admin", Role.ADMIN);
    assertEquals(403, refusal(() -> pause(admin, true, "meal")).code().status());
    assertEquals(403, refusal(() -> bar(admin)).code().status());
  }

  @Test
  @Order(4)
  void queueEventsKeepTheStateAndReachTheQueuesMembers() throws Exception {
    toOne.clear();
    toTwo.clear();
    // A caller joins the queue (transcript 02's QueueCallerJoin, fresh ids): both members hear it.
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    List<Map.Entry<String, String>> join = call.events("QueueCallerJoin").get(0);
    List<Map.Entry<String, String>> leave = call.events("QueueCallerLeave").get(0);
    await(peer.emit(join));
    assertEquals(1, next(toOne, e -> e.getInteger("callsWaiting", 0) == 1).getInteger("callsWaiting"));
    assertEquals(1, next(toTwo, e -> e.getInteger("callsWaiting", 0) == 1).getInteger("callsWaiting"));
    Thread.sleep(1_100);
    JsonObject waiting = queue(bar(agentOne));
    assertEquals(1, waiting.getInteger("callsWaiting"));
    assertTrue(waiting.getInteger("longestWaitSeconds") >= 1, waiting.encode());
    assertNotNull(waiting.getString("oldestWaitingSince"));
    // The same join again (a replay, a duplicate) is still one caller.
    await(peer.emit(join));
    await(peer.emit(leave));
    next(toOne, e -> e.getInteger("callsWaiting", -1) == 0);
    assertEquals(0, queue(bar(agentTwo)).getInteger("callsWaiting"));

    // Paused from the phone with a reason of its own: shown as Asterisk has it.
    await(peer.emit(memberEvent("Local/agent1@agents", true, "午餐 lunch")));
    JsonObject lunch = next(toOne, e -> e.getBoolean("paused", false));
    assertEquals("午餐 lunch", lunch.getString("pausedReason"));
    assertEquals("午餐 lunch", bar(agentOne).getString("pausedReason"));
    await(peer.emit(memberEvent("Local/agent1@agents", false, "")));
    next(toOne, e -> !e.getBoolean("paused", true));

    // In a call: transcript 02's QueueMemberStatus (Status 2) while the agent talks.
    List<Map.Entry<String, String>> inUse = call.events("QueueMemberStatus").get(0);
    await(peer.emit(with(inUse, "InCall", "1")));
    JsonObject busy = next(toOne, e -> e.getBoolean("inCall", false));
    assertEquals("in_use", busy.getString("status"));
    assertTrue(bar(agentOne).getBoolean("inCall"));
    await(peer.emit(call.events("QueueMemberStatus").get(1)));
    next(toOne, e -> "not_in_use".equals(e.getString("status")));
    assertFalse(bar(agentOne).getBoolean("inCall"));

    // Added to another queue and removed again.
    await(peer.emit(with(with(recordedPause, "Event", "QueueMemberAdded"), "Queue", "complaints")));
    next(toOne, e -> "complaints".equals(e.getString("queue")));
    assertEquals(2, bar(agentOne).getJsonArray("queues").size());
    await(peer.emit(with(with(recordedPause, "Event", "QueueMemberRemoved"), "Queue", "complaints")));
    next(toOne, e -> "removed".equals(e.getString("type")) && "complaints".equals(e.getString("queue")));
    assertEquals(1, bar(agentOne).getJsonArray("queues").size());
  }

  @Test
  @Order(5)
  void fieldsAsteriskLeavesEmptyOrOutDoNotBreakIt() throws Exception {
    toOne.clear();
    // No Paused at all, and an empty reason: the member stays as it was.
    await(peer.emit(without(memberEvent("Local/agent1@agents", true, ""), "Paused")));
    // No queue, no interface: nothing to apply.
    await(peer.emit(without(memberEvent("Local/agent1@agents", true, "meal"), "Queue")));
    await(peer.emit(without(without(memberEvent("Local/agent1@agents", true, "meal"), "Interface"), "StateInterface")));
    // A status Asterisk-Java cannot read as a number.
    await(peer.emit(with(memberEvent("Local/agent1@agents", false, ""), "Status", "x")));
    // A caller with no unique id (keyed by channel), then a leave without one: the count Asterisk reports says it left.
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    await(peer.emit(without(call.events("QueueCallerJoin").get(0), "Uniqueid")));
    next(toOne, e -> e.getInteger("callsWaiting", 0) == 1);
    await(peer.emit(without(without(call.events("QueueCallerLeave").get(0), "Uniqueid"), "Channel")));
    next(toOne, e -> e.getInteger("callsWaiting", -1) == 0);
    JsonObject q = queue(bar(agentOne));
    assertFalse(q.getBoolean("paused"), q.encode());
    assertEquals("Agent One", q.getString("member"));
    assertEquals(0, q.getInteger("callsWaiting"));
    // And the next well-formed event still applies.
    await(peer.emit(memberEvent("Local/agent1@agents", true, "meeting")));
    waitFor("applied", () -> "meeting".equals(bar(agentOne).getString("pausedReason")));
    await(peer.emit(memberEvent("Local/agent1@agents", false, "")));
    waitFor("unpaused", () -> !bar(agentOne).getBoolean("paused"));
  }

  @Test
  @Order(6)
  void afterAReconnectTheSnapshotIsReadAgainWithTheCallersWaiting() throws Exception {
    toOne.clear();
    // While the link was down a caller joined: QueueStatus lists them (as Asterisk writes a QueueEntry) with their wait.
    entries.set(List.of(AmiTranscript.block("Event", "QueueEntry", "Queue", "hotline", "Position", "1",
        "Channel", "Local/8008064888@from-pstn-0000000a;2", "Uniqueid", "1795884206.21", "CallerIDNum", "13800138000",
        "CallerIDName", "unknown", "ConnectedLineNum", "unknown", "ConnectedLineName", "unknown", "Wait", "42",
        "Priority", "0", "ActionID", "qs-1")));
    int logins = peer.loginCount();
    await(peer.dropClients());
    waitFor("logged in again", () -> peer.loginCount() > logins);
    // The agent hears that the state was read again (a down and up within one gathering say "up" only).
    next(toOne, e -> "link".equals(e.getString("type")) && "up".equals(e.getString("link")));
    waitFor("the snapshot applied", () -> queue(bar(agentOne)).getInteger("callsWaiting") == 1);
    JsonObject q = queue(bar(agentOne));
    assertEquals(1, q.getInteger("callsWaiting"), q.encode());
    assertTrue(q.getInteger("longestWaitSeconds") >= 42, q.encode());
    // The caller's hangup ends their wait even without a leave.
    await(peer.emit(AmiTranscript.block("Event", "Hangup", "Channel", "Local/8008064888@from-pstn-0000000a;2",
        "Uniqueid", "1795884206.21", "Linkedid", "1795884206.20", "Cause", "16", "Cause-txt", "Normal Clearing")));
    next(toOne, e -> e.getInteger("callsWaiting", -1) == 0);
    entries.set(List.of());
  }

  @Test
  @Order(7)
  void talkTimeTodayComesFromTheCallLogWithTheCallInProgress() throws Exception {
    Instant now = Instant.now();
    long agent = agentTwo.id();
    call(agent, "talk-1", now.minusSeconds(400), now.minusSeconds(390), now.minusSeconds(330), 60);
    call(agent, "talk-2", now.minusSeconds(35), now.minusSeconds(30), null, null);
    // Yesterday's call counts not.
    call(agent, "talk-old", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(2)).plusSeconds(100), 100);
    JsonObject bar = bar(agentTwo);
    assertEquals(2L, bar.getLong("callsToday"));
    long talk = bar.getLong("talkSecondsToday");
    assertTrue(talk >= 90 && talk <= 95, "60 s ended, about 30 s in progress: " + talk);
    assertNotNull(bar.getString("activeCallSince"));
    assertTrue(bar.getBoolean("inCall"), "a call in progress");
  }

  @Test
  @Order(8)
  void withTheLinkDownTheBarSaysSoAndAPauseIs503() throws Exception {
    await(peer.close());
    waitFor("the link is down", () -> "down".equals(bar(agentOne).getString("link")));
    HotlineException down = refusal(() -> pause(agentOne, true, "meal"));
    assertEquals(503, down.code().status());
    assertEquals("服务暂时不可用：与电话交换机（Asterisk）的连接已断开", down.message(Messages.CHINESE));
  }

  // ---------------------------------------------------------------- helpers

  static void phone(Principal p, String iface, String extension) throws Exception {
    await(fixture.pool.preparedQuery("INSERT INTO telephony_agents (user_id, interface, extension) VALUES ($1, $2, $3)")
        .execute(Tuple.of(p.id(), iface, extension)));
  }

  static void call(long agent, String linkedid, Instant started, Instant answered, Instant ended, Integer talk) throws Exception {
    await(fixture.pool.preparedQuery("INSERT INTO calls (linkedid, uniqueid, direction, agent_id, started_at, answered_at, "
        + "ended_at, talk_seconds, disposition) VALUES ($1, $1, 'inbound', $2, $3, $4, $5, $6, $7)")
        .execute(Tuple.from(new Object[] {linkedid, agent, started.atOffset(ZoneOffset.UTC), answered.atOffset(ZoneOffset.UTC),
            ended == null ? null : ended.atOffset(ZoneOffset.UTC), talk, ended == null ? null : "answered"})));
  }

  static JsonObject bar(Principal p) throws Exception {
    return await(Bus.ask(vertx, Addresses.PHONE_BAR, new JsonObject().put("viewer", p.toJson()), 5_000, "telephony"));
  }

  static JsonObject pause(Principal p, boolean paused, String reason) throws Exception {
    return await(Bus.ask(vertx, Addresses.PHONE_PAUSE, new JsonObject().put("viewer", p.toJson()).put("paused", paused)
        .put("reason", reason), 15_000, "telephony"));
  }

  static JsonObject queue(JsonObject bar) {
    return bar.getJsonArray("queues").getJsonObject(0);
  }

  interface Call {
    Object run() throws Exception;
  }

  static HotlineException refusal(Call call) {
    Exception e = assertThrows(Exception.class, call::run);
    Throwable t = e instanceof ExecutionException ? e.getCause() : e;
    if (!(t instanceof HotlineException h)) {
      throw new AssertionError("not a refusal", t);
    }
    return h;
  }

  /** The next message of the queue that matches (others are skipped), within 10 s. */
  static JsonObject next(BlockingQueue<JsonObject> q, java.util.function.Predicate<JsonObject> match) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<JsonObject> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      JsonObject m = q.poll(200, TimeUnit.MILLISECONDS);
      if (m != null) {
        if (match.test(m)) {
          return m;
        }
        seen.add(m);
      }
    }
    throw new AssertionError("no such message; got " + seen);
  }

  static Set<String> keys(Map<String, String> action) {
    Set<String> out = new java.util.TreeSet<>();
    action.keySet().forEach(k -> out.add(k.toLowerCase(Locale.ROOT)));
    return out;
  }

  /** Transcript 09's QueueMemberPause for this member with this state. */
  static List<Map.Entry<String, String>> memberEvent(String iface, boolean paused, String reason) {
    // Asterisk stamps LastPause with the time of the pause: now, not the recording's.
    List<Map.Entry<String, String>> e = with(with(with(recordedPause, "Paused", paused ? "1" : "0"), "PausedReason", reason),
        "LastPause", String.valueOf(paused ? Instant.now().getEpochSecond() : PAUSED_AT));
    if (iface.equals("Local/agent2@agents")) {
      e = with(with(with(e, "Interface", iface), "StateInterface", iface), "MemberName", "Agent Two");
    }
    return e;
  }

  static List<Map.Entry<String, String>> with(List<Map.Entry<String, String>> block, String key, String value) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    boolean done = false;
    for (Map.Entry<String, String> e : block) {
      if (e.getKey().equalsIgnoreCase(key)) {
        if (!done) {
          out.add(Map.entry(e.getKey(), value));
          done = true;
        }
      } else {
        out.add(e);
      }
    }
    if (!done) {
      out.add(Map.entry(key, value));
    }
    return out;
  }

  static List<Map.Entry<String, String>> without(List<Map.Entry<String, String>> block, String key) {
    return block.stream().filter(e -> !e.getKey().equalsIgnoreCase(key)).toList();
  }
}

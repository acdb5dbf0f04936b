package hotline.telephony;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.Addresses;
import hotline.Core;
import hotline.config.Config;
import hotline.testing.CoreFixture;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The telephony module against a fake Asterisk that speaks AMI's wire protocol and replays a real recorded hotline
 * call (transcript 02: caller 13800138000 → queue hotline → Local/agent1@agents, answered after 2 s, 6 s talk),
 * through the real Asterisk-Java client, into the call log on a real PostgreSQL and the agent's screen pop.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TelephonyTest {

  static CoreFixture fixture;
  static Vertx vertx;
  static Pool pool;
  static Core core;
  static FakeAmiPeer peer;
  static TelephonyVerticle telephony;
  static long agentId;
  static long otherAgentId;
  static long customerId;
  static long complaintId;
  static long reportId;
  static final BlockingQueue<JsonObject> pops = new LinkedBlockingQueue<>();
  static final BlockingQueue<JsonObject> ended = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    AmiTranscript.requireAvailable();
    fixture = CoreFixture.builder().poolSize(4).start();
    vertx = fixture.vertx;
    pool = fixture.pool;
    core = fixture.core;
    Principal agent = fixture.person("agent1", Role.AGENT);
    Principal other = fixture.person("agent2", Role.AGENT);
    agentId = agent.id();
    otherAgentId = other.id();
    await(pool.preparedQuery("INSERT INTO telephony_agents (user_id, interface, extension) VALUES ($1, 'Local/agent1@agents', '8001')")
        .execute(Tuple.of(agentId)));
    customerId = await(core.directory().createCustomer(agent, new JsonObject().put("name", "张三").put("partyType", "consumer")
        .put("phones", new JsonArray().add("+86 138 0013 8000")))).getLong("id");
    complaintId = await(core.cases().create(agent, hotline.cases.Intake.of(hotline.cases.CaseKind.COMPLAINT, hotline.cases.Channel.PHONE, "上周投诉的假烟问题")
        .withContact(new hotline.cases.Intake.Contact("张三", java.util.List.of("13800138000"), null, null)))).getLong("id");
    reportId = await(core.cases().create(other, hotline.cases.Intake.of(hotline.cases.CaseKind.REPORT, hotline.cases.Channel.PHONE, "举报某人")
        .withContact(new hotline.cases.Intake.Contact("张三", java.util.List.of("13800138000"), null, null)))).getLong("id");

    vertx.eventBus().<JsonObject>consumer(Addresses.screenPop(agentId), m -> pops.add(m.body()));
    vertx.eventBus().<JsonObject>consumer(Addresses.CALL_ENDED, m -> ended.add(m.body()));
    peer = await(FakeAmiPeer.start(vertx, "hotline", "hotline-secret"));
    telephony = new TelephonyVerticle(core, new TelephonySettings("127.0.0.1", peer.port(), "hotline", "hotline-secret",
        Set.of("from-pstn"), Set.of("8008064888"), java.time.Duration.ofSeconds(2), 20_000),
        CallbackSettings.from(Config.of(Map.of("agi.port", String.valueOf(freePort())))), Clock.systemUTC());
    await(vertx.deployVerticle(telephony));
    waitFor("AMI link up", () -> "connected".equals(status().getJsonObject("ami", new JsonObject()).getString("state")));
  }

  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  static JsonObject status() throws Exception {
    return await(vertx.eventBus().<JsonObject>request(Addresses.TELEPHONY_STATUS, null)).body();
  }

  /** The end of this call (other tests' calls may end in between). */
  static JsonObject endOf(String linkedid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      JsonObject e = ended.poll(1, TimeUnit.SECONDS);
      if (e != null && linkedid.equals(e.getString("linkedid"))) {
        return e;
      }
    }
    return null;
  }

  /**
   * The next pop of this call in this phase (other tests' calls may pop in between); for ringing, the whole pop, after
   * the card that goes out before the lookups ({@code lookup: pending}, checked in the recorded-call test).
   */
  static JsonObject popOf(String linkedid, String phase) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonObject p = pops.poll(1, TimeUnit.SECONDS);
      if (p != null && linkedid.equals(p.getString("linkedid")) && phase.equals(p.getString("phase"))
          && !"pending".equals(p.getString("lookup"))) {
        return p;
      }
    }
    return null;
  }

  static Row call(String linkedid) throws Exception {
    var rows = await(pool.preparedQuery("SELECT * FROM calls WHERE linkedid = $1").execute(Tuple.of(linkedid)));
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  @Test
  void aRecordedHotlineCallIsLoggedAndPopsOnTheRingingAgentsScreen() throws Exception {
    pops.clear();
    ended.clear();
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    String linkedid = AmiTranscript.value(call.events("Newchannel").get(0), "Linkedid");
    await(peer.replay(call));
    // First the card, from the call alone: nothing the database knows about the caller yet.
    JsonObject card = pops.poll(10, TimeUnit.SECONDS);
    while (card != null && !linkedid.equals(card.getString("linkedid"))) {
      card = pops.poll(10, TimeUnit.SECONDS); // a pop of an earlier test's call
    }
    assertNotNull(card, "the card before the lookups");
    assertEquals("ringing", card.getString("phase"));
    assertEquals("pending", card.getString("lookup"));
    assertEquals("13800138000", card.getString("callerNumber"));
    assertFalse(card.containsKey("customers") || card.containsKey("openCases"), card.encode());

    JsonObject end = endOf(linkedid);
    assertNotNull(end, "the call ends in the log");
    assertEquals(linkedid, end.getString("linkedid"));
    assertEquals("answered", end.getString("disposition"));
    waitFor("call row written", () -> call(linkedid) != null && call(linkedid).getOffsetDateTime("ended_at") != null);
    Row row = call(linkedid);
    assertEquals("inbound", row.getString("direction"));
    assertEquals("13800138000", row.getString("caller_raw"));
    assertEquals("+8613800138000", row.getString("caller_normalized"));
    assertEquals("8008064888", row.getString("did"));
    assertEquals("hotline", row.getString("queue"));
    assertEquals("Local/agent1@agents", row.getString("agent_interface"));
    assertEquals(agentId, row.getLong("agent_id"));
    assertEquals("answered", row.getString("disposition"));
    assertEquals(2, row.getInteger("wait_seconds"));
    assertEquals(6, row.getInteger("talk_seconds"));
    assertFalse(row.getBoolean("end_unknown"));
    assertNotNull(row.getOffsetDateTime("answered_at"));
    var count = await(pool.preparedQuery("SELECT count(*) FROM calls WHERE linkedid = $1").execute(Tuple.of(linkedid)));
    assertEquals(1L, count.iterator().next().getLong(0), "three Cdr events, one call");

    JsonObject ringing = popOf(linkedid, "ringing");
    assertNotNull(ringing, "the agent's screen pops");
    assertEquals("13800138000", ringing.getString("callerNumber"));
    assertEquals("done", ringing.getString("lookup"));
    assertTrue(ringing.getBoolean("known"));
    assertEquals(customerId, ringing.getJsonArray("customers").getJsonObject(0).getLong("id"));
    List<Long> openCases = ringing.getJsonArray("openCases").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
    assertTrue(openCases.contains(complaintId), ringing.encode());
    assertFalse(openCases.contains(reportId), "another agent's report must not tell this agent who reported: " + ringing.encode());
    assertNotNull(popOf(linkedid, "answered"), "then answered");
    assertNotNull(popOf(linkedid, "ended"), "then ended");
  }

  @Test
  void aCallThatEndsWhileTheLinkIsDownIsClosedAsEndUnknown() throws Exception {
    ended.clear();
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    String linkedid = AmiTranscript.value(call.events("Newchannel").get(0), "Linkedid");
    List<List<Map.Entry<String, String>>> events = call.events();
    int connect = 0;
    while (!"AgentConnect".equals(AmiTranscript.value(events.get(connect), "Event"))) {
      connect++;
    }
    int upTo = connect;
    int[] i = {0};
    await(peer.replay(call, e -> i[0]++ <= upTo));
    waitFor("call answered in the log", () -> call(linkedid) != null && call(linkedid).getOffsetDateTime("answered_at") != null);
    assertNull(call(linkedid).getOffsetDateTime("ended_at"));

    // The link drops; the caller hangs up meanwhile; Asterisk has no channel of it when we are back.
    int logins = peer.loginCount();
    peer.setLiveChannels(List.of());
    await(peer.dropClients());
    waitFor("Asterisk-Java reconnects", () -> peer.loginCount() > logins);
    JsonObject end = endOf(linkedid);
    assertNotNull(end, "reconciliation ends the call");
    assertEquals(linkedid, end.getString("linkedid"));
    assertTrue(end.getBoolean("endUnknown"));
    Row row = call(linkedid);
    assertTrue(row.getBoolean("end_unknown"));
    assertNotNull(row.getOffsetDateTime("ended_at"));
    assertEquals("answered", row.getString("disposition"));
    assertTrue(peer.received("CoreShowChannels").size() >= 2, "asked what is up at login and after the reconnect");
  }

  @Test
  void aCallStillUpAfterTheOutageContinues() throws Exception {
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    List<List<Map.Entry<String, String>>> news = call.events("Newchannel");
    String linkedid = AmiTranscript.value(news.get(0), "Linkedid");
    // Only the first two channels, then the outage; Asterisk still has them up when the link is back.
    int[] i = {0};
    await(peer.replay(call, e -> "Newchannel".equals(AmiTranscript.value(e, "Event")) && i[0]++ < 2));
    waitFor("call started in the log", () -> call(linkedid) != null);
    peer.setLiveChannels(List.of(
        Map.of("Channel", AmiTranscript.value(news.get(0), "Channel"), "Uniqueid", AmiTranscript.value(news.get(0), "Uniqueid"),
            "Linkedid", linkedid, "Context", "from-pstn", "Extension", "8008064888", "Duration", "00:00:05"),
        Map.of("Channel", AmiTranscript.value(news.get(1), "Channel"), "Uniqueid", AmiTranscript.value(news.get(1), "Uniqueid"),
            "Linkedid", linkedid, "Context", "from-pstn", "Extension", "8008064888", "Duration", "00:00:05")));
    int logins = peer.loginCount();
    int asked = peer.received("CoreShowChannels").size();
    await(peer.dropClients());
    waitFor("reconnected and reconciled", () -> peer.loginCount() > logins && peer.received("CoreShowChannels").size() > asked);
    Thread.sleep(300);
    assertNull(call(linkedid).getOffsetDateTime("ended_at"), "a call Asterisk still has goes on");
    assertTrue(status().getInteger("activeCalls") >= 1);
    peer.setLiveChannels(List.of());
  }

  @Test
  void ourOwnCallsOutAreLoggedToo() throws Exception {
    // Transcript 03: a recorded callback to 13800138000, answered; its dialplan context renamed to ours.
    AmiTranscript call = AmiTranscript.load("03-callback-dtmf-read-userevent").withFreshIds()
        .rewrite(List.of("Context", "DestContext"), v -> v.equals("callback-test") ? "hotline-outbound" : v);
    String linkedid = AmiTranscript.value(call.events("Newchannel").get(0), "Linkedid");
    await(peer.replay(call));
    JsonObject end = endOf(linkedid);
    assertNotNull(end, "the call out ends in the log");
    Row row = call(linkedid);
    assertEquals("outbound", row.getString("direction"));
    assertEquals("13800138000", row.getString("caller_raw"));
    assertEquals("answered", row.getString("disposition"));
    assertNull(row.getString("queue"));
  }

  @Test
  void aDirectDialToAnAgentsPhonePopsOnThatAgentsScreen() throws Exception {
    pops.clear();
    // Transcript 02 without its queue: the DID dialled straight to agent1's phone.
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    String linkedid = AmiTranscript.value(call.events("Newchannel").get(0), "Linkedid");
    await(peer.replay(call, e -> !Set.of("QueueCallerJoin", "AgentCalled", "AgentConnect", "AgentComplete", "QueueCallerLeave")
        .contains(AmiTranscript.value(e, "Event"))));
    JsonObject ringing = popOf(linkedid, "ringing");
    assertNotNull(ringing, "the dialled agent's screen pops");
    assertNotNull(endOf(linkedid));
    Row row = call(linkedid);
    assertNull(row.getString("queue"));
    assertEquals("answered", row.getString("disposition"));
    assertEquals(agentId, row.getLong("agent_id"));
  }

  @Test
  void aCallerWhoHangsUpInTheQueueIsAbandoned() throws Exception {
    // Transcript 02 up to the agent's phone ringing; then the caller gives up, as Asterisk reports it.
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    List<List<Map.Entry<String, String>>> events = call.events();
    String linkedid = AmiTranscript.value(call.events("Newchannel").get(0), "Linkedid");
    int ringing = 0;
    while (!"AgentCalled".equals(AmiTranscript.value(events.get(ringing), "Event"))) {
      ringing++;
    }
    int upTo = ringing;
    int[] i = {0};
    await(peer.replay(call, e -> i[0]++ <= upTo));
    await(peer.emit(AmiTranscript.block("Event", "QueueCallerAbandon", "Privilege", "agent,all",
        "Channel", "Local/8008064888@from-pstn-00000000;2", "Uniqueid", AmiTranscript.value(call.events("Newchannel").get(1), "Uniqueid"),
        "Linkedid", linkedid, "Queue", "hotline", "Position", "1", "OriginalPosition", "1", "HoldTime", "9")));
    for (List<Map.Entry<String, String>> ch : call.events("Newchannel")) {
      await(peer.emit(AmiTranscript.block("Event", "Hangup", "Privilege", "call,all", "Channel", AmiTranscript.value(ch, "Channel"),
          "Uniqueid", AmiTranscript.value(ch, "Uniqueid"), "Linkedid", linkedid, "Cause", "16", "Cause-txt", "Normal Clearing")));
    }
    JsonObject end = endOf(linkedid);
    assertNotNull(end);
    assertEquals("abandoned", end.getString("disposition"));
    Row row = call(linkedid);
    assertEquals("abandoned", row.getString("disposition"));
    assertNull(row.getOffsetDateTime("answered_at"));
    assertEquals("hotline", row.getString("queue"));
    assertNull(row.getInteger("talk_seconds"));
  }
}

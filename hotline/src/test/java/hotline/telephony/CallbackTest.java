package hotline.telephony;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.Addresses;
import hotline.Core;
import hotline.config.Config;
import hotline.testing.CoreFixture;
import hotline.testing.MutableClock;
import hotline.users.Principal;
import hotline.users.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Callbacks end to end: a job row, the dialer's Originate over real AMI (Asterisk-Java against the fake peer), the
 * callee's key over real FastAGI (this test speaks Asterisk's side of the protocol, starting from the recorded
 * request of transcript 05), and the key landing on the case through the core's transitions. Busy callees are
 * retried, spaced, within calling hours on working days only.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CallbackTest {

  /** Monday 2026-11-30 10:00 in Shanghai: a working day, inside calling hours. */
  static final Instant MONDAY_10 = Instant.parse("2026-11-30T02:00:00Z");

  static CoreFixture fixture;
  static Vertx vertx;
  static Pool pool;
  static Core core;
  static MutableClock clock;
  static FakeAmiPeer peer;
  static int agiPort;
  static Principal agent;
  static Principal leader;
  static long unitId;
  static final List<String> originateOutcome = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    AmiTranscript.requireAvailable();
    fixture = CoreFixture.builder().config("sessions.ttl-hours", "100000").poolSize(4).start();
    vertx = fixture.vertx;
    pool = fixture.pool;
    core = fixture.core;
    clock = fixture.clock;
    clock.set(MONDAY_10);
    agent = fixture.person("agent1", Role.AGENT);
    leader = fixture.person("boss", Role.LEADER);
    unitId = fixture.unit(new JsonObject().put("name", "南山区局").put("kind", "county_bureau")
        .put("contacts", new JsonArray().add(new JsonObject().put("name", "王主任").put("phone", "0755-26660000")
            .put("email", "wang@ns.example.cn"))));

    peer = await(FakeAmiPeer.start(vertx, "hotline", "hotline-secret"));
    // Asterisk answers each Originate with its outcome, as the test sets it (Success = answered).
    peer.onAction("Originate", (action, p) -> {
      String outcome = originateOutcome.isEmpty() ? "Success:4" : originateOutcome.remove(0);
      String[] parts = outcome.split(":");
      p.emit(AmiTranscript.block("Event", "OriginateResponse", "Privilege", "call,all", "ActionID", action.get("actionid"),
          "Response", parts[0], "Channel", action.get("channel"), "Context", action.get("context"), "Exten", "s",
          "Reason", parts[1], "Uniqueid", "1795884200." + action.get("actionid").hashCode(), "CallerIDNum", "8008064888",
          "CallerIDName", "Hotline"));
    });
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      agiPort = s.getLocalPort();
    }
    TelephonyVerticle telephony = new TelephonyVerticle(core, new TelephonySettings("127.0.0.1", peer.port(), "hotline",
        "hotline-secret", Set.of("from-pstn"), Set.of("8008064888"), Duration.ofSeconds(2), 20_000),
        CallbackSettings.from(Config.of(Map.of("agi.port", String.valueOf(agiPort), "callbacks.poll-seconds", "1"))), clock);
    await(vertx.deployVerticle(telephony));
    waitFor("AMI link up", () -> "connected".equals(status().getJsonObject("ami", new JsonObject()).getString("state")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void monday() {
    clock.set(MONDAY_10);
    originateOutcome.clear();
  }

  static JsonObject status() throws Exception {
    return await(vertx.eventBus().<JsonObject>request(Addresses.TELEPHONY_STATUS, null)).body();
  }

  /** A complaint that has gone out to the unit (and, if asked, come back handled). */
  static long caseAt(String phone, boolean handled) throws Exception {
    long id = await(core.cases().create(agent, hotline.cases.Intake.of(hotline.cases.CaseKind.COMPLAINT, hotline.cases.Channel.PHONE, "回访测试")
        .withContact(new hotline.cases.Intake.Contact("李四", java.util.List.of(phone), null, null))))
        .getLong("id");
    await(core.cases().transition(agent, id, hotline.cases.Action.SUBMIT, new JsonObject()));
    await(core.cases().transition(leader, id, hotline.cases.Action.INSTRUCT, new JsonObject().put("instruction", "办理")));
    await(core.cases().transition(agent, id, hotline.cases.Action.DISPATCH, new JsonObject().put("unitId", unitId)));
    if (handled) {
      await(core.cases().transition(agent, id, hotline.cases.Action.FEEDBACK, new JsonObject().put("result", "已处理")));
    }
    return id;
  }

  static JsonObject ask(String address, JsonObject body) throws Exception {
    return await(vertx.eventBus().<JsonObject>request(address, body.put("viewer", agent.toJson()))).body();
  }

  static JsonObject job(long caseId, long jobId) throws Exception {
    for (Object o : ask(Addresses.CALLBACKS_LIST, new JsonObject().put("caseId", caseId)).getJsonArray("items")) {
      if (((JsonObject) o).getLong("id") == jobId) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no job " + jobId);
  }

  /**
   * Asterisk's side of FastAGI: the recorded request of transcript 05, pointed at our script and job, then an answer
   * to each command the script sends, as Asterisk would give it. Answers the commands received.
   */
  static List<String> agiCall(String script, String arg, Function<String, String> answer) throws Exception {
    // The recording holds everything Asterisk sent: the request block, then its replies. Only the request is replayed.
    String recorded = Files.readString(AmiTranscript.DIR.resolve("05-fastagi-with-stub.agi-from-asterisk.raw"));
    String request = recorded.substring(0, recorded.indexOf("\n\n") + 2).replace("agi_network_script: satisfaction", "agi_network_script: " + script)
        .replace("agi://127.0.0.1:4573/satisfaction", "agi://127.0.0.1:" + agiPort + "/" + script)
        .replace("agi_arg_1: cb-0002", "agi_arg_1: " + arg);
    List<String> commands = new ArrayList<>();
    try (Socket s = new Socket("127.0.0.1", agiPort)) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      String line;
      while ((line = in.readLine()) != null) {
        commands.add(line);
        try {
          out.write((answer.apply(line) + "\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (java.net.SocketException closed) {
          // Asterisk-Java closes right after its last command without waiting for the answer.
          break;
        }
      }
    }
    return commands;
  }

  static String asterisk(String command, String digits) {
    if (command.startsWith("GET DATA")) {
      return "200 result=" + digits;
    }
    if (command.startsWith("STREAM FILE")) {
      return "200 result=0 endpos=3520";
    }
    return "200 result=1";
  }

  @Test
  void aSatisfiedKeyBecomesTheFollowUp() throws Exception {
    long caseId = caseAt("13800138000", true);
    int before = peer.received("Originate").size();
    JsonObject job = ask(Addresses.CALLBACKS_CREATE, new JsonObject().put("caseId", caseId).put("kind", "satisfaction"));
    long jobId = job.getLong("id");
    assertEquals("pending", job.getString("status"));
    assertEquals("13800138000", job.getString("number"));

    waitFor("the dialer originates", () -> peer.received("Originate").size() > before);
    Map<String, String> originate = peer.received("Originate").get(before);
    assertEquals("Local/13800138000@hotline-outbound", originate.get("channel"));
    assertEquals("hotline-callback", originate.get("context"));
    assertTrue(originate.get("variable").contains("HOTLINE_JOB=" + jobId), originate.toString());
    waitFor("answered attempt logged", () -> job(caseId, jobId).getJsonArray("attemptLog").stream()
        .anyMatch(a -> "answered".equals(((JsonObject) a).getString("outcome"))));

    List<String> commands = agiCall("callback", String.valueOf(jobId), c -> asterisk(c, "2"));
    assertEquals("GET DATA \"hotline/satisfaction\" 10000 1", commands.get(0), commands.toString());
    assertTrue(commands.stream().anyMatch(c -> c.startsWith("STREAM FILE \"hotline/thanks\"")), commands.toString());

    JsonObject c = await(core.cases().get(agent, caseId));
    assertEquals("followed_up", c.getString("status"));
    assertEquals("satisfied", c.getString("satisfaction"));
    JsonObject last = c.getJsonArray("timeline").getJsonObject(c.getJsonArray("timeline").size() - 1);
    assertEquals("follow_up", last.getString("action"));
    assertEquals("回访电话按键 2", last.getString("note"));
    JsonObject done = job(caseId, jobId);
    assertEquals("done", done.getString("status"));
    assertEquals("2", done.getString("result"));
  }

  @Test
  void theUnitConfirmsReceiptWithKeyOne() throws Exception {
    long caseId = caseAt("13900000002", false);
    JsonObject job = ask(Addresses.CALLBACKS_CREATE, new JsonObject().put("caseId", caseId).put("kind", "receipt"));
    assertEquals("075526660000", job.getString("number"), "the unit's first responsible person");
    long jobId = job.getLong("id");
    waitFor("dialled", () -> job(caseId, jobId).getJsonArray("attemptLog").size() >= 1);
    List<String> commands = agiCall("callback", String.valueOf(jobId), c -> asterisk(c, "1"));
    assertEquals("GET DATA \"hotline/receipt\" 10000 1", commands.get(0), commands.toString());
    JsonObject c = await(core.cases().get(agent, caseId));
    assertEquals("receipt_confirmed", c.getString("status"));
    assertEquals("callback", c.getJsonObject("currentDispatch").getString("receiptMethod"));
  }

  @Test
  void aBusyCalleeIsTriedAgainLaterAndThenGivenUp() throws Exception {
    long caseId = caseAt("13700000003", true);
    originateOutcome.addAll(List.of("Failure:5", "Failure:3", "Failure:5"));
    long jobId = ask(Addresses.CALLBACKS_CREATE, new JsonObject().put("caseId", caseId).put("kind", "satisfaction")).getLong("id");
    waitFor("first attempt busy", () -> "pending".equals(job(caseId, jobId).getString("status"))
        && job(caseId, jobId).getInteger("attempts") == 1 && job(caseId, jobId).getJsonArray("attemptLog").size() == 1);
    assertEquals("busy", job(caseId, jobId).getJsonArray("attemptLog").getJsonObject(0).getString("outcome"));
    assertEquals("2026-11-30T10:30+08:00", job(caseId, jobId).getString("nextAttemptAt"), "30 minutes later");
    Thread.sleep(1500);
    assertEquals(1, job(caseId, jobId).getInteger("attempts"), "not before the spacing");

    clock.advance(Duration.ofMinutes(31));
    waitFor("second attempt",
        () -> job(caseId, jobId).getInteger("attempts") == 2 && job(caseId, jobId).getJsonArray("attemptLog").size() == 2);
    assertEquals("no_answer", job(caseId, jobId).getJsonArray("attemptLog").getJsonObject(1).getString("outcome"));
    clock.advance(Duration.ofMinutes(31));
    waitFor("given up after three attempts", () -> "failed".equals(job(caseId, jobId).getString("status")));
    assertEquals(3, job(caseId, jobId).getJsonArray("attemptLog").size());
    assertEquals("handled", await(core.cases().get(agent, caseId)).getString("status"), "the case waits for a person");
  }

  @Test
  void nobodyIsCalledOnADayOffOrAfterHours() throws Exception {
    long caseId = caseAt("13600000004", true);
    clock.set(Instant.parse("2026-12-05T02:00:00Z")); // Saturday 10:00
    int before = peer.received("Originate").size();
    long jobId = ask(Addresses.CALLBACKS_CREATE, new JsonObject().put("caseId", caseId).put("kind", "satisfaction")).getLong("id");
    Thread.sleep(2500);
    assertEquals(before, peer.received("Originate").size(), "no calls on Saturday");
    clock.set(Instant.parse("2026-12-07T11:00:00Z")); // Monday 19:00
    Thread.sleep(2500);
    assertEquals(before, peer.received("Originate").size(), "no calls after hours");
    assertEquals("pending", job(caseId, jobId).getString("status"));
    clock.set(Instant.parse("2026-12-08T01:30:00Z")); // Tuesday 09:30
    waitFor("called in the morning", () -> peer.received("Originate").size() > before);
  }

  @Test
  void badRequestsAreRefused() throws Exception {
    long open = caseAt("13500000005", false);
    var notYet = vertx.eventBus().<JsonObject>request(Addresses.CALLBACKS_CREATE,
        new JsonObject().put("caseId", open).put("kind", "satisfaction").put("viewer", agent.toJson()));
    Throwable t = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> await(notYet));
    assertTrue(t.getCause() instanceof io.vertx.core.eventbus.ReplyException r && r.failureCode() == 409, String.valueOf(t));
    List<String> commands = agiCall("callback", "999999", c -> asterisk(c, "1"));
    assertTrue(commands.stream().noneMatch(c -> c.startsWith("GET DATA")), "an unknown job: nothing is asked: " + commands);
  }
}

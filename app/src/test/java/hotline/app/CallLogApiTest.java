package hotline.app;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.telephony.AmiTranscript;
import hotline.telephony.QueueCalls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The caller log's missed calls over HTTP, the whole process with telephony on: the fake Asterisk rings calls that
 * are abandoned in the queue (Asterisk 22's event sequence) and the recorded answered call. Missed calls are listed
 * with their handled state, marked handled one by one (idempotent) and all at once up to a time (a call that rang in
 * after it stays); the open event streams of the log's readers hear of it without the number; a call linked to a
 * report stays masked under the new filters and never shows that its number called again.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallLogApiTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static TelephonyApp running;
  static String admin;
  static String agent;
  static long agentId;
  static String agent2;
  static String leader;
  static String unit;

  @BeforeAll
  static void start() throws Exception {
    running = TelephonyApp.start(ADMIN_PASSWORD);
    admin = running.login("admin", ADMIN_PASSWORD);
    agentId = user("huijie1", "agent", null);
    user("huijie2", "agent", null);
    user("lingdao1", "leader", null);
    long unitId = TelephonyApp.ok(running.send("POST", "/api/units", admin, new JsonObject().put("name", "福田区局")
        .put("kind", "county_bureau").put("contacts", new JsonArray().add(new JsonObject().put("name", "负责人").put("title", "主任")
            .put("phone", "0755-88881234").put("email", "head@units.example.cn").put("firstResponsible", true)))), 201).getLong("id");
    user("danwei1", "unit_responder", unitId);
    assertEquals(200, running.send("PUT", "/api/users/" + agentId + "/phone", admin, new JsonObject()
        .put("interface", "Local/agent1@agents").put("extension", "8001")).statusCode());
    agent = login("huijie1");
    agent2 = login("huijie2");
    leader = login("lingdao1");
    unit = login("danwei1");
    waitFor("the AMI link up", () -> "connected".equals(new JsonObject(running.send("GET", "/health", null, null).body())
        .getJsonObject("telephony").getJsonObject("ami", new JsonObject()).getString("state")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (running != null) {
      running.stop();
    }
  }

  static final java.util.Map<String, String> PASSWORDS = new java.util.HashMap<>();

  static long user(String name, String role, Long unitId) throws Exception {
    String password = "Calls-" + UUID.randomUUID();
    PASSWORDS.put(name, password);
    return TelephonyApp.ok(running.send("POST", "/api/users", admin, new JsonObject().put("username", name).put("password", password)
        .put("displayName", name + "名").put("roles", new JsonArray().add(role)).put("unitId", unitId)), 201).getLong("id");
  }

  static String login(String name) throws Exception {
    return running.login(name, PASSWORDS.get(name));
  }

  static JsonObject calls(String token, String query) throws Exception {
    return TelephonyApp.ok(running.send("GET", "/api/calls" + query, token, null), 200);
  }

  static HttpResponse<String> post(String path, String token, JsonObject body) throws Exception {
    return running.send("POST", path, token, body);
  }

  /** Rings the call on the fake Asterisk and waits until the log has it ended; answers its row (as the leader sees it). */
  static JsonObject ring(AmiTranscript call) throws Exception {
    String linkedid = QueueCalls.linkedid(call);
    await(running.peer.replay(call));
    JsonObject[] row = {null};
    waitFor("call " + linkedid + " ended in the log", () -> {
      for (Object o : calls(leader, "?size=200").getJsonArray("items")) {
        JsonObject c = (JsonObject) o;
        if (linkedid.equals(c.getString("linkedid")) && c.getString("endedAt") != null) {
          row[0] = c;
          return true;
        }
      }
      return false;
    });
    return row[0];
  }

  static JsonObject row(String token, String query, long callId) throws Exception {
    for (Object o : calls(token, query).getJsonArray("items")) {
      if (((JsonObject) o).getLong("id") == callId) {
        return (JsonObject) o;
      }
    }
    return null;
  }

  static List<Long> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  /** First: its counts and its sweep of every missed call are of its own calls only. */
  @Test
  @Order(1)
  void missedCallsAreListedAndMarkedHandledOneByOneAndAllUpToATime() throws Exception {
    // A known customer's number and an unknown one; both callers give up in the queue.
    TelephonyApp.ok(post("/api/customers", agent, new JsonObject().put("name", "李四烟酒店").put("partyType", "retailer")
        .put("licenceNo", "440304100001").put("phones", new JsonArray().add("139 0001 0001"))), 201);
    JsonObject known = ring(QueueCalls.abandoned("13900010001", 7));
    JsonObject unknown = ring(QueueCalls.abandoned("13900010002", 12));
    // Then the unknown number calls again and agent1 answers.
    JsonObject answered = ring(QueueCalls.answered("13900010002"));
    // The answering agent comes from its AgentConnect's lookup, which may land just after the hangup ended the row.
    long answeredId = answered.getLong("id");
    waitFor("the agent who answered call " + answeredId, () -> row(leader, "?size=200", answeredId).getString("agentName") != null);
    answered = row(leader, "?size=200", answeredId);
    unknown = row(agent, "?missed=true", unknown.getLong("id"));

    assertEquals("abandoned", known.getString("disposition"), known.encode());
    assertTrue(known.getBoolean("missed"));
    assertNull(known.getValue("answeredAt"));
    assertEquals(7, known.getInteger("waitSeconds"), "the wait is Asterisk's HoldTime");
    assertEquals(12, unknown.getInteger("waitSeconds"));
    assertEquals("hotline", known.getString("queue"));
    assertNull(known.getValue("handledAt"));
    assertEquals("李四烟酒店", known.getJsonArray("customers").getJsonObject(0).getString("name"));
    assertEquals("retailer", known.getJsonArray("customers").getJsonObject(0).getString("partyType"));
    assertEquals(new JsonArray(), unknown.getJsonArray("customers"), "an unknown number: no customers");
    assertNull(known.getValue("calledAgainAt"));
    assertEquals(answered.getString("startedAt"), unknown.getString("calledAgainAt"), "the number called again and was answered");
    assertEquals("answered", answered.getString("disposition"));
    assertFalse(answered.getBoolean("missed"));
    assertEquals("huijie1名", answered.getString("agentName"));

    // The filters: missed, handled, mine.
    JsonObject open = calls(agent, "?missed=true&handled=false");
    assertEquals(List.of(unknown.getLong("id"), known.getLong("id")), ids(open), "newest first");
    assertEquals(2, open.getInteger("total"));
    assertNotNull(open.getString("asOf"));
    assertEquals(new JsonObject().put("handle", true).put("dial", true).put("createCustomer", true).put("fileCase", true),
        open.getJsonObject("allowed"));
    assertEquals(List.of(answered.getLong("id")), ids(calls(agent, "?missed=false")));
    assertEquals(List.of(answered.getLong("id")), ids(calls(agent, "?mine=true")), "the calls the agent answered");
    assertEquals(0, calls(agent2, "?mine=true").getInteger("total"));
    assertEquals(3, calls(agent2, "?mine=false").getInteger("total"));
    assertEquals(0, calls(agent, "?missed=true&handled=true").getInteger("total"));
    assertEquals(400, running.send("GET", "/api/calls?missed=false&handled=false", agent, null).statusCode());
    assertEquals(400, running.send("GET", "/api/calls?missed=maybe", agent, null).statusCode());
    HttpResponse<String> bad = running.send("GET", "/api/calls?mine=1", agent, null);
    assertEquals(400, bad.statusCode());
    assertTrue(new JsonObject(bad.body()).getJsonObject("error").getString("message").contains("mine"), bad.body());

    // One: marked by the agent; again, and by another agent, it stays as the first one left it.
    JsonObject first = TelephonyApp.ok(post("/api/calls/" + known.getLong("id") + "/handled", agent, null), 200);
    assertTrue(first.getBoolean("changed"));
    assertEquals(agentId, first.getLong("handledBy"));
    JsonObject again = TelephonyApp.ok(post("/api/calls/" + known.getLong("id") + "/handled", agent2, new JsonObject()), 200);
    assertFalse(again.getBoolean("changed"));
    assertEquals(agentId, again.getLong("handledBy"));
    assertEquals(first.getString("handledAt"), again.getString("handledAt"));
    assertEquals(List.of(unknown.getLong("id")), ids(calls(agent, "?missed=true&handled=false")));
    JsonObject handledRow = calls(agent, "?handled=true").getJsonArray("items").getJsonObject(0);
    assertEquals(known.getLong("id"), handledRow.getLong("id"));
    assertEquals("huijie1名", handledRow.getString("handledByName"));
    assertEquals(first.getString("handledAt"), handledRow.getString("handledAt"));
    // Not a missed call, no such call, not a number, and who may not.
    HttpResponse<String> notMissed = post("/api/calls/" + answered.getLong("id") + "/handled", agent, null);
    assertEquals(422, notMissed.statusCode());
    assertTrue(new JsonObject(notMissed.body()).getJsonObject("error").getString("message").startsWith("只有未接来电"), notMissed.body());
    assertEquals(404, post("/api/calls/999999/handled", agent, null).statusCode());
    assertEquals(404, post("/api/calls/abc/handled", agent, null).statusCode());
    HttpResponse<String> byAdmin = post("/api/calls/" + unknown.getLong("id") + "/handled", admin, null);
    assertEquals(403, byAdmin.statusCode());
    assertEquals("calls.handle", new JsonObject(byAdmin.body()).getJsonObject("error").getString("permission"));
    assertEquals(403, post("/api/calls/handled", unit, new JsonObject().put("before", open.getString("asOf"))).statusCode());

    // All, up to what the agent saw: a call that rang in since stays in the list.
    String asOf = calls(agent, "?missed=true&handled=false").getString("asOf");
    JsonObject later = ring(QueueCalls.abandoned("13900010003", 3));
    assertEquals(400, post("/api/calls/handled", agent, new JsonObject()).statusCode(), "before is required");
    assertEquals(400, post("/api/calls/handled", agent, new JsonObject().put("before", "yesterday")).statusCode());
    JsonObject all = TelephonyApp.ok(post("/api/calls/handled", agent2, new JsonObject().put("before", asOf)), 200);
    assertEquals(1, all.getInteger("handled"), all.encode());
    assertEquals(List.of(later.getLong("id")), ids(calls(agent, "?missed=true&handled=false")));
    assertEquals(0, TelephonyApp.ok(post("/api/calls/handled", agent2, new JsonObject().put("before", asOf)), 200).getInteger("handled"),
        "idempotent");
    assertEquals("huijie2名", row(agent, "?handled=true", unknown.getLong("id")).getString("handledByName"));
    // And up to now: the rest.
    String now = calls(agent, "?missed=true&handled=false").getString("asOf");
    assertEquals(1, TelephonyApp.ok(post("/api/calls/handled", leader, new JsonObject().put("before", now)), 200).getInteger("handled"));
    assertEquals(0, calls(agent, "?missed=true&handled=false").getInteger("total"));
    assertEquals(3, calls(agent, "?handled=true").getInteger("total"));
  }

  @Test
  void aReadersStreamHearsOfAMissedCallAndOfItsHandlingWithoutTheNumber() throws Exception {
    CopyOnWriteArrayList<String> agentStream = stream(agent2);
    CopyOnWriteArrayList<String> unitStream = stream(unit);
    Thread.sleep(500);
    JsonObject missed = ring(QueueCalls.abandoned("13900020001", 4));
    waitFor("the call event on the agent's stream", () -> agentStream.stream().anyMatch(l -> l.contains("\"callId\":" + missed.getLong("id"))
        && l.contains("\"missed\":true") && l.contains("\"event\":\"ended\"")));
    TelephonyApp.ok(post("/api/calls/" + missed.getLong("id") + "/handled", agent, null), 200);
    waitFor("the handled event", () -> agentStream.stream().anyMatch(l -> l.contains("\"event\":\"handled\"")
        && l.contains("\"callId\":" + missed.getLong("id"))));
    assertTrue(agentStream.contains("event: call"), agentStream.toString());
    assertTrue(agentStream.stream().noneMatch(l -> l.contains("13900020001")), "never the number: " + agentStream);
    assertTrue(unitStream.stream().noneMatch(l -> l.contains("event: call")), "a unit's responder does not read the log: " + unitStream);
  }

  @Test
  void aCallLinkedToAReportStaysMaskedUnderTheNewFiltersAndNeverShowsItsNumberCalledAgain() throws Exception {
    // Two missed calls of one number; the second caller is then answered and that call is linked to agent2's report.
    String number = "13900030001";
    JsonObject visible = ring(QueueCalls.abandoned(number, 5));
    JsonObject secret = ring(QueueCalls.abandoned("13900030002", 5));
    JsonObject answered = ring(QueueCalls.answered(number));
    long report = TelephonyApp.ok(post("/api/cases", agent2, new JsonObject().put("kind", "report").put("channel", "phone")
        .put("content", "举报：无证经营").put("contact", new JsonObject().put("name", "匿名"))), 201).getLong("id");
    long report2 = TelephonyApp.ok(post("/api/cases", agent2, new JsonObject().put("kind", "report").put("channel", "phone")
        .put("content", "举报：走私").put("contact", new JsonObject().put("name", "匿名"))), 201).getLong("id");
    TelephonyApp.ok(post("/api/calls/" + answered.getLong("id") + "/case", agent2, new JsonObject().put("caseId", report)), 200);
    TelephonyApp.ok(post("/api/calls/" + secret.getLong("id") + "/case", agent2, new JsonObject().put("caseId", report2)), 200);

    // The agent who may not see the reporters: the missed report call masked, with nothing drawn from its number.
    JsonObject masked = row(agent, "?missed=true&handled=false&size=200", secret.getLong("id"));
    assertNotNull(masked, "a masked call is still in the work list");
    assertTrue(masked.getBoolean("identityMasked"));
    assertNull(masked.getValue("callerNumber"));
    assertNull(masked.getValue("caseId"));
    assertNull(masked.getValue("caseNumber"));
    assertNull(masked.getValue("customers"));
    assertNull(masked.getValue("calledAgainAt"));
    assertEquals(0, calls(agent, "?missed=true&number=13900030002").getInteger("total"), "the number filter never matches it");
    assertEquals(0, calls(agent, "?handled=false&number=13900030002").getInteger("total"));
    // The visible missed call of the other number: its later answered call is the report's, so it did not "call again".
    JsonObject seen = row(agent, "?missed=true&number=" + number, visible.getLong("id"));
    assertEquals(number, seen.getString("callerNumber"));
    assertNull(seen.getValue("calledAgainAt"), seen.encode());
    assertEquals(1, calls(agent, "?missed=true&number=" + URLEncoder.encode("+86 139-0003-0001", StandardCharsets.UTF_8))
        .getInteger("total"));

    // The report's owner and a leader see all of it.
    for (String who : List.of(agent2, leader)) {
      assertEquals("13900030002", row(who, "?missed=true&number=13900030002", secret.getLong("id")).getString("callerNumber"));
      assertEquals(answered.getString("startedAt"), row(who, "?missed=true&number=" + number, visible.getLong("id"))
          .getString("calledAgainAt"));
    }
    // Marking it handled needs no number, and tells nothing of it.
    JsonObject h = TelephonyApp.ok(post("/api/calls/" + secret.getLong("id") + "/handled", agent, null), 200);
    assertEquals(new java.util.TreeSet<>(List.of("callId", "handledAt", "handledBy", "changed")), new java.util.TreeSet<>(h.fieldNames()));
  }

  static CopyOnWriteArrayList<String> stream(String token) {
    CopyOnWriteArrayList<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest r = HttpRequest.newBuilder(URI.create(running.base() + "/api/events")).header("Authorization", "Bearer " + token)
        .header("Accept", "text/event-stream").build();
    CompletableFuture<?> f = TelephonyApp.HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofLines()).thenAccept(x -> x.body().forEach(lines::add));
    STREAMS.add(f);
    return lines;
  }

  static final List<CompletableFuture<?>> STREAMS = new CopyOnWriteArrayList<>();
}

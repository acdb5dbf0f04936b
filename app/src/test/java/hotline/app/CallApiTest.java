package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.config.Config;
import hotline.telephony.AmiTranscript;
import hotline.telephony.FakeAmiPeer;
import hotline.testing.CoreFixture;
import hotline.testing.PgTestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole process with telephony on: a fake Asterisk replays a real recorded hotline call; the agent it rang files
 * a case during the call; the call log over HTTP shows the call linked to that case, and hides the caller of a call
 * linked to someone else's report.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CallApiTest {

  static Vertx vertx;
  static FakeAmiPeer peer;
  static Hotline app;
  static int port;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    AmiTranscript.requireAvailable();
    vertx = Vertx.vertx();
    peer = await(FakeAmiPeer.start(vertx, "hotline", "hotline-secret"));
    PgConnectOptions db = PgTestSupport.freshDatabase();
    String url = "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
    app = await(new Hotline(vertx, Config.of(Map.of("http.port", "0", "http.host", "127.0.0.1", "database.url", url,
        "calendar.dir", "../config/calendar", "admin.password", CoreFixture.password("admin"), "ami.host", "127.0.0.1",
        "ami.port", String.valueOf(peer.port()), "ami.username", "hotline", "ami.secret", "hotline-secret"))).start());
    port = app.httpPort();
    admin = login("admin", CoreFixture.password("admin"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!"connected".equals(health().getJsonObject("telephony").getJsonObject("ami", new JsonObject()).getString("state"))) {
      assertTrue(System.nanoTime() < deadline, "AMI link up: " + health().encode());
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      await(app.stop());
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  static HttpResponse<String> send(String method, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject ok(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  static JsonObject health() throws Exception {
    return new JsonObject(send("GET", "/health", null, null).body());
  }

  static String login(String user, String pw) throws Exception {
    return ok(send("POST", "/api/session", null, new JsonObject().put("username", user).put("password", pw)), 200).getString("token");
  }

  static long user(String name, String role) throws Exception {
    return ok(send("POST", "/api/users", admin, new JsonObject().put("username", name).put("password", CoreFixture.password(name))
        .put("roles", new JsonArray().add(role))), 201).getLong("id");
  }

  static JsonObject calls(String token, String query) throws Exception {
    return ok(send("GET", "/api/calls" + query, token, null), 200);
  }

  @Test
  void aCaseFiledDuringTheCallIsLinkedToItAndReportsStayConfidential() throws Exception {
    long agentId = user("zuoxi1", "agent");
    user("zuoxi2", "agent");
    user("lingdao", "leader");
    ok(send("PUT", "/api/users/" + agentId + "/phone", admin, new JsonObject().put("interface", "Local/agent1@agents")
        .put("extension", "8001")), 200);
    assertEquals(409, send("PUT", "/api/users/" + (agentId + 1) + "/phone", admin,
        new JsonObject().put("interface", "Local/agent1@agents")).statusCode(), "one phone, one agent");
    String agent = login("zuoxi1", CoreFixture.password("zuoxi1"));
    String other = login("zuoxi2", CoreFixture.password("zuoxi2"));
    String leader = login("lingdao", CoreFixture.password("lingdao"));
    assertEquals(403, send("PUT", "/api/users/" + agentId + "/phone", agent, new JsonObject().put("extension", "1")).statusCode());

    // The call rings agent1 and is answered; while talking, the agent files the complaint.
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    List<List<Map.Entry<String, String>>> events = call.events();
    int connect = 0;
    while (!"AgentConnect".equals(AmiTranscript.value(events.get(connect), "Event"))) {
      connect++;
    }
    int upTo = connect;
    int[] i = {0};
    await(peer.replay(call, e -> i[0]++ <= upTo));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    JsonObject log;
    do {
      Thread.sleep(50);
      log = calls(agent, "?agent=" + agentId);
    } while (log.getInteger("total") == 0 && System.nanoTime() < deadline);
    assertEquals(1, log.getInteger("total"), log.encode());

    JsonObject filed = ok(send("POST", "/api/cases", agent, new JsonObject().put("kind", "complaint").put("channel", "phone")
        .put("content", "来电投诉：零售店售假").put("contact", new JsonObject().put("name", "张三")
            .put("phones", new JsonArray().add("13800138000")))), 201);
    long caseId = filed.getLong("id");
    int[] j = {0};
    await(peer.replay(call, e -> j[0]++ > upTo));

    JsonObject linked = null;
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      JsonObject page = calls(agent, "?number=" + URLEncoder.encode("+86 138 0013 8000", StandardCharsets.UTF_8));
      linked = page.getJsonArray("items").isEmpty() ? null : page.getJsonArray("items").getJsonObject(0);
      if (linked != null && linked.getLong("caseId") != null && linked.getString("endedAt") != null) {
        break;
      }
      Thread.sleep(50);
    }
    assertEquals(caseId, linked.getLong("caseId"), linked.encode());
    assertEquals("answered", linked.getString("disposition"));
    assertEquals(agentId, linked.getLong("agentId"));
    assertEquals(2, linked.getInteger("waitSeconds"));
    assertEquals(6, linked.getInteger("talkSeconds"));
    JsonObject ofCase = ok(send("GET", "/api/cases/" + filed.getString("number") + "/calls", agent, null), 200);
    assertEquals(linked.getLong("id"), ofCase.getJsonArray("items").getJsonObject(0).getLong("id"));
    assertEquals(1, calls(agent, "?disposition=answered").getInteger("total"));
    assertEquals(0, calls(agent, "?disposition=abandoned").getInteger("total"));
    assertEquals(400, send("GET", "/api/calls?disposition=hung", agent, null).statusCode());

    // Another agent's report linked to the same call: its caller is hidden from whoever may not see the reporter.
    long reportId = ok(send("POST", "/api/cases", other, new JsonObject().put("kind", "report").put("channel", "letter")
        .put("content", "举报信").put("contact", new JsonObject().put("name", "张三"))), 201).getLong("id");
    ok(send("POST", "/api/calls/" + linked.getLong("id") + "/case", other, new JsonObject().put("caseId", reportId)), 200);
    JsonObject seenByAgent = calls(agent, "").getJsonArray("items").getJsonObject(0);
    assertNull(seenByAgent.getString("callerNumber"), seenByAgent.encode());
    assertNull(seenByAgent.getValue("caseId"));
    assertTrue(seenByAgent.getBoolean("identityMasked"));
    assertEquals(0, calls(agent, "?number=13800138000").getJsonArray("items").stream()
        .filter(o -> ((JsonObject) o).getString("callerNumber") != null).count());
    JsonObject seenByOwner = calls(other, "").getJsonArray("items").getJsonObject(0);
    assertEquals("13800138000", seenByOwner.getString("callerNumber"));
    assertEquals(reportId, seenByOwner.getLong("caseId"));
    assertEquals("13800138000", calls(leader, "").getJsonArray("items").getJsonObject(0).getString("callerNumber"));
    assertEquals(404, send("POST", "/api/calls/999999/case", agent, new JsonObject().put("caseId", caseId)).statusCode());

    // Click-to-call: the agent's phone rings first, then the number is dialled in national form.
    int before = peer.received("Originate").size();
    JsonObject dial = ok(send("POST", "/api/calls/dial", agent, new JsonObject().put("number", "+86 138-0013-8000")
        .put("caseId", caseId)), 200);
    assertEquals("ringing-agent", dial.getString("status"));
    Map<String, String> originate = peer.received("Originate").get(before);
    assertEquals("Local/agent1@agents", originate.get("channel"));
    assertEquals("13800138000", originate.get("exten"));
    assertEquals("hotline-outbound", originate.get("context"));
    assertTrue(originate.get("variable").contains("HOTLINE_CASE=" + caseId), originate.toString());
    assertEquals(422, send("POST", "/api/calls/dial", other, new JsonObject().put("number", "13800138000")).statusCode(),
        "an agent without a phone");
    assertEquals(400, send("POST", "/api/calls/dial", agent, new JsonObject().put("number", "abc")).statusCode());
  }
}

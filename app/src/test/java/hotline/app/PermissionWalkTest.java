package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Walks every operation the OpenAPI document describes × every kind of caller (each role, the case's owner and
 * another agent, and anonymous) through the whole process, telephony on, and checks each answer against the
 * permission table ({@link Permission}) the document names for the operation: who may not gets 403 naming that
 * permission (401 when not signed in); who may gets anything else. The document's roles are the table's.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PermissionWalkTest {

  static TelephonyApp running;
  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();

  /** A caller of the walk: a signed-in user (with who they are) or nobody. */
  record Caller(String name, String password, String token, Principal principal) {

    /**
     * The token to send: for a request that may end a session or revoke a token (a DELETE), a session of its own, so
     * that the walk goes on with the caller's usual one.
     */
    String tokenFor(String method) throws Exception {
      return principal == null || !method.equals("delete") ? token : login(name, password);
    }
  }

  static final Map<String, Caller> CALLERS = new LinkedHashMap<>();
  static long unitId;
  static long otherUnitId;
  static long customerId;
  static long sharedCase;
  static long accessRequest;
  static long outboxId;
  static long sharedDispatch;
  /** The account the walk's account operations act on (deactivated, reset, re-roled): nobody who walks. */
  static long targetUserId;

  @BeforeAll
  static void start() throws Exception {
    running = TelephonyApp.start(ADMIN_PASSWORD);

    String admin = login("admin", ADMIN_PASSWORD);
    unitId = created(send("POST", "/api/units", admin, unitBody("宝安区局"))).getLong("id");
    otherUnitId = created(send("POST", "/api/units", admin, unitBody("南山区局"))).getLong("id");
    CALLERS.put("anonymous", new Caller("anonymous", null, null, null));
    CALLERS.put("agent (owner)", caller("walk-agent", admin, "agent", null));
    CALLERS.put("another agent", caller("walk-agent2", admin, "agent", null));
    CALLERS.put("leader", caller("walk-leader", admin, "leader", null));
    CALLERS.put("supervisor", caller("walk-supervisor", admin, "supervisor", null));
    CALLERS.put("unit responder", caller("walk-unit", admin, "unit_responder", unitId));
    CALLERS.put("other unit's responder", caller("walk-unit2", admin, "unit_responder", otherUnitId));
    CALLERS.put("admin", new Caller("admin", ADMIN_PASSWORD, admin, me(admin)));
    targetUserId = caller("walk-target", admin, "agent", null).principal().id();

    customerId = created(send("POST", "/api/customers", token("agent (owner)"), new JsonObject().put("name", "王五")
        .put("partyType", "consumer").put("phones", new JsonArray().add("13800138001")))).getLong("id");
    sharedCase = dispatchedCase();
    sharedDispatch = ok(send("GET", "/api/cases/" + sharedCase, token("supervisor"), null)).getJsonObject("currentDispatch")
        .getLong("id");
    accessRequest = created(send("POST", "/api/access-requests", token("agent (owner)"), new JsonObject()
        .put("caseId", sharedCase).put("purpose", "export").put("reason", "复核"))).getLong("id");
    JsonArray outbox = ok(send("GET", "/api/outbox?case=" + sharedCase, token("supervisor"), null)).getJsonArray("items");
    outboxId = outbox.getJsonObject(0).getLong("id");
  }

  @AfterAll
  static void stop() throws Exception {
    if (running != null) {
      running.stop();
    }
  }

  @Test
  void everyDocumentedOperationAnswersEveryCallerAsThePermissionTableSays() throws Exception {
    JsonObject doc = openApi();
    List<String> wrong = new ArrayList<>();
    int walked = 0;
    int refused = 0;
    Set<String> operations = new TreeSet<>();
    for (Operation o : operations(doc)) {
      String path = o.path();
      String method = o.method();
      Permission permission = Permission.of(o.op().getString("x-permission"));
      operations.add(method.toUpperCase() + " " + path);
      for (Caller caller : CALLERS.values()) {
        Target target = target(method, path);
        Answer a = request(method.toUpperCase(), target.path(), caller.tokenFor(method));
        walked++;
        String expected;
        boolean right;
        if (permission.isPublic()) {
          // Open to all: signing in with a wrong password is still a 401, but nobody is refused by role.
          expected = "not 403";
          right = a.status() != 403;
        } else if (caller.principal() == null) {
          expected = "401";
          right = a.status() == 401;
        } else if (permission.allows(caller.principal(), target.subject())) {
          expected = "not refused by " + permission.id();
          right = a.status() != 401 && !a.refusedBy(permission);
        } else {
          expected = "403 naming " + permission.id() + " (or 404: the case is not theirs to see)";
          right = a.refusedBy(permission) && a.message().startsWith("您无权执行此操作：需要")
              || a.status() == 404 && caller.name().equals("walk-unit2");
          refused++;
        }
        if (!right) {
          wrong.add(method.toUpperCase() + " " + target.path() + " as " + caller.name() + ": expected " + expected
              + ", got " + a.status() + " " + a.body());
        }
      }
    }
    System.out.printf("permission walk: %d operations × %d callers = %d requests, %d refused by the table%n",
        operations.size(), CALLERS.size(), walked, refused);
    assertTrue(wrong.isEmpty(), wrong.size() + " answers disagree with the permission table:\n" + String.join("\n", wrong));
    assertTrue(operations.size() >= 54 && refused > 100, "the walk covers the API: " + operations.size() + " operations");
  }

  @Test
  void theDocumentStatesTheTablesRolesAndGrantsForEveryOperation() throws Exception {
    JsonObject doc = openApi();
    List<String> wrong = new ArrayList<>();
    for (Operation o : operations(doc)) {
      JsonObject op = o.op();
      String where = o.method().toUpperCase() + " " + o.path();
      if (op.getString("x-permission") == null) {
        wrong.add(where + ": no x-permission");
        continue;
      }
      Permission p = Permission.of(op.getString("x-permission"));
      JsonArray roles = new JsonArray();
      p.roles().stream().map(r -> r.id()).sorted().forEach(roles::add);
      if (!roles.equals(op.getJsonArray("x-roles"))) {
        wrong.add(where + ": x-roles " + op.getJsonArray("x-roles") + ", the table says " + roles);
      }
      JsonArray grants = new JsonArray();
      for (Permission.Grant g : p.grants()) {
        JsonObject grant = new JsonObject().put("roles", new JsonArray(g.roles().stream().map(r -> r.id()).sorted().toList()));
        if (g.condition() != Permission.Condition.ALWAYS) {
          grant.put("when", g.condition().name().toLowerCase());
        }
        grants.add(grant);
      }
      if (!grants.equals(op.getJsonArray("x-grants"))) {
        wrong.add(where + ": x-grants " + op.getJsonArray("x-grants") + ", the table says " + grants);
      }
      boolean documentedPublic = op.getJsonArray("security") != null && op.getJsonArray("security").isEmpty();
      if (documentedPublic != p.isPublic()) {
        wrong.add(where + ": security " + op.getJsonArray("security") + " but permission " + p.id());
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void aRefusalNamesWhatTheStepNeedsInTheCallersLanguage() throws Exception {
    long id = dispatchedCase();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.base() + "/api/cases/" + id + "/close"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token("another agent"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"x\"}"));
    Answer zh = answer(TelephonyApp.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    assertEquals(403, zh.status(), zh.body());
    assertEquals("您无权执行此操作：需要分管领导或整顿办。", zh.message());
    Answer en = answer(TelephonyApp.HTTP.send(b.header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString()));
    assertEquals("You are not allowed to do this: it needs a leader or the supervision office.", en.message());
    Answer answer = request("POST", "/api/cases/" + id + "/follow-up", token("another agent"));
    assertEquals("您无权执行此操作：需要整顿办或本工单的承办人。", answer.message());
    assertEquals(new JsonArray().add("agent").add("leader").add("supervisor"),
        answer.error().getJsonArray("roles"));
  }

  @Test
  void aCaseOffersEachCallerOnlyTheStepsTheyMayTake() throws Exception {
    long id = dispatchedCase();
    Map<String, List<Object>> offered = new LinkedHashMap<>();
    for (String who : List.of("agent (owner)", "another agent", "leader", "supervisor", "unit responder", "admin")) {
      offered.put(who, ok(send("GET", "/api/cases/" + id, token(who), null)).getJsonArray("allowedActions").getList());
    }
    assertEquals(List.of("receipt", "extend", "feedback"), offered.get("agent (owner)"));
    assertEquals(List.of(), offered.get("another agent"));
    assertEquals(List.of("extend", "reopen"), offered.get("leader"));
    assertEquals(List.of("receipt", "extend", "feedback", "reopen", "take"), offered.get("supervisor"));
    assertEquals(List.of("receipt", "feedback"), offered.get("unit responder"));
    assertEquals(List.of(), offered.get("admin"));
    // And each step offered is taken (not refused); each not offered is refused.
    for (Map.Entry<String, List<Object>> e : offered.entrySet()) {
      for (String step : List.of("receipt", "extend", "feedback", "reopen", "take")) {
        Answer a = request("POST", "/api/cases/" + dispatchedCase() + "/" + step, token(e.getKey()));
        assertEquals(!e.getValue().contains(step), a.status() == 403, e.getKey() + " " + step + ": " + a.body());
      }
    }
  }

  @Test
  void automatedCallbacksAreStartedOnlyByTheOwnerTheSupervisionOfficeAndLeaders() throws Exception {
    long id = dispatchedCase();
    JsonObject receipt = new JsonObject().put("kind", "receipt");
    assertEquals(403, send("POST", "/api/cases/" + id + "/callbacks", token("another agent"), receipt).statusCode());
    assertEquals(403, send("POST", "/api/cases/" + id + "/callbacks", token("admin"), receipt).statusCode());
    assertEquals(403, send("POST", "/api/cases/" + id + "/callbacks", token("unit responder"), receipt).statusCode());
    assertEquals(201, send("POST", "/api/cases/" + id + "/callbacks", token("agent (owner)"), receipt).statusCode());
    assertEquals(201, send("POST", "/api/cases/" + dispatchedCase() + "/callbacks", token("leader"), receipt).statusCode());
    assertEquals(201, send("POST", "/api/cases/" + dispatchedCase() + "/callbacks", token("supervisor"), receipt).statusCode());
  }

  @Test
  void thePhoneBarAndPausingAnswerEachCallerExactly() throws Exception {
    JsonObject pause = new JsonObject().put("paused", true).put("reason", "meal");
    // Signed out, and roles that take no calls.
    assertEquals(401, send("GET", "/api/phone", null, null).statusCode());
    assertEquals(401, send("PUT", "/api/phone/pause", null, pause).statusCode());
    for (String who : List.of("admin", "unit responder")) {
      assertTrue(request("GET", "/api/phone", token(who)).refusedBy(Permission.PHONE_BAR), who);
      assertEquals(403, send("PUT", "/api/phone/pause", token(who), pause).statusCode(), who);
    }
    // A leader without a phone: the bar says so; a pause has no phone to pause.
    JsonObject bar = ok(send("GET", "/api/phone", token("leader"), null));
    assertEquals(false, bar.getBoolean("hasPhone"));
    assertEquals("up", bar.getString("link"));
    Answer noPhone = answer(send("PUT", "/api/phone/pause", token("leader"), pause));
    assertEquals(422, noPhone.status(), noPhone.body());
    assertEquals("您还没有登记话机，请联系管理员设置分机号。", noPhone.message());
    assertEquals(400, send("PUT", "/api/phone/pause", token("leader"), new JsonObject().put("paused", true).put("reason", "nap"))
        .statusCode());
    assertEquals(400, send("PUT", "/api/phone/pause", token("leader"), new JsonObject().put("paused", true)).statusCode());

    // An agent with a phone: Asterisk (the fake one, as transcript 09 answered) takes the pause.
    running.peer.onAction("QueuePause", (action, p) -> p.reply(action, "Response", "Success", "Message",
        "true".equals(action.get("Paused")) ? "Interface paused successfully" : "Interface unpaused successfully"));
    long agent = CALLERS.get("another agent").principal().id();
    ok(send("PUT", "/api/users/" + agent + "/phone", token("admin"), new JsonObject().put("interface", "Local/agent2@agents")
        .put("extension", "8002")));
    int before = running.peer.received("QueuePause").size();
    JsonObject paused = ok(send("PUT", "/api/phone/pause", token("another agent"), pause));
    assertEquals("8002", paused.getString("extension"));
    java.util.Map<String, String> sent = running.peer.received("QueuePause").get(before);
    assertEquals("Local/agent2@agents", sent.get("Interface"));
    assertEquals("true", sent.get("Paused"));
    assertEquals("meal", sent.get("Reason"));
    ok(send("PUT", "/api/phone/pause", token("another agent"), new JsonObject().put("paused", false)));
    assertEquals("false", running.peer.received("QueuePause").get(before + 1).get("Paused"));
  }

  /** One operation of the document: its method (lower case, as written there), path template and description. */
  record Operation(String method, String path, JsonObject op) {
  }

  static List<Operation> operations(JsonObject doc) {
    List<Operation> out = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (!method.equals("parameters")) {
          out.add(new Operation(method, path, paths.getJsonObject(path).getJsonObject(method)));
        }
      }
    }
    return out;
  }

  // ---- the walk's targets

  /** A request's path with its parameters filled, and the subject the table's conditions look at. */
  record Target(String path, Permission.Subject subject) {
  }

  /**
   * Fills the path: a case step gets a case of its own, filed by the owner and dispatched to the unit, so that one
   * caller's step does not change what the next one meets.
   */
  static Target target(String method, String template) throws Exception {
    long caseId = method.equals("post") && template.startsWith("/api/cases/{caseId}/") ? dispatchedCase() : sharedCase;
    String path = template.replace("{caseId}", String.valueOf(caseId)).replace("{unitId}", String.valueOf(unitId))
        .replace("{customerId}", String.valueOf(customerId)).replace("{userId}", String.valueOf(targetUserId))
        .replace("{requestId}", String.valueOf(accessRequest)).replace("{outboxId}", String.valueOf(outboxId))
        .replace("{attachmentId}", "1").replace("{callId}", "1").replace("{tokenId}", "999999")
        .replace("{file}", "api-docs.js").replace("{contactId}", "999999").replace("{phone}", "13900000000")
        .replace("{year}", "2027")
        // Findings against the shared case's dispatch (a finding that does not exist: 404 once allowed); the quarter now
        // running, which cannot be closed yet (409 once allowed).
        .replace("{dispatchId}", String.valueOf(sharedDispatch)).replace("{findingId}", "999999")
        .replace("{quarter}", "2026-Q4");
    // A phrase and a word not to use that do not exist (404 once allowed).
    path = path.replace("{phraseId}", "999999").replace("{wordId}", "999999");
    // Knowledge articles: one that does not exist (404 once allowed).
    path = path.replace("{articleId}", "999999").replace("{version}", "1");
    if (path.startsWith("/api/calendar/deadline")) {
      path += "?from=2026-12-01T10:00:00%2B08:00&days=2";
    } else if (path.startsWith("/api/calendar/workdays")) {
      path += "?from=2026-12-01&to=2026-12-31";
    }
    long owner = CALLERS.get("agent (owner)").principal().id();
    Permission.Subject subject = template.startsWith("/api/access-requests/{requestId}")
        ? Permission.Subject.requestedBy(owner)
        : template.contains("{caseId}") ? new Permission.Subject(owner, false, false, unitId)
        : template.contains("{userId}") ? Permission.Subject.account(targetUserId)
        // A unit's score: the subject is the unit (its own people may read it).
        : template.startsWith("/api/accountability/") && template.contains("{unitId}")
            ? new Permission.Subject(null, false, false, unitId) : null;
    return new Target(path, subject);
  }

  /** A complaint filed by the owner, submitted, instructed by the leader and dispatched by e-mail to the unit. */
  static long dispatchedCase() throws Exception {
    String agent = token("agent (owner)");
    long id = created(send("POST", "/api/cases", agent, new JsonObject().put("kind", "complaint").put("channel", "phone")
        .put("partyType", "consumer").put("subject", "疑似假烟").put("content", "在某零售店购买的香烟疑似假冒。")
        .put("contact", new JsonObject().put("name", "张三").put("phones", new JsonArray().add("13800138000"))))).getLong("id");
    ok(send("POST", "/api/cases/" + id + "/submit", agent, new JsonObject()));
    ok(send("POST", "/api/cases/" + id + "/instruct", token("leader"), new JsonObject().put("instruction", "请核实处理")));
    ok(send("POST", "/api/cases/" + id + "/dispatch", agent, new JsonObject().put("unitId", unitId).put("method", "email")));
    return id;
  }

  // ---- HTTP

  record Answer(int status, String body) {

    JsonObject error() {
      try {
        return new JsonObject(body).getJsonObject("error");
      } catch (RuntimeException e) {
        return null;
      }
    }

    String message() {
      JsonObject e = error();
      return e == null ? "" : e.getString("message", "");
    }

    /** A 403 from the table's check of this permission (not another rule's, such as a missing export grant). */
    boolean refusedBy(Permission p) {
      JsonObject e = error();
      return status == 403 && e != null && p.id().equals(e.getString("permission"));
    }
  }

  static Answer request(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.base() + path)).timeout(Duration.ofSeconds(30));
    if (method.equals("GET") || method.equals("DELETE")) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}"));
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (path.startsWith("/api/events")) {
      // An event stream stays open as long as its session: its status (and a refusal's body) is the answer.
      HttpResponse<java.io.InputStream> r = TelephonyApp.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.InputStream in = r.body()) {
        return new Answer(r.statusCode(), r.statusCode() == 200 ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return answer(TelephonyApp.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  static Answer answer(HttpResponse<String> r) {
    return new Answer(r.statusCode(), r.body());
  }

  static HttpResponse<String> send(String method, String path, String token, JsonObject body) throws Exception {
    return running.send(method, path, token, body);
  }

  static JsonObject ok(HttpResponse<String> r) {
    return TelephonyApp.ok(r, 200);
  }

  static JsonObject created(HttpResponse<String> r) {
    return TelephonyApp.ok(r, 201);
  }

  static String login(String user, String pw) throws Exception {
    return running.login(user, pw);
  }

  static Principal me(String token) throws Exception {
    return Principal.fromJson(ok(send("GET", "/api/me", token, null)));
  }

  static Caller caller(String name, String admin, String role, Long unit) throws Exception {
    String password = "Walk-" + UUID.randomUUID();
    created(send("POST", "/api/users", admin, new JsonObject().put("username", name).put("password", password)
        .put("displayName", name).put("roles", new JsonArray().add(role)).put("unitId", unit)));
    String token = login(name, password);
    return new Caller(name, password, token, me(token));
  }

  static String token(String who) {
    return CALLERS.get(who).token();
  }

  static JsonObject unitBody(String name) {
    return new JsonObject().put("name", name).put("kind", "county_bureau").put("contacts", new JsonArray().add(new JsonObject()
        .put("name", name + "负责人").put("title", "主任").put("phone", "0755-88881234").put("email", "head@units.example.cn")
        .put("firstResponsible", true)));
  }

  static JsonObject openApi() throws IOException {
    try (InputStream in = PermissionWalkTest.class.getResourceAsStream("/openapi.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}

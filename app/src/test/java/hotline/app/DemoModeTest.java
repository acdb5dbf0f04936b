package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.cases.CaseKind;
import hotline.cases.CaseStatus;
import hotline.config.Config;
import hotline.testing.PgTestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Demo mode as a newcomer starts it: a working desk on the first start, and nothing seeded twice on the next. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DemoModeTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dataDir;

  private static HttpResponse<String> send(int port, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static JsonObject signIn(int port, String username, String password) throws Exception {
    HttpResponse<String> r = send(port, "POST", "/api/session", null,
        new JsonObject().put("username", username).put("password", password).encode());
    assertEquals(200, r.statusCode(), username + ": " + r.body());
    return new JsonObject(r.body());
  }

  /** Every case the leader sees (the leader sees all), by status. */
  private static Map<String, Integer> casesByStatus(int port, String leaderToken, Set<String> kinds) throws Exception {
    HttpResponse<String> r = send(port, "GET", "/api/cases?size=100", leaderToken, null);
    assertEquals(200, r.statusCode(), r.body());
    Map<String, Integer> out = new TreeMap<>();
    for (Object o : new JsonObject(r.body()).getJsonArray("items")) {
      JsonObject c = (JsonObject) o;
      out.merge(c.getString("status"), 1, Integer::sum);
      kinds.add(c.getString("kind"));
    }
    return out;
  }

  @Test
  void demoModeSeedsAWorkingDeskOnceAndItsAccountsSignIn() throws Exception {
    PgConnectOptions db = PgTestSupport.freshDatabase();
    String url = "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
    Config config = Config.of(new HashMap<>(Map.of("http.port", "0", "http.host", "127.0.0.1", "calendar.dir", "../config/calendar",
        "database.url", url, "data.dir", dataDir.toString(), "demo", "true")));
    Map<String, Integer> first;
    Set<String> kinds = new java.util.TreeSet<>();
    Vertx vertx = Vertx.vertx();
    try {
      Hotline h = new Hotline(vertx, config).start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      int port = h.httpPort();
      // The admin has the documented demo password, which the policy accepts: no change needed first. Every other
      // account was created through the user service, which refuses a password weak for its role.
      JsonObject admin = signIn(port, "admin", DemoSeed.ADMIN_PASSWORD);
      assertFalse(admin.getBoolean("mustChangePassword"), admin.encode());
      Set<String> roles = new java.util.TreeSet<>();
      for (DemoSeed.Account a : DemoSeed.ACCOUNTS) {
        JsonObject session = signIn(port, a.username(), a.password());
        JsonArray r = session.getJsonObject("user").getJsonArray("roles");
        assertEquals(new JsonArray().add(a.role()), r, a.username());
        roles.add(a.role());
        HttpResponse<String> me = send(port, "GET", "/api/me", session.getString("token"), null);
        assertEquals(200, me.statusCode(), me.body());
      }
      assertEquals(Set.of("agent", "leader", "supervisor", "unit_responder"), roles);

      String leader = signIn(port, "leader1", DemoSeed.ACCOUNTS.get(2).password()).getString("token");
      first = casesByStatus(port, leader, kinds);
      Set<String> statuses = new java.util.TreeSet<>();
      for (CaseStatus s : EnumSet.allOf(CaseStatus.class)) {
        statuses.add(s.name().toLowerCase());
      }
      assertEquals(statuses, first.keySet(), "a case in every status: " + first);
      Set<String> allKinds = new java.util.TreeSet<>();
      for (CaseKind k : CaseKind.values()) {
        allKinds.add(k.name().toLowerCase());
      }
      assertEquals(allKinds, kinds);

      // The units with their first responsible persons, and the customers, are in the directory.
      JsonArray units = new JsonArray(send(port, "GET", "/api/units", leader, null).body());
      long demoUnits = units.stream().map(u -> (JsonObject) u).filter(u -> String.valueOf(u.getString("code")).startsWith("DEMO-"))
          .peek(u -> assertFalse(u.getJsonArray("contacts").isEmpty(), u.encode())).count();
      assertEquals(4, demoUnits, units.encode());
      String agent = signIn(port, "agent1", DemoSeed.ACCOUNTS.get(0).password()).getString("token");
      HttpResponse<String> byPhone = send(port, "GET", "/api/customers?phone=13800138000", agent, null);
      assertEquals(200, byPhone.statusCode(), byPhone.body());
      assertTrue(byPhone.body().contains("张三"), byPhone.body());

      // The unit responder sees only their unit's cases, and may act on the dispatched one.
      String nanshan = signIn(port, "nanshan1", DemoSeed.ACCOUNTS.get(4).password()).getString("token");
      JsonArray unitCases = new JsonObject(send(port, "GET", "/api/cases?status=dispatched", nanshan, null).body()).getJsonArray("items");
      assertEquals(1, unitCases.size(), unitCases.encode());
      JsonObject dispatched = new JsonObject(send(port, "GET", "/api/cases/" + unitCases.getJsonObject(0).getLong("id"), nanshan, null).body());
      assertTrue(dispatched.getJsonArray("allowedActions").contains("receipt"), dispatched.encode());
      await(h.stop());
    } finally {
      await(vertx.close());
    }

    // A second start on the same database seeds nothing twice.
    Vertx again = Vertx.vertx();
    try {
      Hotline h = new Hotline(again, config).start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      int port = h.httpPort();
      String leader = signIn(port, "leader1", DemoSeed.ACCOUNTS.get(2).password()).getString("token");
      assertEquals(first, casesByStatus(port, leader, new java.util.TreeSet<>()));
      String admin = signIn(port, "admin", DemoSeed.ADMIN_PASSWORD).getString("token");
      JsonArray users = new JsonArray(send(port, "GET", "/api/users", admin, null).body());
      assertEquals(1, users.stream().filter(u -> "agent1".equals(((JsonObject) u).getString("username"))).count());
      await(h.stop());
    } finally {
      await(again.close());
    }
  }

  @Test
  void demoModeIsOffByDefault() {
    assertFalse(Config.of(Map.of()).bool("demo", false));
    assertFalse(Config.of(Map.of()).withEnv(Map.of("HOTLINE_HTTP_PORT", "1")).bool("demo", false));
    assertTrue(Config.of(Map.of()).withEnv(Map.of("HOTLINE_DEMO", "true")).bool("demo", false));
  }
}

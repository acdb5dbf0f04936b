package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole process as the README runs it: embedded PostgreSQL whose data survives a restart, or a configured one. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HotlineAppTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dataDir;

  private static Config config(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(Map.of("http.port", "0", "http.host", "127.0.0.1",
        "calendar.dir", "../config/calendar", "admin.password", "first-start-pw"));
    values.putAll(extra);
    return Config.of(values);
  }

  private static HttpResponse<String> send(int port, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String login(int port, String password) throws Exception {
    HttpResponse<String> r = send(port, "POST", "/api/session", null,
        new JsonObject().put("username", "admin").put("password", password).encode());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("token");
  }

  @Test
  void embeddedDatabaseKeepsCasesAcrossRestarts() throws Exception {
    Config config = config(Map.of("data.dir", dataDir.toString()));
    String number;
    Vertx vertx = Vertx.vertx();
    try {
      // Starts wait up to 2 minutes, not await's 60 s: the first start initialises the embedded PostgreSQL.
      Hotline first = new Hotline(vertx, config).start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      int port = first.httpPort();
      HttpResponse<String> health = send(port, "GET", "/health", null, null);
      assertEquals(200, health.statusCode());
      assertEquals("up", new JsonObject(health.body()).getJsonObject("database").getString("status"));
      String admin = login(port, "first-start-pw");
      assertEquals(201, send(port, "POST", "/api/users", admin, new JsonObject().put("username", "agent1")
          .put("password", "agent-pw-1").put("roles", new JsonArray().add("agent")).encode()).statusCode());
      String agent = new JsonObject(send(port, "POST", "/api/session", null,
          "{\"username\":\"agent1\",\"password\":\"agent-pw-1\"}").body()).getString("token");
      HttpResponse<String> created = send(port, "POST", "/api/cases", agent, new JsonObject().put("kind", "suggestion")
          .put("channel", "web").put("content", "建议延长热线服务时间").put("contact", new JsonObject().put("name", "孙八")).encode());
      assertEquals(201, created.statusCode(), created.body());
      number = new JsonObject(created.body()).getString("number");
      await(first.stop());
    } finally {
      await(vertx.close());
    }

    // Second start on the same data directory: a changed admin password setting does not overwrite the stored one.
    Vertx again = Vertx.vertx();
    try {
      Hotline second = new Hotline(again, config.with(Map.of("admin.password", "other-pw")))
          .start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      int port = second.httpPort();
      String admin = login(port, "first-start-pw");
      HttpResponse<String> read = send(port, "GET", "/api/cases/" + number, admin, null);
      assertEquals(200, read.statusCode(), read.body());
      assertEquals("建议延长热线服务时间", new JsonObject(read.body()).getString("content"));
      await(second.stop());
    } finally {
      await(again.close());
    }
  }

  @Test
  void configuredDatabaseUrlIsUsedInsteadOfTheEmbeddedOne() throws Exception {
    PgConnectOptions db = PgTestSupport.freshDatabase();
    String url = "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      Hotline h = new Hotline(vertx, config(Map.of("database.url", url, "data.dir", dataDir.toString())))
          .start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      assertEquals(200, send(h.httpPort(), "GET", "/health", null, null).statusCode());
      assertTrue(dataDir.resolve("postgres").toFile().list() == null, "no embedded server was started");
      login(h.httpPort(), "first-start-pw");
      await(h.stop());
    } finally {
      await(vertx.close());
    }
  }
}

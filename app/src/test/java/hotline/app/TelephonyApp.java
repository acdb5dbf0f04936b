package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hotline.config.Config;
import hotline.telephony.AmiTranscript;
import hotline.telephony.FakeAmiPeer;
import hotline.testing.PgTestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The whole process for a test, telephony on: a fake Asterisk replaying the recorded transcripts, a fresh database,
 * and Hotline on a free port with the admin's password; plus the HTTP calls the tests make of it.
 */
final class TelephonyApp {

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  final Vertx vertx;
  final FakeAmiPeer peer;
  final Hotline app;
  final int port;
  /** The app's database (a test reads or seeds a table directly). */
  PgConnectOptions db;

  private TelephonyApp(Vertx vertx, FakeAmiPeer peer, Hotline app) {
    this.vertx = vertx;
    this.peer = peer;
    this.app = app;
    this.port = app.httpPort();
  }

  static TelephonyApp start(String adminPassword) throws Exception {
    return start(adminPassword, Map.of(), peer -> { });
  }

  /** With more configuration ({@code telephony.recording-url}…) over the test's own. */
  static TelephonyApp start(String adminPassword, Map<String, String> more) throws Exception {
    return start(adminPassword, more, peer -> { });
  }

  /** With the fake Asterisk's answers set up first ({@code setUp}: e.g. its QueueStatus, asked as soon as Hotline connects). */
  static TelephonyApp start(String adminPassword, java.util.function.Consumer<FakeAmiPeer> setUp) throws Exception {
    return start(adminPassword, Map.of(), setUp);
  }

  static TelephonyApp start(String adminPassword, Map<String, String> more, java.util.function.Consumer<FakeAmiPeer> setUp)
      throws Exception {
    AmiTranscript.requireAvailable();
    // Measured when the test's configuration asks for metrics (metrics.token / metrics.port), as Main builds it.
    Vertx vertx = HotlineVertx.create(Config.of(more), new io.vertx.core.VertxOptions());
    FakeAmiPeer peer = await(FakeAmiPeer.start(vertx, "hotline", "hotline-secret"));
    setUp.accept(peer);
    PgConnectOptions db = PgTestSupport.freshDatabase();
    String url = "postgresql://" + db.getUser() + ":" + db.getPassword() + "@" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
    Map<String, String> config = new java.util.HashMap<>(Map.of("http.port", "0", "http.host", "127.0.0.1", "database.url", url,
        "calendar.dir", "../config/calendar", "admin.password", adminPassword, "ami.host", "127.0.0.1",
        "ami.port", String.valueOf(peer.port()), "ami.username", "hotline", "ami.secret", "hotline-secret"));
    config.putAll(more);
    Hotline app = await(new Hotline(vertx, Config.of(config)).start());
    TelephonyApp running = new TelephonyApp(vertx, peer, app);
    running.db = db;
    return running;
  }

  void stop() throws Exception {
    await(app.stop());
    await(vertx.close());
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  HttpResponse<String> send(String method, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    // The request's timeout covers the answer's head; the whole exchange, body and all, is bounded here.
    return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).get(60, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** A user the admin (adminToken) creates, with one role, in a unit for a unit's responder (else null): their id. */
  long user(String adminToken, String username, String password, String displayName, String role, Long unitId) throws Exception {
    JsonObject body = new JsonObject().put("username", username).put("password", password).put("displayName", displayName)
        .put("roles", new io.vertx.core.json.JsonArray().add(role));
    if (unitId != null) {
      body.put("unitId", unitId);
    }
    return ok(send("POST", "/api/users", adminToken, body), 201).getLong("id");
  }

  /** An agent the admin creates: their id. */
  long agent(String adminToken, String username, String password, String displayName) throws Exception {
    return user(adminToken, username, password, displayName, "agent", null);
  }

  /** The user's phone as the queue knows it: its member interface (Local/agent1@agents) and extension. */
  void phone(String adminToken, long userId, String memberInterface, String extension) throws Exception {
    ok(send("PUT", "/api/users/" + userId + "/phone", adminToken, new JsonObject().put("interface", memberInterface)
        .put("extension", extension)), 200);
  }

  /** After a browser test class: the browser, then the app; either may be missing (the class was skipped). */
  static void stop(Browser browser, TelephonyApp running) throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (running != null) {
        running.stop();
      }
    }
  }

  /** A session token for the user. */
  String login(String user, String password) throws Exception {
    return ok(send("POST", "/api/session", null, new JsonObject().put("username", user).put("password", password)), 200)
        .getString("token");
  }

  static JsonObject ok(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }
}

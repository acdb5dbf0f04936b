package hotline.web;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hotline.Core;
import hotline.testing.CoreFixture;
import hotline.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * End-to-end over HTTP: the real web verticle on the real core ({@link CoreFixture}: a fresh embedded-PostgreSQL
 * database per test class, with a clock the test moves). Requests go through the JDK's HTTP client, as any outside client's would.
 * The test thread blocks on the HTTP client; the service's event loops never do (they run with a 100 ms
 * blocked-thread limit, so a blocking call in the service shows up in the log).
 */
abstract class ApiTestBase {

  /** Thursday 2026-02-12 10:00 in Shanghai: the week before the Spring Festival, with a make-up Saturday after it. */
  static final Instant START = CoreFixture.START;

  static CoreFixture fixture;
  static Vertx vertx;
  static Pool pool;
  static Core core;
  static MutableClock clock;
  static int port;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static String adminToken;

  @BeforeAll
  static void startApi() throws Exception {
    start(CoreFixture.builder());
  }

  /** Starts the core this builder makes and the web verticle on it; a test class with settings of its own hides startApi. */
  static void start(CoreFixture.Builder builder) throws Exception {
    fixture = builder.config("sessions.ttl-hours", "100000").start();
    vertx = fixture.vertx;
    pool = fixture.pool;
    core = fixture.core;
    clock = fixture.clock;
    WebVerticle web = new WebVerticle(core, new WebSettings("127.0.0.1", 0, 1024 * 1024, false, 30_000));
    await(vertx.deployVerticle(web));
    port = web.actualPort();
    adminToken = login("admin", "admin-password");
  }

  @AfterAll
  static void stopApi() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }


  /** An answer: status, headers we look at, and the body as JSON (object or array) when it is JSON. */
  record Res(int status, String body, String contentType, HttpResponse<byte[]> raw) {

    JsonObject json() {
      return new JsonObject(body);
    }

    JsonArray array() {
      return new JsonArray(body);
    }

    JsonObject error() {
      return json().getJsonObject("error");
    }

    Res expect(int expected) {
      assertEquals(expected, status, () -> "HTTP status; body: " + body);
      return this;
    }
  }

  static Res call(String method, String path, String token, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Res(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers().firstValue("Content-Type").orElse(""), r);
  }

  static Res get(String token, String path) throws IOException, InterruptedException {
    return call("GET", path, token, null, Map.of());
  }

  static Res post(String token, String path, JsonObject body) throws IOException, InterruptedException {
    return call("POST", path, token, body == null ? null : body.encode(), Map.of());
  }

  static String login(String username, String password) throws IOException, InterruptedException {
    return post(null, "/api/session", new JsonObject().put("username", username).put("password", password))
        .expect(200).json().getString("token");
  }

  /** Creates a user with the roles (and unit) and answers a session token for them; password {@link #password}. */
  static User user(String username, String unitIdOrNull, String... roles) throws IOException, InterruptedException {
    JsonObject body = new JsonObject().put("username", username).put("password", password(username))
        .put("displayName", username).put("roles", new JsonArray(java.util.List.of((Object[]) roles)));
    if (unitIdOrNull != null) {
      body.put("unitId", Long.parseLong(unitIdOrNull));
    }
    long id = post(adminToken, "/api/users", body).expect(201).json().getLong("id");
    return new User(id, login(username, password(username)));
  }

  /** The password {@link #user} gives a user (the fixture's: it meets the password policy for every role). */
  static String password(String username) {
    return CoreFixture.password(username);
  }

  record User(long id, String token) {
  }

  /** A unit with one first responsible person who has e-mail and fax. */
  static long unit(String name, String kind, Long parentId) throws IOException, InterruptedException {
    JsonObject body = new JsonObject().put("name", name).put("kind", kind).put("parentId", parentId)
        .put("contacts", new JsonArray().add(new JsonObject().put("name", name + "负责人").put("title", "主任")
            .put("phone", "0755-8888" + String.format("%04d", Math.abs(name.hashCode()) % 10000))
            .put("email", "head-" + Math.abs(name.hashCode()) + "@units.example.cn").put("fax", "0755-66668888")));
    return post(adminToken, "/api/units", body).expect(201).json().getLong("id");
  }

  static JsonObject complaint(String subject) {
    return new JsonObject().put("kind", "complaint").put("channel", "phone").put("partyType", "consumer")
        .put("subject", subject).put("content", "在某零售店购买的香烟疑似假冒，要求查处。")
        .put("contact", new JsonObject().put("name", "张三").put("phones", new JsonArray().add("138 0013 8000")))
        .put("respondent", new JsonObject().put("person", "李四").put("unitName", "某零售店"));
  }
}

package hotline.web;

import hotline.testing.CoreFixture;
import hotline.testing.Waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With the database unreachable the API says so (503), in the caller's language, without internals. */
class DatabaseDownTest {

  static CoreFixture fixture;
  static int port;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.builder().unreachableDatabase().poolSize(2).start();
    WebVerticle web = new WebVerticle(fixture.core, new WebSettings("127.0.0.1", 0, 1 << 20, false, 30_000));
    Waiting.await(fixture.vertx.deployVerticle(web));
    port = web.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthIs503AndSaysNoMore() throws Exception {
    HttpResponse<String> r = get("/health", Map.of());
    assertEquals(503, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("down", body.getString("status"));
    assertEquals("down", body.getJsonObject("database").getString("status"));
    assertFalse(r.body().contains("127.0.0.1"), r.body());
    assertFalse(r.body().toLowerCase().contains("refused"), r.body());
  }

  @Test
  void apiCallsAre503Unavailable() throws Exception {
    HttpResponse<String> zh = get("/api/cases", Map.of("Authorization", "Bearer some-token"));
    assertEquals(503, zh.statusCode(), zh.body());
    JsonObject error = new JsonObject(zh.body()).getJsonObject("error");
    assertEquals("unavailable", error.getString("code"));
    assertEquals("服务暂时不可用：数据库无法连接", error.getString("message"));
    HttpResponse<String> en = get("/api/me", Map.of("Authorization", "Bearer some-token", "Accept-Language", "en"));
    assertEquals(503, en.statusCode());
    assertEquals("The service is temporarily unavailable: the database cannot be reached",
        new JsonObject(en.body()).getJsonObject("error").getString("message"));
    assertFalse(en.body().contains("127.0.0.1"), en.body());
  }
}

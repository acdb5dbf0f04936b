package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A browser's session cookie goes with every request to the hotline, whichever site makes it: a change that rides on
 * it must come as JSON from our own pages. Signing out ends the very session it came with, as cookie and as bearer.
 */
class SessionsAndCsrfTest extends ApiTestBase {

  static User agent;

  @BeforeAll
  static void people() throws Exception {
    agent = user("csrf-agent", null, "agent");
  }

  private static String complaint() {
    return new JsonObject().put("kind", "complaint").put("channel", "phone").put("subject", "跨站")
        .put("content", "测试跨站请求。").put("contact", new JsonObject().put("name", "张三")
            .put("phones", new JsonArray().add("13800138000"))).encode();
  }

  private static long cases() throws Exception {
    return get(adminToken, "/api/cases?q=%E8%B7%A8%E7%AB%99").expect(200).json().getLong("total");
  }

  private static Res withCookie(String method, String path, String token, String body, Map<String, String> headers)
      throws Exception {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Cookie", "hotline_session=" + token);
    return call(method, path, null, body, all);
  }

  @Test
  void aCookieChangeFromAnotherSiteIsRefused() throws Exception {
    long before = cases();
    // A form on another site posting text/plain (no preflight), the cookie attached by the browser.
    Res forged = callRaw("POST", "/api/cases", agent.token(), complaint(),
        Map.of("Content-Type", "text/plain", "Origin", "https://evil.example"));
    assertEquals(403, forged.status(), forged.body());
    assertEquals("forbidden", forged.error().getString("code"));
    // JSON, but from another origin.
    Res foreign = withCookie("POST", "/api/cases", agent.token(), complaint(), Map.of("Origin", "https://evil.example"));
    assertEquals(403, foreign.status(), foreign.body());
    Res crossSite = withCookie("POST", "/api/cases", agent.token(), complaint(), Map.of("Sec-Fetch-Site", "cross-site"));
    assertEquals(403, crossSite.status(), crossSite.body());
    assertEquals(before, cases(), "nothing filed");
  }

  @Test
  void ourOwnPagesAndBearerClientsMayChange() throws Exception {
    long before = cases();
    withCookie("POST", "/api/cases", agent.token(), complaint(), Map.of("Origin", "http://127.0.0.1:" + port)).expect(201);
    withCookie("POST", "/api/cases", agent.token(), complaint(), Map.of("Sec-Fetch-Site", "same-origin")).expect(201);
    // A bearer token is not sent by a browser on its own: no origin needed.
    call("POST", "/api/cases", agent.token(), complaint(), Map.of("Origin", "https://elsewhere.example")).expect(201);
    // Reading with the cookie needs nothing more.
    withCookie("GET", "/api/me", agent.token(), null, Map.of()).expect(200);
    assertEquals(before + 3, cases());
  }

  @Test
  void signingOutWithTheCookieEndsTheSessionAsCookieAndAsBearer() throws Exception {
    String token = login("csrf-agent", password("csrf-agent"));
    withCookie("GET", "/api/me", token, null, Map.of()).expect(200);
    withCookie("DELETE", "/api/session", token, null, Map.of("Sec-Fetch-Site", "same-origin")).expect(200);
    assertEquals(401, withCookie("GET", "/api/me", token, null, Map.of()).status());
    assertEquals(401, get(token, "/api/me").status());
  }

  @Test
  void signingOutWithTheBearerEndsItToo() throws Exception {
    String token = login("csrf-agent", password("csrf-agent"));
    call("DELETE", "/api/session", token, null, Map.of()).expect(200);
    assertEquals(401, get(token, "/api/me").status());
    assertEquals(401, withCookie("GET", "/api/me", token, null, Map.of()).status());
  }

  /** A request sent as a browser sends a form: the body as is, with the given content type, and the cookie. */
  private static Res callRaw(String method, String path, String token, String body, Map<String, String> headers)
      throws Exception {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).header("Cookie", "hotline_session=" + token);
    headers.forEach(b::header);
    java.net.http.HttpResponse<byte[]> r = HTTP.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    return new Res(r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8),
        r.headers().firstValue("Content-Type").orElse(""), r);
  }
}

package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every bad input is a clear 4xx that names what is wrong, wholly in the caller's language, and costs nothing: no
 * case number is burnt, nothing half-stored.
 */
class BadInputTest extends ApiTestBase {

  static final Map<String, String> EN = Map.of("Accept-Language", "en");
  static User agent;

  @BeforeAll
  static void people() throws Exception {
    agent = user("bad-agent", null, "agent");
  }

  /** A complaint's JSON with {@code content} written as the raw JSON text given (escapes and all). */
  private static String complaintWithContent(String rawJsonString) {
    return "{\"kind\":\"complaint\",\"channel\":\"phone\",\"subject\":\"坏输入\",\"content\":" + rawJsonString
        + ",\"contact\":{\"name\":\"张三\",\"phones\":[\"13800138000\"]}}";
  }

  private static String number(Res r) {
    return r.expect(201).json().getString("number");
  }

  private static long sequence(String number) {
    return Long.parseLong(number.substring(number.indexOf('-') + 1));
  }

  private static Res raw(String method, String path, byte[] body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + agent.token());
    headers.forEach(b::header);
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Res(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers().firstValue("Content-Type").orElse(""), r);
  }

  @Test
  void aNulCharacterOrABrokenSurrogateIsRefusedNamingTheFieldAndBurnsNoCaseNumber() throws Exception {
    String before = number(call("POST", "/api/cases", agent.token(), complaintWithContent("\"好的\""), Map.of()));
    Res nul = call("POST", "/api/cases", agent.token(), complaintWithContent("\"前\\u0000后\""), Map.of());
    assertEquals(400, nul.status(), nul.body());
    assertEquals("“content”含有无法保存的字符（空字符、残缺的代理字符，或不应出现的换行）。", nul.error().getString("message"));
    Res surrogate = call("POST", "/api/cases", agent.token(), complaintWithContent("\"前\\ud800后\""), EN);
    assertEquals(400, surrogate.status(), surrogate.body());
    assertTrue(surrogate.error().getString("message").startsWith("The field \"content\" contains characters that cannot be stored"),
        surrogate.body());
    Res inName = call("POST", "/api/cases", agent.token(), complaintWithContent("\"正文\"").replace("\"张三\"", "\"张\\u0000三\""), Map.of());
    assertEquals(400, inName.status(), inName.body());
    assertTrue(inName.error().getString("message").startsWith("“name”"), inName.body());
    Res query = get(agent.token(), "/api/cases?q=%00");
    assertEquals(400, query.status(), query.body());
    assertTrue(query.error().getString("message").startsWith("“q”"), query.body());
    String after = number(call("POST", "/api/cases", agent.token(), complaintWithContent("\"好的\""), Map.of()));
    assertEquals(sequence(before) + 1, sequence(after), "no case number burnt by the refusals");
  }

  @Test
  void anOverlongUtf8NulIsRefusedAsTheNulItMeans() throws Exception {
    byte[] head = ("{\"kind\":\"complaint\",\"channel\":\"phone\",\"content\":\"前").getBytes(StandardCharsets.UTF_8);
    byte[] tail = "后\",\"contact\":{\"name\":\"张三\"}}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xC0;
    body[head.length + 1] = (byte) 0x80;
    System.arraycopy(tail, 0, body, head.length + 2, tail.length);
    Res r = raw("POST", "/api/cases", body, Map.of());
    assertEquals(400, r.status(), r.body());
    assertTrue(r.error().getString("message").startsWith("“content”含有无法保存的字符"), r.body());
  }

  @Test
  void anAttachmentNameOrTypeWithALineBreakIsRefusedAtIntake() throws Exception {
    JsonObject file = new JsonObject().put("name", "照片\r\nX-Evil: 1.jpg").put("contentType", "image/jpeg").put("data", "AAEC");
    JsonObject body = new JsonObject(complaintWithContent("\"附件\"")).put("attachments", new JsonArray().add(file));
    Res name = post(agent.token(), "/api/cases", body);
    assertEquals(400, name.status(), name.body());
    assertTrue(name.error().getString("message").startsWith("“attachments.name”"), name.body());
    file.put("name", "照片.jpg").put("contentType", "image/jpeg\r\nX-Evil: 1");
    Res type = post(agent.token(), "/api/cases", body);
    assertEquals(400, type.status(), type.body());
    assertTrue(type.error().getString("message").startsWith("“attachments.contentType”"), type.body());
  }

  @Test
  void aFieldTwiceIsRefusedNotTakenLast() throws Exception {
    String twice = "{\"kind\":\"report\",\"kind\":\"complaint\",\"channel\":\"phone\",\"content\":\"举报\","
        + "\"contact\":{\"name\":\"张三\"}}";
    Res r = call("POST", "/api/cases", agent.token(), twice, Map.of());
    assertEquals(400, r.status(), r.body());
    assertEquals("malformed_request", r.error().getString("code"));
    assertEquals("请求内容中的字段“kind”出现了不止一次（第 1 行第 24 列）。", r.error().getString("message"));
    Res en = call("POST", "/api/cases", agent.token(), twice, EN);
    assertEquals("The field \"kind\" appears more than once in the request body (line 1, column 24).", en.error().getString("message"));
  }

  @Test
  void badJsonSaysWhereInTheCallersLanguage() throws Exception {
    Res r = call("POST", "/api/cases", agent.token(), "{\"kind\":\n  \"complaint\" \"channel\"}", Map.of());
    assertEquals(400, r.status(), r.body());
    assertEquals("请求内容不是有效的 JSON：第 2 行第 15 列有误。", r.error().getString("message"));
    Res en = call("POST", "/api/cases", agent.token(), "{\"kind\":\n  \"complaint\" \"channel\"}", EN);
    assertEquals("The request body is not valid JSON: line 2, column 15.", en.error().getString("message"));
  }

  @Test
  void aWrongTypeIsNamedInTheCallersLanguage() throws Exception {
    JsonObject body = new JsonObject(complaintWithContent("\"类型\"")).put("anonymous", "yes");
    assertEquals("“anonymous”的格式应为 true 或 false。", post(agent.token(), "/api/cases", body).error().getString("message"));
    assertEquals("The field \"anonymous\" must be true or false.",
        call("POST", "/api/cases", agent.token(), body.encode(), EN).error().getString("message"));
  }

  /** A request written to the socket as it is: the status line and the body that come back. */
  private static String[] socket(String request) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new String[] {all.substring(0, all.indexOf("\r\n")), all.substring(all.indexOf("\r\n\r\n") + 4)};
    }
  }

  @Test
  void aTooLongAddressOrTooLargeHeadersGetJsonErrors() throws Exception {
    String[] uri = socket("GET /api/cases?q=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertTrue(uri[0].matches("HTTP/1\\.[01] 414 .*"), uri[0]);
    JsonObject e = new JsonObject(uri[1]).getJsonObject("error");
    assertEquals("uri_too_long", e.getString("code"));
    assertEquals("请求地址过长。", e.getString("message"));
    // Headers that could not be read cannot say the caller's language: the default, Simplified Chinese.
    String[] headers = socket("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + "b".repeat(10_000) + "\r\n\r\n");
    assertTrue(headers[0].matches("HTTP/1\\.[01] 431 .*"), headers[0]);
    JsonObject h = new JsonObject(headers[1]).getJsonObject("error");
    assertEquals("headers_too_large", h.getString("code"));
    assertEquals("请求头过大。", h.getString("message"));
  }

  @Test
  void calendarYearsOutsideAnyWorkingLifeAreRefused() throws Exception {
    for (String from : new String[] {"%2B999999999-01-01T10:00:00%2B08:00", "0000-01-01T10:00:00%2B08:00", "%2B10000-01-01T10:00:00%2B08:00"}) {
      Res r = call("GET", "/api/calendar/deadline?from=" + from + "&workingDays=2", null, null, Map.of());
      assertEquals(400, r.status(), from + " " + r.body());
      assertEquals("“from”的年份须在 1900 到 2200 年之间。", r.error().getString("message"));
    }
    Res days = call("GET", "/api/calendar/workdays?from=0000-01-01&to=0000-02-01", null, null, Map.of());
    assertEquals(400, days.status(), days.body());
  }
}

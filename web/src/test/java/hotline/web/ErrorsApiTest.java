package hotline.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the API fails: malformed and oversized bodies, unknown routes, missing or wrong credentials, validation of case
 * intake in both languages, and that nothing accepted is ever lost. Also the plumbing around it: attachments back byte
 * for byte, cases by number, API tokens, logout, health and paging.
 */
class ErrorsApiTest extends ApiTestBase {

  static final Map<String, String> EN = Map.of("Accept-Language", "en");

  static User agent;
  static User otherAgent;

  @BeforeAll
  static void people() throws Exception {
    agent = user("err-agent", null, "agent");
    otherAgent = user("err-agent2", null, "agent");
  }

  @BeforeEach
  void resetClock() {
    clock.set(START);
  }

  static Res postRaw(String token, String path, String body, Map<String, String> headers) throws Exception {
    return call("POST", path, token, body, headers);
  }

  static void assertError(Res r, int status, String code, String message) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    assertEquals(code, r.error().getString("code"), r.body());
    if (message != null) {
      assertEquals(message, r.error().getString("message"), r.body());
    }
  }

  static long total(String token) throws Exception {
    return get(token, "/api/cases?size=200").expect(200).json().getLong("total");
  }

  static JsonObject inquiry() {
    return new JsonObject().put("kind", "inquiry").put("channel", "phone").put("content", "请问卷烟零售许可证多久年审一次？")
        .put("contact", new JsonObject().put("name", "赵六"));
  }

  /** Files a case body expecting a 400 validation error; answers the Chinese message and checks the English one. */
  static String refused(JsonObject body, String english) throws Exception {
    Res zh = post(agent.token(), "/api/cases", body);
    assertEquals(400, zh.status(), zh.body());
    assertEquals("validation_failed", zh.error().getString("code"), zh.body());
    Res en = postRaw(agent.token(), "/api/cases", body.encode(), EN);
    assertEquals(400, en.status(), en.body());
    assertEquals(english, en.error().getString("message"), en.body());
    return zh.error().getString("message");
  }

  // ---- malformed and oversized requests

  @Test
  void malformedJsonIs400() throws Exception {
    Res r = postRaw(agent.token(), "/api/cases", "{\"kind\": \"complaint\", ", Map.of());
    assertError(r, 400, "malformed_request", null);
    assertTrue(r.error().getString("message").startsWith("请求内容不是有效的 JSON："), r.body());
    Res en = postRaw(agent.token(), "/api/cases", "not json at all", EN);
    assertError(en, 400, "malformed_request", null);
    assertTrue(en.error().getString("message").startsWith("The request body is not valid JSON: "), en.body());
    // Also where no sign-in is needed.
    assertError(postRaw(null, "/api/session", "{username:", Map.of()), 400, "malformed_request", null);
  }

  @Test
  void aJsonArrayOrScalarBodyIs400() throws Exception {
    Res r = postRaw(agent.token(), "/api/cases", new JsonArray().add(complaint("数组")).encode(), Map.of());
    assertError(r, 400, "malformed_request", "请求内容必须是一个 JSON 对象。");
    assertError(postRaw(agent.token(), "/api/cases", "42", Map.of()), 400, "malformed_request", null);
    assertError(postRaw(agent.token(), "/api/cases", "\"text\"", Map.of()), 400, "malformed_request", null);
    assertError(postRaw(adminToken, "/api/units", "[]", EN), 400, "malformed_request",
        "The request body must be a JSON object.");
  }

  @Test
  void aBodyOverTheLimitIs413WithAJsonError() throws Exception {
    long before = total(agent.token());
    JsonObject big = complaint("超大").put("content", "x".repeat(1024 * 1024 + 10));
    Res r = postRaw(agent.token(), "/api/cases", big.encode(), Map.of());
    assertError(r, 413, "payload_too_large", "请求内容超过 1048576 字节上限。");
    Res en = postRaw(agent.token(), "/api/cases", big.encode(), EN);
    assertError(en, 413, "payload_too_large", "The request body is larger than 1048576 bytes.");
    assertEquals(before, total(agent.token()));
    // The server is still fine afterwards, and a body just under the limit gets through to validation.
    JsonObject under = complaint("略小").put("content", "x".repeat(1000 * 1000));
    Res tooLongContent = post(agent.token(), "/api/cases", under);
    assertEquals(400, tooLongContent.status(), "content beyond 20000 characters, but not a 413");
    assertEquals("“content”不能超过 20000 个字符。", tooLongContent.error().getString("message"));
  }

  @Test
  void unknownRoutesAre404Json() throws Exception {
    Res r = get(agent.token(), "/api/no-such-thing");
    assertError(r, 404, "not_found", null);
    assertTrue(r.error().getString("message").contains("/api/no-such-thing"), r.body());
    Res anon = get(null, "/nowhere");
    assertError(anon, 404, "not_found", null);
    assertTrue(anon.error().getString("message").contains("/nowhere"), anon.body());
    assertError(get(agent.token(), "/api/cases/not-a-case"), 404, "not_found", null);
    assertError(get(agent.token(), "/api/cases/2026-999999"), 404, "not_found", null);
    assertError(get(agent.token(), "/api/cases/999999"), 404, "not_found", null);
  }

  // ---- who you are, and in which language

  @Test
  void noTokenIs401() throws Exception {
    assertError(get(null, "/api/cases"), 401, "unauthorized", "请先登录。");
    assertError(call("GET", "/api/cases", null, null, EN), 401, "unauthorized", "Please sign in first.");
    assertError(post(null, "/api/cases", complaint("未登录")), 401, "unauthorized", "请先登录。");
    assertError(get("not-a-real-token", "/api/cases"), 401, "unauthorized", "请先登录。");
    assertError(get(null, "/api/me"), 401, "unauthorized", "请先登录。");
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
    Res wrong = post(null, "/api/session", new JsonObject().put("username", "err-agent").put("password", "wrong-password"));
    assertError(wrong, 401, "unauthorized", "用户名或密码错误。");
    Res unknown = post(null, "/api/session", new JsonObject().put("username", "nobody-here").put("password", "wrong-password"));
    assertError(unknown, 401, "unauthorized", "用户名或密码错误。");
    assertEquals(wrong.body(), unknown.body());
    assertError(postRaw(null, "/api/session", new JsonObject().put("username", "err-agent").put("password", "x").encode(), EN),
        401, "unauthorized", "Wrong user name or password.");
    assertError(postRaw(null, "/api/session", new JsonObject().put("username", "nobody").put("password", "x").encode(), EN),
        401, "unauthorized", "Wrong user name or password.");
    assertError(post(null, "/api/session", new JsonObject()), 401, "unauthorized", "用户名或密码错误。");
    // The right password still works.
    assertNotNull(login("err-agent", password("err-agent")));
  }

  @Test
  void theLanguageFollowsAcceptLanguage() throws Exception {
    String zh = "请先登录。";
    String en = "Please sign in first.";
    assertEquals(zh, get(null, "/api/cases").error().getString("message"));
    assertEquals(zh, call("GET", "/api/cases", null, null, Map.of("Accept-Language", "zh-CN")).error().getString("message"));
    assertEquals(zh, call("GET", "/api/cases", null, null, Map.of("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")).error().getString("message"));
    assertEquals(en, call("GET", "/api/cases", null, null, EN).error().getString("message"));
    assertEquals(en, call("GET", "/api/cases", null, null, Map.of("Accept-Language", "en-US,en;q=0.9")).error().getString("message"));
    assertEquals(en, call("GET", "/api/cases", null, null, Map.of("Accept-Language", "fr-FR, en;q=0.5")).error().getString("message"),
        "the first language we speak wins");
    assertEquals(zh, call("GET", "/api/cases", null, null, Map.of("Accept-Language", "fr-FR")).error().getString("message"),
        "Chinese when we speak none of them");
    Res r = call("GET", "/api/cases", null, null, EN);
    assertEquals("en", r.raw().headers().firstValue("Content-Language").orElse(""));
    assertEquals("zh-CN", get(null, "/api/cases").raw().headers().firstValue("Content-Language").orElse(""));
    // A refusal by role, in both.
    assertEquals("您无权执行此操作：需要系统管理员。", post(agent.token(), "/api/units", new JsonObject().put("name", "x").put("kind", "other"))
        .expect(403).error().getString("message"));
    assertEquals("You are not allowed to do this: it needs an administrator.", postRaw(agent.token(), "/api/units",
        new JsonObject().put("name", "x").put("kind", "other").encode(), EN).expect(403).error().getString("message"));
  }

  // ---- case intake validation

  @Test
  void caseIntakeNamesTheProblem() throws Exception {
    long before = total(agent.token());
    JsonObject noKind = complaint("无类型");
    noKind.remove("kind");
    assertEquals("“kind”为必填项。", refused(noKind, "The field \"kind\" is required."));

    assertEquals("“channel”不接受取值“carrier_pigeon”。", refused(complaint("飞鸽").put("channel", "carrier_pigeon"),
        "The field \"channel\" does not accept the value \"carrier_pigeon\"."));

    assertEquals("“content”不能超过 20000 个字符。", refused(complaint("太长").put("content", "长".repeat(20_001)),
        "The field \"content\" is longer than 20000 characters."));

    JsonObject noContent = complaint("无内容");
    noContent.remove("content");
    assertEquals("“content”为必填项。", refused(noContent, "The field \"content\" is required."));

    assertEquals("只有举报可以匿名。", refused(inquiry().put("anonymous", true).put("contact", (Object) null),
        "Only reports may be anonymous."));

    JsonObject anonymousReport = new JsonObject().put("kind", "report").put("channel", "phone").put("anonymous", true)
        .put("content", "某零售户无证经营。").put("contact", new JsonObject().put("phones", new JsonArray().add("13800138000")));
    assertEquals("匿名举报不能填写联系方式。", refused(anonymousReport, "An anonymous report carries no contact details."));

    assertEquals("只有投诉和举报需要填写被投诉（举报）人。", refused(inquiry().put("respondent", new JsonObject().put("person", "李四")),
        "Only complaints and reports name a respondent."));

    assertEquals("受理时间不能晚于当前时间。", refused(complaint("未来").put("receivedAt", "2026-02-12T10:06:00+08:00"),
        "The time of receipt lies in the future."));

    assertEquals("请至少填写一种联系方式：姓名、电话、电子邮件或地址。", refused(complaint("无联系方式").put("contact", new JsonObject()),
        "Give at least one way to reach the customer: name, phone, e-mail or address."));

    JsonObject badBase64 = complaint("坏附件").put("attachments", new JsonArray().add(new JsonObject().put("name", "a.txt")
        .put("contentType", "text/plain").put("data", "@@@not base64@@@")));
    assertEquals("“attachments.data”的格式应为 base64。", refused(badBase64, "The field \"attachments.data\" must be base64."));

    assertEquals("请求中引用的客户或单位不存在。", refused(complaint("无此客户").put("customerId", 999999),
        "A customer or unit named in the request does not exist."));

    assertEquals(before, total(agent.token()), "no refused case was stored");
  }

  @Test
  void theEdgesOfIntakeAreAccepted() throws Exception {
    // 20000 characters exactly; a receipt time within the five minutes' tolerance; an anonymous report with no contact.
    JsonObject c = post(agent.token(), "/api/cases", complaint("正好两万字").put("content", "长".repeat(20_000))
        .put("receivedAt", "2026-02-12T10:04:00+08:00")).expect(201).json();
    assertEquals(20_000, c.getString("content").length());
    assertEquals("2026-02-12T10:04+08:00", c.getString("receivedAt"));
    JsonObject anon = post(agent.token(), "/api/cases", new JsonObject().put("kind", "report").put("channel", "web")
        .put("anonymous", true).put("content", "某零售户销售假烟。")).expect(201).json();
    assertTrue(anon.getBoolean("anonymous"));
    assertEquals("received", anon.getString("status"));
  }

  @Test
  void attachmentDataThatIsNotBase64IsRefused() throws Exception {
    for (String data : List.of("!!!!", "这不是base64", "hello world")) {
      JsonObject body = complaint("非 base64").put("attachments", new JsonArray().add(new JsonObject().put("name", "a.bin")
          .put("data", data)));
      Res r = post(agent.token(), "/api/cases", body);
      assertEquals(400, r.status(), data + " -> " + r.body());
      assertEquals("“attachments.data”的格式应为 base64。", r.error().getString("message"));
    }
  }

  @Test
  void anAcceptedCaseIsNeverLost() throws Exception {
    long before = total(agent.token());
    JsonObject filed = post(agent.token(), "/api/cases", complaint("不会丢失").put("content", "客户反映：店内售卖的“中华”烟盒印刷模糊。"))
        .expect(201).json();
    long id = filed.getLong("id");
    assertEquals(before + 1, total(agent.token()));

    assertEquals(400, postRaw(agent.token(), "/api/cases", "{broken", Map.of()).status());
    assertEquals(400, postRaw(agent.token(), "/api/cases", "[]", Map.of()).status());
    assertEquals(400, post(agent.token(), "/api/cases", complaint("x").put("channel", "carrier_pigeon")).status());
    assertEquals(401, post(null, "/api/cases", complaint("x")).status());
    assertEquals(413, postRaw(agent.token(), "/api/cases", complaint("x").put("content", "y".repeat(1_100_000)).encode(), Map.of())
        .status());
    assertEquals(409, post(agent.token(), "/api/cases/" + id + "/dispatch", new JsonObject().put("unitId", 1)).status());
    assertEquals(400, postRaw(agent.token(), "/api/cases/" + id + "/answer", "{oops", Map.of()).status());
    assertEquals(403, post(otherAgent.token(), "/api/cases/" + id + "/submit", new JsonObject()).status());

    assertEquals(before + 1, total(agent.token()));
    JsonObject read = get(agent.token(), "/api/cases/" + id).expect(200).json();
    assertEquals(filed.getString("number"), read.getString("number"));
    assertEquals("不会丢失", read.getString("subject"));
    assertEquals("客户反映：店内售卖的“中华”烟盒印刷模糊。", read.getString("content"));
    assertEquals("张三", read.getJsonObject("contact").getString("name"));
    assertEquals(List.of("138 0013 8000"), read.getJsonObject("contact").getJsonArray("phones").getList());
    assertEquals("李四", read.getJsonObject("respondent").getString("person"));
    assertEquals("received", read.getString("status"));
    assertEquals(1, read.getJsonArray("timeline").size(), "the refused steps left no trace");
    assertEquals("intake", read.getJsonArray("timeline").getJsonObject(0).getString("action"));
  }

  // ---- attachments and numbers

  @Test
  void anAttachmentComesBackByteForByte() throws Exception {
    byte[] png = new byte[300];
    byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    for (int i = 0; i < png.length; i++) {
      png[i] = (byte) (i < header.length ? header[i] : (i * 7 + 3) % 256);
    }
    byte[] text = "第一行\r\n第二行\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    JsonObject body = complaint("附件").put("attachments", new JsonArray()
        .add(new JsonObject().put("name", "现场照片 1.png").put("contentType", "image/png")
            .put("data", Base64.getEncoder().encodeToString(png)))
        .add(new JsonObject().put("name", "notes.txt").put("data", Base64.getMimeEncoder().encodeToString(text))));
    JsonObject c = post(agent.token(), "/api/cases", body).expect(201).json();
    JsonArray files = c.getJsonArray("attachments");
    assertEquals(2, files.size());
    JsonObject photo = files.getJsonObject(0);
    assertEquals("现场照片 1.png", photo.getString("name"));
    assertEquals("image/png", photo.getString("contentType"));
    assertEquals(300, photo.getLong("size"));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)), photo.getString("sha256"));
    assertEquals("application/octet-stream", files.getJsonObject(1).getString("contentType"));
    assertEquals(text.length, files.getJsonObject(1).getLong("size"));

    String path = "/api/cases/" + c.getLong("id") + "/attachments/" + photo.getLong("id");
    Res r = get(agent.token(), path).expect(200);
    assertArrayEquals(png, r.raw().body());
    assertEquals("image/png", r.contentType());
    // A picture whose bytes are a PNG: shown in the case page (inline, framed by this origin only).
    assertEquals("image", photo.getString("preview"));
    assertEquals("inline; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87%201.png",
        r.raw().headers().firstValue("Content-Disposition").orElse(""));
    assertEquals("nosniff", r.raw().headers().firstValue("X-Content-Type-Options").orElse(""));
    assertEquals("SAMEORIGIN", r.raw().headers().firstValue("X-Frame-Options").orElse(""));
    assertNull(files.getJsonObject(1).getValue("preview"), "a text file is a download");

    Res t = get(agent.token(), "/api/cases/" + c.getString("number") + "/attachments/" + files.getJsonObject(1).getLong("id"))
        .expect(200);
    assertArrayEquals(text, t.raw().body());
    assertEquals("application/octet-stream", t.contentType());
    assertTrue(t.raw().headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"));
    assertEquals("DENY", t.raw().headers().firstValue("X-Frame-Options").orElse(""));

    // Another case's attachment id under this case is not found; without a token, 401.
    long other = post(agent.token(), "/api/cases", complaint("无附件")).expect(201).json().getLong("id");
    assertError(get(agent.token(), "/api/cases/" + other + "/attachments/" + photo.getLong("id")), 404, "not_found", null);
    assertError(get(null, path), 401, "unauthorized", null);
  }

  @Test
  void onlyAPdfOrPictureWhoseBytesSaySoIsShownInline() throws Exception {
    byte[] pdf = "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    JsonObject body = complaint("预览").put("attachments", new JsonArray()
        .add(file("来信.pdf", "application/pdf", pdf))
        .add(file("page.html", "text/html", html))
        .add(file("fake.pdf", "application/pdf", html))
        .add(file("fake.png", "image/png; charset=x", html))
        .add(file("drawing.svg", "image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    JsonObject c = post(agent.token(), "/api/cases", body).expect(201).json();
    JsonArray files = c.getJsonArray("attachments");
    assertEquals("pdf", files.getJsonObject(0).getString("preview"));
    for (int i = 1; i < files.size(); i++) {
      assertNull(files.getJsonObject(i).getValue("preview"), files.getJsonObject(i).encode());
    }
    Res shown = get(agent.token(), "/api/cases/" + c.getLong("id") + "/attachments/" + files.getJsonObject(0).getLong("id")).expect(200);
    assertEquals("application/pdf", shown.contentType());
    assertTrue(shown.raw().headers().firstValue("Content-Disposition").orElse("").startsWith("inline;"));
    assertEquals("SAMEORIGIN", shown.raw().headers().firstValue("X-Frame-Options").orElse(""));
    assertTrue(shown.raw().headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'self'"));
    for (int i = 1; i < files.size(); i++) {
      Res r = get(agent.token(), "/api/cases/" + c.getLong("id") + "/attachments/" + files.getJsonObject(i).getLong("id")).expect(200);
      String what = files.getJsonObject(i).getString("name");
      assertTrue(r.raw().headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"), what);
      assertEquals("DENY", r.raw().headers().firstValue("X-Frame-Options").orElse(""), what);
      assertTrue(r.raw().headers().firstValue("Content-Security-Policy").orElse("").contains("sandbox"), what);
      assertEquals("nosniff", r.raw().headers().firstValue("X-Content-Type-Options").orElse(""), what);
    }
  }

  static JsonObject file(String name, String type, byte[] data) {
    return new JsonObject().put("name", name).put("contentType", type).put("data", Base64.getEncoder().encodeToString(data));
  }

  @Test
  void aCaseIsReadByItsNumber() throws Exception {
    JsonObject c = post(agent.token(), "/api/cases", complaint("按编号读取")).expect(201).json();
    String number = c.getString("number");
    assertTrue(number.matches("2026-\\d{6}"), number);
    JsonObject byNumber = get(agent.token(), "/api/cases/" + number).expect(200).json();
    assertEquals(c.getLong("id"), byNumber.getLong("id"));
    assertEquals("按编号读取", byNumber.getString("subject"));
    assertEquals(byNumber, get(agent.token(), "/api/cases/" + c.getLong("id")).expect(200).json());
    // Transitions by number too.
    JsonObject submitted = post(agent.token(), "/api/cases/" + number + "/submit", new JsonObject()).expect(200).json();
    assertEquals("awaiting_instruction", submitted.getString("status"));
    assertError(get(agent.token(), "/api/cases/2026-1"), 404, "not_found", null);
  }

  // ---- tokens and sessions

  @Test
  void anApiTokenWorksAsBearerUntilItExpires() throws Exception {
    JsonObject t = post(agent.token(), "/api/tokens", new JsonObject().put("name", "监控大屏").put("days", 30)).expect(201).json();
    String token = t.getString("token");
    assertEquals("监控大屏", t.getString("name"));
    assertEquals("2026-03-14T10:00+08:00", t.getString("expiresAt"), "30 days from Thursday 12 February 10:00 in Shanghai");
    assertNotEquals(agent.token(), token);
    JsonObject me = get(token, "/api/me").expect(200).json();
    assertEquals("err-agent", me.getString("username"));
    assertEquals(agent.id(), me.getLong("id"));
    get(token, "/api/cases").expect(200);
    // Lower-case scheme works too.
    assertEquals(200, call("GET", "/api/me", null, null, Map.of("Authorization", "bearer " + token)).status());

    JsonObject defaults = post(agent.token(), "/api/tokens", new JsonObject().put("name", "默认期限")).expect(201).json();
    assertEquals("2026-05-13T10:00+08:00", defaults.getString("expiresAt"), "90 days by default");

    assertError(post(agent.token(), "/api/tokens", new JsonObject().put("name", "x").put("days", 0)), 400, "validation_failed",
        "“days”应在 1 到 366 之间。");
    assertError(post(agent.token(), "/api/tokens", new JsonObject().put("name", "x").put("days", 367)), 400, "validation_failed",
        "“days”应在 1 到 366 之间。");
    assertError(post(agent.token(), "/api/tokens", new JsonObject().put("days", 5)), 400, "validation_failed", "“name”为必填项。");
    assertError(post(null, "/api/tokens", new JsonObject().put("name", "x")), 401, "unauthorized", null);

    clock.advance(Duration.ofDays(30).plusMinutes(1));
    assertError(get(token, "/api/me"), 401, "unauthorized", null);
    assertEquals(200, get(agent.token(), "/api/me").status(), "the session is not affected");
  }

  @Test
  void logoutEndsThatSessionOnly() throws Exception {
    String first = login("err-agent2", password("err-agent2"));
    String second = login("err-agent2", password("err-agent2"));
    String api = post(first, "/api/tokens", new JsonObject().put("name", "脚本")).expect(201).json().getString("token");
    assertEquals(200, get(first, "/api/me").status());

    Res out = call("DELETE", "/api/session", first, null, Map.of()).expect(200);
    assertEquals(new JsonObject().put("ok", true), out.json());
    assertTrue(out.raw().headers().allValues("Set-Cookie").stream().anyMatch(h -> h.startsWith("hotline_session=")
        && h.contains("Max-Age=0")), out.raw().headers().map().toString());

    assertError(get(first, "/api/me"), 401, "unauthorized", "请先登录。");
    assertError(get(first, "/api/cases"), 401, "unauthorized", null);
    assertError(call("DELETE", "/api/session", first, null, Map.of()), 401, "unauthorized", null);
    assertEquals(200, get(second, "/api/me").status(), "another session of the same user goes on");
    assertEquals(200, get(api, "/api/me").status(), "an API token goes on");
    assertEquals(401, call("DELETE", "/api/session", null, null, Map.of()).status());
  }

  // ---- health and paging

  @Test
  void healthReportsTheDatabase() throws Exception {
    Res r = get(null, "/health").expect(200);
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    JsonObject h = r.json();
    assertEquals("up", h.getString("status"));
    assertEquals("up", h.getJsonObject("database").getString("status"));
    assertTrue(h.getJsonObject("database").getLong("latencyMs") >= 0);
    assertEquals(new JsonArray().add(2025).add(2026), h.getJsonArray("calendarYears"));
  }

  @Test
  void metricsAreOffByDefault() throws Exception {
    // No metrics.token, no metrics.port: nothing is measured and the path does not exist, signed in or not.
    assertEquals(404, get(null, "/metrics").status());
    assertEquals(404, get(agent.token(), "/metrics").status());
  }

  @Test
  void casesArePaged() throws Exception {
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(1));
      post(agent.token(), "/api/cases", complaint("分页 " + i)).expect(201);
    }
    long total = total(agent.token());
    assertTrue(total >= 5, "total " + total);
    int size = 2;
    long pages = (total + size - 1) / size;
    List<Long> seen = new ArrayList<>();
    for (int page = 1; page <= pages; page++) {
      JsonObject p = get(agent.token(), "/api/cases?page=" + page + "&size=" + size).expect(200).json();
      assertEquals(total, p.getLong("total"));
      assertEquals(page, p.getInteger("page"));
      assertEquals(size, p.getInteger("size"));
      long expectedItems = page < pages ? size : total - (long) size * (pages - 1);
      assertEquals(expectedItems, p.getJsonArray("items").size(), "page " + page);
      p.getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getLong("id")));
    }
    Set<Long> distinct = new HashSet<>(seen);
    assertEquals(total, distinct.size(), "every case once across the pages");
    // The newest first: the last case filed (latest receipt) leads page 1.
    JsonObject first = get(agent.token(), "/api/cases?page=1&size=1").expect(200).json();
    assertEquals("分页 4", first.getJsonArray("items").getJsonObject(0).getString("subject"));

    JsonObject beyond = get(agent.token(), "/api/cases?page=" + (pages + 1) + "&size=" + size).expect(200).json();
    assertEquals(0, beyond.getJsonArray("items").size());
    assertEquals(total, beyond.getLong("total"), "past the last page the total is still known");

    assertEquals(200, get(agent.token(), "/api/cases?size=200").status());
    assertError(get(agent.token(), "/api/cases?size=201"), 400, "validation_failed", "“size”应在 1 到 200 之间。");
    assertError(get(agent.token(), "/api/cases?size=0"), 400, "validation_failed", "“size”应在 1 到 200 之间。");
    assertError(get(agent.token(), "/api/cases?page=0"), 400, "validation_failed", "“page”应在 1 到 100000 之间。");
    assertError(get(agent.token(), "/api/cases?page=abc"), 400, "validation_failed", "“page”的格式应为 整数。");
    assertError(call("GET", "/api/cases?size=201", agent.token(), null, EN), 400, "validation_failed",
        "The field \"size\" must be between 1 and 200.");
    JsonObject defaults = get(agent.token(), "/api/cases").expect(200).json();
    assertEquals(1, defaults.getInteger("page"));
    assertEquals(20, defaults.getInteger("size"));
    assertFalse(defaults.getJsonArray("items").isEmpty());
  }

  // ---- bugs found on the way

  @Test
  void wronglyTypedUserFieldsAre400() throws Exception {
    Res roles = post(adminToken, "/api/users", new JsonObject().put("username", "typed1").put("password", "password-123")
        .put("roles", "agent"));
    assertError(roles, 400, "validation_failed", null);
    Res unit = post(adminToken, "/api/users", new JsonObject().put("username", "typed2").put("password", "password-123")
        .put("roles", new JsonArray().add("agent")).put("unitId", "abc"));
    assertError(unit, 400, "validation_failed", null);
    Res fraction = post(adminToken, "/api/users", new JsonObject().put("username", "typed3").put("password", "password-123")
        .put("roles", new JsonArray().add("agent")).put("unitId", 1.5));
    assertError(fraction, 400, "validation_failed", null);
    assertFalse(fraction.error().getString("message").contains("1）"), "1.5 is not unit 1: " + fraction.body());
  }

  @Test
  void idsAndNumbersInMessagesAreWrittenAsIs() throws Exception {
    Res unit = post(adminToken, "/api/users", new JsonObject().put("username", "nounit").put("password", "password-123")
        .put("roles", new JsonArray().add("agent")).put("unitId", 99999));
    assertError(unit, 400, "validation_failed", null);
    assertTrue(unit.error().getString("message").contains("99999"), unit.body());
    Res phone = post(agent.token(), "/api/customers", new JsonObject().put("name", "数字号码").put("partyType", "consumer")
        .put("phones", new JsonArray().add(13800138000L)));
    assertError(phone, 400, "validation_failed", "“phones”不接受取值“13800138000”。");
  }
}

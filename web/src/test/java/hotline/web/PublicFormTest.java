package hotline.web;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.testing.CoreFixture;
import hotline.users.Principal;
import hotline.webform.WebFormSettings;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The public web form and its status page over HTTP, as a browser without JavaScript uses them, on the real core and
 * PostgreSQL: filing (complaint, anonymous and named report), the query code shown once, double submits, forged and
 * expired keys, the honeypot, size and type limits, rate limits that survive a restart, look-ups that tell an unknown
 * number from a wrong code in no way, and English.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PublicFormTest {

  /** Small limits, so that the test reaches them: 3 an hour and 5 a day per address, 2 files of 200 kB. */
  static final WebFormSettings SETTINGS = new WebFormSettings(5000, 100, 2, 200_000, Duration.ofHours(4), 3, 5, 1000, 30, 4,
      List.of("127.0.0.1"), null);
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

  static CoreFixture fixture;
  static PublicFormClient web;
  static CoreFixture.Cast cast;
  static int ipSeq;

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.builder().start();
    cast = fixture.cast();
    web = new PublicFormClient("http://127.0.0.1:" + deploy(fixture));
  }

  static int deploy(CoreFixture f) throws Exception {
    WebVerticle v = new WebVerticle(f.core, new WebSettings("127.0.0.1", 0, 1024 * 1024, false, 30_000), null, SETTINGS);
    await(f.vertx.deployVerticle(v));
    return v.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** A client address of its own for each test (through the trusted proxy 127.0.0.1). */
  static synchronized String ip() {
    return "203.0.113." + (++ipSeq);
  }

  static JsonObject caseByNumber(Principal p, String number) throws Exception {
    long id = await(fixture.core.cases().idByNumber(p, number));
    return await(fixture.core.cases().get(p, id));
  }

  static long casesWith(String content) throws Exception {
    return await(fixture.pool.preparedQuery("SELECT count(*) FROM cases WHERE content = $1").execute(Tuple.of(content)))
        .iterator().next().getLong(0);
  }

  /** Files through the page: the form, the post, the page after it. */
  static PublicFormClient.Page file(String ip, String kind, String content, String... more) throws Exception {
    PublicFormClient.Page posted = web.post(PublicFormClient.fields(web.key("zh-CN"), kind, content, more), List.of(), ip);
    assertEquals(303, posted.status(), posted.body());
    PublicFormClient.Page shown = web.follow(posted);
    assertEquals(200, shown.status());
    return shown;
  }

  @Test
  void aComplaintIsFiledOnTheWebChannelAndItsCodeIsShownOnce() throws Exception {
    PublicFormClient.Page form = web.get("/public");
    assertEquals(200, form.status());
    assertTrue(form.header("Content-Type").startsWith("text/html"));
    assertTrue(form.header("Content-Security-Policy").contains("script-src 'self'"));
    assertEquals("no-store", form.header("Cache-Control"));
    assertTrue(form.body().contains("最多 2 个文件，每个不超过 0.2 MB"), "the limits are on the page");
    assertFalse(form.body().contains("<script"), "no script at all");
    assertNotNull(form.key());

    String ip = ip();
    PublicFormClient.Page posted = web.post(PublicFormClient.fields(form.key(), "complaint", "网站投诉：零售店卖假烟<script>alert(1)</script>",
        "subject", "卖假烟", "name", "王网民", "phone", "13900139000"), List.of(new PublicFormClient.Part("发票.png", "image/png", PNG)), ip);
    assertEquals(303, posted.status(), posted.body());
    assertEquals("/public/filed?lang=zh-CN", posted.header("Location"));
    PublicFormClient.Page shown = web.follow(posted);
    String number = shown.test("number");
    String code = shown.test("code");
    assertTrue(number.matches("\\d{4}-\\d{6}"), number);
    assertTrue(code.matches("[2-9A-Z]{5}-[2-9A-Z]{5}"), code);
    assertTrue(shown.body().contains("查询码只显示这一次"));
    assertTrue(shown.cookie(PublicRoutes.TICKET_COOKIE).isEmpty(), "the page clears the cookie that brought the code");
    // Opened again (the browser dropped the cookie): no code.
    PublicFormClient.Page again = web.get("/public/filed?lang=zh-CN");
    assertEquals(200, again.status());
    assertNull(again.test("code"));
    assertFalse(again.body().contains(code));

    JsonObject c = caseByNumber(cast.agent(), number);
    assertEquals("web", c.getString("channel"));
    assertEquals("complaint", c.getString("kind"));
    assertEquals("网站表单", c.getJsonObject("owner").getString("name"));
    assertEquals("王网民", c.getJsonObject("contact").getString("name"));
    assertEquals("image/png", c.getJsonArray("attachments").getJsonObject(0).getString("contentType"));
    assertTrue(c.getJsonArray("allowedActions").contains("take"), "an agent takes what the web form filed");
    // Only a hash of the code is stored.
    String stored = await(fixture.pool.preparedQuery("SELECT code_hash FROM case_query_codes q JOIN cases c ON c.id = q.case_id "
        + "WHERE c.number = $1").execute(Tuple.of(number))).iterator().next().getString(0);
    assertFalse(stored.contains(code.replace("-", "")));
    assertEquals(0L, await(fixture.pool.preparedQuery("SELECT count(*) FROM cases WHERE source_ref LIKE $1")
        .execute(Tuple.of("%" + form.key().split("\\.")[0] + "%"))).iterator().next().getLong(0), "the form's nonce is not stored");
  }

  @Test
  void aReportMayBeAnonymousAndANamedReportersIdentityStaysMasked() throws Exception {
    String ip = ip();
    PublicFormClient.Page anon = file(ip, "report", "匿名举报：某仓库囤积走私烟");
    JsonObject a = caseByNumber(cast.leader(), anon.test("number"));
    assertTrue(a.getBoolean("anonymous"));

    PublicFormClient.Page named = file(ip, "report", "实名举报：某店无证经营", "name", "李举报", "phone", "13700137000");
    String number = named.test("number");
    JsonObject byLeader = caseByNumber(cast.leader(), number);
    assertEquals("李举报", byLeader.getJsonObject("contact").getString("name"));
    JsonObject byAgent = caseByNumber(cast.agent2(), number);
    assertNull(byAgent.getValue("contact"), "another agent does not see the reporter");
    assertTrue(byAgent.getBoolean("identityMasked"));

    PublicFormClient.Page status = web.lookup(number, named.test("code"), "zh-CN", ip);
    assertEquals(200, status.status(), status.body());
    assertEquals("举报", status.test("kind"));
    assertFalse(status.body().contains("李举报") || status.body().contains("13700137000"), "the status page never shows the identity");

    // A complaint without a phone or e-mail is refused at the field, with what was typed kept.
    PublicFormClient.Page refused = web.post(PublicFormClient.fields(web.key("zh-CN"), "complaint", "没有联系方式的投诉"), List.of(), ip);
    assertEquals(400, refused.status());
    assertTrue(refused.test("error-phone").contains("只有举报可以匿名"), refused.body());
    assertTrue(refused.body().contains(">没有联系方式的投诉</textarea>"));
    assertEquals(0, casesWith("没有联系方式的投诉"));
  }

  @Test
  void aDoubleSubmitOrAReloadFilesOneCase() throws Exception {
    String ip = ip();
    String key = web.key("zh-CN");
    Map<String, String> fields = PublicFormClient.fields(key, "suggestion", "建议：延长热线服务时间", "email", "a@example.cn");
    // Two at once (a double click), then a reload of the post.
    CompletableFuture<PublicFormClient.Page> one = CompletableFuture.supplyAsync(() -> post(fields, ip));
    CompletableFuture<PublicFormClient.Page> two = CompletableFuture.supplyAsync(() -> post(fields, ip));
    PublicFormClient.Page first = web.follow(one.get());
    PublicFormClient.Page second = web.follow(two.get());
    PublicFormClient.Page reload = web.follow(post(fields, ip));
    assertEquals(first.test("number"), second.test("number"));
    assertEquals(first.test("number"), reload.test("number"));
    assertEquals(first.test("code"), reload.test("code"), "the same form shows the same code");
    assertNotNull(reload.test("again"), "and says it was sent before");
    assertEquals(1, casesWith("建议：延长热线服务时间"));
  }

  static PublicFormClient.Page post(Map<String, String> fields, String ip) {
    try {
      return web.post(fields, List.of(), ip);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aForgedOrExpiredKeyIsRefusedClearlyAndFilesNothing() throws Exception {
    String ip = ip();
    String key = web.key("zh-CN");
    String forged = key.substring(0, key.length() - 3) + (key.endsWith("AAA") ? "BBB" : "AAA");
    PublicFormClient.Page f = web.post(PublicFormClient.fields(forged, "inquiry", "伪造的表单", "phone", "13600136000"), List.of(), ip);
    assertEquals(400, f.status());
    assertTrue(f.test("alert").contains("无法验证"), f.body());
    assertTrue(f.body().contains(">伪造的表单</textarea>"), "what was typed is kept");
    assertNotEquals(forged, f.key(), "with a fresh key");
    PublicFormClient.Page invented = web.post(PublicFormClient.fields("made-up", "inquiry", "伪造的表单", "phone", "13600136000"), List.of(), ip);
    assertEquals(400, invented.status());

    fixture.clock.advance(Duration.ofHours(5));
    try {
      PublicFormClient.Page e = web.post(PublicFormClient.fields(key, "inquiry", "过期的表单", "phone", "13600136000"), List.of(), ip);
      assertEquals(400, e.status());
      assertTrue(e.test("alert").contains("已经失效"), e.body());
      assertEquals(0, casesWith("伪造的表单") + casesWith("过期的表单"));
      // The fresh key on that page files.
      assertEquals(303, web.post(PublicFormClient.fields(e.key(), "inquiry", "过期的表单", "phone", "13600136000"), List.of(), ip).status());
      assertEquals(1, casesWith("过期的表单"));
    } finally {
      fixture.clock.advance(Duration.ofHours(-5));
    }
  }

  @Test
  void theHoneypotAnswersLikeAFilingAndFilesNothing() throws Exception {
    PublicFormClient.Page p = web.post(PublicFormClient.fields(web.key("zh-CN"), "complaint", "机器人填的投诉", "phone", "13500135000",
        "hl_extra", "http://spam.example"), List.of(), ip());
    assertEquals(200, p.status());
    assertNotNull(p.test("trapped"));
    assertEquals(0, casesWith("机器人填的投诉"));
  }

  @Test
  void tooLargeOrWrongFilesAreRefusedWithAClearPageAndNothingIsHalfFiled() throws Exception {
    String ip = ip();
    // One file over its limit, the whole within the body limit: the form again, the message at the attachments.
    PublicFormClient.Page big = web.post(PublicFormClient.fields(web.key("zh-CN"), "complaint", "附件太大的投诉", "phone", "13500135001"),
        List.of(new PublicFormClient.Part("big.png", "image/png", png(250_000))), ip);
    assertEquals(400, big.status());
    assertTrue(big.test("error-attachments").contains("超过 0.2 MB"), big.body());
    // A file that only says it is a picture.
    PublicFormClient.Page fake = web.post(PublicFormClient.fields(web.key("zh-CN"), "complaint", "附件太大的投诉", "phone", "13500135001"),
        List.of(new PublicFormClient.Part("photo.jpg", "image/jpeg", "<html>not a picture</html>".getBytes(StandardCharsets.UTF_8))), ip);
    assertEquals(400, fake.status());
    assertTrue(fake.test("error-attachments").contains("不是 PDF、JPG 或 PNG"), fake.body());
    // Three files where two are allowed.
    PublicFormClient.Page many = web.post(PublicFormClient.fields(web.key("zh-CN"), "complaint", "附件太大的投诉", "phone", "13500135001"),
        List.of(new PublicFormClient.Part("1.png", "image/png", PNG), new PublicFormClient.Part("2.png", "image/png", PNG),
            new PublicFormClient.Part("3.png", "image/png", PNG)), ip);
    assertEquals(400, many.status());
    // Over the whole body's limit: refused before it is read, with its own page.
    PublicFormClient.Page huge;
    try {
      huge = web.post(PublicFormClient.fields(web.key("zh-CN"), "complaint", "附件太大的投诉", "phone", "13500135001"),
          List.of(new PublicFormClient.Part("a.png", "image/png", png(190_000)), new PublicFormClient.Part("b.png", "image/png", png(190_000)),
              new PublicFormClient.Part("c.png", "image/png", png(400_000))), ip);
      assertEquals(413, huge.status());
      assertNotNull(huge.test("too-large") == null ? huge.body() : huge.test("too-large"));
      assertTrue(huge.body().contains("没有受理任何内容"), huge.body());
    } catch (java.io.IOException e) {
      // A client that keeps sending after the answer may see the connection close first; nothing was filed either way.
      System.out.println("413: the client saw the connection close: " + e);
    }
    assertEquals(0, casesWith("附件太大的投诉"));
  }

  static byte[] png(int size) {
    byte[] b = new byte[size];
    System.arraycopy(PNG, 0, b, 0, PNG.length);
    return b;
  }

  @Test
  void rateLimitsHoldPerAddressAndSurviveARestart() throws Exception {
    String ip = ip();
    String other = ip();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(web.post(PublicFormClient.fields(web.key("zh-CN"), "inquiry", "限流咨询 " + i, "phone", "13400134000"), List.of(), ip).status());
    }
    assertEquals(List.of(303, 303, 303, 429), statuses);
    PublicFormClient.Page limited = web.post(PublicFormClient.fields(web.key("zh-CN"), "inquiry", "限流咨询 x", "phone", "13400134000"),
        List.of(), ip);
    assertEquals(429, limited.status());
    assertNotNull(limited.header("Retry-After"));
    assertTrue(limited.test("alert").contains("提交过于频繁"), limited.body());
    assertTrue(limited.body().contains(">限流咨询 x</textarea>"), "what was typed is kept");
    // Another address is not held back by this one.
    assertEquals(303, web.post(PublicFormClient.fields(web.key("zh-CN"), "inquiry", "另一个地址", "phone", "13400134001"), List.of(), other).status());
    // A client's own X-Forwarded-For is believed only from a trusted proxy: here the socket is 127.0.0.1, trusted.

    // A second node on the same database (as after a restart): the same counts.
    CoreFixture node2 = CoreFixture.builder().sameDatabase(fixture).start();
    try {
      node2.clock.set(fixture.clock.instant());
      PublicFormClient web2 = new PublicFormClient("http://127.0.0.1:" + deploy(node2));
      assertEquals(429, web2.post(PublicFormClient.fields(web2.key("zh-CN"), "inquiry", "重启后", "phone", "13400134000"), List.of(), ip).status());
      assertEquals(303, web2.post(PublicFormClient.fields(web2.key("zh-CN"), "inquiry", "重启后", "phone", "13400134000"), List.of(), ip()).status());
    } finally {
      node2.close();
    }
    // An hour on, the hour's window has passed, but the day's (5, refused attempts counted too) holds until midnight.
    fixture.clock.advance(Duration.ofHours(1));
    try {
      PublicFormClient.Page day = web.post(PublicFormClient.fields(web.key("zh-CN"), "inquiry", "一小时后", "phone", "13400134000"), List.of(), ip);
      assertEquals(429, day.status());
      assertTrue(Long.parseLong(day.header("Retry-After")) > 3600, day.header("Retry-After"));
    } finally {
      fixture.clock.advance(Duration.ofHours(-1));
    }
  }

  @Test
  void aLookupShowsThePublicStatusAndAWrongCodeLooksLikeAnUnknownNumber() throws Exception {
    String ip = ip();
    PublicFormClient.Page filed = file(ip, "inquiry", "咨询：零售许可证如何延续？", "name", "赵咨询", "phone", "13300133000");
    String number = filed.test("number");
    String code = filed.test("code");
    PublicFormClient.Page status = web.lookup(number, code.toLowerCase().replace("-", " "), "zh-CN", ip);
    assertEquals(200, status.status());
    assertEquals(number, status.test("number"));
    assertEquals("已受理，正在审核", status.test("stage"));
    assertNotNull(status.test("filed-at"));
    assertNull(status.test("closed-at"));

    // An agent takes it and answers on the spot: the answer is what the centre releases; an internal note never shows.
    long id = await(fixture.core.cases().idByNumber(cast.agent(), number));
    await(fixture.core.cases().transition(cast.agent(), id, hotline.cases.Action.TAKE, new JsonObject().put("note", "内部备注：我来办")));
    await(fixture.core.cases().transition(cast.agent(), id, hotline.cases.Action.ANSWER,
        new JsonObject().put("answer", "请携带原许可证到区局政务窗口办理延续。")));
    PublicFormClient.Page closed = web.lookup(number, code, "zh-CN", ip);
    assertEquals("已办结", closed.test("stage"));
    assertEquals("请携带原许可证到区局政务窗口办理延续。", closed.test("answer"));
    assertNotNull(closed.test("closed-at"));
    for (String secret : List.of("内部备注", "赵咨询", "13300133000", "agent", "网站表单")) {
      assertFalse(closed.body().contains(secret), "the status page shows " + secret);
    }

    // A wrong code and an unknown number: the same page, the same status.
    String wrongCode = code.startsWith("2") ? "3" + code.substring(1) : "2" + code.substring(1);
    String unknown = number.substring(0, 5) + "999999";
    long t0 = System.nanoTime();
    PublicFormClient.Page wrong = web.lookup(number, wrongCode, "zh-CN", ip);
    long t1 = System.nanoTime();
    PublicFormClient.Page none = web.lookup(unknown, wrongCode, "zh-CN", ip);
    long t2 = System.nanoTime();
    assertEquals(wrong.status(), none.status());
    assertEquals(200, wrong.status());
    assertEquals(wrong.body().replace(number, "N"), none.body().replace(unknown, "N"));
    assertNull(wrong.test("stage"));
    System.out.printf("status look-up: wrong code %d ms, unknown number %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);

    // Guessing codes of one number: after 4 failures a day even the right code waits (the same for any number).
    for (int i = 0; i < 3; i++) {
      assertEquals(200, web.lookup(number, wrongCode, "zh-CN", ip()).status());
    }
    PublicFormClient.Page held = web.lookup(number, code, "zh-CN", ip());
    assertEquals(429, held.status(), held.body());
    assertNull(held.test("stage"));
  }

  @Test
  void theLookupRefusesMalformedInputAtItsField() throws Exception {
    PublicFormClient.Page p = web.lookup("12345", "", "zh-CN", ip());
    assertEquals(400, p.status());
    assertTrue(p.test("error-number").contains("2026-000123"), p.body());
    assertTrue(p.test("error-code").contains("请填写"));
  }

  @Test
  void thePagesSpeakEnglishOnTheSwitchOrTheBrowsersWish() throws Exception {
    PublicFormClient.Page zh = web.get("/public");
    assertTrue(zh.body().contains("<html lang=\"zh-CN\">"));
    assertTrue(zh.body().contains("href=\"/public?lang=en\""), "the switch");
    PublicFormClient.Page en = web.get("/public?lang=en");
    assertTrue(en.body().contains("<html lang=\"en\">"));
    assertTrue(en.body().contains("File a complaint, inquiry, suggestion or report"));
    assertTrue(en.body().contains("name=\"lang\" value=\"en\""), "the form keeps the language");
    assertEquals("en", en.header("Content-Language"));
    PublicFormClient.Page byBrowser = web.get("/public/status", Map.of("Accept-Language", "en-US,en;q=0.9"));
    assertTrue(byBrowser.body().contains("Check progress"));
    Map<String, String> fields = PublicFormClient.fields(en.key(), "complaint", "", "phone", "13200132000");
    fields.put("lang", "en");
    PublicFormClient.Page error = web.post(fields, List.of(), ip());
    assertEquals(400, error.status());
    assertEquals("Please fill this in.", error.test("error-content"));
  }
}

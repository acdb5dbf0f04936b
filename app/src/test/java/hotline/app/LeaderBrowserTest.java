package hotline.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The leader's pages in a real Chromium: the queue of cases awaiting instruction (oldest first) with the instruction
 * given in one step from the list (text, unit, the deadline the clock gives shown before sending: the core instructs
 * and dispatches in one transaction); the review of a satisfied follow-up, closed; record lending, one request approved
 * and one refused; a report opened unmasked, with its audit row. And a unit responder's feedback with a photo picked in
 * the form on a phone-sized window, stored with the dispatch and shown on the case page.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LeaderBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static final String LEADER_PASSWORD = "Lead-" + UUID.randomUUID();
  static final String RESPONDER_PASSWORD = "Unit-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static String admin;
  static String agent;
  static String leader;
  static String supervisor;
  static String responder;
  static long unitId;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD);
    admin = running.login("admin", ADMIN_PASSWORD);
    unitId = TelephonyApp.ok(running.send("POST", "/api/units", admin, new JsonObject().put("name", "宝安区烟草专卖局")
        .put("kind", "county_bureau").put("code", "BA").put("contacts", new JsonArray().add(new JsonObject()
            .put("name", "刘主任").put("email", "baoan@example.cn").put("firstResponsible", true)))), 201).getLong("id");
    String agentPassword = "Desk-" + UUID.randomUUID();
    running.agent(admin, "shouli", agentPassword, "张受理");
    agent = running.login("shouli", agentPassword);
    running.user(admin, "lingdao", LEADER_PASSWORD, "刘领导", "leader", null);
    leader = running.login("lingdao", LEADER_PASSWORD);
    String supervisorPassword = "Super-" + UUID.randomUUID();
    running.user(admin, "zhengdun", supervisorPassword, "整顿办王主任", "supervisor", null);
    supervisor = running.login("zhengdun", supervisorPassword);
    running.user(admin, "baoan", RESPONDER_PASSWORD, "宝安区局第一责任人", "unit_responder", unitId);
    responder = running.login("baoan", RESPONDER_PASSWORD);
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  static JsonObject call(String method, String path, String token, JsonObject body, int status) throws Exception {
    return TelephonyApp.ok(running.send(method, path, token, body), status);
  }

  /** A case of this kind filed by the agent and submitted for instruction: its id. */
  static long submitted(String kind, String subject, String contactName) throws Exception {
    JsonObject c = call("POST", "/api/cases", agent, new JsonObject().put("kind", kind).put("channel", "phone")
        .put("subject", subject).put("content", "在宝安区某零售店发现疑似假冒卷烟，请核实处理。")
        .put("contact", new JsonObject().put("name", contactName).put("phones", new JsonArray().add("13800138000"))), 201);
    call("POST", "/api/cases/" + c.getLong("id") + "/submit", agent, new JsonObject(), 200);
    return c.getLong("id");
  }

  static JsonObject get(long caseId, String token) throws Exception {
    return call("GET", "/api/cases/" + caseId, token, null, 200);
  }

  static void signIn(String user, String password) {
    browser.driver.manage().deleteAllCookies();
    browser.signIn(user, password);
  }

  static void until(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> condition.getAsBoolean());
  }

  static String status(long caseId) {
    try {
      return get(caseId, agent).getString("status");
    } catch (Exception e) {
      return null;
    }
  }

  @Test
  void theLeaderInstructsFromTheQueueInOneStepWithTheDeadlineShownFirst() throws Exception {
    long older = submitted("complaint", "福永某店销售假烟", "张三");
    long newer = submitted("complaint", "沙井某店无证经营", "李四");
    String olderNumber = get(older, agent).getString("number");
    String newerNumber = get(newer, agent).getString("number");

    signIn("lingdao", LEADER_PASSWORD);
    // The leader's first page is the queue, the longest waiting first.
    browser.waitFor(By.cssSelector("[data-test=leader-queue] [data-test=leader-case]"));
    assertTrue(browser.driver.getCurrentUrl().endsWith("#/leader"), browser.driver.getCurrentUrl());
    List<String> order = browser.driver.findElements(By.cssSelector("[data-test=leader-case]")).stream()
        .map(e -> e.getAttribute("data-number")).toList();
    assertTrue(order.indexOf(olderNumber) >= 0 && order.indexOf(olderNumber) < order.indexOf(newerNumber), order.toString());
    WebElement row = browser.waitFor(By.cssSelector("[data-test=leader-case][data-number='" + olderNumber + "']"));
    assertTrue(row.findElement(By.cssSelector("[data-test=next-deadline]")).getText().contains("2 个工作日"), row.getText());
    browser.shot("leader-queue");
    // A leader has a dozen pages in the menu: on a 1024-pixel screen it wraps whole entries, each on one line.
    Dimension wide = browser.driver.manage().window().getSize();
    browser.driver.manage().window().setSize(new Dimension(1024, 768));
    Object ratio = browser.script("const h = [...document.querySelectorAll('.topbar .menu a')]"
        + ".map((a) => a.getBoundingClientRect().height); return Math.max(...h) / Math.min(...h)");
    assertTrue(((Number) ratio).doubleValue() < 1.2, "every menu entry one line high, the tallest/lowest " + ratio);
    browser.shot("leader-queue-1024");
    browser.driver.manage().window().setSize(wide);

    // Its record form, at hand in the list.
    row.findElement(By.cssSelector("[data-test=record-form-toggle]")).click();
    browser.waitFor(By.cssSelector("[data-test=leader-case][data-number='" + olderNumber + "'] [data-test=record-form]"));
    HttpResponse<String> pdf = running.send("GET", "/api/cases/" + older + "/record-form", leader, null);
    assertEquals(200, pdf.statusCode());
    assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
    Thread.sleep(1500);
    browser.shot("leader-queue-record-form");
    row.findElement(By.cssSelector("[data-test=record-form-toggle]")).click();

    // Instruct in one step: text, unit, and the deadline the clock gives, shown before sending.
    row.findElement(By.cssSelector("[data-test=action-instruct]")).click();
    WebElement form = browser.waitFor(By.cssSelector("[data-test=leader-case][data-number='" + olderNumber + "'] [data-test=form-instruct]"));
    form.findElement(By.cssSelector("[data-test=field-instruction]")).sendKeys("请宝安区局两个工作日内核实查处并反馈。");
    new Select(browser.waitFor(By.cssSelector("[data-test=form-instruct] [data-test=field-unitId]"))).selectByValue(String.valueOf(unitId));
    WebElement deadline = browser.waitFor(By.cssSelector("[data-test=form-instruct] [data-test=instruct-deadline]"));
    JsonObject next = get(older, leader).getJsonObject("nextDispatch");
    String due = next.getString("dueAt");
    String shown = Integer.parseInt(due.substring(5, 7)) + "-" + due.substring(8, 10) + " " + due.substring(11, 16);
    until(() -> deadline.getText().contains(shown));
    assertTrue(deadline.getText().contains("2 个工作日"), deadline.getText());
    assertTrue(form.findElement(By.cssSelector("[data-test=dispatch-contact]")).getText().contains("刘主任"));
    assertEquals("批示并派单", form.findElement(By.cssSelector("[data-test=action-send]")).getText());
    browser.script("arguments[0].scrollIntoView({block: 'center'})", deadline);
    browser.shot("leader-instruct");
    form.findElement(By.cssSelector("[data-test=action-send]")).click();
    browser.waitForText(By.cssSelector("[data-test=leader-done]"), olderNumber);
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=leader-done]")).getText().contains("宝安区烟草专卖局"));

    // One step did both: instructed, then dispatched to the unit with the clock's deadline.
    JsonObject after = get(older, agent);
    assertEquals("dispatched", after.getString("status"));
    assertEquals("请宝安区局两个工作日内核实查处并反馈。", after.getString("instruction"));
    JsonObject d = after.getJsonObject("currentDispatch");
    assertEquals(unitId, d.getLong("unitId"));
    assertEquals(2, d.getInteger("workingDays"));
    assertEquals(due, d.getString("dueAt"), "the deadline shown is the one the dispatch got");
    List<String> steps = after.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("action")).toList();
    assertEquals(List.of("intake", "submit", "instruct", "dispatch"), steps);
    until(() -> browser.driver.findElements(By.cssSelector("[data-test=leader-case][data-number='" + olderNumber + "']")).isEmpty());
    assertFalse(browser.driver.findElements(By.cssSelector("[data-test=leader-case][data-number='" + newerNumber + "']")).isEmpty());
    // Live: a case the agent submits now shows up in the open queue (the SSE case event), no reload.
    String liveNumber = get(submitted("complaint", "石岩某店销售假烟", "周八"), agent).getString("number");
    browser.waitFor(By.cssSelector("[data-test=leader-case][data-number='" + liveNumber + "']"));
    browser.load("/#/leader", By.cssSelector("[data-test=leader-case]"));
  }

  /** A case filed, instructed to the unit in one step, received, fed back and followed up: its id. */
  static long followedUp(String subject, String satisfaction) throws Exception {
    long id = submitted("complaint", subject, "王五");
    call("POST", "/api/cases/" + id + "/instruct", leader, new JsonObject().put("instruction", "请核实处理").put("unitId", unitId), 200);
    call("POST", "/api/cases/" + id + "/receipt", responder, new JsonObject().put("method", "reply"), 200);
    call("POST", "/api/cases/" + id + "/feedback", responder, new JsonObject().put("result", "经查属实，已没收涉案卷烟并立案。"), 200);
    call("POST", "/api/cases/" + id + "/follow-up", agent, new JsonObject().put("satisfaction", satisfaction), 200);
    return id;
  }

  @Test
  void theLeaderClosesASatisfiedFollowUpOnReview() throws Exception {
    long id = followedUp("西乡某店销售走私烟", "satisfied");
    String number = get(id, agent).getString("number");
    assertEquals("followed_up", status(id));

    signIn("lingdao", LEADER_PASSWORD);
    browser.get("/#/leader/review");
    WebElement row = browser.waitFor(By.cssSelector("[data-test=leader-review] [data-test=leader-case][data-number='" + number + "']"));
    assertEquals("满意", row.findElement(By.cssSelector("[data-test=satisfaction]")).getText());
    assertTrue(row.findElement(By.cssSelector("[data-test=feedback]")).getText().contains("已没收涉案卷烟"), row.getText());
    row.findElement(By.cssSelector("[data-test=action-review]")).click();
    WebElement form = browser.waitFor(By.cssSelector("[data-test=leader-case][data-number='" + number + "'] [data-test=form-review]"));
    assertEquals("close", new Select(form.findElement(By.cssSelector("[data-test=field-decision]"))).getFirstSelectedOption().getAttribute("value"));
    form.findElement(By.cssSelector("[data-test=field-note]")).sendKeys("处理得当，同意办结。");
    browser.shot("leader-review");
    form.findElement(By.cssSelector("[data-test=action-send]")).click();
    browser.waitForText(By.cssSelector("[data-test=leader-done]"), number);
    until(() -> "closed".equals(status(id)));
    JsonObject review = get(id, agent).getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(e -> "review".equals(e.getString("action"))).findFirst().orElseThrow();
    assertEquals("close", review.getJsonObject("detail").getString("decision"));
    assertEquals("处理得当，同意办结。", review.getString("note"));
    browser.load("/#/leader/review", By.cssSelector("[data-test=leader-review] [data-test=queue-count]"));
  }

  @Test
  void theLeaderApprovesOneLendingRequestAndRefusesAnother() throws Exception {
    long id = submitted("complaint", "松岗某店销售假烟", "赵六");
    String number = get(id, agent).getString("number");
    long export = call("POST", "/api/access-requests", agent, new JsonObject().put("caseId", id).put("purpose", "export")
        .put("reason", "季度通报需要导出本案记录。"), 201).getLong("id");
    long view = call("POST", "/api/access-requests", responder, new JsonObject().put("caseId", id).put("purpose", "outside_view")
        .put("reason", "本单位需参考此案。"), 201).getLong("id");

    signIn("lingdao", LEADER_PASSWORD);
    browser.get("/#/leader/lending");
    WebElement exportRow = browser.waitFor(By.cssSelector("[data-test=lending-pending][data-request='" + export + "']"));
    assertTrue(exportRow.getText().contains(number) && exportRow.getText().contains("导出") && exportRow.getText().contains("张受理"),
        exportRow.getText());
    WebElement viewRow = browser.driver.findElement(By.cssSelector("[data-test=lending-pending][data-request='" + view + "']"));
    assertTrue(viewRow.getText().contains("外部查阅"), viewRow.getText());
    browser.shot("leader-lending");

    exportRow.findElement(By.cssSelector("[data-test=lending-note]")).sendKeys("同意，用于季度通报。");
    exportRow.findElement(By.cssSelector("[data-test=lending-hours]")).sendKeys("48");
    exportRow.findElement(By.cssSelector("[data-test=lending-approve]")).click();
    browser.waitForText(By.cssSelector("[data-test=lending-done]"), number);

    // A refusal needs its reason: the page asks before anything is sent.
    viewRow = browser.waitFor(By.cssSelector("[data-test=lending-pending][data-request='" + view + "']"));
    viewRow.findElement(By.cssSelector("[data-test=lending-refuse]")).click();
    browser.waitForText(By.cssSelector("[data-test=lending-pending][data-request='" + view + "'] [data-test=lending-error]"), "理由");
    assertEquals("pending", call("GET", "/api/access-requests/" + view, leader, null, 200).getString("status"));
    viewRow.findElement(By.cssSelector("[data-test=lending-note]")).sendKeys("与本单位职责无关，不予批准。");
    viewRow.findElement(By.cssSelector("[data-test=lending-refuse]")).click();
    until(() -> browser.driver.findElements(By.cssSelector("[data-test=lending-pending]")).isEmpty());

    JsonObject approved = call("GET", "/api/access-requests/" + export, leader, null, 200);
    assertEquals("approved", approved.getString("status"));
    long hours = Duration.between(java.time.OffsetDateTime.parse(approved.getString("decidedAt")),
        java.time.OffsetDateTime.parse(approved.getString("expiresAt"))).toHours();
    assertEquals(48, hours);
    JsonObject refused = call("GET", "/api/access-requests/" + view, leader, null, 200);
    assertEquals("refused", refused.getString("status"));
    assertEquals("与本单位职责无关，不予批准。", refused.getString("decisionNote"));
    // What is open, and until when.
    WebElement open = browser.waitFor(By.cssSelector("[data-test=lending-open-row][data-request='" + export + "']"));
    String until = approved.getString("expiresAt").substring(0, 16).replace('T', ' ');
    assertEquals(until, open.findElement(By.cssSelector("[data-test=lending-until]")).getText());
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=lending-open-row][data-request='" + view + "']")).isEmpty());
    browser.shot("leader-lending-decided");
    // The export works now for the one it was lent to.
    call("GET", "/api/cases/" + id + "/export", agent, null, 200);
    browser.load("/#/leader/lending", By.cssSelector("[data-test=lending-open]"));
  }

  static int identityViews(long caseId) throws Exception {
    return call("GET", "/api/audit?caseId=" + caseId + "&action=report.identity.view", supervisor, null, 200).getInteger("total");
  }

  @Test
  void theLeaderOpensAReportUnmaskedAndTheViewIsAudited() throws Exception {
    long id = submitted("report", "举报某店长期销售假烟", "李举报");
    String number = get(id, agent).getString("number");
    int before = identityViews(id);

    signIn("lingdao", LEADER_PASSWORD);
    browser.get("/#/leader/reports");
    WebElement row = browser.waitFor(By.cssSelector("[data-test=report][data-number='" + number + "']"));
    assertFalse(row.getText().contains("李举报"), "the list never shows the reporter: " + row.getText());
    assertTrue(row.getText().contains("保密"), row.getText());
    assertEquals(before, identityViews(id), "listing reports reveals nobody, so audits nothing");
    browser.shot("leader-reports");

    row.findElement(By.cssSelector("[data-test=report-open]")).click();
    browser.waitForText(By.cssSelector("[data-test=report][data-number='" + number + "'] [data-test=reporter-name]"), "李举报");
    assertTrue(row.findElement(By.cssSelector("[data-test=report-detail]")).getText().contains("138"), row.getText());
    browser.shot("leader-report-open");
    assertEquals(before + 1, identityViews(id), "the unmasked view is audited");
    JsonObject entry = call("GET", "/api/audit?caseId=" + id + "&action=report.identity.view", supervisor, null, 200)
        .getJsonArray("items").getJsonObject(0);
    assertEquals("lingdao", entry.getString("actor"));
    browser.load("/#/leader/reports", By.cssSelector("[data-test=report]"));
  }

  /** A small picture, as a phone's camera would give (smaller): a shelf of cartons. */
  static byte[] photo() throws java.io.IOException {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(320, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(new java.awt.Color(0xe8, 0xe4, 0xda));
    g.fillRect(0, 0, 320, 200);
    for (int i = 0; i < 6; i++) {
      g.setColor(i % 2 == 0 ? new java.awt.Color(0xb0, 0x30, 0x30) : new java.awt.Color(0x30, 0x50, 0x90));
      g.fillRect(20 + i * 48, 60, 40, 90);
    }
    g.dispose();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void aUnitResponderFeedsBackWithAPhotoFromAPhone() throws Exception {
    long id = submitted("complaint", "福海某店销售假烟", "孙七");
    call("POST", "/api/cases/" + id + "/instruct", leader, new JsonObject().put("instruction", "请核实").put("unitId", unitId), 200);
    byte[] png = photo();
    Path photo = Files.createTempDirectory("hotline-feedback").resolve("现场照片.png");
    Files.write(photo, png);

    browser.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      signIn("baoan", RESPONDER_PASSWORD);
      browser.get("/#/cases/" + id);
      browser.waitFor(By.cssSelector("[data-test=action-feedback]")).click();
      WebElement form = browser.waitFor(By.cssSelector("[data-test=form-feedback]"));
      form.findElement(By.cssSelector("[data-test=field-result]")).sendKeys("经核查属实，已没收涉案卷烟，现场照片附后。");
      form.findElement(By.cssSelector("[data-test=field-attachments]")).sendKeys(photo.toString());
      browser.waitForText(By.cssSelector("[data-test=picked-files]"), "现场照片.png");
      WebElement pick = form.findElement(By.cssSelector(".file-pick"));
      assertTrue(pick.getSize().getHeight() >= 44, "a touch target: " + pick.getSize());
      browser.script("arguments[0].scrollIntoView({block: 'center'})", form);
      browser.shot("unit-feedback-phone");
      form.findElement(By.cssSelector("[data-test=action-send]")).click();
      until(() -> "handled".equals(status(id)));

      // Stored with the dispatch it answers, the bytes as sent, and shown on the case page and its timeline.
      JsonObject after = get(id, agent);
      JsonObject file = after.getJsonArray("attachments").getJsonObject(0);
      assertEquals("现场照片.png", file.getString("name"));
      assertEquals("image/png", file.getString("contentType"));
      assertEquals(after.getJsonObject("currentDispatch").getLong("id"), file.getLong("dispatchId"));
      HttpResponse<byte[]> bytes = TelephonyApp.HTTP.send(HttpRequest.newBuilder(URI.create(running.base() + "/api/cases/" + id
          + "/attachments/" + file.getLong("id"))).header("Authorization", "Bearer " + agent).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertArrayEquals(png, bytes.body());
      JsonObject feedback = after.getJsonArray("timeline").stream().map(JsonObject.class::cast)
          .filter(e -> "feedback".equals(e.getString("action"))).findFirst().orElseThrow();
      assertEquals("现场照片.png", feedback.getJsonObject("detail").getJsonArray("attachments").getJsonObject(0).getString("name"));

      WebElement shown = browser.waitFor(By.cssSelector("[data-test=attachments-card] [data-test=attachment]"));
      assertTrue(shown.getText().contains("现场照片.png") && shown.getText().contains("第 1 轮反馈附件"), shown.getText());
      browser.waitFor(By.cssSelector("[data-test=attachment-image]"));
      browser.waitForText(By.cssSelector("[data-test=timeline-entry][data-action=feedback]"), "附件 1 个：现场照片.png");
      browser.script("arguments[0].scrollIntoView({block: 'start'})",
          browser.driver.findElement(By.cssSelector("[data-test=attachments-card]")));
      browser.shot("unit-feedback-shown-phone");
      browser.load("/#/cases/" + id, By.cssSelector("[data-test=attachment-image]"));
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
    }
  }
}

package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.telephony.FakeAmiPeer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The case page in a real Chromium against the whole process (embedded PostgreSQL, the fake AMI peer): an agent's
 * complaint with a PDF shows every field, the PDF in the page and the timeline; the buttons are exactly the
 * allowedActions the API lists for each user; the agent submits, the leader instructs, the agent dispatches to a
 * unit, all through the page's forms; the dispatch shows its deadline and receipt, and a receipt recorded elsewhere
 * appears without a reload; a refused extension shows the server's message in its form; click-to-call reaches
 * Asterisk as an Originate of the number's digits; the unit's responder sees the case as the API gives it to them and
 * feeds back; a report viewed by an agent who does not own it shows 保密 and no number. Screenshots in
 * {@code target/screenshots/case-*.png}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CasePageBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static final String CALLER_PHONE = "13800138000";
  static final String REPORTER_PHONE = "13900139000";
  static final String RECORDINGS = "https://recordings.example.cn/monitor/";

  static TelephonyApp running;
  static FakeAmiPeer peer;
  static Browser browser;
  static String admin;
  static long unitId;
  static final Map<String, String> PASSWORDS = new java.util.HashMap<>();
  static final Map<String, String> TOKENS = new java.util.HashMap<>();
  static String signedIn;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD, Map.of("telephony.recording-url", RECORDINGS + "{file}?call={linkedid}"));
    peer = running.peer;
    admin = running.login("admin", ADMIN_PASSWORD);
    unitId = TelephonyApp.ok(send("POST", "/api/units", admin, new JsonObject().put("name", "宝安区局").put("kind", "county_bureau")
        .put("contacts", new JsonArray().add(new JsonObject().put("name", "陈主任").put("title", "主任")
            .put("phone", "0755-88881234").put("email", "head@baoan.example.cn").put("firstResponsible", true)))), 201)
        .getLong("id");
    user("zuoxi", "王受理", "agent", null);
    user("lisi", "李受理", "agent", null);
    user("lingdao", "赵局长", "leader", null);
    user("danwei", "宝安区局联络员", "unit_responder", unitId);
    long agentId = new JsonObject(send("GET", "/api/me", TOKENS.get("zuoxi"), null).body()).getLong("id");
    running.phone(admin, agentId, "Local/agent1@agents", "8001");
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  @Test
  void aComplaintGoesFromIntakeToFeedbackThroughThePageWithItsPdfDeadlineAndTimeline() throws Exception {
    JsonObject filed = TelephonyApp.ok(send("POST", "/api/cases", TOKENS.get("zuoxi"), new JsonObject()
        .put("kind", "complaint").put("channel", "phone").put("partyType", "consumer").put("subject", "零售店销售假冒卷烟")
        .put("content", "在某零售店购买的香烟疑似假冒。\n第二行：<b>不是标记</b>")
        .put("contact", new JsonObject().put("name", "张三").put("phones", new JsonArray().add(CALLER_PHONE))
            .put("address", "宝安区新安街道"))
        .put("respondent", new JsonObject().put("person", "某零售店").put("unitName", "宝安区局"))
        .put("attachments", new JsonArray().add(new JsonObject().put("name", "来信扫描.pdf").put("contentType", "application/pdf")
            .put("data", Base64.getEncoder().encodeToString(pdf("Letter from the caller"))))
            .add(new JsonObject().put("name", "page.html").put("contentType", "text/html")
                .put("data", Base64.getEncoder().encodeToString("<script>alert(1)</script>".getBytes()))))), 201);
    long id = filed.getLong("id");
    String number = filed.getString("number");

    // The agent who owns it: every field, the PDF in the page, the timeline, and exactly their actions.
    signIn("zuoxi");
    open(id);
    assertEquals(number, text("[data-test=field-number]"));
    assertEquals("投诉", text("[data-test=field-kind]"));
    assertEquals("电话", text("[data-test=field-channel]"));
    assertEquals("已受理", text("[data-test=field-status]"));
    assertEquals("王受理", text("[data-test=field-owner]"));
    assertEquals("消费者", text("[data-test=field-partyType]"));
    assertEquals("某零售店 · 宝安区局", text("[data-test=field-respondent]"));
    assertEquals("零售店销售假冒卷烟", text("[data-test=case-subject]"));
    assertTrue(text("[data-test=field-contact]").contains("张三") && text("[data-test=field-contact]").contains("宝安区新安街道"));
    assertEquals("在某零售店购买的香烟疑似假冒。\n第二行：<b>不是标记</b>", text("[data-test=case-content]"), "content as text, lines kept");
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=case-content] b")).isEmpty());
    assertEquals(filed.getString("receivedAt").substring(0, 16).replace('T', ' '), text("[data-test=field-receivedAt]"));
    assertEquals(List.of("intake"), timelineActions());
    assertTrue(text("[data-test=timeline]").contains("受理登记") && text("[data-test=timeline]").contains("王受理"));
    assertButtonsAreTheAllowedActions(id, "zuoxi");
    // The PDF is drawn inside the page: its frame's document is the browser's PDF viewer, served inline.
    List<WebElement> files = browser.driver.findElements(By.cssSelector("[data-test=attachment]"));
    assertEquals(2, files.size());
    assertEquals("pdf", files.get(0).getAttribute("data-preview"));
    assertEquals("none", files.get(1).getAttribute("data-preview"), "an HTML file is never shown in the page");
    assertTrue(files.get(1).findElements(By.cssSelector("iframe, img")).isEmpty());
    assertFrameIsPdf(By.cssSelector("[data-test=attachment-pdf]"));
    String attachmentPath = browser.driver.findElement(By.cssSelector("[data-test=attachment-pdf]")).getAttribute("src")
        .replace(running.base(), "");
    HttpResponse<String> served = send("GET", attachmentPath, TOKENS.get("zuoxi"), null);
    assertEquals("application/pdf", served.headers().firstValue("Content-Type").orElse(""));
    assertTrue(served.headers().firstValue("Content-Disposition").orElse("").startsWith("inline;"));
    shot("case-received");

    // Click-to-call on the caller's number: Asterisk is asked to ring the agent's phone, then dial those digits.
    int before = peer.received("Originate").size();
    browser.driver.findElement(By.cssSelector("[data-test=field-contact] [data-test=phone-number][data-number='" + CALLER_PHONE
        + "'] [data-test=dial]")).click();
    browser.waitFor(By.cssSelector("[data-test=field-contact] [data-test=dial-state]"));
    List<Map<String, String>> originates = peer.received("Originate");
    assertEquals(before + 1, originates.size());
    assertEquals(CALLER_PHONE, originates.get(before).get("exten"));
    assertEquals("Local/agent1@agents", originates.get(before).get("channel"));
    assertTrue(originates.get(before).get("variable").contains("HOTLINE_CASE=" + id), originates.get(before).toString());

    // The caller's call (the recorded queue call, with the recording MixMonitor names), linked to the case: listed
    // with its number to call back and a link to its recording.
    String linkedid = recordedCall();
    JsonObject call = TelephonyApp.ok(send("GET", "/api/calls", TOKENS.get("zuoxi"), null), 200).getJsonArray("items")
        .stream().map(JsonObject.class::cast).filter(k -> linkedid.equals(k.getString("linkedid"))).findFirst().orElseThrow();
    TelephonyApp.ok(send("POST", "/api/calls/" + call.getLong("id") + "/case", TOKENS.get("zuoxi"), new JsonObject().put("caseId", id)), 200);
    open(id);
    WebElement listed = browser.waitFor(By.cssSelector("[data-test=calls] [data-test=call]"));
    assertEquals(RECORDINGS + "hotline-" + linkedid + ".wav?call=" + linkedid,
        listed.findElement(By.cssSelector("[data-test=recording]")).getAttribute("href"));
    assertTrue(listed.findElement(By.cssSelector("[data-test=phone-number]")).getAttribute("data-number")
        .replaceAll("\\D", "").endsWith(CALLER_PHONE), listed.getText());

    // The agent submits it for instruction through the form.
    act("submit", Map.of("note", "请领导批示"));
    waitForStatus("awaiting_instruction");

    // The leader: exactly their actions; instructs through the form.
    signIn("lingdao");
    open(id);
    assertButtonsAreTheAllowedActions(id, "lingdao");
    click("[data-test=action-instruct]");
    type("[data-test=form-instruct] [data-test=field-instruction]", "请宝安区局核实处理，按时反馈。");
    shot("case-actions");
    click("[data-test=action-send]");
    waitForStatus("instructed");
    assertTrue(text("[data-test=field-instruction]").contains("请宝安区局核实处理"));

    // The owner dispatches it to the unit: unit and contact from GET /api/units, method, working days.
    signIn("zuoxi");
    open(id);
    assertButtonsAreTheAllowedActions(id, "zuoxi");
    click("[data-test=action-dispatch]");
    new Select(browser.waitFor(By.cssSelector("[data-test=form-dispatch] [data-test=field-unitId]"))).selectByValue(String.valueOf(unitId));
    WebElement contact = browser.waitFor(By.cssSelector("[data-test=dispatch-contact]"));
    assertTrue(contact.getText().contains("陈主任"), contact.getText());
    new Select(browser.driver.findElement(By.cssSelector("[data-test=form-dispatch] [data-test=field-method]"))).selectByValue("email");
    type("[data-test=form-dispatch] [data-test=field-workingDays]", "2");
    click("[data-test=action-send]");
    waitForStatus("dispatched");
    JsonObject dispatched = caseAs("zuoxi", id);
    JsonObject d = dispatched.getJsonObject("currentDispatch");
    assertEquals(2, d.getInteger("workingDays"));
    assertEquals("email", d.getString("method"));
    WebElement row = browser.waitFor(By.cssSelector("[data-test=dispatch][data-round='1']"));
    assertEquals("宝安区局", row.findElement(By.cssSelector("[data-test=dispatch-unit]")).getText());
    String due = d.getString("dueAt");
    String shown = due.substring(5, 7).replaceFirst("^0", "") + "-" + due.substring(8, 10) + " " + due.substring(11, 16);
    assertTrue(row.findElement(By.cssSelector("[data-test=dispatch-deadline]")).getText().contains(shown),
        "the deadline " + due + " shows: " + row.getText());
    assertEquals("未签收", row.findElement(By.cssSelector("[data-test=receipt]")).getText());
    assertTrue(timelineActions().contains("dispatch"));
    assertTrue(text("[data-test=timeline]").contains("责任单位：宝安区局"), text("[data-test=timeline]"));
    // The record form as it stands, drawn by the server, in the page.
    click("[data-test=record-form-toggle]");
    assertFrameIsPdf(By.cssSelector("[data-test=record-form]"));
    HttpResponse<String> form = send("GET", "/api/cases/" + id + "/record-form", TOKENS.get("zuoxi"), null);
    assertEquals("application/pdf", form.headers().firstValue("Content-Type").orElse(""));
    assertEquals("SAMEORIGIN", form.headers().firstValue("X-Frame-Options").orElse(""));
    Thread.sleep(2500); // the viewer draws its pages after the document loads: for the picture only
    shot("case-dispatched");

    // An extension beyond the cap: the server's refusal, in Chinese, in the form; nothing changes.
    HttpResponse<String> refusal = send("POST", "/api/cases/" + id + "/extend", TOKENS.get("zuoxi"),
        new JsonObject().put("workingDays", 10).put("reason", "单位申请延期"));
    assertEquals(422, refusal.statusCode(), refusal.body());
    String message = new JsonObject(refusal.body()).getJsonObject("error").getString("message");
    click("[data-test=action-extend]");
    // The cap is said before asking, and kept by the field; past the browser's check, the server's refusal shows.
    WebElement days = browser.waitFor(By.cssSelector("[data-test=form-extend] [data-test=field-workingDays]"));
    assertEquals("7", days.getAttribute("max"));
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=form-extend]")).getText().contains("最多可延长至 7 个工作日"),
        browser.driver.findElement(By.cssSelector("[data-test=form-extend]")).getText());
    browser.script("arguments[0].removeAttribute('max')", days);
    type("[data-test=form-extend] [data-test=field-workingDays]", "10");
    type("[data-test=form-extend] [data-test=field-reason]", "单位申请延期");
    click("[data-test=action-send]");
    WebElement error = browser.waitFor(By.cssSelector("[data-test=form-extend] [data-test=action-error]"));
    assertEquals(message, error.getText());
    assertTrue(message.chars().anyMatch(ch -> Character.UnicodeScript.of(ch) == Character.UnicodeScript.HAN), message);
    assertEquals(2, caseAs("zuoxi", id).getJsonObject("currentDispatch").getInteger("workingDays"));

    // The unit confirms receipt on its own (by API): the open page shows it without a reload.
    TelephonyApp.ok(send("POST", "/api/cases/" + id + "/receipt", TOKENS.get("danwei"), new JsonObject().put("method", "by_hand")), 200);
    browser.waitForText(By.cssSelector("[data-test=dispatch][data-round='1'] [data-test=receipt]"), "已签收");
    assertTrue(text("[data-test=dispatch][data-round='1'] [data-test=receipt]").contains("当面签收"));
    waitForStatus("receipt_confirmed");

    // The unit's responder sees the case as the API gives it to them, and feeds back through the form.
    signIn("danwei");
    open(id);
    assertButtonsAreTheAllowedActions(id, "danwei");
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=calls-card], [data-test=callbacks-card]")).isEmpty(),
        "the call log is not the unit's");
    click("[data-test=action-feedback]");
    type("[data-test=form-feedback] [data-test=field-result]", "经核查，该零售店已整改。");
    click("[data-test=action-send]");
    waitForStatus("handled");
    assertTrue(text("[data-test=dispatch][data-round='1']").contains("经核查，该零售店已整改。"));
    assertEquals(List.of("intake", "submit", "instruct", "dispatch", "receipt", "feedback"),
        timelineActions().stream().filter(a -> !a.startsWith("deliver")).toList());
  }

  @Test
  void aReportViewedByAnAgentWhoDoesNotOwnItShowsConfidentialAndNoNumber() throws Exception {
    long id = TelephonyApp.ok(send("POST", "/api/cases", TOKENS.get("lisi"), new JsonObject().put("kind", "report")
        .put("channel", "phone").put("subject", "举报某零售户售假").put("content", "举报内容")
        .put("contact", new JsonObject().put("name", "李举报").put("phones", new JsonArray().add(REPORTER_PHONE)))), 201)
        .getLong("id");
    assertTrue(caseAs("zuoxi", id).getBoolean("identityMasked"));
    signIn("zuoxi");
    open(id);
    assertEquals("保密", text("[data-test=field-contact] [data-test=masked]"));
    String page = browser.driver.findElement(By.cssSelector("[data-test=case-page]")).getText();
    assertFalse(page.contains("李举报") || page.contains(REPORTER_PHONE), page);
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=phone-number]")).isEmpty(), "no number to call");
    assertFalse(browser.driver.getPageSource().contains(REPORTER_PHONE));
    shot("case-report-masked");

    // Its owner sees the reporter (the page shows what the API gives, no more, no less).
    signIn("lisi");
    open(id);
    assertTrue(text("[data-test=field-contact]").contains("李举报"));
    browser.waitFor(By.cssSelector("[data-test=field-contact] [data-test=phone-number][data-number='" + REPORTER_PHONE + "']"));
  }

  // ---- helpers

  /**
   * Replays the queue call recorded from a real Asterisk, with fresh ids, and a VarSet of MIXMONITOR_FILENAME while it
   * is up (what the sample dialplan's MixMonitor sets; the recordings have none, so this one event is written here);
   * answers its Linkedid once the log has it ended.
   */
  static String recordedCall() throws Exception {
    hotline.telephony.AmiTranscript call = hotline.telephony.AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    List<List<Map.Entry<String, String>>> events = call.events();
    int connect = 0;
    while (!"AgentConnect".equals(hotline.telephony.AmiTranscript.value(events.get(connect), "Event"))) {
      connect++;
    }
    List<Map.Entry<String, String>> at = events.get(connect);
    String linkedid = hotline.telephony.AmiTranscript.value(at, "Linkedid");
    int upTo = connect;
    int[] i = {0};
    hotline.testing.Waiting.await(peer.replay(call, e -> i[0]++ <= upTo));
    hotline.testing.Waiting.await(peer.emit("Event: VarSet\nPrivilege: dialplan,all\nChannel: "
        + hotline.telephony.AmiTranscript.value(at, "Channel") + "\nUniqueid: " + hotline.telephony.AmiTranscript.value(at, "Uniqueid")
        + "\nLinkedid: " + linkedid + "\nVariable: MIXMONITOR_FILENAME\nValue: /var/spool/asterisk/monitor/hotline-" + linkedid + ".wav\n"));
    int[] j = {0};
    hotline.testing.Waiting.await(peer.replay(call, e -> j[0]++ > upTo));
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      boolean ended = TelephonyApp.ok(send("GET", "/api/calls", TOKENS.get("zuoxi"), null), 200).getJsonArray("items").stream()
          .map(JsonObject.class::cast).anyMatch(k -> linkedid.equals(k.getString("linkedid")) && k.getString("endedAt") != null
              && k.getString("recordingUrl") != null);
      if (ended) {
        return linkedid;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the recorded call " + linkedid + " did not end in the log with its recording");
  }

  static void user(String name, String displayName, String role, Long unit) throws Exception {
    String password = "Case-" + UUID.randomUUID();
    running.user(admin, name, password, displayName, role, unit);
    PASSWORDS.put(name, password);
    TOKENS.put(name, running.login(name, password));
  }

  static void signIn(String name) {
    if (signedIn != null) {
      browser.signOut();
    }
    browser.signIn(name, PASSWORDS.get(name));
    signedIn = name;
  }

  static void open(long id) {
    // The same address again is only a move within the page: loaded afresh then.
    if (browser.driver.getCurrentUrl().endsWith("/#/cases/" + id)) {
      browser.driver.navigate().refresh();
    } else {
      browser.get("/#/cases/" + id);
    }
    browser.waitFor(By.cssSelector("[data-test=case-page][data-case='" + id + "']"));
  }

  static JsonObject caseAs(String name, long id) throws Exception {
    return TelephonyApp.ok(send("GET", "/api/cases/" + id, TOKENS.get(name), null), 200);
  }

  /** The page's action buttons are exactly what the API lists for this user, in its order. */
  static void assertButtonsAreTheAllowedActions(long id, String name) throws Exception {
    List<String> allowed = caseAs(name, id).getJsonArray("allowedActions").stream().map(String::valueOf).toList();
    assertFalse(allowed.isEmpty(), name + " has something to do");
    List<String> buttons = browser.driver.findElements(By.cssSelector("[data-test=actions] button")).stream()
        .map(b -> b.getAttribute("data-action")).toList();
    assertEquals(allowed, buttons, name);
  }

  static void act(String action, Map<String, String> fields) {
    click("[data-test=action-" + action + "]");
    fields.forEach((k, v) -> type("[data-test=form-" + action + "] [data-test=field-" + k + "]", v));
    click("[data-test=action-send]");
  }

  static void waitForStatus(String status) {
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(
        By.cssSelector("[data-test=case-page]"), "data-status", status));
  }

  static List<String> timelineActions() {
    return browser.driver.findElements(By.cssSelector("[data-test=timeline-entry]")).stream()
        .map(e -> e.getAttribute("data-action")).toList();
  }

  /** The frame's document is a PDF the browser shows (not a download, not an error page). */
  static void assertFrameIsPdf(By frame) {
    WebElement f = browser.waitFor(frame);
    browser.driver.switchTo().frame(f);
    try {
      new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(dr ->
          "application/pdf".equals(browser.script("return document.contentType")));
    } finally {
      browser.driver.switchTo().defaultContent();
    }
  }

  static String text(String css) {
    return browser.waitFor(By.cssSelector(css)).getText();
  }

  static void click(String css) {
    browser.waitFor(By.cssSelector(css)).click();
  }

  static void type(String css, String value) {
    WebElement e = browser.waitFor(By.cssSelector(css));
    e.clear();
    e.sendKeys(value);
  }

  /** The whole page, not only the window: the window grows to the page's height for the shot. */
  static void shot(String name) throws Exception {
    long height = (Long) browser.script("return Math.ceil(document.documentElement.scrollHeight)");
    org.openqa.selenium.Dimension size = browser.driver.manage().window().getSize();
    browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) Math.min(height + 150, 5000)));
    Thread.sleep(400);
    try {
      browser.shot(name);
    } finally {
      browser.driver.manage().window().setSize(size);
    }
  }

  static HttpResponse<String> send(String method, String path, String token, JsonObject body) throws Exception {
    return running.send(method, path, token, body);
  }

  /** A small real PDF, one A4 page with a line of text. */
  static byte[] pdf(String line) throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
        s.beginText();
        s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 18);
        s.newLineAtOffset(72, 700);
        s.showText(line);
        s.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }
}

package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.telephony.AmiTranscript;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Intake in a real Chromium against the whole process (embedded PostgreSQL, the fake AMI peer replaying the recorded
 * queue call): the pop of a ringing call opens the record form prefilled with the caller's number and the customer
 * chosen on the pop; the agent types a complaint, reloads the page in the middle (nothing is lost), switches the kind
 * and back, meets a refusal only the server can make at its field, submits for instruction and sees the case in My
 * cases, whose deadline appears without a reload once the case is instructed and dispatched; the case is linked to
 * the call. An inquiry filed from a call that has ended is answered on the spot and closed, and linked to that call;
 * a report marks its reporter confidential. A caller's markup is text everywhere.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntakeBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static final String MARKUP = "<img src=x onerror=alert(1)>";
  static final String CALLER = "13800138000";

  static TelephonyApp running;
  static Browser browser;
  static String admin;
  static String agentPassword = "Desk-" + UUID.randomUUID();
  static String agent;
  static String leader;
  static String supervisor;
  static long unitId;
  static long wangWu;
  static long zhaoLiu;
  static long openCaseId;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD);
    admin = running.login("admin", ADMIN_PASSWORD);
    running.phone(admin, running.agent(admin, "shouli", agentPassword, "张受理"), "Local/agent1@agents", "8001");
    agent = running.login("shouli", agentPassword);
    String leaderPassword = "Lead-" + UUID.randomUUID();
    running.user(admin, "lingdao", leaderPassword, "刘领导", "leader", null);
    leader = running.login("lingdao", leaderPassword);
    String supervisorPassword = "Sup-" + UUID.randomUUID();
    running.user(admin, "dubang", supervisorPassword, "陈督办", "supervisor", null);
    supervisor = running.login("dubang", supervisorPassword);
    unitId = created(send("POST", "/api/units", admin, new JsonObject().put("name", "宝安区烟草专卖局").put("kind", "county_bureau")
        .put("contacts", new JsonArray().add(new JsonObject().put("name", "宝安负责人").put("email", "baoan@units.example.cn")
            .put("firstResponsible", true))))).getLong("id");
    created(send("POST", "/api/units", admin, new JsonObject().put("name", "南山区烟草专卖局").put("kind", "county_bureau")
        .put("contacts", new JsonArray().add(new JsonObject().put("name", "南山负责人").put("email", "ns@units.example.cn")
            .put("firstResponsible", true)))));
    // Two customers share the caller's number: the pop asks which one is calling.
    wangWu = created(send("POST", "/api/customers", agent, new JsonObject().put("name", "王五").put("partyType", "consumer")
        .put("phones", new JsonArray().add(CALLER)))).getLong("id");
    zhaoLiu = created(send("POST", "/api/customers", agent, new JsonObject().put("name", "赵六").put("partyType", "retailer")
        .put("licenceNo", "440306100001").put("phones", new JsonArray().add("138-0013-8000")))).getLong("id");
    // An open case of one of them, whose subject a caller wrote markup into.
    openCaseId = created(send("POST", "/api/cases", agent, new JsonObject().put("kind", "complaint").put("channel", "phone")
        .put("subject", MARKUP).put("content", "上次的投诉").put("customerId", zhaoLiu)
        .put("contact", new JsonObject().put("name", "赵六").put("phones", new JsonArray().add(CALLER))))).getLong("id");
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  @Test
  @Order(1)
  void anAgentFilesAComplaintFromTheScreenPopAndSeesItsDeadlineArrive() throws Exception {
    browser.signIn("shouli", agentPassword);
    waitFor(By.cssSelector("[data-test=my-cases], [data-test=no-cases]"));

    // The call rings and is answered: the pop, with the two customers of the number to choose from.
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    int connect = indexOf(call, "AgentConnect");
    int[] i = {0};
    await(running.peer.replay(call, e -> i[0]++ <= connect));
    WebElement pop = waitFor(By.cssSelector("[data-test=screenpop]"), 15);
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.attributeContains(
        By.cssSelector("[data-test=screenpop]"), "class", "answered"));
    waitFor(By.cssSelector("[data-test=pop-customers]"));
    WebElement openCase = pop.findElement(By.cssSelector("[data-test=pop-case-link]"));
    assertTrue(openCase.getText().contains(MARKUP), "the open case's subject as text: " + openCase.getText());
    assertTrue(openCase.getAttribute("href").endsWith("#/cases/" + openCaseId), openCase.getAttribute("href"));
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=screenpop] img")).isEmpty());
    browser.driver.findElement(By.cssSelector("[data-test=pop-customer-" + zhaoLiu + "]")).click();
    shot("desk-pop-actions");

    // New case: the form, prefilled with the number, the chosen customer, channel phone, linked to the call.
    browser.driver.findElement(By.cssSelector("[data-test=pop-new-case]")).click();
    waitFor(By.cssSelector("[data-test=record-form]"));
    String url = browser.driver.getCurrentUrl();
    assertTrue(url.contains("customer=" + zhaoLiu) && url.contains("call=") && url.contains("number="), url);
    waitForValue("contact.name", "赵六");
    assertEquals(CALLER, field("contact.phones[0]").getAttribute("value"));
    assertEquals("phone", new Select(field("channel")).getFirstSelectedOption().getAttribute("value"));
    assertEquals("retailer", new Select(field("partyType")).getFirstSelectedOption().getAttribute("value"));
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=customer-" + zhaoLiu + "]")).isSelected());
    assertTrue(text("[data-test=call-link]").contains(CALLER));
    assertEquals("客户投诉受理监督记录表", text("[data-test=form-title]"));

    // The agent types the complaint; in the middle of it the page is reloaded.
    field("subject").sendKeys(MARKUP);
    field("content").sendKeys("在宝安区某便利店购买的中华香烟疑似假烟，");
    field("unit-filter", true).sendKeys("宝安");
    new Select(field("respondent.unitId")).selectByVisibleText("宝安区烟草专卖局");
    field("respondent.person").sendKeys("店主");
    // The subject category (主题分类), from the configured list.
    new Select(field("category")).selectByVisibleText("假冒卷烟");
    // A photo of the receipt, chosen with the file button: kept in IndexedDB with the draft.
    java.nio.file.Path receipt = java.nio.file.Files.createTempFile("receipt", ".txt");
    java.nio.file.Files.writeString(receipt, "小票：中华（硬）一条 450 元");
    field("files").sendKeys(receipt.toAbsolutePath().toString());
    waitForText("[data-test=files]", receipt.getFileName().toString());
    browser.driver.navigate().refresh();
    waitFor(By.cssSelector("[data-test=record-form]"));
    waitForValue("subject", MARKUP);
    assertEquals("在宝安区某便利店购买的中华香烟疑似假烟，", field("content").getAttribute("value"));
    assertEquals("赵六", field("contact.name").getAttribute("value"));
    assertEquals(String.valueOf(unitId), new Select(field("respondent.unitId")).getFirstSelectedOption().getAttribute("value"));
    assertEquals("店主", field("respondent.person").getAttribute("value"));
    assertEquals("counterfeit", new Select(field("category")).getFirstSelectedOption().getAttribute("value"));
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=customer-" + zhaoLiu + "]")).isSelected());
    assertTrue(text("[data-test=call-link]").contains(CALLER), "still linked to the call after the reload");
    waitForText("[data-test=files]", receipt.getFileName().toString());
    field("content").sendKeys("要求查处。");

    // The kind switched to inquiry and back: what the kinds share stays, and so does the respondent.
    browser.driver.findElement(By.cssSelector("[data-test=kind-inquiry]")).click();
    waitForText("[data-test=form-title]", "客户咨询受理监督记录表");
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=respondent]")).isEmpty(), "an inquiry names no respondent");
    assertEquals("当日办结", text("[data-test=kind-deadline]"));
    browser.driver.findElement(By.cssSelector("[data-test=kind-complaint]")).click();
    waitForText("[data-test=form-title]", "客户投诉受理监督记录表");
    assertEquals(MARKUP, field("subject").getAttribute("value"));
    assertEquals("在宝安区某便利店购买的中华香烟疑似假烟，要求查处。", field("content").getAttribute("value"));
    assertEquals("店主", field("respondent.person").getAttribute("value"));
    assertEquals("2 个工作日", text("[data-test=kind-deadline]"));

    // The browser's own check: a content emptied is refused before anything is sent.
    long before = myCases();
    String content = field("content").getAttribute("value");
    clear(field("content"));
    browser.driver.findElement(By.cssSelector("[data-test=end-submit]")).click();
    assertEquals("请填写此项。", waitFor(By.cssSelector("[data-test='err-content']")).getText());
    field("content").sendKeys(content);

    // A second phone that is no number: only the server can tell; its message shows at that phone.
    browser.driver.findElement(By.cssSelector("[data-test=add-phone]")).click();
    field("contact.phones[1]").sendKeys("无号码");
    browser.driver.findElement(By.cssSelector("[data-test=end-submit]")).click();
    WebElement phoneError = waitFor(By.cssSelector("[data-test='err-contact.phones[1]']"));
    assertEquals("“无号码”不是有效的电话号码，请填写数字（分机号写在“转”之后）。", phoneError.getText());
    assertEquals("请修改标出的内容后再提交。", text("[data-test=form-error]"));
    assertEquals(before, myCases(), "nothing filed");
    tall();
    shot("intake-field-error");
    clear(field("contact.phones[1]"));
    field("contact.phones[1]").sendKeys("0755-83001234");
    // Corrected: the message at that phone goes, and so does the form's.
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test='err-contact.phones[1]']")).isEmpty());
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=form-error]")).isEmpty());
    shot("intake-complaint");
    normal();

    // Submitted for instruction: the case number, linking to the case page; the form starts again.
    browser.driver.findElement(By.cssSelector("[data-test=end-submit]")).click();
    WebElement link = waitFor(By.cssSelector("[data-test=filed-link]"), 15);
    String number = link.getText();
    long caseId = Long.parseLong(link.getAttribute("href").replaceAll(".*#/cases/", ""));
    assertTrue(text("[data-test=filed]").contains("已受理并提交领导批示"), text("[data-test=filed]"));
    assertEquals("", field("content").getAttribute("value"), "a new form");
    assertEquals(before + 1, myCases());
    JsonObject filed = ok(send("GET", "/api/cases/" + caseId, agent, null));
    assertEquals("awaiting_instruction", filed.getString("status"));
    assertEquals(MARKUP, filed.getString("subject"));
    assertEquals(zhaoLiu, filed.getLong("customerId"));
    assertEquals(List.of(CALLER, "0755-83001234"), filed.getJsonObject("contact").getJsonArray("phones").getList());
    assertEquals(unitId, filed.getJsonObject("respondent").getLong("unitId"));
    assertEquals("phone", filed.getString("channel"));
    assertEquals("retailer", filed.getString("partyType"));
    assertEquals("counterfeit", filed.getString("category"));
    JsonArray files = filed.getJsonArray("attachments");
    assertEquals(1, files.size(), files.encode());
    assertEquals(receipt.getFileName().toString(), files.getJsonObject(0).getString("name"));
    assertEquals(java.nio.file.Files.size(receipt), files.getJsonObject(0).getLong("size"));
    // The draft is gone from the browser: a reload shows the fresh form, not the complaint.
    browser.driver.navigate().refresh();
    waitFor(By.cssSelector("[data-test=record-form]"));
    assertEquals("", field("subject").getAttribute("value"));
    assertEquals("填写内容将自动保存在本机", text("[data-test=draft-state]"));

    // The call is linked to the case.
    JsonArray calls = ok(send("GET", "/api/cases/" + caseId + "/calls", agent, null)).getJsonArray("items");
    assertEquals(1, calls.size(), calls.encode());
    assertTrue(calls.getJsonObject(0).getString("callerNumber").replaceAll("\\D", "").endsWith(CALLER));

    // In My cases, with markup as text, before dispatch without a deadline.
    browser.driver.findElement(By.cssSelector("[data-test=menu-desk]")).click();
    WebElement row = waitFor(By.cssSelector("tr[data-number='" + number + "']"));
    // The call's card is still on the desk after the form and its reload, with what ringing said of the caller.
    WebElement back = waitFor(By.cssSelector("[data-test=screenpop]"));
    assertTrue(back.getAttribute("class").contains("answered"), back.getAttribute("class"));
    assertTrue(back.findElement(By.cssSelector("[data-test=pop-customers]")).getText().contains("赵六"));
    assertTrue(row.getText().contains(MARKUP), row.getText());
    assertTrue(browser.driver.findElements(By.cssSelector("main img")).isEmpty(), "markup is never an element");
    assertEquals("未派发", row.findElement(By.cssSelector("[data-test=deadline]")).getText());
    // The leader instructs and the supervision office dispatches: the deadline arrives without a reload.
    browser.script("window.__notReloaded = true;");
    ok(send("POST", "/api/cases/" + caseId + "/instruct", leader, new JsonObject().put("instruction", "请宝安区局核实查处")));
    JsonObject dispatched = ok(send("POST", "/api/cases/" + caseId + "/dispatch", supervisor,
        new JsonObject().put("unitId", unitId).put("method", "email")));
    String dueAt = dispatched.getJsonObject("currentDispatch").getString("dueAt");
    By deadline = By.cssSelector("tr[data-number='" + number + "'] [data-test=deadline]");
    new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> !d.findElement(deadline).getText().equals("未派发"));
    String shown = browser.driver.findElement(deadline).getText();
    // dueAt is e.g. 2026-12-03T17:30+08:00: the badge shows 12-03 17:30, the centre's time wherever the browser is.
    java.time.OffsetDateTime due = java.time.OffsetDateTime.parse(dueAt);
    String expected = due.getMonthValue() + "-" + String.format("%02d %02d:%02d", due.getDayOfMonth(), due.getHour(), due.getMinute());
    assertTrue(shown.startsWith(expected) && shown.contains("个工作日"), "deadline " + shown + ", due " + dueAt);
    assertEquals(Boolean.TRUE, browser.script("return window.__notReloaded === true;"), "no reload");
    shot("intake-desk-deadline");
    // The case page names the category.
    browser.get("/#/cases/" + caseId);
    waitForText("[data-test=field-category]", "假冒卷烟");
    shot("case-category");
    browser.driver.findElement(By.cssSelector("[data-test=menu-desk]")).click();
    waitFor(By.cssSelector("tr[data-number='" + number + "']"));

    // The call hangs up: its card stays for wrap-up.
    int[] j = {0};
    await(running.peer.replay(call, e -> j[0]++ > connect));
    new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.attributeContains(
        By.cssSelector("[data-test=screenpop]"), "class", "ended"));
  }

  @Test
  @Order(2)
  void anInquiryFromACallThatHasEndedIsAnsweredOnTheSpotClosedAndLinkedToIt() throws Exception {
    browser.driver.findElement(By.cssSelector("[data-test=menu-desk]")).click();
    waitFor(By.cssSelector("[data-test=my-cases], [data-test=no-cases]"));
    // A second call, rung and hung up at once: the agent files in wrap-up, when the server links nothing by itself.
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    String linkedid = call.events().stream().map(e -> AmiTranscript.value(e, "Linkedid")).filter(v -> v != null)
        .findFirst().orElseThrow();
    await(running.peer.replay(call));
    By card = By.cssSelector("[data-test=screenpop][data-linkedid='" + linkedid + "']");
    new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.attributeContains(card, "class", "ended"));
    browser.driver.findElement(card).findElement(By.cssSelector("[data-test=pop-customer-" + wangWu + "]")).click();
    browser.driver.findElement(card).findElement(By.cssSelector("[data-test=pop-new-case]")).click();
    waitFor(By.cssSelector("[data-test=record-form]"));
    waitForValue("contact.name", "王五");
    browser.driver.findElement(By.cssSelector("[data-test=kind-inquiry]")).click();
    waitForText("[data-test=form-title]", "客户咨询受理监督记录表");
    field("subject").sendKeys("零售许可证办理");
    field("content").sendKeys("请问办理烟草专卖零售许可证需要哪些材料？");
    // Answering on the spot needs the answer: the browser says so first.
    browser.driver.findElement(By.cssSelector("[data-test=end-answer]")).click();
    assertEquals("当场答复需填写答复内容。", waitFor(By.cssSelector("[data-test='err-answer']")).getText());
    field("answer").sendKeys("需身份证明、经营场所证明，可到区局政务窗口办理。");
    browser.driver.findElement(By.cssSelector("[data-test=end-answer]")).click();
    WebElement link = waitFor(By.cssSelector("[data-test=filed-link]"), 15);
    assertTrue(text("[data-test=filed]").contains("已当场答复并办结"), text("[data-test=filed]"));
    long caseId = Long.parseLong(link.getAttribute("href").replaceAll(".*#/cases/", ""));
    JsonObject inquiry = ok(send("GET", "/api/cases/" + caseId, agent, null));
    assertEquals("closed", inquiry.getString("status"));
    assertEquals("inquiry", inquiry.getString("kind"));
    assertNull(inquiry.getValue("respondent"), "an inquiry sends no respondent");
    assertEquals(wangWu, inquiry.getLong("customerId"));
    JsonArray calls = ok(send("GET", "/api/cases/" + caseId + "/calls", agent, null)).getJsonArray("items");
    assertEquals(1, calls.size(), calls.encode());
    assertEquals(linkedid, calls.getJsonObject(0).getString("linkedid"));
  }

  @Test
  @Order(3)
  void aReportMarksItsReporterConfidentialAndAnAnonymousOneCarriesNoContact() throws Exception {
    browser.get("/#/intake?draft=report");
    waitFor(By.cssSelector("[data-test=record-form]"));
    browser.driver.findElement(By.cssSelector("[data-test=kind-report]")).click();
    waitForText("[data-test=form-title]", "客户举报受理监督记录表");
    WebElement contact = waitFor(By.cssSelector("[data-test=contact]"));
    assertTrue(contact.getAttribute("class").contains("confidential"));
    assertEquals("保密", contact.findElement(By.cssSelector("[data-test=confidential]")).getText());
    assertTrue(contact.getText().contains("举报人"), contact.getText());
    field("contact.name").sendKeys("知情人");
    field("contact.phones[0]").sendKeys("13912345678");
    field("subject").sendKeys(MARKUP);
    field("content").sendKeys("某批发点长期销售无证卷烟。");
    new Select(field("respondent.unitId")).selectByVisibleText("南山区烟草专卖局");
    tall();
    shot("intake-report");
    // Every text of the form is a translated key, in Chinese and in English.
    assertFalse(text("main").matches("(?s).*\\b(intake|kind|channel|party)\\.[a-z].*"), text("main"));
    browser.driver.findElement(By.cssSelector("[data-test=lang]")).click();
    waitForText("[data-test=form-title]", "Customer report record form");
    assertEquals("Confidential", text("[data-test=confidential]"));
    assertFalse(text("main").matches("(?s).*\\b(intake|kind|channel|party)\\.[a-z].*"), text("main"));
    shot("intake-report-en");
    browser.driver.findElement(By.cssSelector("[data-test=lang]")).click();
    waitForText("[data-test=form-title]", "客户举报受理监督记录表");
    normal();
    // The draft list elsewhere shows this draft's subject as text.
    browser.get("/#/intake?draft=other");
    WebElement others = waitFor(By.cssSelector("[data-test=other-drafts]"));
    assertTrue(others.getText().contains(MARKUP), others.getText());
    assertTrue(browser.driver.findElements(By.cssSelector("main img")).isEmpty());
    others.findElement(By.tagName("a")).click();
    waitForValue("contact.name", "知情人");

    // Anonymous: the reporter's fields are emptied and closed, and the report is filed without them.
    field("anonymous").click();
    assertEquals("", field("contact.name").getAttribute("value"));
    assertFalse(field("contact.name").isEnabled());
    assertEquals("", field("contact.phones[0]").getAttribute("value"));
    // The answer to the filing is lost on the way back (the case is filed, the browser hears nothing): the agent
    // sends again, and the draft's key makes it the same case, not a second one.
    long before = myCases();
    browser.script("const real = window.fetch; let once = true;"
        + "window.fetch = async (url, init) => { const r = await real(url, init);"
        + " if (once && url === '/api/cases' && init && init.method === 'POST') { once = false; throw new TypeError('Failed to fetch'); }"
        + " return r; };");
    browser.driver.findElement(By.cssSelector("[data-test=end-submit]")).click();
    assertEquals("无法连接服务器。草稿仍保存在本机，请稍后重试（不会重复受理）。", waitFor(By.cssSelector("[data-test=form-error]")).getText());
    assertEquals(before + 1, myCases(), "the server filed it");
    browser.driver.findElement(By.cssSelector("[data-test=end-submit]")).click();
    WebElement link = waitFor(By.cssSelector("[data-test=filed-link]"), 15);
    assertEquals(before + 1, myCases(), "and only once");
    long caseId = Long.parseLong(link.getAttribute("href").replaceAll(".*#/cases/", ""));
    JsonObject report = ok(send("GET", "/api/cases/" + caseId, agent, null));
    assertTrue(report.getBoolean("anonymous"));
    assertEquals("awaiting_instruction", report.getString("status"));
    JsonObject c = report.getJsonObject("contact");
    assertTrue(c == null || (c.getString("name") == null && c.getJsonArray("phones").isEmpty()), report.encode());
  }

  // ---- helpers

  static int indexOf(AmiTranscript call, String event) {
    List<List<Map.Entry<String, String>>> events = call.events();
    for (int k = 0; k < events.size(); k++) {
      if (event.equals(AmiTranscript.value(events.get(k), "Event"))) {
        return k;
      }
    }
    throw new AssertionError("no " + event);
  }

  static long myCases() throws Exception {
    return ok(send("GET", "/api/cases?mine=true", agent, null)).getLong("total");
  }

  static WebElement field(String path) {
    return field(path, false);
  }

  static WebElement field(String path, boolean plain) {
    return browser.driver.findElement(By.cssSelector("[data-test='" + (plain ? path : "f-" + path) + "']"));
  }

  static void clear(WebElement input) {
    // Selenium's clear() fires no input event; select all and delete as a person would.
    input.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), org.openqa.selenium.Keys.DELETE);
  }

  static void waitForValue(String path, String value) {
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> value.equals(field(path).getAttribute("value")));
  }

  static void waitForText(String css, String value) {
    browser.waitForText(By.cssSelector(css), value);
  }

  static String text(String css) {
    return browser.driver.findElement(By.cssSelector(css)).getText();
  }

  static WebElement waitFor(By by) {
    return browser.waitFor(by);
  }

  static WebElement waitFor(By by, int seconds) {
    return browser.waitFor(by, Duration.ofSeconds(seconds));
  }

  /** A window tall enough for the whole form in one screenshot. */
  static void tall() {
    browser.driver.manage().window().setSize(new Dimension(1366, 1800));
  }

  static void normal() {
    browser.driver.manage().window().setSize(new Dimension(1366, 900));
  }

  static void shot(String name) throws Exception {
    browser.shot(name);
  }


  static HttpResponse<String> send(String method, String path, String token, JsonObject body) throws Exception {
    return running.send(method, path, token, body);
  }

  static JsonObject ok(HttpResponse<String> r) {
    return TelephonyApp.ok(r, 200);
  }

  static JsonObject created(HttpResponse<String> r) {
    return TelephonyApp.ok(r, 201);
  }
}

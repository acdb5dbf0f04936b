package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.testing.PgTestSupport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
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

/**
 * Quarterly accountability in a real Chromium on the whole process: the supervision office records a finding on a case
 * (it is on the timeline); the case's dispatch is then moved into the third quarter of 2026 (handled two working days
 * late), and the leader opens that quarter, sees the unit's deductions with the case behind them, and closes it; the
 * unit's responder sees their own unit's score only.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AccountabilityBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static final String PASSWORD = "Acc-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static Pool db;
  static String agent;
  static String leader;
  static String supervisor;
  static String responder;
  static long baoan;
  static long nanshan;
  static JsonObject late;
  static JsonObject clean;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    PgConnectOptions database = PgTestSupport.freshDatabase();
    String url = "postgresql://" + database.getUser() + ":" + database.getPassword() + "@" + database.getHost() + ":"
        + database.getPort() + "/" + database.getDatabase();
    running = TelephonyApp.start(ADMIN_PASSWORD, Map.of("database.url", url));
    db = PgBuilder.pool().using(running.vertx).connectingTo(database).build();
    String admin = running.login("admin", ADMIN_PASSWORD);
    baoan = unit(admin, "宝安区烟草专卖局", "chen@baoan.example.cn");
    nanshan = unit(admin, "南山区烟草专卖局", "li@nanshan.example.cn");
    running.agent(admin, "shouli", PASSWORD, "张受理");
    running.user(admin, "lingdao", PASSWORD, "刘领导", "leader", null);
    running.user(admin, "duban", PASSWORD, "王督办", "supervisor", null);
    running.user(admin, "baoan", PASSWORD, "宝安联络员", "unit_responder", baoan);
    agent = running.login("shouli", PASSWORD);
    leader = running.login("lingdao", PASSWORD);
    supervisor = running.login("duban", PASSWORD);
    responder = running.login("baoan", PASSWORD);
    late = dispatched(baoan, "宝安某店销售假烟（逾期办结）");
    clean = dispatched(nanshan, "南山某店无证经营");
    for (JsonObject c : List.of(late, clean)) {
      TelephonyApp.ok(running.send("POST", "/api/cases/" + c.getLong("id") + "/feedback", supervisor,
          new JsonObject().put("result", "已现场检查并依法处理")), 200);
    }
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) {
      await(db.close());
    }
    TelephonyApp.stop(browser, running);
  }

  static long unit(String admin, String name, String email) throws Exception {
    return TelephonyApp.ok(running.send("POST", "/api/units", admin, new JsonObject().put("name", name).put("kind", "county_bureau")
        .put("contacts", new JsonArray().add(new JsonObject().put("name", name + "负责人").put("email", email)
            .put("firstResponsible", true)))), 201).getLong("id");
  }

  static JsonObject dispatched(long unitId, String subject) throws Exception {
    JsonObject c = TelephonyApp.ok(running.send("POST", "/api/cases", agent, new JsonObject().put("kind", "complaint")
        .put("channel", "phone").put("subject", subject).put("content", "零售店销售疑似假冒卷烟，要求查处。")
        .put("contact", new JsonObject().put("name", "张三").put("phones", new JsonArray().add("13800138000")))), 201);
    long id = c.getLong("id");
    TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/submit", agent, new JsonObject()), 200);
    TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/instruct", leader, new JsonObject().put("instruction", "请核实处理")), 200);
    TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/dispatch", agent, new JsonObject().put("unitId", unitId)
        .put("method", "email")), 200);
    return c;
  }

  /** Moves a case's dispatch into the week of Monday 7 September 2026 (Shanghai): sent, deadline, receipt, feedback. */
  static void intoSeptember(long caseId, String received, String feedback) throws Exception {
    await(db.preparedQuery("UPDATE dispatches SET dispatched_at = '2026-09-07T10:00:00+08', due_at = '2026-09-09T17:30:00+08', "
        + "received_at = $2, feedback_at = $3 WHERE case_id = $1")
        .execute(Tuple.of(caseId, java.time.OffsetDateTime.parse(received), java.time.OffsetDateTime.parse(feedback))));
  }

  @Test
  void aFindingOnTheTimelineTheLeadersQuarterWithItsCasesClosedAndTheUnitsOwnScore() throws Exception {
    long lateId = late.getLong("id");
    String number = late.getString("number");

    // The supervision office records a finding on the case page: it is on the timeline at once.
    browser.signIn("duban", PASSWORD);
    browser.get("/#/cases/" + lateId);
    browser.waitFor(By.cssSelector("[data-test=dispatch-finding]")).click();
    WebElement form = browser.waitFor(By.cssSelector("[data-test=finding-form]"));
    assertTrue(form.getText().contains("宝安区烟草专卖局"), form.getText());
    new Select(form.findElement(By.cssSelector("[data-test=field-finding-kind]"))).selectByValue("improper_handling");
    form.findElement(By.cssSelector("[data-test=field-finding-note]")).sendKeys("未核实现场即答复，处理不当");
    browser.shot("accountability-finding-form");
    form.findElement(By.cssSelector("[data-test=finding-submit]")).click();
    browser.waitForText(By.cssSelector("[data-test=finding-done]"), "处理不当");
    WebElement entry = browser.waitFor(By.cssSelector("[data-test=timeline-entry][data-action=finding]"));
    assertTrue(entry.getText().contains("问题认定") && entry.getText().contains("处理不当")
        && entry.getText().contains("未核实现场即答复") && entry.getText().contains("王督办"), entry.getText());
    browser.script("arguments[0].scrollIntoView()", entry);
    browser.shot("accountability-finding-timeline");
    browser.signOut();

    // Both dispatches into September: the Baoan one handled Friday 11th, two working days after its deadline (Wed 9th).
    intoSeptember(lateId, "2026-09-08T09:00:00+08:00", "2026-09-11T10:00:00+08:00");
    intoSeptember(clean.getLong("id"), "2026-09-07T15:00:00+08:00", "2026-09-08T10:00:00+08:00");

    // The leader opens the quarter last ended (2026 Q3): Baoan 100 − 2 (overdue, 2 days) − 2 (improper handling) = 96.
    browser.signIn("lingdao", PASSWORD);
    By baoanRow = By.cssSelector("[data-test=acc-unit][data-unit-id='" + baoan + "']");
    Browser.PageLoad load = browser.load("/#/accountability?quarter=2026-Q3", baoanRow);
    System.out.println("accountability page: " + load);
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=acc-status]")).getText().contains("草稿"));
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=acc-model]")).getText().contains("基础分 100 分"));
    WebElement row = browser.driver.findElement(baoanRow);
    assertEquals("96", row.findElement(By.cssSelector("[data-test=acc-score]")).getText());
    assertEquals("2", row.findElement(By.cssSelector("td")).getText(), "ranked after Nanshan's 100");
    assertEquals("100", browser.driver.findElement(By.cssSelector("[data-test=acc-unit][data-unit-id='" + nanshan + "'] "
        + "[data-test=acc-score]")).getText());
    row.findElement(By.cssSelector("[data-test=acc-open-unit]")).click();
    WebElement detail = browser.waitFor(By.cssSelector("[data-test=acc-unit-detail][data-unit-id='" + baoan + "']"));
    WebElement overdue = detail.findElement(By.cssSelector("[data-test=acc-detail-item][data-item=overdue]"));
    WebElement listed = overdue.findElement(By.cssSelector("[data-test=acc-case][data-number='" + number + "']"));
    assertTrue(listed.getText().contains("逾期 2 个工作日") && listed.getText().contains("−2"), listed.getText());
    assertEquals("#/cases/" + lateId, listed.findElement(By.cssSelector("[data-test=acc-case-link]")).getAttribute("href")
        .replaceFirst("^.*(#/cases/)", "#/cases/"));
    assertTrue(detail.findElement(By.cssSelector("[data-test=acc-detail-item][data-item=finding_improper_handling]")).getText()
        .contains(number));
    String page = String.valueOf(browser.script("return document.body.innerText"));
    assertFalse(page.contains("张三") || page.contains("13800138000"), "no caller on the page");
    browser.shot("accountability-leader");
    browser.script("arguments[0].scrollIntoView()", detail);
    browser.shot("accountability-leader-cases");

    // Closed after a confirmation: version 1, published.
    browser.driver.findElement(By.cssSelector("[data-test=acc-close]")).click();
    WebElement confirm = browser.waitFor(By.cssSelector("[data-test=acc-close-form]"));
    assertTrue(confirm.getText().contains("冻结"), confirm.getText());
    browser.shot("accountability-close-confirm");
    confirm.findElement(By.cssSelector("[data-test=acc-confirm]")).click();
    browser.waitForText(By.cssSelector("[data-test=acc-status]"), "已关账 · 第 1 版");
    browser.waitFor(By.cssSelector("[data-test=acc-unit-detail][data-unit-id='" + baoan + "']"));
    browser.shot("accountability-closed");
    JsonObject audited = TelephonyApp.ok(running.send("GET", "/api/audit?action=accountability.close", supervisor, null), 200);
    assertEquals(1, audited.getJsonArray("items").size(), audited.encode());
    browser.signOut();

    // The unit's responder: their own unit's score only, with its cases; another unit's is refused by the API.
    browser.signIn("baoan", PASSWORD);
    browser.get("/#/accountability?quarter=2026-Q3");
    WebElement own = browser.waitFor(By.cssSelector("[data-test=acc-unit-detail][data-unit-id='" + baoan + "']"));
    assertTrue(own.getText().contains("96 分"), own.getText());
    assertEquals(1, browser.driver.findElements(By.cssSelector("[data-test=acc-unit]")).size());
    String theirs = String.valueOf(browser.script("return document.body.innerText"));
    assertFalse(theirs.contains("南山"), theirs);
    assertEquals(403, running.send("GET", "/api/accountability/quarters/2026-Q3/units/" + nanshan, responder, null).statusCode());
    assertEquals(403, running.send("POST", "/api/accountability/quarters/2026-Q3/recompute", responder,
        new JsonObject().put("reason", "x")).statusCode());
    browser.shot("accountability-unit");
    browser.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      browser.driver.navigate().refresh();
      WebElement mine = browser.waitFor(By.cssSelector("[data-test=acc-unit-detail]"));
      browser.shot("accountability-unit-phone");
      browser.script("arguments[0].scrollIntoView()", mine);
      browser.shot("accountability-unit-phone-cases");
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
    }
  }
}

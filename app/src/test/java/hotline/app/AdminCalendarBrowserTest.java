package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin's calendar and gateways pages in a real Chromium: the year 2026 as month grids with National Day in red and
 * its make-up Saturday marked 班; next year provisional until its file is uploaded; a bad file refused naming the line
 * (nothing changes), a good one in force at once (the warning goes, the grid shows it). The gateways page shows the
 * states from /health and retries a dispatch mail the outbox gave up (SMTP points at a closed port, one attempt).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AdminCalendarBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static String admin;
  static Path files;

  static final String GOOD_2027 = """
      # 国务院办公厅关于2027年部分节假日安排的通知
      year: 2027
      source: 国务院办公厅关于2027年部分节假日安排的通知
      holidays:
        - name: 元旦
          nameEn: New Year's Day
          from: 2027-01-01
          to: 2027-01-03
        - name: 春节
          nameEn: Spring Festival
          from: 2027-02-05
          to: 2027-02-13
        - name: 国庆节
          nameEn: National Day
          from: 2027-10-01
          to: 2027-10-07
      makeUpWorkdays:
        - date: 2027-01-31
          name: 春节调休上班
          nameEn: Spring Festival make-up working day
        - date: 2027-02-20
          name: 春节调休上班
          nameEn: Spring Festival make-up working day
        - date: 2027-10-09
          name: 国庆节调休上班
          nameEn: National Day make-up working day
      """;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    // Mail out to a port nothing listens on, one attempt: a dispatch mail is given up at once.
    running = TelephonyApp.start(ADMIN_PASSWORD, Map.of("mail.smtp-host", "127.0.0.1", "mail.smtp-port", String.valueOf(closed),
        "mail.security", "none", "mail.address", "hotline@centre.example.cn", "mail.max-attempts", "1",
        "mail.send-poll-seconds", "1", "mail.connect-timeout-seconds", "2"));
    admin = running.login("admin", ADMIN_PASSWORD);
    files = Files.createTempDirectory("hotline-calendars");
    browser = Browser.open(running.base());
    browser.signIn("admin", ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  static WebElement day(String date) {
    return browser.waitFor(By.cssSelector("[data-test=day][data-date='" + date + "']"));
  }

  static void upload(String fileName, String content) throws Exception {
    Path f = files.resolve(fileName);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    WebElement input = browser.driver.findElement(By.cssSelector("[data-test=upload-file]"));
    input.clear();
    input.sendKeys(f.toAbsolutePath().toString());
    browser.driver.findElement(By.cssSelector("[data-test=upload-submit]")).click();
  }

  @Test
  @Order(1)
  void theAdminSeesTheYearUploadsABadFileThenAGoodOne() throws Exception {
    browser.load("/#/admin/calendar?year=2026", By.cssSelector("[data-test=months][data-year='2026'] [data-date='2026-10-01']"));
    WebElement nationalDay = day("2026-10-01");
    assertTrue(nationalDay.getAttribute("class").contains("holiday"), nationalDay.getAttribute("class"));
    assertTrue(nationalDay.getAttribute("title").contains("国庆节"), nationalDay.getAttribute("title"));
    WebElement makeUp = day("2026-10-10");
    assertEquals("makeup", makeUp.getAttribute("data-kind"));
    assertTrue(makeUp.getText().contains("班"), makeUp.getText());
    assertTrue(makeUp.getAttribute("title").contains("国庆节调休上班"), makeUp.getAttribute("title"));
    assertTrue(day("2026-10-17").getAttribute("class").contains("weekend"), "a Saturday is shaded");
    assertEquals(12, browser.driver.findElements(By.cssSelector("[data-test=month]")).size());
    // Monday first: October 2026 starts on a Thursday, so three empty cells lead its first week.
    WebElement october = browser.driver.findElement(By.cssSelector("[data-test=month][data-month='10']"));
    assertEquals(3, october.findElements(By.cssSelector("tbody tr:first-child td.empty")).size());
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=provisional]")).isEmpty(), "2026 is official");
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=origin]")).getText().contains("国务院办公厅关于2026年部分节假日安排的通知"));
    browser.script("arguments[0].scrollIntoView({block: 'center'})", october);
    browser.shot("admin-calendar");

    // Next year: no arrangement yet, the warning says so and asks for the file.
    browser.driver.findElement(By.cssSelector("[data-test=year-next]")).click();
    browser.waitFor(By.cssSelector("[data-test=months][data-year='2027']"));
    browser.waitForText(By.cssSelector("[data-test=provisional]"), "2027 年的节假日安排尚未发布");
    // Its button leads to the upload form.
    browser.driver.findElement(By.cssSelector("[data-test=go-upload]")).click();
    new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(d -> d.switchTo().activeElement().getAttribute("data-test").equals("upload-file"));
    browser.script("window.scrollTo(0, 0)");
    assertEquals("working", day("2027-02-08").getAttribute("data-kind"), "weekdays only while provisional");
    assertEquals("2027", new Select(browser.driver.findElement(By.cssSelector("[data-test=upload-year]"))).getFirstSelectedOption()
        .getAttribute("value"));
    browser.shot("admin-calendar-provisional");

    // A bad file: a make-up day on a Thursday (line 21). Refused, naming the line; nothing changed.
    upload("CN-2027.yaml", GOOD_2027.replace("date: 2027-02-20", "date: 2027-02-18"));
    WebElement error = browser.waitFor(By.cssSelector("[data-test=upload-error]"));
    assertTrue(error.getText().contains("第 21 行"), error.getText());
    assertTrue(error.getText().contains("2027-02-18") && error.getText().contains("不是周末"), error.getText());
    assertTrue(error.getText().contains("未作任何更改"), error.getText());
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=provisional]")).isDisplayed(), "still provisional");
    JsonObject still = TelephonyApp.ok(running.send("GET", "/api/calendar/years/2027", null, null), 200);
    assertTrue(still.getBoolean("provisional"), "the bad file changed nothing");
    browser.script("arguments[0].scrollIntoView({block: 'center'})", error);
    browser.shot("admin-calendar-upload-error");

    // The good file: in force at once, the warning goes, the grid shows the Spring Festival and its make-up Saturday.
    upload("CN-2027.yaml", GOOD_2027);
    browser.waitForText(By.cssSelector("[data-test=upload-ok]"), "已上传 2027 年日历（3 个节假日、3 个调休上班日）");
    new WebDriverWait(browser.driver, Duration.ofSeconds(10))
        .until(d -> d.findElements(By.cssSelector("[data-test=provisional]")).isEmpty());
    assertEquals("holiday", day("2027-02-08").getAttribute("data-kind"));
    assertTrue(day("2027-02-08").getAttribute("title").contains("春节"));
    assertEquals("makeup", day("2027-02-20").getAttribute("data-kind"));
    browser.script("window.scrollTo(0, 0)");
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=origin]")).getText().contains("管理员上传"));
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=deadlines-note]")).getText().contains("不会改写"));
    // The clock counts it: Thursday 2027-02-04 + 2 working days is Tuesday 02-16, no longer provisional.
    JsonObject due = TelephonyApp.ok(running.send("GET",
        "/api/calendar/deadline?from=2027-02-04T10:00:00%2B08:00&workingDays=2", null, null), 200);
    assertTrue(due.getString("due").startsWith("2027-02-16T17:30"), due.encode());
    assertFalse(due.getBoolean("provisional"));
    browser.shot("admin-calendar-uploaded");

    // On a phone's width the months stack.
    browser.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      browser.get("/#/admin/calendar?year=2027");
      day("2027-10-09");
      browser.shot("admin-calendar-phone");
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
    }
  }

  @Test
  @Order(2)
  void theGatewaysPageShowsTheStatesAndRetriesAGivenUpMail() throws Exception {
    long unit = TelephonyApp.ok(running.send("POST", "/api/units", admin, new JsonObject().put("name", "宝安区烟草专卖局")
        .put("kind", "county_bureau").put("code", "BA").put("contacts", new JsonArray().add(new JsonObject()
            .put("name", "宝安区局负责人").put("email", "ba@units.example.cn").put("firstResponsible", true)))), 201).getLong("id");
    String agentPassword = "Desk-" + UUID.randomUUID();
    running.agent(admin, "shouli", agentPassword, "张受理");
    String agent = running.login("shouli", agentPassword);
    String leaderPassword = "Lead-" + UUID.randomUUID();
    running.user(admin, "lingdao", leaderPassword, "刘领导", "leader", null);
    String leader = running.login("lingdao", leaderPassword);
    JsonObject c = TelephonyApp.ok(running.send("POST", "/api/cases", agent, new JsonObject().put("kind", "complaint")
        .put("channel", "phone").put("subject", "宝安某店销售假烟").put("content", "零售店销售疑似假冒卷烟。")
        .put("contact", new JsonObject().put("name", "张三").put("phones", new JsonArray().add("13800138000")))), 201);
    long id = c.getLong("id");
    TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/submit", agent, new JsonObject()), 200);
    TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/instruct", leader, new JsonObject().put("instruction", "请核实处理")), 200);
    TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/dispatch", agent, new JsonObject().put("unitId", unit).put("method", "email")), 200);
    long outboxId = waitForOutbox(id, "failed", 1);

    browser.load("/#/admin/gateways", By.cssSelector("[data-test=outbox-row][data-id='" + outboxId + "']"));
    assertEquals("good", browser.waitFor(By.cssSelector("[data-test=state-database]")).getAttribute("data-tone"));
    WebElement ami = browser.waitFor(By.cssSelector("[data-test=state-ami]"));
    browser.waitForText(By.cssSelector("[data-test=state-ami] [data-test=state-value]"), "已连接");
    assertEquals("good", ami.getAttribute("data-tone"));
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=state-mail]")).getText().contains("发件：已开启"),
        browser.driver.findElement(By.cssSelector("[data-test=state-mail]")).getText());
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=state-fax] [data-test=state-value]")).getText().contains("未启用"));
    WebElement outboxCard = browser.driver.findElement(By.cssSelector("[data-test=state-outbox]"));
    assertEquals("bad", outboxCard.getAttribute("data-tone"));
    assertTrue(outboxCard.getText().contains("1 条已放弃发送"), outboxCard.getText());
    WebElement row = browser.driver.findElement(By.cssSelector("[data-test=outbox-row][data-id='" + outboxId + "']"));
    assertEquals("failed", row.getAttribute("data-status"));
    assertTrue(row.getText().contains("ba@units.example.cn"), "a dispatch goes to a unit: its address shows");
    assertTrue(row.getText().contains(c.getString("number")));
    // The mail log answers (no mailbox here: nothing in it).
    browser.waitFor(By.cssSelector("[data-test=mail-empty]"));
    browser.shot("admin-gateways");

    // The filters: only e-mail, only failed.
    new Select(browser.driver.findElement(By.cssSelector("[data-test=filter-status]"))).selectByValue("sent");
    browser.waitFor(By.cssSelector("[data-test=outbox-empty]"));
    new Select(browser.driver.findElement(By.cssSelector("[data-test=filter-status]"))).selectByValue("failed");
    new Select(browser.driver.findElement(By.cssSelector("[data-test=filter-channel]"))).selectByValue("email");
    row = browser.waitFor(By.cssSelector("[data-test=outbox-row][data-id='" + outboxId + "']"));

    // Retry: due again at once, the sender tries it again (and gives up again: the port is still closed).
    row.findElement(By.cssSelector("[data-test=retry]")).click();
    browser.waitForText(By.cssSelector("[data-test=gateways-notice]"), "发送记录 " + outboxId + " 已重新排队");
    waitForOutbox(id, "failed", 2);
    browser.driver.findElement(By.cssSelector("[data-test=refresh]")).click();
    browser.waitForText(By.cssSelector("[data-test=outbox-row][data-id='" + outboxId + "'] td:nth-child(7)"), "2");
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=outbox-row][data-id='" + outboxId + "'] [data-test=outbox-when]"))
        .getText().startsWith("最近尝试"));
    browser.shot("admin-gateways-retried");
  }

  /** Waits until the case's outbox row has this status after at least this many attempts; answers its id. */
  static long waitForOutbox(long caseId, String status, int attempts) throws Exception {
    long[] found = {0};
    new WebDriverWait(browser.driver, Duration.ofSeconds(30), Duration.ofMillis(200)).until(d -> {
      try {
        JsonArray items = new JsonObject(running.send("GET", "/api/outbox?case=" + caseId, admin, null).body()).getJsonArray("items");
        if (items.isEmpty()) {
          return false;
        }
        JsonObject o = items.getJsonObject(0);
        found[0] = o.getLong("id");
        return status.equals(o.getString("status")) && o.getInteger("attempts") >= attempts;
      } catch (Exception e) {
        return false;
      }
    });
    return found[0];
  }
}

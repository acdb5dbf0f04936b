package hotline.app;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import hotline.testing.PgTestSupport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
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
 * The supervision office's board in a real Chromium, the whole process with its mail gateway sending to GreenMail: an
 * overdue dispatch shows on the overdue board under its unit; the supervisor presses the unit by mail from the board
 * (the mail arrives, the reminder is on the timeline) and sends a second round with its reason (the case is dispatched
 * round 2, the reason on the timeline).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SupervisionBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static final String SUPERVISOR_PASSWORD = "Sv-" + UUID.randomUUID();
  static final String HOTLINE = "hotline@centre.example.cn";
  static TelephonyApp running;
  static Browser browser;
  static GreenMail smtp;
  static Pool db;
  static String admin;
  static String agent;
  static String leader;
  static long unitId;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    int smtpPort = freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    smtp.setUser(HOTLINE, "hotline", "secret");
    PgConnectOptions database = PgTestSupport.freshDatabase();
    String url = "postgresql://" + database.getUser() + ":" + database.getPassword() + "@" + database.getHost() + ":"
        + database.getPort() + "/" + database.getDatabase();
    running = TelephonyApp.start(ADMIN_PASSWORD, Map.of("database.url", url, "mail.smtp-host", "127.0.0.1",
        "mail.smtp-port", String.valueOf(smtpPort), "mail.security", "none", "mail.username", "hotline",
        "mail.password", "secret", "mail.address", HOTLINE, "mail.send-poll-seconds", "1"));
    db = PgBuilder.pool().using(running.vertx).connectingTo(database).build();
    admin = running.login("admin", ADMIN_PASSWORD);
    unitId = TelephonyApp.ok(running.send("POST", "/api/units", admin, new JsonObject().put("name", "宝安区烟草专卖局")
        .put("kind", "county_bureau").put("code", "BA").put("contacts", new JsonArray().add(new JsonObject()
            .put("name", "陈第一责任人").put("email", "chen@baoan.example.cn").put("phone", "0755-27770000")
            .put("firstResponsible", true)))), 201).getLong("id");
    String agentPassword = "Desk-" + UUID.randomUUID();
    running.agent(admin, "shouli", agentPassword, "张受理");
    agent = running.login("shouli", agentPassword);
    String leaderPassword = "Lead-" + UUID.randomUUID();
    running.user(admin, "lingdao", leaderPassword, "刘领导", "leader", null);
    leader = running.login("lingdao", leaderPassword);
    running.user(admin, "duban", SUPERVISOR_PASSWORD, "王督办", "supervisor", null);
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (db != null) {
        await(db.close());
      }
      TelephonyApp.stop(browser, running);
    } finally {
      if (smtp != null) {
        smtp.stop();
      }
    }
  }

  /** A complaint filed, submitted, instructed and dispatched to the unit by mail: its id and number. */
  static JsonObject dispatched(String subject) throws Exception {
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

  static JsonObject caseView(long id) throws Exception {
    return TelephonyApp.ok(running.send("GET", "/api/cases/" + id, agent, null), 200);
  }

  static List<String> actions(JsonObject c) {
    return c.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("action")).toList();
  }

  @Test
  void anOverdueDispatchIsOnTheBoardUnderItsUnitIsRemindedByMailAndGoesOutAgain() throws Exception {
    JsonObject late = dispatched("宝安某店销售假烟（逾期）");
    JsonObject fresh = dispatched("宝安某店无证经营");
    long id = late.getLong("id");
    String number = late.getString("number");
    // Its deadline three days gone (the process runs on the real clock), then the sweep marks it overdue.
    await(db.preparedQuery("UPDATE dispatches SET due_at = now() - interval '3 days' WHERE case_id = $1").execute(Tuple.of(id)));
    // The other sent five days ago and never confirmed, its deadline extended by its owner: unconfirmed and extended.
    long freshId = fresh.getLong("id");
    await(db.preparedQuery("UPDATE dispatches SET dispatched_at = now() - interval '5 days' WHERE case_id = $1")
        .execute(Tuple.of(freshId)));
    TelephonyApp.ok(running.send("POST", "/api/cases/" + freshId + "/extend", agent, new JsonObject().put("workingDays", 6)
        .put("reason", "涉及多个门店，需联合执法核查")), 200);
    String duban = running.login("duban", SUPERVISOR_PASSWORD);
    TelephonyApp.ok(running.send("POST", "/api/dispatches/sweep", duban, null), 200);
    waitFor("the dispatch mails sent", () -> smtp.getReceivedMessages().length >= 2);

    // The supervisor's first page is the board; the overdue dispatch is under its unit.
    browser.signIn("duban", SUPERVISOR_PASSWORD);
    try {
      browser.waitFor(By.cssSelector("[data-test=supervision-board]"));
    } catch (RuntimeException e) {
      browser.shot("supervision-failed");
      System.out.println("URL " + browser.driver.getCurrentUrl() + "\nPAGE " + browser.script("return document.body.innerText"));
      browser.driver.manage().logs().get("browser").forEach(l -> System.out.println("CONSOLE " + l));
      throw e;
    }
    assertTrue(browser.driver.getCurrentUrl().endsWith("#/supervision"), browser.driver.getCurrentUrl());
    By lateRow = By.cssSelector("[data-test=board-overdue] [data-test=board-unit][data-unit-id='" + unitId + "'] "
        + "[data-test=board-row][data-number='" + number + "']");
    Browser.PageLoad load = browser.load("/#/supervision", lateRow);
    assertTrue(load.readyMillis() < 10_000, load.toString());
    WebElement unit = browser.driver.findElement(By.cssSelector("[data-test=board-overdue] [data-unit-id='" + unitId + "']"));
    assertTrue(unit.getText().contains("宝安区烟草专卖局") && unit.getText().contains("1 件逾期"), unit.getText());
    WebElement row = browser.driver.findElement(lateRow);
    assertTrue(row.findElement(By.cssSelector("[data-test=board-days-late]")).getText().matches("逾期 \\d+ 个工作日"),
        row.getText());
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=board-overdue] [data-number='" + fresh.getString("number") + "']"))
        .isEmpty(), "the one in time is not overdue");
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=board-unconfirmed] [data-number='" + fresh.getString("number")
        + "']")).getText().contains("已发出"), "sent five days ago, unconfirmed");
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=board-extensions] [data-number='" + fresh.getString("number")
        + "']")).getText().contains("延至 6 个工作日（上限 7）"), "extended, with the cap");
    browser.shot("supervision-board");
    browser.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      browser.driver.navigate().refresh();
      browser.waitFor(lateRow);
      browser.shot("supervision-board-phone");
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
    }
    browser.waitFor(lateRow);
    row = browser.driver.findElement(lateRow);

    // A reminder by automated callback (receipt kind) to the unconfirmed one's unit: the job, and the timeline entry.
    JsonObject call = TelephonyApp.ok(running.send("POST", "/api/cases/" + freshId + "/reminders", duban,
        new JsonObject().put("channel", "callback")), 201);
    assertTrue(call.getJsonObject("callback").getValue("id") != null, call.encode());
    assertTrue(caseView(freshId).getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .anyMatch(e -> "remind".equals(e.getString("action")) && "callback".equals(e.getJsonObject("detail").getString("channel"))));

    // A reminder by mail, confirmed first.
    row.findElement(By.cssSelector("[data-test=board-remind-email]")).click();
    WebElement confirm = browser.waitFor(By.cssSelector("[data-test=remind-form]"));
    assertTrue(confirm.getText().contains("宝安区烟草专卖局"), confirm.getText());
    browser.shot("supervision-remind");
    confirm.findElement(By.cssSelector("[data-test=remind-submit]")).click();
    browser.waitForText(By.cssSelector("[data-test=board-done]"), number);
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=board-done]")).getText().contains("陈第一责任人"));
    waitFor("the reminder mail in GreenMail", () -> List.of(smtp.getReceivedMessages()).stream()
        .anyMatch(m -> subject(m).contains("督办提醒")));
    MimeMessage mail = List.of(smtp.getReceivedMessages()).stream().filter(m -> subject(m).contains("督办提醒")).findFirst().orElseThrow();
    assertTrue(subject(mail).contains(number), subject(mail));
    assertEquals("chen@baoan.example.cn", ((jakarta.mail.internet.InternetAddress) mail.getAllRecipients()[0]).getAddress());
    String decoded = String.valueOf(mail.getContent());
    assertTrue(decoded.contains(number) && decoded.contains("已逾期"), decoded);
    JsonObject reminded = caseView(id);
    assertTrue(actions(reminded).contains("remind"), actions(reminded).toString());

    // A second round from the board: the reason (a delay without cause), a note, the same unit, the new deadline shown.
    browser.driver.findElement(lateRow).findElement(By.cssSelector("[data-test=board-redispatch]")).click();
    WebElement form = browser.waitFor(By.cssSelector("[data-test=redispatch-form]"));
    assertTrue(form.findElement(By.cssSelector("[data-test=redispatch-deadline]")).getText().startsWith("新的办理期限："),
        form.getText());
    assertTrue(form.getText().contains("第 2 轮派单") && form.getText().contains("最多派单 3 轮"), form.getText());
    assertEquals("overdue", new Select(form.findElement(By.cssSelector("[data-test=field-reason]"))).getFirstSelectedOption()
        .getAttribute("value"));
    assertEquals(String.valueOf(unitId), new Select(form.findElement(By.cssSelector("[data-test=field-unit]")))
        .getFirstSelectedOption().getAttribute("value"));
    form.findElement(By.cssSelector("[data-test=redispatch-submit]")).click();
    assertTrue(browser.waitFor(By.cssSelector("[data-test=dialog-error]")).getText().contains("督办意见"), "the note is asked for");
    form.findElement(By.cssSelector("[data-test=field-note]")).sendKeys("无故逾期，请于期限内办结并反馈。");
    browser.shot("supervision-redispatch");
    form.findElement(By.cssSelector("[data-test=redispatch-submit]")).click();
    browser.waitForText(By.cssSelector("[data-test=board-done]"), "第 2 轮派单");
    JsonObject again = caseView(id);
    assertEquals("dispatched", again.getString("status"));
    assertEquals(2, again.getInteger("round"));
    assertEquals(unitId, again.getJsonObject("currentDispatch").getLong("unitId"));
    JsonObject reopen = again.getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(e -> "reopen".equals(e.getString("action"))).findFirst().orElseThrow();
    assertEquals("overdue", reopen.getJsonObject("detail").getString("reason"));
    assertEquals("无故逾期，请于期限内办结并反馈。", reopen.getString("note"));
    browser.waitFor(By.cssSelector("[data-test=board-overdue]"));
    waitFor("the board without it", () -> browser.driver.findElements(lateRow).isEmpty());
    browser.shot("supervision-board-after");

    // The case page's timeline: the reminder and the second round with its reason.
    browser.get("/#/cases/" + id);
    WebElement timeline = browser.waitFor(By.cssSelector("[data-test=timeline]"));
    browser.waitForText(By.cssSelector("[data-test=timeline]"), "催办");
    assertTrue(timeline.getText().contains("方式：邮件") && timeline.getText().contains("接收人：陈第一责任人"), timeline.getText());
    assertTrue(timeline.getText().contains("重新派单") && timeline.getText().contains("超期")
        && timeline.getText().contains("第 2 轮"), timeline.getText());
    browser.script("document.querySelector('[data-test=timeline]').scrollIntoView()");
    browser.shot("supervision-case-timeline");

  }

  static String subject(MimeMessage m) {
    try {
      return m.getSubject() == null ? "" : m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }
}

package hotline.app;

import static hotline.testing.Waiting.await;
import static hotline.testing.Waiting.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.telephony.AmiTranscript;
import hotline.telephony.QueueCalls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * The caller log in a real Chromium against the whole process, telephony on: a caller who gives up in the queue (the
 * fake Asterisk writes Asterisk 22's abandon sequence) appears among the agent's missed calls without a reload; "call
 * back" reaches Asterisk as an Originate to that number; "register customer" makes the customer and the row shows it;
 * "mark handled" takes the call off the missed list and "mark all handled" clears the rest. Screenshots
 * calls-missed.png, calls-new-customer.png, calls-all.png.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CallLogBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static final String AGENT_PASSWORD = "Desk-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static String admin;
  static String agent;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD);
    admin = running.login("admin", ADMIN_PASSWORD);
    running.phone(admin, running.agent(admin, "kefu", AGENT_PASSWORD, "陈受理"), "Local/agent1@agents", "8001");
    agent = running.login("kefu", AGENT_PASSWORD);
    waitFor("the AMI link up", () -> "connected".equals(new JsonObject(running.send("GET", "/health", null, null).body())
        .getJsonObject("telephony").getJsonObject("ami", new JsonObject()).getString("state")));
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  /** Rings the call and waits until the log has it ended; answers its id. */
  static long ring(AmiTranscript call) throws Exception {
    String linkedid = QueueCalls.linkedid(call);
    await(running.peer.replay(call));
    long[] id = {0};
    waitFor("call " + linkedid + " in the log", () -> {
      for (Object o : TelephonyApp.ok(running.send("GET", "/api/calls?size=50", agent, null), 200).getJsonArray("items")) {
        JsonObject c = (JsonObject) o;
        if (linkedid.equals(c.getString("linkedid")) && c.getString("endedAt") != null) {
          id[0] = c.getLong("id");
          return true;
        }
      }
      return false;
    });
    return id[0];
  }

  static By row(long callId) {
    return By.cssSelector("tr[data-test=call-row][data-call-id='" + callId + "']");
  }

  static WebDriverWait waiting() {
    return new WebDriverWait(browser.driver, Duration.ofSeconds(15));
  }

  @Test
  void anAgentWorksOffTheMissedCallsLive() throws Exception {
    // Before the agent looks: a known retailer gave up in the queue, another caller was answered.
    TelephonyApp.ok(running.send("POST", "/api/customers", agent, new JsonObject().put("name", "张记烟酒商行")
        .put("partyType", "retailer").put("licenceNo", "440305100088").put("phones", new JsonArray().add("13900040001"))), 201);
    long known = ring(QueueCalls.abandoned("13900040001", 42));
    long answered = ring(QueueCalls.answered("13900040003"));
    // And a call another agent linked to their report: its number is not this agent's to see.
    String otherPassword = "Desk-" + UUID.randomUUID();
    running.agent(admin, "kefu2", otherPassword, "林受理");
    String other = running.login("kefu2", otherPassword);
    long secret = ring(QueueCalls.abandoned("13900040009", 5));
    long report = TelephonyApp.ok(running.send("POST", "/api/cases", other, new JsonObject().put("kind", "report").put("channel", "phone")
        .put("content", "举报：无证经营").put("contact", new JsonObject().put("name", "匿名"))), 201).getLong("id");
    TelephonyApp.ok(running.send("POST", "/api/calls/" + secret + "/case", other, new JsonObject().put("caseId", report)), 200);

    browser.signIn("kefu", AGENT_PASSWORD);
    browser.driver.findElement(By.cssSelector("[data-test=menu-calls]")).click();
    browser.waitFor(By.cssSelector("[data-test=call-log]"));
    WebElement knownRow = browser.waitFor(row(known));
    assertTrue(knownRow.getText().contains("张记烟酒商行") && knownRow.getText().contains("零售客户"), knownRow.getText());
    assertTrue(knownRow.getText().contains("放弃") && knownRow.getText().contains("42 秒"), knownRow.getText());
    assertTrue(browser.driver.findElements(row(answered)).isEmpty(), "an answered call is not a missed one");
    assertEquals("2", browser.driver.findElement(By.cssSelector("[data-test=missed-count]")).getText());
    WebElement masked = browser.waitFor(row(secret));
    assertEquals("保密", masked.findElement(By.cssSelector("[data-test=masked]")).getText());
    assertFalse(masked.getText().contains("13900040009"), masked.getText());
    for (String none : List.of("dial", "new-customer", "new-case", "case-link")) {
      assertTrue(masked.findElements(By.cssSelector("[data-test=" + none + "]")).isEmpty(), "a masked row offers no " + none);
    }
    assertEquals(1, masked.findElements(By.cssSelector("[data-test=mark-handled]")).size());

    // A new caller gives up while the page is open: the row comes without a reload.
    browser.script("window.hotlineNoReload = true;");
    long fresh = ring(QueueCalls.abandoned("13900040002", 9));
    WebElement freshRow = browser.waitFor(row(fresh), Duration.ofSeconds(15));
    assertEquals(Boolean.TRUE, browser.script("return window.hotlineNoReload === true;"), "the page was not reloaded");
    assertTrue(freshRow.getText().contains("未登记"), freshRow.getText());
    browser.waitForText(By.cssSelector("[data-test=missed-count]"), "3");
    List<WebElement> rows = browser.driver.findElements(By.cssSelector("tr[data-test=call-row]"));
    assertEquals(String.valueOf(fresh), rows.get(0).getAttribute("data-call-id"), "newest first");
    assertEquals("#/intake?number=13900040002&call=" + fresh,
        freshRow.findElement(By.cssSelector("[data-test=new-case]")).getAttribute("href").replaceFirst("^[^#]*", ""));
    String page = browser.driver.findElement(By.cssSelector("main")).getText();
    assertFalse(page.matches("(?s).*\\bcalls\\.[a-z].*"), "no untranslated key: " + page);
    browser.shot("calls-missed");

    // Call back: Asterisk is asked to ring the agent's phone, then the number.
    int originates = running.peer.received("Originate").size();
    freshRow.findElement(By.cssSelector("[data-test=dial]")).click();
    browser.waitFor(By.cssSelector("[data-test=dial-state]"));
    waitFor("the Originate", () -> running.peer.received("Originate").size() > originates);
    Map<String, String> originate = running.peer.received("Originate").get(originates);
    assertEquals("13900040002", originate.get("exten"));
    assertEquals("Local/agent1@agents", originate.get("channel"));

    // Register the unknown number as a customer: the row shows them.
    freshRow.findElement(By.cssSelector("[data-test=new-customer]")).click();
    WebElement form = browser.waitFor(By.cssSelector("[data-test=customer-form]"));
    form.findElement(By.name("name")).sendKeys("周先生");
    new Select(form.findElement(By.name("partyType"))).selectByValue("consumer");
    form.findElement(By.name("address")).sendKeys("深圳市福田区华强北路 1 号");
    browser.shot("calls-new-customer");
    form.findElement(By.cssSelector("[data-test=save-customer]")).click();
    browser.waitForText(row(fresh), "周先生");
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=customer-form]")).isEmpty());
    JsonArray customers = new JsonArray(running.send("GET", "/api/customers?phone=13900040002", agent, null).body());
    assertEquals("周先生", customers.getJsonObject(0).getString("name"), customers.encode());
    assertEquals("consumer", customers.getJsonObject(0).getString("partyType"));

    // Mark it handled: it leaves the missed list.
    browser.driver.findElement(row(fresh)).findElement(By.cssSelector("[data-test=mark-handled]")).click();
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(row(fresh)));
    browser.waitForText(By.cssSelector("[data-test=missed-count]"), "2");
    assertTrue(browser.driver.findElements(row(known)).size() == 1);

    // Mark all handled, after confirming: the list is empty.
    browser.driver.findElement(By.cssSelector("[data-test=mark-all]")).click();
    WebElement confirm = browser.waitFor(By.cssSelector("[data-test=mark-all-confirm]"));
    assertTrue(confirm.getText().contains("2 个未接来电"), confirm.getText());
    browser.driver.findElement(By.cssSelector("[data-test=mark-all-yes]")).click();
    browser.waitFor(By.cssSelector("[data-test=no-calls]"));
    browser.waitForText(By.cssSelector("[data-test=calls-notice]"), "已将 2 个未接来电标记为已处理");
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=missed-count]")).isEmpty(), "no count once none are left");
    assertEquals(0, TelephonyApp.ok(running.send("GET", "/api/calls?missed=true&handled=false", agent, null), 200).getInteger("total"));

    // Every call: the answered one with its agent's wait and talk, the missed ones marked handled by the agent.
    browser.driver.findElement(By.cssSelector("[data-test=tab-all]")).click();
    WebElement answeredRow = browser.waitFor(row(answered));
    assertTrue(answeredRow.getText().contains("已接听"), answeredRow.getText());
    WebElement handled = browser.waitFor(row(known)).findElement(By.cssSelector("[data-test=handled]"));
    assertTrue(handled.getText().contains("陈受理 已处理"), handled.getText());
    assertTrue(browser.driver.findElement(row(fresh)).getText().contains("周先生"));
    browser.shot("calls-all");
    // The same in English.
    browser.driver.findElement(By.cssSelector("[data-test=lang]")).click();
    browser.waitForText(By.cssSelector("[data-test=call-log]"), "All calls");
    assertTrue(browser.driver.findElement(row(known)).getText().contains("Abandoned"), browser.driver.findElement(row(known)).getText());
    assertEquals("Confidential", browser.driver.findElement(row(secret)).findElement(By.cssSelector("[data-test=masked]")).getText());
    browser.shot("calls-all-en");
    browser.driver.findElement(By.cssSelector("[data-test=lang]")).click();
  }
}

package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The unit portal in a real Chromium, on a phone-sized window: the first responsible person of a county bureau signs
 * in and lands on their unit's dispatches (only theirs), confirms receipt in one click, and feeds back on the case page.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UnitPortalBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static String admin;
  static String agent;
  static String leader;
  static long unitId;
  static long otherUnitId;
  static final String RESPONDER_PASSWORD = "Unit-" + UUID.randomUUID();

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD);
    admin = running.login("admin", ADMIN_PASSWORD);
    unitId = unit("宝安区烟草专卖局", "BA");
    otherUnitId = unit("南山区烟草专卖局", "NS");
    String agentPassword = "Desk-" + UUID.randomUUID();
    running.agent(admin, "shouli", agentPassword, "张受理");
    agent = running.login("shouli", agentPassword);
    String leaderPassword = "Lead-" + UUID.randomUUID();
    running.user(admin, "lingdao", leaderPassword, "刘领导", "leader", null);
    leader = running.login("lingdao", leaderPassword);
    running.user(admin, "baoan", RESPONDER_PASSWORD, "宝安区局第一责任人", "unit_responder", unitId);
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  static long unit(String name, String code) throws Exception {
    return TelephonyApp.ok(running.send("POST", "/api/units", admin, new JsonObject().put("name", name).put("kind", "county_bureau")
        .put("code", code).put("contacts", new JsonArray().add(new JsonObject().put("name", name + "负责人")
            .put("email", code.toLowerCase() + "@example.cn").put("firstResponsible", true)))), 201).getLong("id");
  }

  /** A complaint filed, submitted, instructed and dispatched to the unit: its number. */
  static String dispatched(String subject, long unit) throws Exception {
    JsonObject c = TelephonyApp.ok(running.send("POST", "/api/cases", agent, new JsonObject().put("kind", "complaint")
        .put("channel", "phone").put("subject", subject).put("content", "零售店销售疑似假冒卷烟。")
        .put("contact", new JsonObject().put("name", "张三").put("phones", new JsonArray().add("13800138000")))), 201);
    long id = c.getLong("id");
    TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/submit", agent, new JsonObject()), 200);
    TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/instruct", leader, new JsonObject().put("instruction", "请核实处理")), 200);
    TelephonyApp.ok(running.send("POST", "/api/cases/" + id + "/dispatch", agent, new JsonObject().put("unitId", unit)), 200);
    return c.getString("number");
  }

  @Test
  void theUnitSeesOnlyItsDispatchesConfirmsReceiptInOneClickAndFeedsBack() throws Exception {
    String ours = dispatched("宝安某店销售假烟", unitId);
    String theirs = dispatched("南山某店销售假烟", otherUnitId);
    browser.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      browser.signIn("baoan", RESPONDER_PASSWORD);
      // The unit's first page is its portal, with only its own dispatch, new, its deadline in working days.
      WebElement fresh = browser.waitFor(By.cssSelector("[data-test=unit-new] [data-number='" + ours + "']"));
      assertTrue(browser.driver.getCurrentUrl().endsWith("#/unit"), browser.driver.getCurrentUrl());
      assertTrue(browser.driver.findElements(By.cssSelector("[data-number='" + theirs + "']")).isEmpty(),
          "another unit's dispatch never shows");
      assertTrue(fresh.getText().contains("个工作日") || fresh.getText().contains("今日到期"), fresh.getText());
      assertTrue(browser.driver.findElements(By.cssSelector("[data-test=menu-desk], [data-test=menu-intake]")).isEmpty(),
          "no desk or intake in the unit's menu");
      WebElement confirm = fresh.findElement(By.cssSelector("[data-test=unit-confirm]"));
      assertTrue(confirm.getSize().getHeight() >= 44, "a touch target: " + confirm.getSize());
      browser.shot("unit-portal-phone");

      confirm.click();
      browser.waitForText(By.cssSelector("[data-test=unit-done]"), ours);
      WebElement handling = browser.waitFor(By.cssSelector("[data-test=unit-handling] [data-number='" + ours + "']"));
      assertTrue(browser.driver.findElements(By.cssSelector("[data-test=unit-new] [data-number='" + ours + "']")).isEmpty());
      JsonObject listed = TelephonyApp.ok(running.send("GET", "/api/cases?q=" + java.net.URLEncoder.encode(ours, "UTF-8"), agent, null), 200)
          .getJsonArray("items").getJsonObject(0);
      assertEquals("receipt_confirmed", listed.getString("status"), "the receipt reached the case");
      browser.shot("unit-portal-confirmed");

      // Feedback on the case page, through its form.
      handling.findElement(By.cssSelector("[data-test=unit-feedback]")).click();
      browser.waitFor(By.cssSelector("[data-test=action-feedback]")).click();
      WebElement result = browser.waitFor(By.cssSelector("[data-test=form-feedback] [data-test=field-result]"));
      result.sendKeys("经核查属实，已没收涉案卷烟并立案查处。");
      browser.driver.findElement(By.cssSelector("[data-test=action-send]")).click();
      new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> {
        try {
          return "handled".equals(new JsonObject(running.send("GET", "/api/cases?q=" + java.net.URLEncoder.encode(ours, "UTF-8"),
              agent, null).body()).getJsonArray("items").getJsonObject(0).getString("status"));
        } catch (Exception e) {
          return false;
        }
      });
      browser.shot("unit-case-feedback-phone");
      browser.get("/#/unit");
      browser.waitForText(By.cssSelector("[data-test=unit-handling]"), "没有办理中的派单");
      assertEquals(List.of(), browser.driver.findElements(By.cssSelector("[data-test=unit-case]")));
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
    }
  }
}

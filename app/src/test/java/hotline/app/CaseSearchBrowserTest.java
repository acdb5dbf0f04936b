package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The case search page (#/cases) in a real Chromium: an agent types, the results come as they type, subject hits
 * first with the words marked in the subject and the snippet; a phone number written another way finds its case; past
 * 1,000 matches the count reads "1000+"; a single character says it searched the recent cases only; a phone's width.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CaseSearchBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static final String AGENT_PASSWORD = "Desk-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static String agent;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD);
    String admin = running.login("admin", ADMIN_PASSWORD);
    running.agent(admin, "sousuo", AGENT_PASSWORD, "王搜索");
    agent = running.login("sousuo", AGENT_PASSWORD);
    file("宝安区某便利店销售假烟", "客户反映宝安区西乡街道某便利店销售假冒卷烟，包装粗糙，要求专卖局尽快查处。", "138 0013 8000");
    file("卷烟货源分配不公", "零售户反映近三个月紧俏卷烟货源一直断档，客户经理称配额已满，宝安区的店都拿不到假烟举报奖励。", "0755-2666 1234");
    file("投诉送货员态度恶劣", "送货员态度恶劣，把整条卷烟扔在门口就走了。", "13912345678");
    // More than the search counts: 1,001 cases with one word.
    for (int i = 0; i < 1001; i++) {
      file("批量登记 " + i, "批量登记的咨询，第 " + i + " 件。", null);
    }
    browser = Browser.open(running.base());
  }

  static void file(String subject, String content, String phone) throws Exception {
    JsonObject contact = new JsonObject().put("name", "张三");
    if (phone != null) {
      contact.put("phones", new JsonArray().add(phone));
    }
    TelephonyApp.ok(running.send("POST", "/api/cases", agent, new JsonObject().put("kind", "complaint").put("channel", "phone")
        .put("partyType", "consumer").put("subject", subject).put("content", content).put("contact", contact)), 201);
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  static void type(String text) {
    WebElement box = browser.waitFor(By.cssSelector("[data-test=case-search]"));
    box.clear();
    box.sendKeys(text);
  }

  static List<WebElement> results() {
    return browser.driver.findElements(By.cssSelector("[data-test=search-result]"));
  }

  @Test
  void searchesAsOneTypesMarksTheHitsAndSaysWhatItCounted() throws Exception {
    browser.driver.manage().window().setSize(new Dimension(1366, 768));
    browser.signIn("sousuo", AGENT_PASSWORD);
    browser.get("/#/cases");
    type("假烟 宝安");
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> results().size() == 2);
    // The subject hit first; its words marked, in the subject and in the snippet.
    WebElement first = results().get(0);
    assertTrue(first.getText().contains("宝安区某便利店销售假烟"), first.getText());
    List<String> marked = first.findElements(By.cssSelector("[data-test=result-subject] mark")).stream().map(WebElement::getText).toList();
    assertEquals(List.of("宝安", "假烟"), marked);
    assertTrue(results().get(1).getText().contains("卷烟货源分配不公"));
    assertFalse(results().get(1).findElements(By.cssSelector("[data-test=result-snippet] mark")).isEmpty());
    browser.waitForText(By.cssSelector("[data-test=result-count]"), "共 2 件");
    assertTrue(browser.driver.getCurrentUrl().contains("q="), "the address keeps the search: " + browser.driver.getCurrentUrl());
    browser.shot("case-search");

    // A number as another person writes it.
    type("+86 138-0013-8000");
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> results().size() == 1
        && results().get(0).getText().contains("宝安区某便利店销售假烟"));
    type("0755 26661234");
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> results().size() == 1
        && results().get(0).getText().contains("卷烟货源分配不公"));

    // Past the count's cap.
    type("批量");
    browser.waitForText(By.cssSelector("[data-test=result-count]"), "共 1000+ 件");
    browser.waitFor(By.cssSelector("[data-test=capped]"));
    assertEquals(20, results().size());
    browser.shot("case-search-capped");

    // One character: the recent cases only, said so.
    type("烟");
    browser.waitFor(By.cssSelector("[data-test=recent-only]"));
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=recent-only]")).getText().contains("10000"));

    // Nothing found.
    type("没有这个词语");
    browser.waitFor(By.cssSelector("[data-test=no-results]"));

    // A phone's width: one column, nothing wider than the screen.
    browser.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      type("卷烟");
      new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> results().size() == 3);
      long overflow = (Long) browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertTrue(overflow <= 0, "wider than the phone by " + overflow + " px");
      browser.shot("case-search-phone");
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
    }
  }
}

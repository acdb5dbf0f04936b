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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The knowledge base in a real Chromium through the whole process: an agent writes an article in the editor (a bold
 * word from the toolbar) and sends it for review; the supervision office finds it in its review queue and publishes
 * it; the agent finds it by two words as they type, the hits marked, links it to an inquiry as the answer given on the
 * spot, and the case page lists it; the version history compares two versions; a unit's responder submits a policy
 * update from the unit portal, which lands in the review queue.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KnowledgeBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static final String AGENT_PASSWORD = "Desk-" + UUID.randomUUID();
  static final String SUPERVISOR_PASSWORD = "Sv-" + UUID.randomUUID();
  static final String UNIT_PASSWORD = "Unit-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static String agent;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD);
    String admin = running.login("admin", ADMIN_PASSWORD);
    long unitId = TelephonyApp.ok(running.send("POST", "/api/units", admin, new JsonObject().put("name", "市局营销中心")
        .put("kind", "department").put("contacts", new JsonArray().add(new JsonObject().put("name", "李主任")
            .put("email", "li@marketing.example.cn").put("firstResponsible", true)))), 201).getLong("id");
    running.agent(admin, "shouli", AGENT_PASSWORD, "张受理");
    agent = running.login("shouli", AGENT_PASSWORD);
    running.user(admin, "duban", SUPERVISOR_PASSWORD, "王督办", "supervisor", null);
    running.user(admin, "yingxiao", UNIT_PASSWORD, "李营销", "unit_responder", unitId);
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  WebElement waitFor(String test) {
    return browser.waitFor(By.cssSelector("[data-test=" + test + "]"));
  }

  void click(String test) {
    waitFor(test).click();
  }

  @Test
  void anArticleIsWrittenReviewedFoundWithMarkedHitsAndLinkedToACase() throws Exception {
    // The agent writes it: a heading, a paragraph with a bold word.
    browser.signIn("shouli", AGENT_PASSWORD);
    browser.get("/#/knowledge");
    click("kn-new");
    waitFor("kn-f-title").sendKeys("卷烟货源投放规则（二月）");
    new org.openqa.selenium.support.ui.Select(waitFor("kn-f-category")).selectByValue("supply_allocation");
    WebElement body = waitFor("kn-f-body");
    body.click();
    body.sendKeys("本月卷烟货源按客户档位投放，");
    click("kn-tool-bold");
    body.sendKeys("紧俏品牌");
    click("kn-tool-bold");
    body.sendKeys("按周投放。" + Keys.ENTER + "详情请咨询客户经理。");
    browser.shot("knowledge-editor");
    click("kn-save");
    waitFor("kn-article");
    String html = (String) browser.script("return document.querySelector('[data-test=kn-body]').innerHTML");
    assertTrue(html.contains("<b>紧俏品牌</b>") || html.contains("<strong>紧俏品牌</strong>"), html);
    // A new line in the editor is a paragraph of its own.
    assertTrue(html.contains("<p>详情请咨询客户经理。</p>"), html);
    assertEquals("draft", waitFor("kn-article").getAttribute("data-status"));
    click("kn-submit");
    browser.waitForText(By.cssSelector("[data-test=kn-done]"), "已提交审核");
    long articleId = Long.parseLong(waitFor("kn-article").getAttribute("data-id"));
    browser.signOut();

    // The supervision office reviews: its queue, the article, a change, publish.
    browser.signIn("duban", SUPERVISOR_PASSWORD);
    browser.get("/#/knowledge/review");
    WebElement queued = browser.waitFor(By.cssSelector("[data-test=kn-item][data-id='" + articleId + "']"));
    browser.shot("knowledge-review-queue");
    queued.findElement(By.cssSelector("[data-test=kn-item-link]")).click();
    click("kn-edit");
    WebElement editing = waitFor("kn-f-body");
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> !editing.getText().isBlank());
    editing.click();
    editing.sendKeys(Keys.END, Keys.ENTER, "零售户可在订货系统查询本周投放量。");
    click("kn-save");
    waitFor("kn-article");
    click("kn-publish");
    browser.waitForText(By.cssSelector("[data-test=kn-done]"), "已发布");
    // The versions: compare the first with the latest.
    click("kn-diff");
    waitFor("kn-diff-result");
    List<String> added = browser.driver.findElements(By.cssSelector("[data-test=kn-diff-add]")).stream()
        .map(WebElement::getText).toList();
    assertTrue(added.stream().anyMatch(a -> a.contains("零售户可在订货系统查询本周投放量。")), added.toString());
    browser.shot("knowledge-article-published");
    browser.script("document.querySelector('[data-test=kn-diff-result]').scrollIntoView()");
    browser.shot("knowledge-article-diff");
    browser.signOut();

    // An inquiry on the agent's desk; the agent finds the article by two words as they type.
    JsonObject inquiry = TelephonyApp.ok(running.send("POST", "/api/cases", agent, new JsonObject().put("kind", "inquiry")
        .put("channel", "phone").put("partyType", "retailer").put("subject", "紧俏品牌什么时候投放")
        .put("content", "请问本月紧俏品牌的货源什么时候投放？").put("contact", new JsonObject().put("name", "赵店主"))), 201);
    browser.signIn("shouli", AGENT_PASSWORD);
    browser.get("/#/knowledge");
    WebElement search = waitFor("kn-search");
    search.sendKeys("货源 投放");
    WebElement found = browser.waitFor(By.cssSelector("[data-test=kn-item][data-id='" + articleId + "']"));
    new WebDriverWait(browser.driver, Duration.ofSeconds(10))
        .until(d -> !found.findElements(By.cssSelector("mark")).isEmpty());
    List<String> marks = found.findElements(By.cssSelector("mark")).stream().map(WebElement::getText).toList();
    assertTrue(marks.contains("货源") && marks.contains("投放"), marks.toString());
    browser.shot("knowledge-search-hits");
    // The phone's width: the same list, readable.
    browser.driver.manage().window().setSize(new Dimension(390, 844));
    browser.shot("knowledge-search-phone");
    browser.driver.manage().window().setSize(new Dimension(1366, 900));

    // Linked from the article to the inquiry as the answer given on the spot; the case page lists it.
    found.findElement(By.cssSelector("[data-test=kn-item-link]")).click();
    waitFor("kn-link-case").sendKeys(inquiry.getString("number"));
    new org.openqa.selenium.support.ui.Select(waitFor("kn-link-use")).selectByValue("answer");
    click("kn-link");
    browser.waitForText(By.cssSelector("[data-test=kn-cases]"), inquiry.getString("number"));
    browser.get("/#/cases/" + inquiry.getLong("id"));
    browser.waitForText(By.cssSelector("[data-test=case-articles]"), "卷烟货源投放规则（二月）");
    assertTrue(waitFor("case-article").getText().contains("当场答复依据"));
    browser.script("document.querySelector('[data-test=case-articles]').scrollIntoView()");
    browser.shot("knowledge-on-case-page");
    JsonArray links = TelephonyApp.ok(running.send("GET", "/api/cases/" + inquiry.getLong("id") + "/articles", agent, null), 200)
        .getJsonArray("items");
    assertEquals("answer", links.getJsonObject(0).getString("use"));
    browser.signOut();
  }

  @Test
  void aUnitSubmitsAPolicyUpdateFromItsPortalIntoReview() throws Exception {
    browser.signIn("yingxiao", UNIT_PASSWORD);
    browser.get("/#/unit");
    WebElement form = waitFor("unit-knowledge");
    form.findElement(By.cssSelector("[data-test=kn-f-title]")).sendKeys("三月新品上市营销政策");
    new org.openqa.selenium.support.ui.Select(form.findElement(By.cssSelector("[data-test=kn-f-category]")))
        .selectByValue("marketing_policy");
    WebElement body = form.findElement(By.cssSelector("[data-test=kn-f-body]"));
    body.click();
    body.sendKeys("三月起新品按试销政策投放，首批限量。");
    form.findElement(By.cssSelector("[data-test=kn-save]")).click();
    browser.waitForText(By.cssSelector("[data-test=unit-knowledge-done]"), "三月新品上市营销政策");
    browser.script("document.querySelector('[data-test=unit-knowledge]').scrollIntoView()");
    browser.shot("knowledge-unit-submission");
    browser.signOut();
    String duban = running.login("duban", SUPERVISOR_PASSWORD);
    JsonArray queue = TelephonyApp.ok(running.send("GET", "/api/knowledge/articles?status=in_review", duban, null), 200)
        .getJsonArray("items");
    assertTrue(queue.stream().map(JsonObject.class::cast).anyMatch(a -> a.getString("title").equals("三月新品上市营销政策")
        && "市局营销中心".equals(a.getString("unitName"))), queue.encode());
    assertFalse(queue.isEmpty());
  }
}

package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public web form in a real Chromium: someone files a complaint through the page (with a photo), sees the number
 * and query code once, looks the case up on the status page, and a wrong code learns nothing; the form on a phone's
 * width; and the same without JavaScript, in English.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PublicFormBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static String admin;
  static final byte[] PNG = java.util.Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD);
    admin = running.login("admin", ADMIN_PASSWORD);
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  @Test
  void thePublicFilesAComplaintSeesNumberAndCodeOnceAndLooksItUp() throws Exception {
    browser.driver.manage().window().setSize(new Dimension(1366, 1500));
    try {
      Browser.PageLoad formLoad = browser.load("/public?lang=zh-CN", By.cssSelector("[data-test=public-form]"));
      System.out.println("requests of /public: " + browser.script("return performance.getEntriesByType('resource').map(e => e.name).join(' ')"));
      assertTrue(formLoad.requests() <= 3, "the page, its stylesheet (and the browser's icon): " + formLoad);
      WebElement form = browser.driver.findElement(By.cssSelector("[data-test=public-form]"));
      assertTrue(browser.driver.findElement(By.cssSelector("[data-test=anonymity]")).getText().contains("身份严格保密"));
      // The honeypot is there for scripts but not on the screen.
      WebElement trap = browser.driver.findElement(By.name("hl_extra"));
      assertFalse(trap.isDisplayed() && trap.getRect().getX() >= 0, "the honeypot is off the screen: " + trap.getRect());
      browser.shot("public-form");

      form.findElement(By.cssSelector("input[name=kind][value=complaint]")).click();
      form.findElement(By.name("subject")).sendKeys("零售店销售假烟");
      form.findElement(By.name("content")).sendKeys("12月1日在某某路便利店买到的中华香烟疑似假烟，店主拒绝退换。");
      form.findElement(By.name("name")).sendKeys("陈市民");
      form.findElement(By.name("phone")).sendKeys("13911112222");
      Path photo = Files.createTempFile("receipt", ".png");
      Files.write(photo, PNG);
      form.findElement(By.name("attachments")).sendKeys(photo.toString());
      form.findElement(By.cssSelector("button[type=submit]")).click();

      WebElement filed = browser.waitFor(By.cssSelector("[data-test=filed]"));
      String number = filed.findElement(By.cssSelector("[data-test=number]")).getText();
      String code = filed.findElement(By.cssSelector("[data-test=code]")).getText();
      assertTrue(number.matches("\\d{4}-\\d{6}"), number);
      assertTrue(code.matches("[2-9A-Z]{5}-[2-9A-Z]{5}"), code);
      assertTrue(browser.driver.getCurrentUrl().endsWith("/public/filed?lang=zh-CN"), "post, redirect, get: " + browser.driver.getCurrentUrl());
      printTiming("/public/filed (after the post)");
      browser.shot("public-filed");

      // A reload shows no code.
      browser.driver.navigate().refresh();
      browser.waitFor(By.cssSelector("[data-test=filed-gone]"));
      assertFalse(browser.driver.getPageSource().contains(code));

      // The agent sees it on the web channel, with its photo, owned by the web form until taken.
      String agentPassword = "Desk-" + UUID.randomUUID();
      running.agent(admin, "web-agent", agentPassword, "网站受理员");
      String agent = running.login("web-agent", agentPassword);
      JsonObject listed = TelephonyApp.ok(running.send("GET", "/api/cases?q=" + number, agent, null), 200).getJsonArray("items").getJsonObject(0);
      assertEquals("web", listed.getString("channel"));
      JsonObject c = TelephonyApp.ok(running.send("GET", "/api/cases/" + listed.getLong("id"), agent, null), 200);
      assertEquals(1, c.getJsonArray("attachments").size());
      assertEquals("陈市民", c.getJsonObject("contact").getString("name"));

      Browser.PageLoad statusLoad = browser.load("/public/status?lang=zh-CN", By.cssSelector("[data-test=lookup]"));
      assertTrue(statusLoad.requests() <= 3, statusLoad.toString());
      lookUp(number, code.toLowerCase());
      WebElement status = browser.waitFor(By.cssSelector("[data-test=status]"));
      assertEquals("已受理，正在审核", status.findElement(By.cssSelector("[data-test=stage]")).getText());
      assertFalse(browser.driver.getPageSource().contains("陈市民"), "no identity on the status page");
      browser.shot("public-status");

      // A wrong code learns nothing: the page an unknown number gets.
      String wrong = (code.charAt(0) == '2' ? "3" : "2") + code.substring(1);
      lookUp(number, wrong);
      String wrongText = browser.waitFor(By.cssSelector("[data-test=alert]")).getText();
      assertTrue(browser.driver.findElements(By.cssSelector("[data-test=status]")).isEmpty());
      lookUp(number.substring(0, 5) + "999999", wrong);
      assertEquals(wrongText, browser.waitFor(By.cssSelector("[data-test=alert]")).getText());
      assertTrue(browser.driver.findElements(By.cssSelector("[data-test=status]")).isEmpty());
      browser.shot("public-status-wrong");

      // On a phone: one column, nothing wider than the screen, large touch targets.
      browser.driver.manage().window().setSize(new Dimension(390, 844));
      browser.load("/public?lang=zh-CN", By.cssSelector("[data-test=public-form]"));
      long scrollWidth = ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
      long viewport = ((Number) browser.script("return window.innerWidth")).longValue();
      assertTrue(scrollWidth <= viewport, "no sideways scrolling on a phone: " + scrollWidth + " > " + viewport);
      WebElement send = browser.driver.findElement(By.cssSelector("button[type=submit]"));
      assertTrue(send.getSize().getHeight() >= 44, "a touch target: " + send.getSize());
      browser.shot("public-form-phone");
      browser.load("/public/status?lang=zh-CN", By.cssSelector("[data-test=lookup]"));
      lookUp(number, code);
      browser.waitFor(By.cssSelector("[data-test=status]"));
      browser.shot("public-status-phone");
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
    }
  }

  void lookUp(String number, String code) {
    WebElement form = browser.waitFor(By.cssSelector("[data-test=lookup]"));
    WebElement n = form.findElement(By.name("number"));
    n.clear();
    n.sendKeys(number);
    form.findElement(By.name("code")).sendKeys(code);
    WebElement old = form;
    form.findElement(By.cssSelector("button[type=submit]")).click();
    // The old page is gone: its form is stale. Mid-navigation Chromium may say so as "Node with given id does not
    // belong to the document" rather than as a stale element (seen once in CI); either means the same.
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> {
      try {
        old.isEnabled();
        return false;
      } catch (org.openqa.selenium.WebDriverException gone) {
        return true;
      }
    });
  }

  /** The current page's ready time and weight from Navigation Timing, for a page reached by a form post. */
  void printTiming(String what) {
    Object ms = browser.script("const n = performance.getEntriesByType('navigation')[0];"
        + "return Math.round(n.domContentLoadedEventEnd - n.startTime) + ' ms, ' + (n.transferSize || 0) + ' bytes';");
    System.out.println("page " + what + ": ready in " + ms);
  }

  @Test
  void withoutJavaScriptInEnglishTheFormFilesAnAnonymousReport() throws Exception {
    Browser.requireChromium();
    ChromeOptions options = new ChromeOptions().setBinary(Browser.CHROMIUM.toString()).addArguments("--headless=new", "--no-sandbox",
        "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1366,1200", "--lang=zh-CN",
        "--user-data-dir=" + Files.createTempDirectory("hotline-chromium-nojs"));
    // No JavaScript at all, and a browser that asks for Chinese (headless Chromium asks for English otherwise).
    options.setExperimentalOption("prefs", java.util.Map.of("profile.managed_default_content_settings.javascript", 2,
        "intl.accept_languages", "zh-CN,zh"));
    ChromeDriver noJs = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Browser.CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
    try {
      noJs.get(running.base() + "/public");
      assertTrue(noJs.findElement(By.cssSelector("[data-test=lang]")).getAttribute("href").endsWith("/public?lang=en"));
      noJs.get(running.base() + "/public?lang=en");
      new WebDriverWait(noJs, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"),
          "File a complaint"));
      WebElement form = noJs.findElement(By.cssSelector("[data-test=public-form]"));
      form.findElement(By.cssSelector("input[name=kind][value=report]")).click();
      noJs.findElement(By.name("content")).sendKeys("Counterfeit cigarettes stored in the warehouse behind the market.");
      noJs.findElement(By.cssSelector("[data-test=public-form] button[type=submit]")).click();
      WebElement filed = new WebDriverWait(noJs, Duration.ofSeconds(10))
          .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=filed]")));
      assertTrue(filed.getText().contains("Query code"), filed.getText());
      String number = filed.findElement(By.cssSelector("[data-test=number]")).getText();
      String code = filed.findElement(By.cssSelector("[data-test=code]")).getText();
      assertNotEquals("", code);
      Files.write(Browser.SCREENSHOTS.resolve("public-filed-nojs-en.png"), noJs.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));

      noJs.get(running.base() + "/public/status?lang=en");
      noJs.findElement(By.name("number")).sendKeys(number);
      noJs.findElement(By.name("code")).sendKeys(code);
      noJs.findElement(By.cssSelector("[data-test=lookup] button[type=submit]")).click();
      WebElement status = new WebDriverWait(noJs, Duration.ofSeconds(10))
          .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=status]")));
      assertEquals("Report", status.findElement(By.cssSelector("[data-test=kind]")).getText());
      assertEquals("Received, being reviewed", status.findElement(By.cssSelector("[data-test=stage]")).getText());
      List<WebElement> scripts = noJs.findElements(By.tagName("script"));
      assertEquals(0, scripts.size(), "the pages have no script at all");
    } finally {
      noJs.quit();
    }
  }
}

package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.telephony.AmiTranscript;
import hotline.telephony.FakeAmiPeer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real Chromium (Debian's chromium and chromium-driver; skipped with a message where they are
 * missing), against the whole process on embedded PostgreSQL with telephony on: an agent signs in, sees their desk
 * and their cases, and text typed by a caller is shown as text. Screenshots go to {@code target/screenshots/}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsoleBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();

  static TelephonyApp running;
  static FakeAmiPeer peer;
  static String admin;
  static Browser browser;
  static String agentPassword = "Desk-" + UUID.randomUUID();
  static String agentToken;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD);
    peer = running.peer;
    admin = token("admin", ADMIN_PASSWORD);
    running.agent(admin, "zuoxi", agentPassword, "王受理");
    agentToken = token("zuoxi", agentPassword);
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  @Test
  void anAgentSignsInAndSeesTheirCasesWithDeadlinesAndCallersTextAsText() throws Exception {
    // Two cases of the agent's: one a caller wrote markup into, one dispatched with its deadline.
    String markup = "<img src=x onerror=alert(1)>";
    JsonObject typed = created(send("POST", "/api/cases", agentToken, complaint(markup)));
    JsonObject other = created(send("POST", "/api/cases", agentToken, complaint("卷烟疑似假冒")));

    browser.get("/");
    WebElement form = waitFor(By.cssSelector("[data-test=signin]"));
    shot("signin");
    // A wrong password: the server's reason in Chinese, and what was typed is still there.
    form.findElement(By.name("username")).sendKeys("zuoxi");
    form.findElement(By.name("password")).sendKeys("wrong-password");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement error = waitFor(By.cssSelector("[data-test=signin-error]"));
    assertEquals("用户名或密码错误。", error.getText());
    assertEquals("zuoxi", browser.driver.findElement(By.name("username")).getAttribute("value"));
    shot("signin-refused");

    WebElement password = browser.driver.findElement(By.name("password"));
    password.clear();
    password.sendKeys(agentPassword);
    browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement table = waitFor(By.cssSelector("[data-test=my-cases]"));
    assertEquals("王受理", browser.driver.findElement(By.cssSelector("[data-test=who]")).getText());
    waitFor(By.cssSelector("tr[data-number='" + other.getString("number") + "']"));
    WebElement row = table.findElement(By.cssSelector("tr[data-number='" + typed.getString("number") + "']"));
    assertTrue(row.getText().contains(markup), "the caller's markup shows as characters: " + row.getText());
    assertTrue(browser.driver.findElements(By.cssSelector("table img")).isEmpty(), "and is never an element");
    assertTrue(row.getText().contains("投诉") && row.getText().contains("已受理"), row.getText());
    shot("desk");
    // The filters go to the server: no inquiry among them, then both complaints again.
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.cssSelector("[data-test=case-filters] select[name=kind]")))
        .selectByValue("inquiry");
    assertEquals("没有符合条件的工单。", waitFor(By.cssSelector("[data-test=no-cases]")).getText());
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.cssSelector("[data-test=case-filters] select[name=kind]")))
        .selectByValue("complaint");
    waitFor(By.cssSelector("tr[data-number='" + typed.getString("number") + "']"));

    // The English switch changes the page, and is remembered across a reload.
    browser.driver.findElement(By.cssSelector("[data-test=lang]")).click();
    new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("main"), "My cases"));
    browser.driver.navigate().refresh();
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
        By.cssSelector("main"), "Complaint"));
    shot("desk-en");
    browser.driver.findElement(By.cssSelector("[data-test=lang]")).click();

    // Signing out ends the session: the sign-in page comes back and the cookie no longer opens the desk.
    browser.driver.findElement(By.cssSelector("[data-test=signout]")).click();
    waitFor(By.cssSelector("[data-test=signin]"));
    browser.driver.navigate().refresh();
    waitFor(By.cssSelector("[data-test=signin]"));
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=my-cases]")).isEmpty());
  }

  @Test
  void aCallRingingTheAgentPopsOnTheirDeskWithoutAReloadAndOnNoOtherDesk() throws Exception {
    long agentId = new JsonObject(send("GET", "/api/me", agentToken, null).body()).getLong("id");
    running.phone(admin, agentId, "Local/agent1@agents", "8001");
    String otherPassword = "Desk-" + UUID.randomUUID();
    running.agent(admin, "lisi", otherPassword, "李受理");
    // The other agent's desk is open too: its event stream must never carry this call.
    java.util.concurrent.CopyOnWriteArrayList<String> otherStream = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpRequest streamRequest = HttpRequest.newBuilder(URI.create(base() + "/api/events"))
        .header("Authorization", "Bearer " + token("lisi", otherPassword)).header("Accept", "text/event-stream").build();
    java.util.concurrent.CompletableFuture<?> other = TelephonyApp.HTTP.sendAsync(streamRequest, HttpResponse.BodyHandlers.ofLines())
        .thenAccept(r -> r.body().forEach(otherStream::add));

    signIn("zuoxi", agentPassword);
    waitFor(By.cssSelector("[data-test=my-cases], [data-test=no-cases]"));
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    List<List<Map.Entry<String, String>>> events = call.events();
    int connect = 0;
    while (!"AgentConnect".equals(AmiTranscript.value(events.get(connect), "Event"))) {
      connect++;
    }
    int upTo = connect;
    int[] i = {0};
    await(peer.replay(call, e -> i[0]++ <= upTo));
    WebElement pop = new WebDriverWait(browser.driver, Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=screenpop]")));
    String number = pop.findElement(By.cssSelector("[data-test=pop-number]")).getText();
    assertTrue(number.replaceAll("\\D", "").endsWith("13800138000"), "the caller's number on the card: " + number);
    // The card comes before the lookups; the caller's customers, cases and calls follow into it.
    new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.invisibilityOfElementLocated(
        By.cssSelector("[data-test=screenpop] [data-test=pop-lookup]")));
    assertEquals(1, pop.findElements(By.cssSelector(".pop-body")).size(), "the lookups' answer on the card: " + pop.getText());
    shot("desk-screenpop");
    int[] j = {0};
    await(peer.replay(call, e -> j[0]++ > upTo));
    new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.attributeContains(
        By.cssSelector("[data-test=screenpop]"), "class", "ended"));
    shot("desk-screenpop-ended");
    Thread.sleep(300);
    other.cancel(true);
    assertTrue(otherStream.stream().noneMatch(l -> l.contains("screenpop") || l.contains("13800138000")),
        "another agent's stream carried the call: " + otherStream);
    browser.driver.findElement(By.cssSelector("[data-test=signout]")).click();
    waitFor(By.cssSelector("[data-test=signin]"));
  }

  static void signIn(String user, String password) {
    browser.signIn(user, password);
  }

  @Test
  void thePagesAreServedWithAPolicyThatAllowsNoInlineScript() throws Exception {
    HttpResponse<String> index = send("GET", "/", null, null);
    assertEquals(200, index.statusCode());
    String csp = index.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
    assertFalse(index.body().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script in the shell");
    HttpResponse<String> vue = send("GET", "/webjars/vue/3.5.13/dist/vue.runtime.esm-browser.prod.js", null, null);
    assertEquals(200, vue.statusCode());
    assertTrue(vue.headers().firstValue("Content-Type").orElse("").contains("javascript"));
    // The API is untouched: no page where an operation is missing, and its answers stay JSON.
    HttpResponse<String> missing = send("GET", "/api/no-such-thing", null, null);
    assertEquals(404, missing.statusCode());
    assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    // In the browser: the policy holds (no violation reported while the page ran).
    browser.get("/");
    waitFor(By.cssSelector("#app > *"));
    Object violations = browser.script(
        "return performance.getEntriesByType('resource').filter(e => e.name.includes('webjars/vue')).length");
    assertEquals(1L, violations, "Vue was loaded from the WebJar");
  }

  // ---- helpers

  static String base() {
    return running.base();
  }

  static WebElement waitFor(By by) {
    return browser.waitFor(by);
  }

  static void shot(String name) throws IOException {
    browser.shot(name);
  }

  static JsonObject complaint(String subject) {
    return new JsonObject().put("kind", "complaint").put("channel", "phone").put("partyType", "consumer")
        .put("subject", subject).put("content", "在某零售店购买的香烟疑似假冒。")
        .put("contact", new JsonObject().put("name", "张三").put("phones", new JsonArray().add("13800138000")));
  }

  static HttpResponse<String> send(String method, String path, String token, JsonObject body) throws Exception {
    return running.send(method, path, token, body);
  }

  static JsonObject created(HttpResponse<String> r) {
    return TelephonyApp.ok(r, 201);
  }

  static String token(String user, String password) throws Exception {
    return running.login(user, password);
  }

}

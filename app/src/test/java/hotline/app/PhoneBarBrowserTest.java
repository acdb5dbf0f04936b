package hotline.app;

import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.telephony.AmiTranscript;
import hotline.telephony.FakeAmiPeer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
 * The phone bar on the agent's desk in a real Chromium, against the whole process and the fake Asterisk answering
 * QueueStatus and QueuePause as the recorded one did (transcripts 08 and 09): the agent is available, pauses for a meal
 * (QueuePause reaches Asterisk with the interface, Paused true and the reason), resumes, sees a caller waiting and the
 * wait ticking without a reload, and the link going down. Screenshots phonebar-*.png in target/screenshots/.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PhoneBarBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();

  static TelephonyApp running;
  static FakeAmiPeer peer;
  static Browser browser;
  static String agentPassword = "Desk-" + UUID.randomUUID();
  static List<Map.Entry<String, String>> recordedPause;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    AmiTranscript.requireAvailable();
    List<List<Map.Entry<String, String>>> status = AmiTranscript.load("08-queue-status").responseFor("qs-1");
    recordedPause = AmiTranscript.load("09-queue-pause").events("QueueMemberPause").get(0);
    running = TelephonyApp.start(ADMIN_PASSWORD, p -> p
        .onAction("QueueStatus", (action, peer) -> peer.replyAll(action, status))
        .onAction("QueuePause", (action, peer) -> {
          boolean paused = "true".equalsIgnoreCase(action.get("Paused"));
          peer.reply(action, "Response", "Success", "Message", paused ? "Interface paused successfully" : "Interface unpaused successfully");
          // LastPause: the time of this pause, as Asterisk stamps it (not the recording's).
          peer.emit(with(with(with(recordedPause, "Paused", paused ? "1" : "0"), "PausedReason",
              paused ? action.getOrDefault("Reason", "") : ""), "LastPause", String.valueOf(java.time.Instant.now().getEpochSecond())));
        }));
    peer = running.peer;
    String admin = running.login("admin", ADMIN_PASSWORD);
    running.phone(admin, running.agent(admin, "huawu", agentPassword, "赵话务"), "Local/agent1@agents", "8001");
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  @Test
  void anAgentPausesForAMealResumesAndSeesCallersWaitingLive() throws Exception {
    browser.signIn("huawu", agentPassword);
    WebElement bar = browser.waitFor(By.cssSelector("[data-test=phonebar][data-state=available]"), Duration.ofSeconds(20));
    assertEquals("8001", text("phonebar-extension"));
    assertEquals("空闲", text("phonebar-state"));
    assertEquals("0:00", text("phonebar-talk"));
    assertEquals("0 通", text("phonebar-calls"));
    assertEquals("0 通", text("phonebar-waiting"));
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=phonebar-error]")).isEmpty());
    WebElement pause = bar.findElement(By.cssSelector("[data-test=phonebar-pause]"));
    assertFalse(pause.isEnabled(), "a pause needs its reason first");
    shot("phonebar-available");

    // 用餐, then 示忙: QueuePause reaches Asterisk with the phone's interface, Paused true and the reason's code.
    int before = peer.received("QueuePause").size();
    new Select(bar.findElement(By.cssSelector("[data-test=phonebar-reason]"))).selectByVisibleText("用餐");
    pause.click();
    browser.waitFor(By.cssSelector("[data-test=phonebar][data-state=paused]"));
    browser.waitForText(By.cssSelector("[data-test=phonebar-state]"), "示忙：用餐");
    // Paused for seconds, ticking.
    String pausedFor = text("phonebar-paused-for");
    assertTrue(pausedFor.matches("0:0\\d"), "paused for " + pausedFor);
    List<Map<String, String>> sent = peer.received("QueuePause");
    assertEquals(before + 1, sent.size());
    assertEquals("Local/agent1@agents", sent.get(before).get("Interface"));
    assertEquals("true", sent.get(before).get("Paused"));
    assertEquals("meal", sent.get(before).get("Reason"));
    assertNull(sent.get(before).get("Queue"), "every queue the phone is in");
    shot("phonebar-paused");

    // The same in English.
    browser.driver.findElement(By.cssSelector("[data-test=lang]")).click();
    browser.waitForText(By.cssSelector("[data-test=phonebar-state]"), "Paused: Meal");
    assertEquals("Resume", text("phonebar-unpause"));
    shot("phonebar-paused-en");
    browser.driver.findElement(By.cssSelector("[data-test=lang]")).click();
    browser.waitForText(By.cssSelector("[data-test=phonebar-state]"), "示忙：用餐");

    // 示闲: Paused false, no reason; available again.
    browser.driver.findElement(By.cssSelector("[data-test=phonebar-unpause]")).click();
    browser.waitFor(By.cssSelector("[data-test=phonebar][data-state=available]"));
    sent = peer.received("QueuePause");
    assertEquals(before + 2, sent.size());
    assertEquals("Local/agent1@agents", sent.get(before + 1).get("Interface"));
    assertEquals("false", sent.get(before + 1).get("Paused"));
    assertNull(sent.get(before + 1).get("Reason"));

    // A caller joins the queue (transcript 02, as Asterisk wrote it): 1 call waiting, without a reload; the wait ticks.
    AmiTranscript call = AmiTranscript.load("02-inbound-hotline-queue-agent").withFreshIds();
    await(peer.emit(call.events("QueueCallerJoin").get(0)));
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(
        By.cssSelector("[data-test=phonebar-waiting]"), "data-count", "1"));
    assertEquals("1 通", text("phonebar-waiting"));
    String first = text("phonebar-longest");
    Thread.sleep(2_200);
    String later = text("phonebar-longest");
    assertTrue(later.startsWith("最长 0:0") && !later.equals(first), "the longest wait ticks: " + first + " → " + later);
    shot("phonebar-waiting");
    await(peer.emit(call.events("QueueCallerLeave").get(0)));
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(
        By.cssSelector("[data-test=phonebar-waiting]"), "data-count", "0"));
    assertEquals("", text("phonebar-longest"));

    // Asterisk goes away: the bar says so, in the user's language, and offers no pause.
    await(peer.close());
    browser.waitFor(By.cssSelector("[data-test=phonebar][data-state=down]"), Duration.ofSeconds(15));
    assertEquals("与电话交换机的连接已断开", text("phonebar-state"));
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=phonebar-pause]")).isEmpty());
    shot("phonebar-down");
  }

  static String text(String test) {
    return browser.driver.findElement(By.cssSelector("[data-test=" + test + "]")).getText();
  }

  static void shot(String name) throws IOException {
    browser.shot(name);
  }

  static List<Map.Entry<String, String>> with(List<Map.Entry<String, String>> block, String key, String value) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Map.Entry<String, String> e : block) {
      out.add(e.getKey().equalsIgnoreCase(key) ? Map.entry(e.getKey(), value) : e);
    }
    return out;
  }
}

package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The account pages in a real Chromium: a lockout says how long to wait; a session that ends under an open page
 * asks to sign in again over it and the page keeps what was typed; changing one's own password; a reset password
 * leads straight to the change-password page.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AccountBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static String admin;

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

  static long agent(String name, String password) throws Exception {
    return running.agent(admin, name, password, "受理员" + name);
  }

  @Test
  void aLockedOutUserIsToldHowLongToWaitAndKeepsWhatWasTyped() throws Exception {
    agent("suoding", "Desk-" + UUID.randomUUID());
    browser.get("/");
    WebElement form = browser.waitFor(By.cssSelector("[data-test=signin]"));
    form.findElement(By.name("username")).sendKeys("suoding");
    String last = "";
    for (int i = 0; i < 6; i++) {
      WebElement password = browser.driver.findElement(By.name("password"));
      password.clear();
      password.sendKeys("wrong-" + i);
      browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
      String before = last;
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(10)).until(d -> {
        var e = d.findElements(By.cssSelector("[data-test=signin-error]"));
        return !e.isEmpty() && !e.get(0).getText().isEmpty() && (d.findElement(By.cssSelector("button[type=submit]")).isEnabled());
      });
      last = browser.driver.findElement(By.cssSelector("[data-test=signin-error]")).getText();
      assertTrue(!last.isEmpty(), before);
    }
    // The sixth try is refused without checking the password, and says how long to wait, in Chinese.
    assertTrue(last.contains("秒") || last.contains("分钟"), "the lockout says how long: " + last);
    assertEquals("suoding", browser.driver.findElement(By.name("username")).getAttribute("value"));
    browser.shot("signin-locked");
  }

  @Test
  void aSessionEndingUnderAnOpenPageAsksToSignInAgainOverItAndKeepsWhatWasTyped() throws Exception {
    String password = "Desk-" + UUID.randomUUID();
    agent("guoqi", password);
    browser.signIn("guoqi", password);
    WebElement search = browser.waitFor(By.cssSelector("input[name=q]"));
    search.sendKeys("假冒卷烟");
    // The session ends elsewhere: the user changes the password from another session, which revokes this one.
    String other = running.login("guoqi", password);
    String changed = "Desk-" + UUID.randomUUID();
    TelephonyApp.ok(running.send("PUT", "/api/me/password", other, new JsonObject().put("currentPassword", password)
        .put("newPassword", changed)), 200);
    search.submit();
    WebElement overlay = browser.waitFor(By.cssSelector("[data-test=expired] [data-test=signin]"));
    assertTrue(overlay.getText().contains("登录已过期"), overlay.getText());
    assertEquals("guoqi", overlay.findElement(By.name("username")).getAttribute("value"), "the user name is filled in");
    browser.shot("session-expired");
    overlay.findElement(By.name("password")).sendKeys(changed);
    overlay.findElement(By.cssSelector("button[type=submit]")).click();
    new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(10))
        .until(d -> d.findElements(By.cssSelector("[data-test=expired]")).isEmpty());
    assertEquals("假冒卷烟", browser.driver.findElement(By.cssSelector("input[name=q]")).getAttribute("value"),
        "what was typed before the session ended is still there");
    browser.signOut();
  }

  @Test
  void aUserChangesTheirPasswordAndAResetOneLeadsStraightToTheChange() throws Exception {
    String password = "Desk-" + UUID.randomUUID();
    long id = agent("gaimi", password);
    browser.signIn("gaimi", password);
    browser.driver.findElement(By.cssSelector("[data-test=who]")).click();
    WebElement form = browser.waitFor(By.cssSelector("[data-test=password-form]"));
    browser.shot("password");
    // Two different new passwords: refused on the page, nothing sent.
    form.findElement(By.name("currentPassword")).sendKeys(password);
    form.findElement(By.name("newPassword")).sendKeys("Desk-" + UUID.randomUUID());
    form.findElement(By.name("newPasswordAgain")).sendKeys("Desk-" + UUID.randomUUID());
    form.findElement(By.cssSelector("button[type=submit]")).click();
    assertEquals("两次输入的新密码不一致。", browser.waitFor(By.cssSelector("[data-test=password-error]")).getText());
    // A weak one: the server's policy says why, in Chinese.
    setNew(form, "gaimi123gaimi");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    browser.waitForText(By.cssSelector("[data-test=password-error]"), "用户名");
    String changed = "Desk-" + UUID.randomUUID();
    setNew(form, changed);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    browser.waitFor(By.cssSelector("[data-test=password-done]"));
    browser.signOut();
    browser.signIn("gaimi", changed);
    browser.signOut();

    // The admin resets it: signing in with the temporary one shows only the change-password page.
    String temporary = TelephonyApp.ok(running.send("POST", "/api/users/" + id + "/password-reset", admin, new JsonObject()), 200)
        .getString("temporaryPassword");
    browser.signIn("gaimi", temporary);
    WebElement forced = browser.waitFor(By.cssSelector("[data-test=password-form]"));
    assertTrue(forced.getText().contains("您的密码已被重置"), forced.getText());
    browser.driver.findElement(By.cssSelector("[data-test=menu-desk]")).click();
    browser.waitFor(By.cssSelector("[data-test=password-form]"));
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=my-cases], [data-test=no-cases]")).isEmpty(),
        "nothing else opens before the password is changed");
    browser.shot("password-must-change");
    forced.findElement(By.name("currentPassword")).sendKeys(temporary);
    String mine = "Desk-" + UUID.randomUUID();
    setNew(forced, mine);
    forced.findElement(By.cssSelector("button[type=submit]")).click();
    browser.waitFor(By.cssSelector("[data-test=my-cases], [data-test=no-cases]"));
    browser.signOut();
  }

  private static void setNew(WebElement form, String password) {
    for (String name : new String[] {"newPassword", "newPasswordAgain"}) {
      WebElement e = form.findElement(By.name(name));
      e.clear();
      e.sendKeys(password);
    }
  }
}

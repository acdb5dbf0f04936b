package hotline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin pages in a real Chromium, telephony on: the admin lands on Users, creates an agent with a phone through
 * the form (a refusal shown at its field first), the temporary password shown once; the new user signs in and must
 * change it; the admin deactivates and reactivates that user, resets the password and revokes a session; creates a
 * unit with its first responsible person and edits the contact; adds a customer with numbers and removes one.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminBrowserTest {

  static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
  static TelephonyApp running;
  static Browser browser;
  static String admin;
  static String leader;
  static final String LEADER_PASSWORD = "Lead-" + UUID.randomUUID();

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    running = TelephonyApp.start(ADMIN_PASSWORD);
    admin = running.login("admin", ADMIN_PASSWORD);
    running.user(admin, "lingdao", LEADER_PASSWORD, "刘领导", "leader", null);
    leader = running.login("lingdao", LEADER_PASSWORD);
    browser = Browser.open(running.base());
  }

  @AfterAll
  static void stop() throws Exception {
    TelephonyApp.stop(browser, running);
  }

  static void type(WebElement input, String text) {
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    input.sendKeys(text);
  }

  /** Signs in as the user, signing out whoever is signed in first. */
  static void signIn(String user, String password) {
    browser.get("/");
    waitFor(By.cssSelector("[data-test=signin], [data-test=signout]"));
    if (!browser.driver.findElements(By.cssSelector("[data-test=signout]")).isEmpty()) {
      browser.signOut();
    }
    browser.signIn(user, password);
  }

  static WebElement row(String username) {
    return waitFor(By.cssSelector("[data-test=user-row][data-username='" + username + "']"));
  }

  static void waitUntil(java.util.function.Supplier<Boolean> condition) {
    new WebDriverWait(browser.driver, Duration.ofSeconds(10), Duration.ofMillis(50)).until(d -> condition.get());
  }

  /** Waits as {@link Browser#waitFor}, looking every 50 ms (the pages answer in tens of milliseconds). */
  static WebElement waitFor(By by) {
    return new WebDriverWait(browser.driver, Duration.ofSeconds(10), Duration.ofMillis(50))
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  static void waitForText(By by, String text) {
    new WebDriverWait(browser.driver, Duration.ofSeconds(10), Duration.ofMillis(50))
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  static int status(String method, String path, String token) throws Exception {
    return running.send(method, path, token, method.equals("GET") || method.equals("DELETE") ? null : new JsonObject()).statusCode();
  }

  @Test
  @Order(1)
  void theAdminCreatesAnAgentWithAPhoneWhoMustChangeTheTemporaryPassword() throws Exception {
    signIn("admin", ADMIN_PASSWORD);
    // The admin's first page is Users.
    row("admin");
    assertTrue(browser.driver.getCurrentUrl().endsWith("#/admin/users"), browser.driver.getCurrentUrl());
    browser.load("/#/admin/users", By.cssSelector("[data-test=user-row][data-username=lingdao]"));

    waitFor(By.cssSelector("[data-test=user-new]")).click();
    WebElement form = waitFor(By.cssSelector("[data-test=user-create]"));
    // A taken name first: refused in Chinese, at the user name field, with everything typed kept.
    type(form.findElement(By.name("username")), "lingdao");
    type(form.findElement(By.name("displayName")), "王小受");
    type(form.findElement(By.name("extension")), "8005");
    type(form.findElement(By.name("interface")), "PJSIP/8005");
    form.findElement(By.cssSelector("[data-test=user-create-submit]")).click();
    waitForText(By.cssSelector("[data-test=user-create-error]"), "lingdao");
    WebElement username = form.findElement(By.name("username"));
    assertEquals("true", username.getAttribute("aria-invalid"));
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=user-create-error]")).getText().contains("已被"),
        browser.driver.findElement(By.cssSelector("[data-test=user-create-error]")).getText());
    assertEquals("PJSIP/8005", form.findElement(By.name("interface")).getAttribute("value"));
    browser.shot("admin-users-create-error");

    type(username, "xiaowang");
    form.findElement(By.cssSelector("[data-test=user-create-submit]")).click();
    String temporary = waitFor(By.cssSelector("[data-test=temporary-password]")).getText().strip();
    assertTrue(temporary.length() >= 12, temporary);
    WebElement created = row("xiaowang");
    waitForText(By.cssSelector("[data-test=user-row][data-username=xiaowang] [data-test=user-phone]"), "8005");
    assertTrue(created.getText().contains("受理员") && created.getText().contains("须改密码"), created.getText());
    browser.shot("admin-users");

    // The phone went to telephony: listed for those who read the users, not for agents; removable once.
    long id = new JsonArray(running.send("GET", "/api/users", leader, null).body()).stream().map(JsonObject.class::cast)
        .filter(u -> u.getString("username").equals("xiaowang")).findFirst().orElseThrow().getLong("id");
    JsonArray phones = new JsonArray(running.send("GET", "/api/users/phones", leader, null).body());
    assertEquals(new JsonObject().put("userId", id).put("interface", "PJSIP/8005").put("extension", "8005"),
        phones.stream().map(JsonObject.class::cast).filter(p -> p.getLong("userId") == id).findFirst().orElseThrow());

    // The secret is shown this once: hidden for good, and on no list.
    browser.driver.findElement(By.cssSelector("[data-test=shown-once-done]")).click();
    browser.get("/#/admin/customers");
    browser.get("/#/admin/users");
    row("xiaowang");
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=temporary-password]")).isEmpty());
    assertTrue(!running.send("GET", "/api/users", admin, null).body().contains(temporary));

    // The new agent signs in with it and has to change it before anything else.
    browser.signOut();
    browser.signIn("xiaowang", temporary);
    WebElement change = waitFor(By.cssSelector("[data-test=password-form]"));
    change.findElement(By.name("currentPassword")).sendKeys(temporary);
    String chosen = "Lotus-Ferry-Amber-19";
    change.findElement(By.name("newPassword")).sendKeys(chosen);
    change.findElement(By.name("newPasswordAgain")).sendKeys(chosen);
    change.findElement(By.cssSelector("button[type=submit]")).click();
    // Changed: the page asks no more, the desk shows.
    waitFor(By.cssSelector("[data-test=case-filters]"));
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=password-form]")).isEmpty());
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test='menu-admin/users']")).isEmpty(), "no admin pages for an agent");
    browser.signOut();
    running.login("xiaowang", chosen);

    // The phone API's own rules.
    assertEquals(403, status("GET", "/api/users/phones", running.login("xiaowang", chosen)));
    long leaderId = new JsonObject(running.send("GET", "/api/me", leader, null).body()).getLong("id");
    assertEquals(404, status("DELETE", "/api/users/" + leaderId + "/phone", admin));
    assertEquals(403, status("DELETE", "/api/users/" + id + "/phone", leader));
  }

  @Test
  @Order(2)
  void theAdminDeactivatesReactivatesResetsAPasswordAndRevokesASession() throws Exception {
    String password = "Cedar-Meadow-Copper-73";
    running.agent(admin, "xiaozhao", password, "赵受理");
    signIn("admin", ADMIN_PASSWORD);
    WebElement r = row("xiaozhao");

    // Deactivated after a confirmation: cannot sign in.
    r.findElement(By.cssSelector("[data-test=user-active]")).click();
    WebElement confirm = waitFor(By.cssSelector("[data-test=user-active-confirm]"));
    assertTrue(confirm.getText().contains("停用 xiaozhao"), confirm.getText());
    confirm.findElement(By.cssSelector("[data-test=confirm-yes]")).click();
    waitForText(By.cssSelector("[data-test=user-row][data-username=xiaozhao] [data-test=user-state]"), "已停用");
    assertEquals(401, running.send("POST", "/api/session", null, new JsonObject().put("username", "xiaozhao").put("password", password))
        .statusCode());
    browser.shot("admin-users-deactivated");
    // Reactivated.
    row("xiaozhao").findElement(By.cssSelector("[data-test=user-active]")).click();
    waitFor(By.cssSelector("[data-test=user-active-confirm] [data-test=confirm-yes]")).click();
    waitForText(By.cssSelector("[data-test=user-row][data-username=xiaozhao] [data-test=user-state]"), "启用");
    String session = running.login("xiaozhao", password);

    // Roles: a unit responder needs its unit (refused at the unit's field); the supervision office is granted, audited.
    row("xiaozhao").findElement(By.cssSelector("[data-test=user-roles]")).click();
    WebElement roles = waitFor(By.cssSelector("[data-test=user-roles-form]"));
    roles.findElement(By.cssSelector("[data-test=roles-unit_responder]")).click();
    roles.findElement(By.cssSelector("[data-test=user-roles-save]")).click();
    waitForText(By.cssSelector("[data-test=user-roles-form] [data-test=form-error]"), "单位");
    assertEquals("true", roles.findElement(By.name("unitId")).getAttribute("aria-invalid"));
    roles.findElement(By.cssSelector("[data-test=roles-unit_responder]")).click();
    roles.findElement(By.cssSelector("[data-test=roles-supervisor]")).click();
    roles.findElement(By.cssSelector("[data-test=user-roles-save]")).click();
    waitForText(By.cssSelector("[data-test=user-row][data-username=xiaozhao]"), "整顿办");
    JsonObject grant = new JsonObject(running.send("GET", "/api/users/sensitive-changes", leader, null).body()).getJsonArray("items")
        .getJsonObject(0);
    assertEquals("user.grant_sensitive_role", grant.getString("action"));
    assertEquals("xiaozhao", grant.getJsonObject("detail").getString("username"));
    assertEquals("supervisor", grant.getJsonObject("detail").getString("role"));

    // A session revoked from the tokens panel: refused from its next request.
    row("xiaozhao").findElement(By.cssSelector("[data-test=user-tokens]")).click();
    WebElement tokens = waitFor(By.cssSelector("[data-test=user-tokens] [data-test=token-row]"));
    assertTrue(tokens.getText().contains("浏览器会话"), tokens.getText());
    browser.shot("admin-users-tokens");
    assertEquals(200, status("GET", "/api/me", session));
    tokens.findElement(By.cssSelector("[data-test=token-revoke]")).click();
    waitUntil(() -> browser.driver.findElements(By.cssSelector("[data-test=token-row]")).isEmpty());
    assertEquals(401, status("GET", "/api/me", session));

    // A password reset: a temporary password shown once, which signs in only to change it.
    row("xiaozhao").findElement(By.cssSelector("[data-test=user-password]")).click();
    waitFor(By.cssSelector("[data-test=user-reset-confirm] [data-test=confirm-yes]")).click();
    String temporary = waitFor(By.cssSelector("[data-test=temporary-password]")).getText().strip();
    waitForText(By.cssSelector("[data-test=user-row][data-username=xiaozhao]"), "须改密码");
    browser.shot("admin-users-reset");
    JsonObject signedIn = TelephonyApp.ok(running.send("POST", "/api/session", null, new JsonObject().put("username", "xiaozhao")
        .put("password", temporary)), 200);
    assertEquals(true, signedIn.getBoolean("mustChangePassword"));
    assertEquals(401, running.send("POST", "/api/session", null, new JsonObject().put("username", "xiaozhao").put("password", password))
        .statusCode());

    // Nobody acts on their own account: the admin's own buttons are off.
    WebElement own = row("admin");
    assertNotNull(own.findElement(By.cssSelector("[data-test=user-active]")).getAttribute("disabled"));
    assertNotNull(own.findElement(By.cssSelector("[data-test=user-roles]")).getAttribute("disabled"));

    // On a phone's width the list scrolls sideways inside its card, the page does not.
    browser.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      row("xiaozhao");
      browser.shot("admin-users-phone");
      Number overflow = (Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
      assertTrue(overflow.intValue() <= 0, "the page is wider than the phone by " + overflow);
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1366, 900));
    }
  }

  @Test
  @Order(3)
  void theAdminCreatesAUnitWithItsFirstResponsiblePersonAndEditsTheContact() throws Exception {
    signIn("admin", ADMIN_PASSWORD);
    browser.load("/#/admin/units", By.cssSelector("[data-test=admin-units] [data-test=unit-new]"));
    browser.driver.findElement(By.cssSelector("[data-test=unit-new]")).click();
    WebElement form = waitFor(By.cssSelector("[data-test=unit-create]"));
    type(form.findElement(By.name("name")), "宝安区烟草专卖局");
    type(form.findElement(By.name("code")), "BA");
    new Select(form.findElement(By.name("kind"))).selectByValue("county_bureau");
    type(form.findElement(By.name("c_name")), "刘主任");
    type(form.findElement(By.name("c_title")), "局长");
    type(form.findElement(By.name("c_phone")), "0755-27770000");
    type(form.findElement(By.name("c_email")), "baoan@example.cn");
    type(form.findElement(By.name("c_fax")), "0755-27770001");
    form.findElement(By.cssSelector("[data-test=unit-create-submit]")).click();
    WebElement detail = waitFor(By.cssSelector("[data-test=unit-detail][data-unit='宝安区烟草专卖局']"));
    WebElement contact = detail.findElement(By.cssSelector("[data-test=contact-row][data-name='刘主任']"));
    assertTrue(contact.getText().contains("第一责任人") && contact.getText().contains("baoan@example.cn"), contact.getText());

    // The contact's e-mail changes; a wrong one first is refused at its field, in Chinese.
    contact.findElement(By.cssSelector("[data-test=contact-edit]")).click();
    WebElement edit = waitFor(By.cssSelector("[data-test=contact-form]"));
    type(edit.findElement(By.name("email")), "liu-at-baoan");
    edit.findElement(By.cssSelector("[data-test=contact-save]")).click();
    waitForText(By.cssSelector("[data-test=contact-error]"), "liu-at-baoan");
    assertTrue(browser.driver.findElement(By.cssSelector("[data-test=contact-error]")).getText().contains("不是有效的电子邮箱地址"));
    assertEquals("true", edit.findElement(By.name("email")).getAttribute("aria-invalid"));
    browser.shot("admin-units-error");
    type(edit.findElement(By.name("email")), "liu@baoan.example.cn");
    edit.findElement(By.cssSelector("[data-test=contact-save]")).click();
    waitForText(By.cssSelector("[data-test=contact-row][data-name='刘主任']"), "liu@baoan.example.cn");

    // A second contact, made the first responsible person: the only one.
    browser.driver.findElement(By.cssSelector("[data-test=contact-add]")).click();
    WebElement add = waitFor(By.cssSelector("[data-test=contact-form]"));
    type(add.findElement(By.name("name")), "何科长");
    type(add.findElement(By.name("email")), "he@baoan.example.cn");
    add.findElement(By.cssSelector("[data-test=contact-save]")).click();
    WebElement he = waitFor(By.cssSelector("[data-test=contact-row][data-name='何科长']"));
    he.findElement(By.cssSelector("[data-test=contact-first]")).click();
    waitForText(By.cssSelector("[data-test=admin-notice]"), "何科长");
    browser.shot("admin-units");

    JsonObject unit = new JsonArray(running.send("GET", "/api/units", admin, null).body()).stream().map(JsonObject.class::cast)
        .filter(u -> u.getString("name").equals("宝安区烟草专卖局")).findFirst().orElseThrow();
    assertEquals("BA", unit.getString("code"));
    JsonArray contacts = unit.getJsonArray("contacts");
    assertEquals(List.of("何科长", "刘主任"), contacts.stream().map(o -> ((JsonObject) o).getString("name")).toList());
    assertEquals(List.of(true, false), contacts.stream().map(o -> ((JsonObject) o).getBoolean("firstResponsible")).toList());
    assertEquals("liu@baoan.example.cn", contacts.getJsonObject(1).getString("email"));
    assertEquals("0755-27770001", contacts.getJsonObject(1).getString("fax"));
    browser.signOut();
  }

  @Test
  @Order(4)
  void theAdminAddsACustomerWithANumberAndRemovesOne() throws Exception {
    signIn("admin", ADMIN_PASSWORD);
    browser.load("/#/admin/customers", By.cssSelector("[data-test=customer-search]"));
    browser.driver.findElement(By.cssSelector("[data-test=customer-new]")).click();
    WebElement form = waitFor(By.cssSelector("[data-test=customer-create]"));
    type(form.findElement(By.name("name")), "观澜好又多便利店");
    new Select(form.findElement(By.name("partyType"))).selectByValue("retailer");
    type(form.findElement(By.name("phone")), "137 1234 5678");
    // A retailer without its licence: refused at the licence field, the rest kept.
    form.findElement(By.cssSelector("[data-test=customer-create-submit]")).click();
    waitForText(By.cssSelector("[data-test=customer-create-error]"), "许可证");
    assertEquals("true", form.findElement(By.name("licenceNo")).getAttribute("aria-invalid"));
    type(form.findElement(By.name("licenceNo")), "440309000111");
    form.findElement(By.cssSelector("[data-test=customer-create-submit]")).click();
    WebElement detail = waitFor(By.cssSelector("[data-test=customer-detail][data-name='观澜好又多便利店']"));
    waitFor(By.cssSelector("[data-test=customer-phone][data-phone='137 1234 5678']"));

    // A second number, then the first removed after a confirmation.
    type(detail.findElement(By.cssSelector("[data-test=phone-add] input[name=phone]")), "0755-29001234");
    detail.findElement(By.cssSelector("[data-test=phone-add-submit]")).click();
    waitFor(By.cssSelector("[data-test=customer-phone][data-phone='0755-29001234']"));
    browser.driver.findElement(By.cssSelector("[data-test=customer-phone][data-phone='137 1234 5678'] [data-test=phone-remove]")).click();
    waitFor(By.cssSelector("[data-test=phone-remove-confirm] [data-test=confirm-yes]")).click();
    waitUntil(() -> browser.driver.findElements(By.cssSelector("[data-test=customer-phone][data-phone='137 1234 5678']")).isEmpty());

    // Found again by a part of the remaining number.
    type(browser.driver.findElement(By.cssSelector("[data-test=customer-search]")), "29001234");
    browser.driver.findElement(By.cssSelector("[data-test=customer-search-submit]")).click();
    waitFor(By.cssSelector("[data-test=customer-row][data-name='观澜好又多便利店']")).click();
    waitFor(By.cssSelector("[data-test=customer-detail]"));
    browser.shot("admin-customers");

    JsonArray found = new JsonArray(running.send("GET", "/api/customers?phone=075529001234", admin, null).body());
    assertEquals(1, found.size());
    assertEquals(List.of("0755-29001234"), found.getJsonObject(0).getJsonArray("phones").getList());
    assertEquals("440309000111", found.getJsonObject(0).getString("licenceNo"));
    assertEquals(0, new JsonArray(running.send("GET", "/api/customers?phone=13712345678", admin, null).body()).size());
  }

  @Test
  @Order(5)
  void leadersReadUsersAndUnitsWithoutTheButtons() throws Exception {
    signIn("lingdao", LEADER_PASSWORD);
    browser.get("/#/admin/users");
    row("xiaowang");
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=user-new], [data-test=user-active]")).isEmpty());
    browser.get("/#/admin/units");
    waitFor(By.cssSelector("[data-test=unit-detail]"));
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test=unit-new], [data-test=contact-edit]")).isEmpty());
    assertTrue(browser.driver.findElements(By.cssSelector("[data-test='menu-admin/customers']")).isEmpty());
    browser.shot("admin-units-leader");
    browser.signOut();
  }
}

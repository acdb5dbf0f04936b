package hotline.users;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The password policy on its own: length, no user name inside, and zxcvbn's score by role. */
class PasswordPolicyTest {

  private static HotlineException refused(String password, String username, Set<Role> roles) {
    HotlineException e = assertThrows(HotlineException.class,
        () -> PasswordPolicy.check("password", password, username, "张三", roles));
    assertEquals(ErrorCode.VALIDATION_FAILED, e.code());
    return e;
  }

  @Test
  void everyPasswordHasEightToTwoHundredFiftySixCharacters() {
    HotlineException e = refused("Xq7!mz", "zhangsan", Set.of(Role.AGENT));
    assertEquals("“password”：密码长度为 8 到 256 个字符。", e.message(Messages.CHINESE));
    assertEquals("The field \"password\": a password has 8 to 256 characters.", e.message(Locale.ENGLISH));
    refused("a".repeat(257), "zhangsan", Set.of(Role.AGENT));
  }

  @Test
  void noPasswordHoldsTheUserNameInAnyCase() {
    HotlineException e = refused("my-ZhangSan-is-long-and-random-8q!", "zhangsan", Set.of(Role.AGENT));
    assertEquals("The field \"password\": a password must not contain the user name.", e.message(Locale.ENGLISH));
    assertEquals("“password”：密码不能包含用户名。", e.message(Messages.CHINESE));
  }

  @Test
  void commonPasswordsAreRefusedForEveryone() {
    for (String common : new String[] {"12345678", "password", "qwertyuiop", "iloveyou1", "P@ssw0rd"}) {
      HotlineException e = refused(common, "zhangsan", Set.of(Role.AGENT));
      assertTrue(e.message(Locale.ENGLISH).contains("too easy to guess"), common + ": " + e.getMessage());
    }
  }

  @Test
  void theRolesThatSeeIdentitiesNeedAStrongerPassword() {
    // zxcvbn scores this 2 of 4: enough for an agent, not for a leader, supervisor or admin.
    String fair = "password-123";
    assertEquals(2, PasswordPolicy.score(fair, "wanglei", "王磊"));
    assertDoesNotThrow(() -> PasswordPolicy.check("password", fair, "wanglei", "王磊", Set.of(Role.AGENT)));
    assertDoesNotThrow(() -> PasswordPolicy.check("password", fair, "wanglei", "王磊", Set.of(Role.UNIT_RESPONDER)));
    for (Role sensitive : new Role[] {Role.LEADER, Role.SUPERVISOR, Role.ADMIN}) {
      HotlineException e = refused(fair, "wanglei", Set.of(Role.AGENT, sensitive));
      assertEquals("“password”：该密码太容易被猜到（强度 2/4，这些角色至少需要 3）。请使用更长、不常见的词组，避免姓名、日期、键盘顺序和常用密码。",
          e.message(Messages.CHINESE));
    }
    assertDoesNotThrow(() -> PasswordPolicy.check("password", "correct horse battery staple", "wanglei", "王磊", Set.of(Role.LEADER)));
  }

  @Test
  void theDisplayNameCountsAsAWordAGuesserKnows() {
    String withName = "Wang.Lei-2024";
    int plain = PasswordPolicy.score(withName, "someone", "someone");
    int known = PasswordPolicy.score(withName, "wl", "Wang.Lei");
    assertTrue(known < plain, "the display name lowers the score: " + known + " vs " + plain);
  }

  @Test
  void generatedTemporaryPasswordsMeetThePolicyOfEveryRole() {
    for (int i = 0; i < 50; i++) {
      String t = Passwords.temporary();
      assertTrue(t.matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"), t);
      assertDoesNotThrow(() -> PasswordPolicy.check("password", t, "admin", "管理员", Set.of(Role.ADMIN, Role.LEADER)));
    }
  }

  @Test
  void deploymentsHashWithTheFullCountAndAHashOfEitherCountVerifies() throws Exception {
    assertEquals(210_000, Passwords.iterations(null));
    assertEquals(210_000, Passwords.iterations(" "));
    assertEquals(1_000, Passwords.iterations("1000"));
    assertEquals(1_000, Passwords.iterations("10"), "never below 1,000");
    assertEquals(210_000, Passwords.iterations("999999"), "never above the full count");
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      String full = io.vertx.ext.auth.hashing.HashingStrategy.load().hash("pbkdf2", java.util.Map.of("it", "210000"),
          "AAAAAAAAAAAAAAAAAAAAAA", "Correct-Horse-9");
      assertTrue(hotline.testing.Waiting.await(new Passwords(vertx).verify(full, "Correct-Horse-9")));
      assertEquals(false, hotline.testing.Waiting.await(new Passwords(vertx).verify(full, "Correct-Horse-8")));
    } finally {
      hotline.testing.Waiting.await(vertx.close());
    }
  }
}

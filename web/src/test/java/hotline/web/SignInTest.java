package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guessing passwords is slowed down per user name; other users are not affected. */
class SignInTest extends ApiTestBase {

  private static Res signIn(String user, String password) throws Exception {
    return call("POST", "/api/session", null, new JsonObject().put("username", user).put("password", password).encode(),
        Map.of("Accept-Language", "zh-CN"));
  }

  @Test
  void fiveWrongPasswordsLockTheNameForAWhile() throws Exception {
    user("locky", null, "agent");
    user("bystander", null, "agent");
    for (int i = 0; i < 5; i++) {
      assertEquals(401, signIn("locky", "wrong-" + i).status());
    }
    Res locked = signIn("locky", "pw-locky-123");
    assertEquals(429, locked.status(), locked.body());
    assertEquals("too_many_requests", locked.error().getString("code"));
    assertTrue(locked.error().getInteger("retryAfterSeconds") > 800, locked.body());
    assertTrue(locked.error().getString("message").contains("15 分钟"), locked.body());
    assertTrue(locked.raw().headers().firstValue("Retry-After").isPresent());
    assertEquals(429, signIn("locky", "pw-locky-123").status(), "still locked: the right password does not reset it early");
    assertEquals(200, signIn("bystander", "pw-bystander-123").status());
  }

  @Test
  void aSuccessfulSignInClearsEarlierFailures() throws Exception {
    user("forgetful", null, "agent");
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) {
        assertEquals(401, signIn("forgetful", "nope").status());
      }
      assertEquals(200, signIn("forgetful", "pw-forgetful-123").status());
    }
  }
}

package hotline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guessing passwords is slowed down per user name (and client address); other users are not affected. Attempts are
 * counted before the password is checked, so a burst of parallel guesses has no more checked than the limit allows.
 */
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
    Res locked = signIn("locky", password("locky"));
    assertEquals(429, locked.status(), locked.body());
    assertEquals("too_many_requests", locked.error().getString("code"));
    assertTrue(locked.error().getInteger("retryAfterSeconds") > 800, locked.body());
    assertTrue(locked.error().getString("message").contains("15 分钟"), locked.body());
    assertTrue(locked.raw().headers().firstValue("Retry-After").isPresent());
    assertEquals(429, signIn("locky", password("locky")).status(), "still locked: the right password does not reset it early");
    assertEquals(200, signIn("bystander", password("bystander")).status());
  }

  @Test
  void aHundredParallelWrongGuessesHaveOnlyFiveChecked() throws Exception {
    user("burster", null, "agent");
    java.util.List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> inFlight = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      java.net.http.HttpRequest r = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/session"))
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              new JsonObject().put("username", "burster").put("password", "guess-" + i).encode())).build();
      inFlight.add(HTTP.sendAsync(r, java.net.http.HttpResponse.BodyHandlers.ofString()));
    }
    java.util.Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
    for (var f : inFlight) {
      byStatus.merge(f.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode(), 1, Integer::sum);
    }
    System.out.println("SIGN-IN 100 parallel wrong guesses over HTTP, by status: " + byStatus);
    assertEquals(java.util.Map.of(401, 5, 429, 95), byStatus, "only the limit's worth checked against the hash");
    assertEquals(429, signIn("burster", password("burster")).status(), "the right password waits too");
  }

  @Test
  void aSuccessfulSignInClearsEarlierFailures() throws Exception {
    user("forgetful", null, "agent");
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) {
        assertEquals(401, signIn("forgetful", "nope").status());
      }
      assertEquals(200, signIn("forgetful", password("forgetful")).status());
    }
  }
}

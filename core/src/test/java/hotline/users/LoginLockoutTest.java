package hotline.users;

import static hotline.testing.CaseSteps.failure;
import static hotline.testing.Waiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.testing.CoreFixture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guesses are counted in PostgreSQL before the password is checked: a burst of parallel wrong guesses has exactly the
 * limit's worth checked, and the count holds for another node and after a restart (a new service on the same database).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LoginLockoutTest {

  static CoreFixture fixture;
  static UserService users;

  @BeforeAll
  static void start() throws Exception {
    fixture = CoreFixture.start();
    users = fixture.core.users();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  /** How the attempts ended: signed in (no code), or the failure's code. */
  private static Map<ErrorCode, Integer> outcomes(List<Future<JsonObject>> attempts) throws Exception {
    Map<ErrorCode, Integer> out = new EnumMap<>(ErrorCode.class);
    int signedIn = 0;
    for (Future<JsonObject> f : attempts) {
      try {
        await(f);
        signedIn++;
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof HotlineException h)) {
          throw e;
        }
        out.merge(h.code(), 1, Integer::sum);
      }
    }
    if (signedIn > 0) {
      out.put(ErrorCode.INTERNAL, -signedIn); // never a code of a sign-in: marks successes, negative
    }
    return out;
  }

  @Test
  void aHundredParallelWrongGuessesHaveOnlyTheLimitChecked() throws Exception {
    fixture.person("burst", Role.AGENT);
    long start = System.nanoTime();
    List<Future<JsonObject>> attempts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      attempts.add(users.login("burst", "wrong-guess-" + i, "10.0.0.1"));
    }
    Map<ErrorCode, Integer> out = outcomes(attempts);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.printf("LOCKOUT 100 parallel wrong guesses: %d checked (401), %d refused unchecked (429) in %d ms%n",
        out.getOrDefault(ErrorCode.UNAUTHORIZED, 0), out.getOrDefault(ErrorCode.TOO_MANY_REQUESTS, 0), ms);
    assertEquals(UserService.LOGIN_LIMIT, out.getOrDefault(ErrorCode.UNAUTHORIZED, 0), out.toString());
    assertEquals(100 - UserService.LOGIN_LIMIT, out.getOrDefault(ErrorCode.TOO_MANY_REQUESTS, 0), out.toString());
    // The right password now is refused as well: the count is the name's and this address's.
    HotlineException locked = failure(users.login("burst", CoreFixture.password("burst"), "10.0.0.1"));
    assertEquals(ErrorCode.TOO_MANY_REQUESTS, locked.code());
    // Another address is not locked out.
    assertTrue(await(users.login("burst", CoreFixture.password("burst"), "10.0.0.2")).containsKey("token"));
  }

  @Test
  void aRightPasswordWithinTheLimitSignsInAndStartsTheCountAfresh() throws Exception {
    fixture.person("burst-ok", Role.AGENT);
    List<Future<JsonObject>> attempts = new ArrayList<>();
    for (int i = 0; i < UserService.LOGIN_LIMIT - 1; i++) {
      attempts.add(users.login("burst-ok", "wrong-guess-" + i, "10.0.0.3"));
    }
    attempts.add(users.login("burst-ok", CoreFixture.password("burst-ok"), "10.0.0.3"));
    Map<ErrorCode, Integer> out = outcomes(attempts);
    assertEquals(-1, out.get(ErrorCode.INTERNAL), "the right password signed in: " + out);
    assertEquals(UserService.LOGIN_LIMIT - 1, out.get(ErrorCode.UNAUTHORIZED), out.toString());
    // One after the other: a sign-in within the limit starts the count afresh, so a full limit is checked again.
    for (int i = 0; i < UserService.LOGIN_LIMIT - 1; i++) {
      assertEquals(ErrorCode.UNAUTHORIZED, failure(users.login("burst-ok", "nope", "10.0.0.30")).code());
    }
    assertTrue(await(users.login("burst-ok", CoreFixture.password("burst-ok"), "10.0.0.30")).containsKey("token"));
    for (int i = 0; i < UserService.LOGIN_LIMIT; i++) {
      assertEquals(ErrorCode.UNAUTHORIZED, failure(users.login("burst-ok", "nope", "10.0.0.30")).code());
    }
    assertEquals(ErrorCode.TOO_MANY_REQUESTS, failure(users.login("burst-ok", "nope", "10.0.0.30")).code());
  }

  @Test
  void theCountHoldsForAnotherNodeAndAfterARestart() throws Exception {
    fixture.person("two-nodes", Role.AGENT);
    for (int i = 0; i < UserService.LOGIN_LIMIT; i++) {
      assertEquals(ErrorCode.UNAUTHORIZED, failure(users.login("two-nodes", "nope", "10.0.0.4")).code());
    }
    // A restart: a new service on the same database.
    UserService restarted = new UserService(fixture.vertx, fixture.pool, fixture.clock, fixture.core.audit(), Duration.ofHours(1),
        fixture.calendar::zone);
    assertEquals(ErrorCode.TOO_MANY_REQUESTS, failure(restarted.login("two-nodes", CoreFixture.password("two-nodes"), "10.0.0.4")).code());
    // Another node: its own Vert.x, pool and core on the same database.
    try (CoreFixture other = CoreFixture.builder().sameDatabase(fixture).start()) {
      other.clock.set(fixture.clock.instant());
      HotlineException e = failure(other.core.users().login("two-nodes", CoreFixture.password("two-nodes"), "10.0.0.4"));
      assertEquals(ErrorCode.TOO_MANY_REQUESTS, e.code());
      assertTrue(e.details().getLong("retryAfterSeconds") > 800, e.details().encode());
    }
  }

  @Test
  void aRightPasswordAfterTheLockoutIsRefusedUntilTheWindowHasPassed() throws Exception {
    fixture.person("patient", Role.AGENT);
    for (int i = 0; i < UserService.LOGIN_LIMIT; i++) {
      failure(users.login("patient", "nope", "10.0.0.5"));
    }
    String right = CoreFixture.password("patient");
    HotlineException first = failure(users.login("patient", right, "10.0.0.5"));
    assertEquals(ErrorCode.TOO_MANY_REQUESTS, first.code());
    assertEquals(UserService.LOGIN_WINDOW.toSeconds(), first.details().getLong("retryAfterSeconds"));
    fixture.clock.advance(Duration.ofMinutes(14));
    HotlineException later = failure(users.login("patient", right, "10.0.0.5"));
    assertEquals(ErrorCode.TOO_MANY_REQUESTS, later.code(), "refused attempts do not end the lockout early");
    assertEquals(60, later.details().getLong("retryAfterSeconds"));
    fixture.clock.advance(Duration.ofMinutes(1));
    assertTrue(await(users.login("patient", right, "10.0.0.5")).containsKey("token"), "the window has passed");
    assertEquals(0, hotline.testing.Sql.count(fixture.pool, "SELECT count(*) FROM login_failures WHERE attempt_key = $1",
        "patient|10.0.0.5"), "a sign-in clears the count");
  }
}

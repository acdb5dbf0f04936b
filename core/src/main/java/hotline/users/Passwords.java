package hotline.users;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.hashing.HashingStrategy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** Passwords as PBKDF2-HMAC-SHA512 hashes (vertx-auth-common), hashed and verified on a worker, never on the loop. */
final class Passwords {

  /** OWASP's figure for PBKDF2-HMAC-SHA512 (2023): about a quarter of a second a hash on this machine. */
  static final int ITERATIONS = 210_000;

  /**
   * The test suites, which create and sign in hundreds of users, set {@code hotline.test.pbkdf2-iterations} (the parent
   * POM's Surefire configuration, never a deployment's); a hash names its own count, so either kind verifies.
   */
  private static final Map<String, String> PBKDF2_PARAMS =
      Map.of("it", String.valueOf(iterations(System.getProperty("hotline.test.pbkdf2-iterations"))));
  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    // Seed the generator now, on whichever thread builds the service, not later on an event loop.
    RANDOM.nextBytes(new byte[32]);
  }

  /** Verified instead when the user is unknown, so that timing does not tell names apart. */
  private static final String DUMMY_HASH =
      HashingStrategy.load().hash("pbkdf2", PBKDF2_PARAMS, "AAAAAAAAAAAAAAAAAAAAAA", "not a password");

  private final Vertx vertx;
  private final HashingStrategy hashing = HashingStrategy.load();

  /** The count to hash with: {@link #ITERATIONS} unless a test asks for fewer (at least 1,000). */
  static int iterations(String testSetting) {
    if (testSetting == null || testSetting.isBlank()) {
      return ITERATIONS;
    }
    return Math.max(1_000, Math.min(ITERATIONS, Integer.parseInt(testSetting.strip())));
  }

  Passwords(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<String> hash(String password) {
    return vertx.executeBlocking(() -> {
      byte[] salt = new byte[16];
      RANDOM.nextBytes(salt);
      return hashing.hash("pbkdf2", PBKDF2_PARAMS, Base64.getEncoder().withoutPadding().encodeToString(salt), password);
    }, false);
  }

  /** Whether the password matches the stored hash; with none stored (no such user), false after the same work. */
  Future<Boolean> verify(String storedOrNull, String password) {
    String stored = storedOrNull == null ? DUMMY_HASH : storedOrNull;
    return vertx.executeBlocking(() -> hashing.verify(stored, password) && storedOrNull != null, false);
  }

  /** Letters and digits nobody misreads when it is read out or copied by hand (no 0/o, 1/l/i). */
  private static final String TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

  /**
   * A temporary password an administrator hands over (password reset, the reset-password command): four groups of four
   * from {@link #TEMPORARY_ALPHABET}, 79 random bits, {@code k7mq-2xhp-…}.
   */
  static String temporary() {
    StringBuilder b = new StringBuilder(19);
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(TEMPORARY_ALPHABET.charAt(RANDOM.nextInt(TEMPORARY_ALPHABET.length())));
    }
    return b.toString();
  }

  /** 256 random bits, URL-safe: tokens, and the passwords nobody types (gateways, a generated admin password). */
  static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}

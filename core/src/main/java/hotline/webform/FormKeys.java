package hotline.webform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The web form's keys and codes, all from one secret:
 * <ul>
 * <li>the idempotency key of a rendered form, {@code nonce.expiry.mac}: random, signed (HMAC-SHA256) so that nobody
 * invents one, and valid until its expiry;
 * <li>the case's source reference, a SHA-256 of the nonce: a double submit or a reload of the same form files one case,
 * and the nonce itself is never stored;
 * <li>the query code, derived from the nonce with the secret: the same form always gives the same code (so a double
 * submit shows the code the case has), and the database, which keeps only the code's salted PBKDF2 hash and the
 * nonce's digest, cannot give it back;
 * <li>the ticket that carries number and code once from the filing to the page that shows them.
 * </ul>
 */
final class FormKeys {

  /** Letters and digits nobody misreads when copying by hand (no 0/O, 1/I/L). */
  static final String CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  /** Ten characters of 31: 49 bits, against at most a few guesses a day per number. */
  static final int CODE_LENGTH = 10;
  private static final int PBKDF2_ITERATIONS = 20_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  /** Verified instead when there is no code to compare (an unknown number), so that both take the same time. */
  private static final String DUMMY_HASH = hash("AAAAAAAAAA");

  static {
    RANDOM.nextBytes(new byte[32]);
  }

  private final byte[] secret;

  FormKeys(byte[] secret) {
    this.secret = secret.clone();
  }

  /** What a key turned out to be. */
  enum Check { VALID, EXPIRED, FORGED }

  /** A checked key: its state and, unless forged, its nonce. */
  record Checked(Check check, String nonce) {
  }

  /** A new key, valid until {@code expiry}. */
  String issue(Instant expiry) {
    byte[] n = new byte[16];
    RANDOM.nextBytes(n);
    String nonce = B64.encodeToString(n);
    long exp = expiry.getEpochSecond();
    return nonce + "." + exp + "." + mac("key|" + nonce + "|" + exp, 18);
  }

  Checked check(String key, Instant now) {
    if (key == null || key.length() > 100) {
      return new Checked(Check.FORGED, null);
    }
    String[] parts = key.split("\\.", -1);
    if (parts.length != 3 || !parts[0].matches("[A-Za-z0-9_-]{22}") || !parts[1].matches("\\d{1,12}")) {
      return new Checked(Check.FORGED, null);
    }
    String expected = mac("key|" + parts[0] + "|" + parts[1], 18);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII))) {
      return new Checked(Check.FORGED, null);
    }
    boolean expired = Instant.ofEpochSecond(Long.parseLong(parts[1])).isBefore(now);
    return new Checked(expired ? Check.EXPIRED : Check.VALID, parts[0]);
  }

  /** The case's source reference for the form's nonce. */
  static String sourceRef(String nonce) {
    return "web-form:" + B64.encodeToString(sha256(nonce.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The query code of the form's nonce, {@code XXXXX-XXXXX}. */
  String queryCode(String nonce) {
    byte[] m = macBytes("code|" + nonce);
    StringBuilder b = new StringBuilder(CODE_LENGTH + 1);
    for (int i = 0; i < CODE_LENGTH; i++) {
      if (i == CODE_LENGTH / 2) {
        b.append('-');
      }
      b.append(CODE_ALPHABET.charAt(((m[2 * i] & 0xff) << 8 | (m[2 * i + 1] & 0xff)) % CODE_ALPHABET.length()));
    }
    return b.toString();
  }

  /** A code as typed (spaces, dashes, lower case) in its one form without the dash; null when it cannot be one. */
  static String normalizeCode(String typed) {
    if (typed == null || typed.length() > 40) {
      return null;
    }
    String c = typed.replaceAll("[\\s\\-]", "").toUpperCase(java.util.Locale.ROOT);
    if (c.length() != CODE_LENGTH) {
      return null;
    }
    for (int i = 0; i < c.length(); i++) {
      if (CODE_ALPHABET.indexOf(c.charAt(i)) < 0) {
        return null;
      }
    }
    return c;
  }

  /** A salted PBKDF2-HMAC-SHA256 hash of the code (dash left out): {@code iterations$salt$hash}. CPU work: a worker's. */
  static String hash(String code) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return PBKDF2_ITERATIONS + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(pbkdf2(strip(code), salt, PBKDF2_ITERATIONS));
  }

  /** Whether the code matches the hash; with no hash (no such case), false after the same work. */
  static boolean verify(String storedOrNull, String code) {
    String stored = storedOrNull == null ? DUMMY_HASH : storedOrNull;
    String[] p = stored.split("\\$");
    byte[] expected = B64D.decode(p[2]);
    byte[] actual = pbkdf2(code == null ? "" : strip(code), B64D.decode(p[1]), Integer.parseInt(p[0]));
    return MessageDigest.isEqual(expected, actual) && storedOrNull != null;
  }

  /** A ticket carrying number, code and kind to the page that shows them, valid until expiry: {@code number.code.kind[-again].expiry.mac}. */
  String ticket(String number, String code, String kind, boolean again, Instant expiry) {
    String body = number + "." + code + "." + kind + (again ? "-again" : "") + "." + expiry.getEpochSecond();
    return body + "." + mac("ticket|" + body, 18);
  }

  /** The number, code and kind of a valid, unexpired ticket, or null. */
  String[] readTicket(String ticket, Instant now) {
    if (ticket == null || ticket.length() > 200) {
      return null;
    }
    String[] p = ticket.split("\\.", -1);
    if (p.length != 5 || !p[3].matches("\\d{1,12}")) {
      return null;
    }
    String body = p[0] + "." + p[1] + "." + p[2] + "." + p[3];
    if (!MessageDigest.isEqual(mac("ticket|" + body, 18).getBytes(StandardCharsets.US_ASCII), p[4].getBytes(StandardCharsets.US_ASCII))
        || Instant.ofEpochSecond(Long.parseLong(p[3])).isBefore(now)) {
      return null;
    }
    return new String[] {p[0], p[1], p[2]};
  }

  private static String strip(String code) {
    return code.replace("-", "");
  }

  private String mac(String data, int bytes) {
    byte[] m = macBytes(data);
    return B64.encodeToString(java.util.Arrays.copyOf(m, bytes));
  }

  private byte[] macBytes(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] pbkdf2(String code, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] randomSecret() {
    byte[] s = new byte[32];
    RANDOM.nextBytes(s);
    return s;
  }
}

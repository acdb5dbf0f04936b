package hotline.users;

import com.nulabinc.zxcvbn.Zxcvbn;
import hotline.errors.HotlineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a password a person chooses (or is given) must be, for every way one is set: creating a user, a password reset,
 * changing one's own. Every password has 8 to 256 characters and does not contain the user name (in any case). Beyond
 * that it must be hard to guess by zxcvbn's estimate (zxcvbn4j, with its common-password, name and word lists, and the
 * user name and display name as words a guesser knows): score 3 of 4 for the roles that see reporters' identities or
 * manage accounts (leader, supervisor, admin), 2 for everyone else. Scoring takes up to ~100 ms on long inputs: call
 * {@link #check} on a worker, not on an event loop.
 */
final class PasswordPolicy {

  static final int MIN_LENGTH = 8;
  static final int MAX_LENGTH = 256;
  /** Score needed by leader, supervisor and admin: "safely unguessable", about 10^10 guesses. */
  static final int STRONG = 3;
  /** Score needed by the other roles: "somewhat guessable", about 10^8 guesses, well beyond what sign-in allows. */
  static final int FAIR = 2;
  /** zxcvbn's running time grows with the length; what lies past this many characters only adds strength. */
  private static final int MEASURED_CHARS = 100;

  /** Loaded on first use, on the worker that first checks a password (the dictionaries take ~100 ms to read). */
  private static final class Estimator {
    static final Zxcvbn ZXCVBN = new Zxcvbn();
  }

  private PasswordPolicy() {
  }

  /** The score a user with these roles needs. */
  static int requiredScore(Set<Role> roles) {
    return roles.contains(Role.LEADER) || roles.contains(Role.SUPERVISOR) || roles.contains(Role.ADMIN) ? STRONG : FAIR;
  }

  /** The checks that need no dictionary: length, and no user name inside. Cheap; safe on an event loop. */
  static void checkShape(String field, String password, String username) {
    if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
      throw HotlineException.invalidAt(field, "password.length", field, MIN_LENGTH, MAX_LENGTH);
    }
    if (username != null && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
      throw HotlineException.invalidAt(field, "password.containsUsername", field);
    }
  }

  /**
   * Refuses the password (400 naming the field and the reason) unless it suits a user of that name, display name and
   * roles. Blocks for up to ~100 ms.
   */
  static void check(String field, String password, String username, String displayName, Set<Role> roles) {
    checkShape(field, password, username);
    int score = score(password, username, displayName);
    int required = requiredScore(roles);
    if (score < required) {
      throw HotlineException.invalidAt(field, "password.weak", field, score, required);
    }
  }

  /** zxcvbn's score, 0 to 4, with the user's own names as words a guesser knows. */
  static int score(String password, String username, String displayName) {
    List<String> inputs = new ArrayList<>();
    for (String s : new String[] {username, displayName}) {
      if (s != null && !s.isBlank()) {
        inputs.add(s);
        // "Zhang.San" is guessed as its parts too.
        for (String part : s.split("[^\\p{L}\\p{N}]+")) {
          if (part.length() >= 3) {
            inputs.add(part);
          }
        }
      }
    }
    String measured = password.length() > MEASURED_CHARS ? password.substring(0, MEASURED_CHARS) : password;
    return Estimator.ZXCVBN.measure(measured, inputs).getScore();
  }
}

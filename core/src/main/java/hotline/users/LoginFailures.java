package hotline.users;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Guessing passwords is slowed down: at most {@code limit} sign-ins of one attempt key (user name and client address)
 * have their password checked within a window; the next ones are refused until the window, counted from its first
 * attempt, has passed. Every attempt is counted in PostgreSQL <em>before</em> its password is checked, with one
 * atomic statement, so parallel guesses, other nodes and a restart all see the same count. A successful sign-in
 * clears its key.
 */
final class LoginFailures {

  /**
   * Counts one attempt: a window that has passed starts over at 1. The row lock of ON CONFLICT DO UPDATE makes
   * concurrent attempts of one key take numbers one after the other; the count stops growing at a million.
   */
  private static final String COUNT_ATTEMPT =
      "INSERT INTO login_failures AS f (attempt_key, count, window_start, last_at) VALUES ($1, 1, $2, $2) "
          + "ON CONFLICT (attempt_key) DO UPDATE SET "
          + "count = CASE WHEN f.window_start <= $3 THEN 1 ELSE LEAST(f.count + 1, 1000000) END, "
          + "window_start = CASE WHEN f.window_start <= $3 THEN $2 ELSE f.window_start END, "
          + "last_at = $2 "
          + "RETURNING count, window_start";
  private static final String CLEAR = "DELETE FROM login_failures WHERE attempt_key = $1";
  private static final String CLEAR_NAME = "DELETE FROM login_failures WHERE starts_with(attempt_key, $1)";
  private static final String SWEEP = "DELETE FROM login_failures WHERE last_at < $1";
  /** Attempts on this node between two sweeps of passed windows. */
  private static final int SWEEP_EVERY = 200;

  private final Pool pool;
  private final int limit;
  private final Duration window;
  private final AtomicInteger sinceSweep = new AtomicInteger();

  LoginFailures(Pool pool, int limit, Duration window) {
    this.pool = pool;
    this.limit = limit;
    this.window = window;
  }

  int limit() {
    return limit;
  }

  Duration window() {
    return window;
  }

  /** The attempt key of a user name from a client address: a stranger elsewhere cannot lock the user out. */
  static String key(String username, String clientAddress) {
    return username + "|" + clientAddress;
  }

  /** Counts an attempt of the key; answers 0 if its password may be checked, else the seconds until it may try again. */
  Future<Long> attempt(String key, OffsetDateTime now) {
    Future<Long> counted = pool.preparedQuery(COUNT_ATTEMPT).execute(Tuple.of(key, now, now.minus(window))).map(rows -> {
      Row row = rows.iterator().next();
      if (row.getInteger("count") <= limit) {
        return 0L;
      }
      long left = Duration.between(now, row.getOffsetDateTime("window_start").plus(window)).toSeconds();
      return Math.max(1, left);
    });
    if (sinceSweep.incrementAndGet() % SWEEP_EVERY == 0) {
      return counted.compose(locked -> pool.preparedQuery(SWEEP).execute(Tuple.of(now.minus(window))).map(locked));
    }
    return counted;
  }

  /** A right password: the key starts afresh. */
  Future<Void> succeeded(String key) {
    return pool.preparedQuery(CLEAR).execute(Tuple.of(key)).mapEmpty();
  }

  /** Every key of the user name, from any address: after a password reset the user may sign in at once. */
  Future<Void> clearName(SqlClient client, String username) {
    return client.preparedQuery(CLEAR_NAME).execute(Tuple.of(username + "|")).mapEmpty();
  }
}

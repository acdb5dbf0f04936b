package hotline.users;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guessing passwords is slowed down: after {@code limit} failed sign-ins of one attempt key (user name and client
 * address) within the window, it is refused until the window has passed since the last failure. Kept per node, in
 * memory, bounded.
 */
final class LoginFailures {

  private static final int MAX_NAMES = 10_000;

  private record Entry(int count, long lastNanos) {
  }

  private final int limit;
  private final long windowNanos;
  private final Map<String, Entry> byName = new ConcurrentHashMap<>();

  LoginFailures(int limit, Duration window) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  /** Seconds until this name may try again; 0 if it may now. */
  long lockedForSeconds(String username, long nowNanos) {
    Entry e = byName.get(key(username));
    if (e == null || e.count() < limit) {
      return 0;
    }
    long left = e.lastNanos() + windowNanos - nowNanos;
    return left <= 0 ? 0 : Math.max(1, left / 1_000_000_000L);
  }

  void failed(String username, long nowNanos) {
    if (byName.size() >= MAX_NAMES) {
      byName.clear();
    }
    byName.compute(key(username), (k, e) -> e == null || nowNanos - e.lastNanos() > windowNanos
        ? new Entry(1, nowNanos) : new Entry(e.count() + 1, nowNanos));
  }

  void succeeded(String username) {
    byName.remove(key(username));
  }

  private static String key(String attempt) {
    return attempt;
  }
}

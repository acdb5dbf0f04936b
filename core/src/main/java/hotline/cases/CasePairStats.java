package hotline.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How common each character pair is among the cases: the most common elements of {@code cases.search_text_grams} and
 * their frequencies as ANALYZE last found them ({@code pg_stats}; about 10,000 pairs, V19), read again every
 * {@link #TTL}. The search looks a term up by its rarest pair ({@link CaseSearch#statement}); a pair the statistics do
 * not list is rarer than every listed one (frequency 0). Only the speed of a search depends on these figures.
 */
final class CasePairStats {

  static final Duration TTL = Duration.ofMinutes(10);
  static final String SQL = "SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs FROM pg_stats "
      + "WHERE schemaname = current_schema() AND tablename = 'cases' AND attname = 'search_text_grams'";

  private final Pool pool;
  private final Clock clock;
  private volatile Map<String, Double> freqs = Map.of();
  private volatile Instant readAt = Instant.MIN;
  private Future<Map<String, Double>> reading;

  CasePairStats(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** The frequencies: the figures read last, read again first when none were read yet or they are older than TTL. */
  synchronized Future<Map<String, Double>> current() {
    Instant now = clock.instant();
    if (readAt.plus(TTL).isAfter(now)) {
      return Future.succeededFuture(freqs);
    }
    if (reading == null) {
      Future<Map<String, Double>> f = pool.query(SQL).execute().map(rows -> {
        Map<String, Double> m = new HashMap<>();
        for (Row r : rows) {
          String[] elems = r.getArrayOfStrings("elems");
          Float[] f4 = r.getArrayOfFloats("freqs");
          for (int i = 0; elems != null && f4 != null && i < elems.length && i < f4.length; i++) {
            m.put(elems[i], f4[i].doubleValue());
          }
        }
        return m;
      });
      Future<Map<String, Double>> read = f.recover(t -> Future.succeededFuture(freqs));
      reading = read;
      read.onComplete(ar -> {
        synchronized (this) {
          freqs = ar.result();
          readAt = clock.instant();
          if (reading == read) {
            reading = null;
          }
        }
      });
      if (read.isComplete()) {
        return read;
      }
    }
    // The old figures serve while new ones are read (the first search waits for the first reading).
    return readAt.equals(Instant.MIN) && reading != null ? reading : Future.succeededFuture(freqs);
  }
}

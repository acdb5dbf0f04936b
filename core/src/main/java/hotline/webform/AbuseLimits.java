package hotline.webform;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The web form's rate limits, counted in PostgreSQL in fixed windows (the hour; the day in the centre's zone), so that
 * every node and a restart see the same counts. Each count is one atomic statement (INSERT ... ON CONFLICT DO UPDATE
 * ... RETURNING): parallel requests take numbers one after the other, and what is over the limit is refused.
 */
final class AbuseLimits {

  static final String SUBMIT_IP_HOUR = "submit.ip.hour";
  static final String SUBMIT_IP_DAY = "submit.ip.day";
  static final String SUBMIT_DAY = "submit.day";
  static final String LOOKUP_IP_HOUR = "lookup.ip.hour";
  static final String LOOKUP_NUMBER_DAY = "lookup.number.day";
  static final String HONEYPOT_DAY = "honeypot.day";

  /**
   * A submission from an address: its hour and day counters go up; only when both are within their limits does the
   * day's count of all submissions go up too (one address cannot use up everybody's day).
   */
  private static final String COUNT_SUBMISSION =
      "WITH ip AS (INSERT INTO web_form_counters AS c (scope, subject, window_start, count) "
          + "  VALUES ('" + SUBMIT_IP_HOUR + "', $1, $2, 1), ('" + SUBMIT_IP_DAY + "', $1, $3, 1) "
          + "  ON CONFLICT (scope, subject, window_start) DO UPDATE SET count = LEAST(c.count + 1, 1000000) "
          + "  RETURNING scope, count), "
          + "lim AS (SELECT NOT EXISTS (SELECT 1 FROM ip WHERE (scope = '" + SUBMIT_IP_HOUR + "' AND count > $4) "
          + "  OR (scope = '" + SUBMIT_IP_DAY + "' AND count > $5)) AS ok), "
          + "g AS (INSERT INTO web_form_counters AS c (scope, subject, window_start, count) "
          + "  SELECT '" + SUBMIT_DAY + "', '', $3, 1 FROM lim WHERE lim.ok "
          + "  ON CONFLICT (scope, subject, window_start) DO UPDATE SET count = LEAST(c.count + 1, 1000000) "
          + "  RETURNING count) "
          + "SELECT (SELECT count FROM ip WHERE scope = '" + SUBMIT_IP_HOUR + "') AS ip_hour, "
          + "(SELECT count FROM ip WHERE scope = '" + SUBMIT_IP_DAY + "') AS ip_day, (SELECT count FROM g) AS all_day";

  private static final String COUNT_ONE =
      "INSERT INTO web_form_counters AS c (scope, subject, window_start, count) VALUES ($1, $2, $3, 1) "
          + "ON CONFLICT (scope, subject, window_start) DO UPDATE SET count = LEAST(c.count + 1, 1000000) RETURNING count";
  private static final String UNCOUNT_ONE =
      "UPDATE web_form_counters SET count = greatest(count - 1, 0) WHERE scope = $1 AND subject = $2 AND window_start = $3";
  private static final String SWEEP = "DELETE FROM web_form_counters WHERE window_start < $1";
  private static final int SWEEP_EVERY = 500;

  private final Pool pool;
  private final WebFormSettings settings;
  private final Supplier<ZoneId> zone;
  private final AtomicInteger sinceSweep = new AtomicInteger();

  AbuseLimits(Pool pool, WebFormSettings settings, Supplier<ZoneId> zone) {
    this.pool = pool;
    this.settings = settings;
    this.zone = zone;
  }

  /** 0 when let through, else the seconds until the window that refused it has passed. */
  Future<Long> submission(String ip, Instant now) {
    OffsetDateTime hour = hour(now);
    OffsetDateTime day = day(now);
    return sweep(now).compose(v -> pool.preparedQuery(COUNT_SUBMISSION)
        .execute(Tuple.of(ip, hour, day, settings.perIpHour(), settings.perIpDay())).map(rows -> {
          Row r = rows.iterator().next();
          if (r.getInteger("ip_hour") > settings.perIpHour()) {
            return left(now, hour.plusHours(1));
          }
          if (r.getInteger("ip_day") > settings.perIpDay() || (r.getInteger("all_day") == null || r.getInteger("all_day") > settings.perDay())) {
            return left(now, day.atZoneSameInstant(zone.get()).plusDays(1).toOffsetDateTime());
          }
          return 0L;
        }));
  }

  /** A status look-up from an address: 0 when let through, else the seconds to wait. */
  Future<Long> lookup(String ip, Instant now) {
    OffsetDateTime hour = hour(now);
    return count(LOOKUP_IP_HOUR, ip, hour).map(n -> n > settings.lookupsPerIpHour() ? left(now, hour.plusHours(1)) : 0L);
  }

  /**
   * A look-up of this case number, counted before its code is compared (parallel guesses each take a number): 0 when its
   * code may be compared, else the seconds to wait. A right code takes its count back ({@link #lookupSucceeded}).
   */
  Future<Long> numberAttempt(String number, Instant now) {
    OffsetDateTime day = day(now);
    return count(LOOKUP_NUMBER_DAY, number, day).map(n -> n > settings.failedLookupsPerNumberDay()
        ? left(now, day.atZoneSameInstant(zone.get()).plusDays(1).toOffsetDateTime()) : 0L);
  }

  Future<Void> lookupSucceeded(String number, Instant now) {
    return pool.preparedQuery(UNCOUNT_ONE).execute(Tuple.of(LOOKUP_NUMBER_DAY, number, day(now))).mapEmpty();
  }

  /** A honeypot hit: counted for the day, nothing else. */
  Future<Void> honeypot(Instant now) {
    return count(HONEYPOT_DAY, "", day(now)).mapEmpty();
  }

  private Future<Integer> count(String scope, String subject, OffsetDateTime window) {
    return pool.preparedQuery(COUNT_ONE).execute(Tuple.of(scope, subject, window)).map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Now and then, the windows older than two days go. */
  private Future<Void> sweep(Instant now) {
    if (sinceSweep.incrementAndGet() % SWEEP_EVERY != 0) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(SWEEP).execute(Tuple.of(day(now).minusDays(2))).mapEmpty();
  }

  private static OffsetDateTime hour(Instant now) {
    return now.truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
  }

  private OffsetDateTime day(Instant now) {
    return now.atZone(zone.get()).truncatedTo(ChronoUnit.DAYS).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static long left(Instant now, OffsetDateTime until) {
    return Math.max(1, Duration.between(now, until.toInstant()).toSeconds());
  }
}

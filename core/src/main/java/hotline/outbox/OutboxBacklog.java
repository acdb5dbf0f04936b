package hotline.outbox;

import hotline.metrics.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's backlog as gauges, read from the table on a timer (never on a scrape): {@code hotline_outbox_backlog}
 * by channel, kind and status (pending, sending, failed: rows not sent), and the age of the oldest pending row by
 * channel, {@code hotline_outbox_oldest_pending_age_seconds}. Labels are the table's own closed sets (its CHECK
 * constraints), never a recipient or a case. A series once seen stays, at 0 when its rows are gone.
 */
public final class OutboxBacklog extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxBacklog.class);

  static final String BACKLOG = "SELECT channel, kind, status, count(*) AS n, "
      + "extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')) AS oldest "
      + "FROM outbox WHERE status <> 'sent' GROUP BY channel, kind, status";

  private final Pool pool;
  private final Duration every;
  private final Map<Tags, AtomicLong> counts = new HashMap<>();
  private final Map<String, AtomicLong> oldestMillis = new HashMap<>();
  private MeterRegistry registry;
  private long timer = -1;
  private boolean running;

  public OutboxBacklog(Pool pool, Duration every) {
    this.pool = pool;
    this.every = every;
  }

  @Override
  public Future<?> start() {
    registry = Meters.of(vertx);
    timer = vertx.setPeriodic(1, every.toMillis(), id -> refresh());
    return Future.succeededFuture();
  }

  /** One reading of the table, on the reactive pool (the loop does not wait); the gauges change when it answers. */
  private Future<Void> refresh() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    return pool.query(BACKLOG).execute().map(rows -> {
      Set<Tags> seen = new HashSet<>();
      Map<String, Long> oldest = new HashMap<>();
      for (Row r : rows) {
        Tags tags = Tags.of("channel", r.getString("channel"), "kind", r.getString("kind"), "status", r.getString("status"));
        seen.add(tags);
        gauge(tags).set(r.getLong("n"));
        Number age = r.getNumeric("oldest");
        if (age != null) {
          oldest.merge(r.getString("channel"), Math.round(age.doubleValue() * 1000), Math::max);
        }
      }
      counts.forEach((tags, n) -> {
        if (!seen.contains(tags)) {
          n.set(0);
        }
      });
      oldest.keySet().forEach(this::age);
      oldestMillis.forEach((channel, ms) -> ms.set(oldest.getOrDefault(channel, 0L)));
      return (Void) null;
    }).onFailure(t -> LOG.warn("outbox backlog not read, next try in {}s: {}", every.toSeconds(), t.toString()))
        .eventually(() -> {
          running = false;
          return Future.succeededFuture();
        });
  }

  private AtomicLong gauge(Tags tags) {
    return counts.computeIfAbsent(tags, t -> {
      AtomicLong n = new AtomicLong();
      Gauge.builder("hotline.outbox.backlog", n, AtomicLong::get).description("Outbox rows not sent, as last read")
          .tags(t).register(registry);
      return n;
    });
  }

  private AtomicLong age(String channel) {
    return oldestMillis.computeIfAbsent(channel, c -> {
      AtomicLong ms = new AtomicLong();
      Gauge.builder("hotline.outbox.oldest.pending.age", ms, v -> v.get() / 1000.0).baseUnit("seconds")
          .description("How long the oldest pending outbox row has waited, as last read").tag("channel", c).register(registry);
      return ms;
    });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }
}

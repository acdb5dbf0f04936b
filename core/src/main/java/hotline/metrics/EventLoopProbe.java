package hotline.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How late a timer fires on an event loop: {@code hotline_event_loop_delay_seconds} (a histogram) and the last delay
 * seen ({@code hotline_event_loop_delay_last_seconds}), labelled with the loop's thread name (a bounded set:
 * {@code vert.x-eventloop-thread-N}). One instance per event loop the deployment lands on: deploy as many instances as
 * there are loops. A loop that is blocked shows it as a delay, a loop that is busy as a longer one.
 */
public final class EventLoopProbe extends VerticleBase {

  private final Duration interval;
  private final AtomicLong lastNanos = new AtomicLong();
  private long timer = -1;
  private Timer delay;
  private long expected;

  public EventLoopProbe(Duration interval) {
    this.interval = interval;
  }

  @Override
  public Future<?> start() {
    String loop = Thread.currentThread().getName();
    var registry = Meters.of(vertx);
    delay = Timer.builder("hotline.event.loop.delay").description("How late a 100 ms timer fires on the event loop")
        .tag("loop", loop).serviceLevelObjectives(Buckets.FAST).minimumExpectedValue(Duration.ofMillis(1))
        .register(registry);
    Gauge.builder("hotline.event.loop.delay.last", lastNanos, n -> n.get() / 1e9).baseUnit("seconds")
        .description("The event loop's delay at the latest probe").tag("loop", loop).register(registry);
    schedule();
    return Future.succeededFuture();
  }

  private void schedule() {
    expected = System.nanoTime() + interval.toNanos();
    timer = vertx.setTimer(interval.toMillis(), id -> {
      long late = Math.max(0, System.nanoTime() - expected);
      lastNanos.set(late);
      delay.record(late, TimeUnit.NANOSECONDS);
      schedule();
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

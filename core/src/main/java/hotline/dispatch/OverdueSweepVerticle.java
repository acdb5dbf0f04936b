package hotline.dispatch;

import hotline.metrics.Buckets;
import hotline.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the overdue sweep on a timer; a failed sweep is logged and the next one tries again. Measured: each sweep's run
 * time ({@code hotline_overdue_sweep_seconds}, by outcome ok/failed) and the dispatches it marked overdue
 * ({@code hotline_overdue_dispatches_marked_total}).
 */
public final class OverdueSweepVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OverdueSweepVerticle.class);

  private final DispatchService dispatches;
  private final Duration every;
  private boolean running;
  private Timer ok;
  private Timer failed;
  private Counter marked;

  public OverdueSweepVerticle(DispatchService dispatches, Duration every) {
    this.dispatches = dispatches;
    this.every = every;
  }

  @Override
  public Future<?> start() {
    var registry = Meters.of(vertx);
    java.util.function.Function<String, Timer> runs = outcome -> Timer.builder("hotline.overdue.sweep")
        .description("Run time of the overdue sweep").tag("outcome", outcome).serviceLevelObjectives(Buckets.FAST)
        .register(registry);
    ok = runs.apply("ok");
    failed = runs.apply("failed");
    marked = Counter.builder("hotline.overdue.dispatches.marked").description("Dispatches the sweep marked overdue")
        .register(registry);
    vertx.setPeriodic(every.toMillis(), every.toMillis(), id -> sweep());
    return Future.succeededFuture();
  }

  private void sweep() {
    if (running) {
      return;
    }
    running = true;
    Timer.Sample sample = Timer.start();
    dispatches.sweepOverdue()
        .onSuccess(n -> {
          sample.stop(ok);
          marked.increment(n);
        })
        .onFailure(t -> sample.stop(failed))
        .onFailure(t -> LOG.warn("overdue sweep failed, next one in {}s: {}", every.toSeconds(), t.getMessage()))
        .onComplete(ar -> running = false);
  }
}

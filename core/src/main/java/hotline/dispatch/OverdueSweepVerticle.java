package hotline.dispatch;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the overdue sweep on a timer; a failed sweep is logged and the next one tries again. */
public final class OverdueSweepVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OverdueSweepVerticle.class);

  private final DispatchService dispatches;
  private final Duration every;
  private boolean running;

  public OverdueSweepVerticle(DispatchService dispatches, Duration every) {
    this.dispatches = dispatches;
    this.every = every;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(every.toMillis(), every.toMillis(), id -> sweep());
    return Future.succeededFuture();
  }

  private void sweep() {
    if (running) {
      return;
    }
    running = true;
    dispatches.sweepOverdue()
        .onFailure(t -> LOG.warn("overdue sweep failed, next one in {}s: {}", every.toSeconds(), t.getMessage()))
        .onComplete(ar -> running = false);
  }
}

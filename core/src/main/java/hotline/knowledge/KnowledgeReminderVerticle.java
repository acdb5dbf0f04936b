package hotline.knowledge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expiry reminders' sweep on a timer ({@code knowledge.reminder-sweep-seconds}): owners of articles expiring within
 * {@code knowledge.reminder-days} are reminded once per expiry date ({@link KnowledgeService#sweepReminders}). A failed
 * sweep is logged and the next one tries again; every node may run it (the rows are claimed).
 */
public final class KnowledgeReminderVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeReminderVerticle.class);
  static final int BATCH = 200;

  private final KnowledgeService knowledge;
  private final Duration every;
  private final int days;
  private boolean running;

  public KnowledgeReminderVerticle(KnowledgeService knowledge, Duration every, int days) {
    this.knowledge = knowledge;
    this.every = every;
    this.days = days;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(Math.min(every.toMillis(), 30_000), every.toMillis(), id -> sweep());
    return Future.succeededFuture();
  }

  private void sweep() {
    if (running) {
      return;
    }
    running = true;
    knowledge.sweepReminders(days, BATCH)
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("knowledge expiry reminders [sent: {}, days before: {}]", n, days);
          }
        })
        .onFailure(t -> LOG.warn("knowledge reminder sweep failed, next one in {}s: {}", every.toSeconds(), t.getMessage()))
        .onComplete(ar -> running = false);
  }
}

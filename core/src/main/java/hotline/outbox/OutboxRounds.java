package hotline.outbox;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * The rounds of an outbox worker, never two at once: a timer's round while one is under way joins it; a round asked
 * for from outside (a test, an operator's "send now") runs after the one under way, so what was just queued is in it.
 */
public final class OutboxRounds {

  private final Context context;
  private final Supplier<Future<Integer>> round;
  private Future<Integer> inFlight;

  /** {@code round} runs on {@code context} and answers how many rows it handled. */
  public OutboxRounds(Context context, Supplier<Future<Integer>> round) {
    this.context = context;
    this.round = round;
  }

  /** On the worker's context: the round under way, or a new one. */
  public Future<Integer> run() {
    if (inFlight != null) {
      return inFlight;
    }
    Future<Integer> r = round.get();
    inFlight = r;
    r.onComplete(x -> inFlight = null);
    return r;
  }

  /** From any thread: one more round, after the one under way. */
  public Future<Integer> runNext() {
    Promise<Integer> p = Promise.promise();
    context.runOnContext(v -> (inFlight == null ? run() : inFlight.transform(x -> run())).onComplete(p));
    return p.future();
  }
}

package hotline.web;

import hotline.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallboard's numbers pushed live ({@code event: wallboard} on the stream): what changes them (a case filed or moved,
 * a dispatch sent or found overdue, a call ended, the queues changed) marks them stale; they are computed again once for
 * every viewer of this node, at most once every {@link #MIN_INTERVAL_MS} and a burst gathered for {@link #GATHER_MS},
 * and at least every {@link #REFRESH_MS} (today's calls and callbacks change without an event; the longest wait the page
 * ticks itself from the join time). Nothing is computed while nobody on this node watches.
 *
 * <p>Runs on the event stream's context (made there, its timers and consumers too): no locks.
 */
final class WallboardFeed {

  private static final Logger LOG = LoggerFactory.getLogger(WallboardFeed.class);
  static final long GATHER_MS = 250;
  static final long MIN_INTERVAL_MS = 1_500;
  static final long REFRESH_MS = 10_000;
  /** What makes the numbers stale. */
  static final List<String> CHANGES = List.of(Addresses.CASE_CREATED, Addresses.CASE_CHANGED, Addresses.DISPATCH_CREATED,
      Addresses.DISPATCH_OVERDUE, Addresses.CALL_ENDED, Addresses.CALLS_HANDLED, Addresses.TELEPHONY_WALLBOARD_CHANGED);

  private final Vertx vertx;
  private final Supplier<Future<JsonObject>> compute;
  private final BooleanSupplier watched;
  private final Consumer<JsonObject> push;
  private long timer = -1;
  private boolean computing;
  private boolean stale;
  private long lastPush;
  private long computations;

  WallboardFeed(Vertx vertx, Supplier<Future<JsonObject>> compute, BooleanSupplier watched, Consumer<JsonObject> push) {
    this.vertx = vertx;
    this.compute = compute;
    this.watched = watched;
    this.push = push;
  }

  /** On the stream's context. */
  void start() {
    CHANGES.forEach(a -> vertx.eventBus().consumer(a, m -> changed()));
    vertx.setPeriodic(REFRESH_MS, id -> {
      if (System.currentTimeMillis() - lastPush >= REFRESH_MS - GATHER_MS) {
        changed();
      }
    });
  }

  /** The numbers may have changed (or a new viewer wants them): computed again soon, once for all. */
  void changed() {
    if (!watched.getAsBoolean()) {
      return;
    }
    stale = true;
    schedule();
  }

  private void schedule() {
    if (timer >= 0 || computing) {
      return;
    }
    long wait = Math.max(GATHER_MS, lastPush + MIN_INTERVAL_MS - System.currentTimeMillis());
    timer = vertx.setTimer(wait, id -> run());
  }

  private void run() {
    timer = -1;
    if (!stale || !watched.getAsBoolean()) {
      stale = false;
      return;
    }
    stale = false;
    computing = true;
    computations++;
    compute.get().onComplete(ar -> {
      computing = false;
      lastPush = System.currentTimeMillis();
      if (ar.succeeded()) {
        push.accept(ar.result());
      } else {
        LOG.warn("wallboard not computed: {}", ar.cause().toString());
      }
      if (stale) {
        schedule();
      }
    });
  }

  /** For tests and metrics: how many times the numbers were computed. */
  long computations() {
    return computations;
  }
}

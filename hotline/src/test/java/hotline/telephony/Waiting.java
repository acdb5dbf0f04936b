package hotline.telephony;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** Waiting in tests, on the test thread (never an event loop): for a future, for a condition, for telephony's status. */
final class Waiting {

  private Waiting() {
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Polls every 50 ms for up to 30 s; a timeout fails the test, naming what was awaited. */
  static void waitFor(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** This node's telephony status (AMI link state and counters). */
  static JsonObject status(Vertx vertx) throws Exception {
    return await(vertx.eventBus().<JsonObject>request(hotline.Addresses.TELEPHONY_STATUS, null)).body();
  }
}

package hotline.telephony;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Waiting in tests, on the test thread (never an event loop): for a future, for a condition, for telephony's status. */
final class Waiting {

  private Waiting() {
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static <T> T await(Future<T> f) throws Exception {
    return hotline.testing.Waiting.await(f);
  }

  /** Polls every 50 ms for up to 30 s; a timeout fails the test, naming what was awaited. */
  static void waitFor(Check check, String what) throws Exception {
    hotline.testing.Waiting.waitFor(what, check::ok);
  }

  /** This node's telephony status (AMI link state and counters). */
  static JsonObject status(Vertx vertx) throws Exception {
    return await(vertx.eventBus().<JsonObject>request(hotline.Addresses.TELEPHONY_STATUS, null)).body();
  }
}

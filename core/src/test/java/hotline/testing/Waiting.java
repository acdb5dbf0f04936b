package hotline.testing;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Waiting in tests, on the test thread (never an event loop): for a future, or for a condition to hold. */
public final class Waiting {

  private Waiting() {
  }

  /** A condition; it may query the database or the bus, so it may throw. */
  public interface Check {
    boolean ok() throws Exception;
  }

  /** Up to 60 s ({@code -Dhotline.await.seconds}: more for a benchmark's long statements on a busy machine). */
  public static <T> T await(Future<T> f) throws Exception {
    return await(f, Long.getLong("hotline.await.seconds", 60));
  }

  /** Up to {@code seconds}: for a benchmark's data, which takes minutes by design. */
  public static <T> T await(Future<T> f, long seconds) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  /** Polls every 50 ms for up to 30 s; a timeout fails the test, naming what was awaited. */
  public static void waitFor(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }
}

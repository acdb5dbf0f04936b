package hotline.metrics;

import java.time.Duration;

/** The histogram buckets Hotline's timers share (a few, so that every series stays small). */
public final class Buckets {

  /** Latencies a person waits on: 1 ms to 10 s. */
  public static final Duration[] FAST = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private Buckets() {
  }
}

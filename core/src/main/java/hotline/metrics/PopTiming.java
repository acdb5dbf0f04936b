package hotline.metrics;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The screen pop's latency, {@code hotline_screen_pop_seconds}: from the AMI event's arrival (the ringing) to the pop
 * written on the agent's event stream, by stage: {@code card} (the first message, what the call says) and
 * {@code lookup} (the whole pop, after the database said who calls) or {@code failed}. Telephony stamps the pop's bus
 * message with the arrival (headers, never in the pop itself); the web layer records when it writes the pop. A pop
 * from another node of a cluster carries another JVM's clock: it is not timed.
 */
public final class PopTiming {

  static final String ARRIVED = "hotline-arrived-nanos";
  static final String JVM = "hotline-jvm";
  /** This JVM: {@link System#nanoTime} means something only here. */
  private static final String THIS_JVM = UUID.randomUUID().toString();

  private PopTiming() {
  }

  /** The options to publish a pop with, for an AMI event that arrived at {@code arrivedNanos}. */
  public static DeliveryOptions stamp(long arrivedNanos) {
    return new DeliveryOptions().addHeader(ARRIVED, Long.toString(arrivedNanos)).addHeader(JVM, THIS_JVM);
  }

  /** Records the pop just written to the agent's stream; {@code lookup} is the pop's own field (pending, done, failed). */
  public static void pushed(Vertx vertx, MultiMap headers, String lookup) {
    String arrived = headers.get(ARRIVED);
    if (arrived == null || !THIS_JVM.equals(headers.get(JVM)) || !Meters.enabled(vertx)) {
      return;
    }
    long nanos;
    try {
      nanos = System.nanoTime() - Long.parseLong(arrived);
    } catch (NumberFormatException e) {
      return;
    }
    String stage = "pending".equals(lookup) ? "card" : "done".equals(lookup) ? "lookup" : "failed";
    Timer.builder("hotline.screen.pop").description("From the AMI event's arrival to the screen pop on the agent's stream")
        .tag("stage", stage).serviceLevelObjectives(Buckets.FAST).register(Meters.of(vertx))
        .record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }
}

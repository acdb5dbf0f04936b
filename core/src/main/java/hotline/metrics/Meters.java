package hotline.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The meter registry of a Vert.x instance: the one the app created it with when metrics are on (see the app's
 * {@code HotlineVertx}), else one that keeps nothing (its meters are no-ops), so that the modules record without asking
 * whether anyone scrapes. Per instance, not global: tests run several in one JVM.
 */
public final class Meters {

  /** No registries under it: every meter is a no-op. */
  private static final MeterRegistry NONE = new CompositeMeterRegistry();
  private static final Map<Vertx, Binding> BOUND = Collections.synchronizedMap(new WeakHashMap<>());

  /** A Vert.x instance's registry and who may scrape it. */
  private record Binding(MeterRegistry registry, MetricsSettings settings) {
  }

  private Meters() {
  }

  /** Called once, right after the Vert.x instance is built with this registry. */
  public static void bind(Vertx vertx, MeterRegistry registry, MetricsSettings settings) {
    BOUND.put(vertx, new Binding(registry, settings));
  }

  public static MeterRegistry of(Vertx vertx) {
    Binding b = BOUND.get(vertx);
    return b == null ? NONE : b.registry();
  }

  /** How the instance's metrics are scraped; {@link MetricsSettings#OFF} when it measures nothing. */
  public static MetricsSettings settings(Vertx vertx) {
    Binding b = BOUND.get(vertx);
    return b == null ? MetricsSettings.OFF : b.settings();
  }

  /** The registry of the Vert.x instance whose context this runs on (a no-op one off any context). */
  public static MeterRegistry current() {
    io.vertx.core.Context c = Vertx.currentContext();
    return c == null ? NONE : of(c.owner());
  }

  /** Whether anything recorded on {@link #of} is kept. */
  public static boolean enabled(Vertx vertx) {
    return BOUND.containsKey(vertx);
  }
}

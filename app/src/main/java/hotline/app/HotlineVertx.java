package hotline.app;

import hotline.config.Config;
import hotline.metrics.Buckets;
import hotline.metrics.Meters;
import hotline.metrics.MetricsSettings;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.UUID;

/**
 * Builds Hotline's Vert.x instance: with Vert.x's Micrometer metrics on a Prometheus registry when metrics are
 * configured ({@link MetricsSettings#enabled}), plain otherwise (nothing measured, nothing to pay). Metrics options can
 * only be given when Vert.x is built, so Main and the tests that scrape build it here.
 */
public final class HotlineVertx {

  private HotlineVertx() {
  }

  public static Vertx create(Config config, VertxOptions options) {
    MetricsSettings settings = MetricsSettings.from(config);
    if (!settings.enabled()) {
      return Vertx.vertx(options);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
        // Vert.x Web reports every route a request matched ("/api/>/api/cases/:id"): the last one is the handler's
        // template. Never the raw path (Label.HTTP_PATH stays off): ids and case numbers are not labels.
        .meterFilter(MeterFilter.replaceTagValues(Label.HTTP_ROUTE.toString(), HotlineVertx::lastRoute))
        .meterFilter(latencyBuckets());
    new FileDescriptorMetrics().bindTo(registry);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        // Per instance: Vert.x keys its backends by this name, and tests run several instances in one JVM.
        .setRegistryName("hotline-" + UUID.randomUUID())
        // Bounded labels only: no client address (REMOTE), no path, no event-bus address (a screen pop's names an agent).
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
            Label.EB_SIDE))
        // Outgoing sockets and HTTP client calls are not what operators watch here; the AMI link has its own meters.
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT).addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT);
    Vertx vertx = Vertx.builder().with(options.setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    Meters.bind(vertx, registry, settings);
    return vertx;
  }

  static String lastRoute(String routes) {
    int last = routes.lastIndexOf('>');
    return last < 0 ? routes : routes.substring(last + 1);
  }

  /** Histogram buckets (the same few as Hotline's own timers) for Vert.x's request and pool-queue times. */
  private static MeterFilter latencyBuckets() {
    double[] slos = Arrays.stream(Buckets.FAST).mapToDouble(d -> (double) d.toNanos()).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        String name = id.getName();
        if (name.equals("vertx.http.server.response.time") || name.equals("vertx.pool.queue.time")) {
          return DistributionStatisticConfig.builder().serviceLevelObjectives(slos).build().merge(config);
        }
        return config;
      }
    };
  }
}

package hotline.metrics;

import hotline.config.Config;
import java.time.Duration;

/**
 * {@code metrics.*}: who may scrape {@code GET /metrics}. A bearer token ({@code metrics.token}, from the environment:
 * {@code HOTLINE_METRICS_TOKEN}) opens it on the HTTP port and is asked on the metrics port too; a port of its own
 * ({@code metrics.port}, bound to {@code metrics.host}, 127.0.0.1 by default) serves it to whoever reaches that address.
 * With neither, nothing is measured and {@code /metrics} does not exist (404).
 */
public record MetricsSettings(String token, String host, int port, Duration outboxRefresh, Duration probeInterval) {

  /** The event-loop probe's timer: how late it fires is the loop's delay. */
  public static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

  public static final MetricsSettings OFF = new MetricsSettings(null, "127.0.0.1", 0, Duration.ofSeconds(30), PROBE_INTERVAL);

  public static MetricsSettings from(Config config) {
    int port = config.integer("metrics.port", 0);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("configuration metrics.port (HOTLINE_METRICS_PORT) must be 0 (none) or a port, not " + port);
    }
    String token = config.string("metrics.token", null);
    if (token != null && token.length() < 16) {
      // A scrape token is a machine's secret: short ones are guessed.
      throw new IllegalArgumentException("configuration metrics.token (HOTLINE_METRICS_TOKEN) must have at least 16 characters");
    }
    long refresh = config.longValue("metrics.outbox-refresh-seconds", 30);
    if (refresh < 1) {
      throw new IllegalArgumentException("configuration metrics.outbox-refresh-seconds must be at least 1, not " + refresh);
    }
    return new MetricsSettings(token, config.string("metrics.host", "127.0.0.1"), port, Duration.ofSeconds(refresh),
        PROBE_INTERVAL);
  }

  /** Measured at all: a token or a port of its own is set. */
  public boolean enabled() {
    return token != null || port > 0;
  }

  /** {@code /metrics} on the HTTP port too (with the token). */
  public boolean onHttpPort() {
    return token != null;
  }
}

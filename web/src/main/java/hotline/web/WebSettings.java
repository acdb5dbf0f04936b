package hotline.web;

import hotline.config.Config;

/** The HTTP side's configuration. */
public record WebSettings(String host, int port, long maxBodyBytes, boolean secureCookies, long requestTimeoutMs,
    EventStreamSettings events) {

  /** With the event streams' default limits. */
  public WebSettings(String host, int port, long maxBodyBytes, boolean secureCookies, long requestTimeoutMs) {
    this(host, port, maxBodyBytes, secureCookies, requestTimeoutMs, EventStreamSettings.DEFAULTS);
  }

  public static WebSettings from(Config config) {
    return new WebSettings(config.string("http.host", "0.0.0.0"), config.integer("http.port", 8080),
        config.longValue("http.max-body-bytes", 16 * 1024 * 1024), config.bool("sessions.cookie-secure", false),
        config.longValue("http.request-timeout-ms", 30_000), EventStreamSettings.from(config));
  }

  public WebSettings withPort(int p) {
    return new WebSettings(host, p, maxBodyBytes, secureCookies, requestTimeoutMs, events);
  }

  public WebSettings withEvents(EventStreamSettings e) {
    return new WebSettings(host, port, maxBodyBytes, secureCookies, requestTimeoutMs, e);
  }
}

package hotline.web;

import hotline.metrics.Meters;
import hotline.metrics.MetricsSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code GET /metrics} for Prometheus: the text format 0.0.4, or OpenMetrics 1.0 when the scraper asks for it
 * ({@code Accept: application/openmetrics-text}). On the HTTP port only with a bearer token ({@code metrics.token});
 * on the metrics port ({@link MetricsVerticle}) with the token when one is set. Without a token on the HTTP port, the
 * path does not exist here (404). The scrape formats on a worker, not on the event loop.
 */
final class MetricsRoutes {

  static final String PATH = "/metrics";
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private MetricsRoutes() {
  }

  /** On the API's router: answers only when a token is configured, else leaves the path to the 404. */
  static void mount(Router router, Vertx vertx) {
    MetricsSettings settings = Meters.settings(vertx);
    Handler<RoutingContext> scrape = settings.onHttpPort() && Meters.of(vertx) instanceof PrometheusMeterRegistry
        ? handler(vertx, settings.token()) : null;
    router.get(PATH).handler(ctx -> {
      if (scrape == null) {
        ctx.next();
      } else {
        scrape.handle(ctx);
      }
    });
  }

  /** The scrape, for a request that carries {@code Authorization: Bearer <token>} (any request when token is null). */
  static Handler<RoutingContext> handler(Vertx vertx, String token) {
    byte[] expected = token == null ? null : sha256(token);
    PrometheusMeterRegistry registry = (PrometheusMeterRegistry) Meters.of(vertx);
    return ctx -> {
      if (expected != null && !authorized(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), expected)) {
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"")
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end("401 unauthorized: GET /metrics needs Authorization: Bearer <metrics.token>\n");
        return;
      }
      String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
      String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
      ctx.vertx().executeBlocking(() -> registry.scrape(type), false)
          .onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type)
              .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(text))
          .onFailure(ctx::fail);
    };
  }

  /** Constant time: the digests of what came and what is expected, compared whole. */
  private static boolean authorized(String header, byte[] expected) {
    if (header == null || header.length() > 1024 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(sha256(header.substring(7).trim()), expected);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

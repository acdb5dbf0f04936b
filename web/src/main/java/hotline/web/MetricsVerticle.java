package hotline.web;

import hotline.metrics.MetricsSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics port ({@code metrics.port} on {@code metrics.host}, 127.0.0.1 unless configured): {@code GET /metrics}
 * and nothing else, with the bearer token when one is set. Its own server, so that the HTTP port's users never reach it
 * and a firewall can keep it to the Prometheus host.
 */
public final class MetricsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsVerticle.class);

  private final MetricsSettings settings;
  private HttpServer server;

  public MetricsVerticle(MetricsSettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get(MetricsRoutes.PATH).handler(MetricsRoutes.handler(vertx, settings.token()));
    return vertx.createHttpServer().requestHandler(router).listen(settings.port(), settings.host()).onSuccess(s -> {
      server = s;
      LOG.info("metrics listening [{}:{}{}, token: {}]", settings.host(), s.actualPort(), MetricsRoutes.PATH,
          settings.token() == null ? "none" : "required");
    });
  }

  public int actualPort() {
    return server.actualPort();
  }
}

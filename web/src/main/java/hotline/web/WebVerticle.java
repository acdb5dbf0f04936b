package hotline.web;

import hotline.Core;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the HTTP API. */
public final class WebVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);

  private final Core core;
  private final WebSettings settings;
  private HttpServer server;

  public WebVerticle(Core core, WebSettings settings) {
    this.core = core;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        .setIdleTimeout(120)
        .setCompressionSupported(true);
    return vertx.createHttpServer(options)
        .requestHandler(ApiRouter.create(vertx, core, settings))
        .invalidRequestHandler(new InvalidRequests())
        .listen()
        .onSuccess(s -> {
          server = s;
          LOG.info("HTTP API listening [port: {}]", s.actualPort());
        });
  }

  /** The port the server listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }
}

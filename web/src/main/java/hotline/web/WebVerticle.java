package hotline.web;

import hotline.Core;
import hotline.forms.FormPdf;
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
  private final FormPdf forms;
  private final hotline.webform.WebFormSettings publicForm;
  private HttpServer server;

  /** With record forms drawn in the default font and layouts. */
  public WebVerticle(Core core, WebSettings settings) {
    this(core, settings, null);
  }

  /** {@code forms}: what draws record forms, built from the configuration (on a worker: it reads layout files). */
  public WebVerticle(Core core, WebSettings settings, FormPdf forms) {
    this(core, settings, forms, hotline.webform.WebFormSettings.DEFAULTS);
  }

  /** {@code publicForm}: the public web form's limits, from the configuration ({@code public-form.*}). */
  public WebVerticle(Core core, WebSettings settings, FormPdf forms, hotline.webform.WebFormSettings publicForm) {
    this.core = core;
    this.settings = settings;
    this.forms = forms;
    this.publicForm = publicForm;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        .setIdleTimeout(120)
        // Text only (see Compression). No size threshold: Netty applies it to the first part of an answer, which for a
        // file or a chunked answer is its headers alone, so it would turn compression off for the console's files.
        .setCompressionSupported(true)
        // No HTTP/2 over plain TCP (h2c): browsers never speak it, and Vert.x 5.0.x's HTTP/2 encoder, once it sent one
        // answer uncompressed on a connection, labels later ones gzip but sends them plain (eclipse-vertx/vert.x#5896).
        // Other clients fall back to HTTP/1.1, where compression is right.
        .setHttp2ClearTextEnabled(false)
        // The public web form posts its text as a form field: room for its longest text (percent-encoded, or multipart).
        .setMaxFormAttributeSize(256 * 1024)
        .setMaxFormBufferedBytes(256 * 1024);
    return vertx.createHttpServer(options)
        .requestHandler(ApiRouter.create(vertx, core, settings, forms, publicForm))
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

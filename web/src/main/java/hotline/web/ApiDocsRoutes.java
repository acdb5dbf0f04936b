package hotline.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI document browsable at {@code /api/docs}: Swagger UI from the {@code org.webjars:swagger-ui} jar, our page
 * and its initializer ({@code apidocs/} on the classpath). Public, like {@code /api/openapi.json}: mounted before the
 * sign-in check, it reads no token and shows nothing of anyone. No inline script, so the page has a strict
 * Content-Security-Policy (Swagger UI sets inline styles and draws its icons as data: images, hence those two).
 */
final class ApiDocsRoutes {

  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final String JS = "text/javascript; charset=utf-8";
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final String OURS = "apidocs/";

  /** What /api/docs/{file} serves: file → content type. Anything else is 404. */
  private static final Map<String, String> FILES = Map.of(
      "swagger-ui-bundle.js", JS,
      "swagger-ui.css", "text/css; charset=utf-8",
      "favicon-32x32.png", "image/png",
      "favicon-16x16.png", "image/png",
      "api-docs.js", JS);

  /** Files read once per process (the bundle is 1.7 MB), on a worker. */
  private static final Map<String, Buffer> CACHE = new ConcurrentHashMap<>();

  private ApiDocsRoutes() {
  }

  static void mount(Router router) {
    router.get("/api/docs").handler(ctx -> serve(ctx, "index.html", "text/html; charset=utf-8", false));
    router.get("/api/docs/:file").handler(ctx -> {
      String file = ctx.pathParam("file");
      String type = FILES.get(file);
      if (type == null) {
        ctx.next(); // the API's JSON 404
        return;
      }
      serve(ctx, file, type, true);
    });
  }

  private static void serve(RoutingContext ctx, String file, String type, boolean cacheable) {
    Buffer cached = CACHE.get(file);
    Future<Buffer> body = cached != null ? Future.succeededFuture(cached)
        : ctx.vertx().executeBlocking(() -> CACHE.computeIfAbsent(file, f -> read(resource(f))), false);
    body.onSuccess(b -> {
      ctx.response().putHeader("Content-Type", type).putHeader("Content-Security-Policy", CSP)
          .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
      if (cacheable) {
        // Vendor files and our initializer: the same for everyone, unlike every other answer under /api.
        ctx.response().putHeader("Cache-Control", "public, max-age=3600");
      }
      ctx.response().end(b);
    }).onFailure(ctx::fail);
  }

  /** Our page and initializer, or the webjar's file (its folder is named by the version the jar itself states). */
  private static String resource(String file) {
    return file.equals("index.html") || file.equals("api-docs.js") ? OURS + file : WEBJAR + WebjarVersion.VALUE + "/" + file;
  }

  private static Buffer read(String resource) {
    try (InputStream in = ApiDocsRoutes.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Read on first use (a worker, from {@link #serve}), so that mounting the routes reads nothing. */
  private static final class WebjarVersion {
    static final String VALUE = version();

    private static String version() {
      try (InputStream in = ApiDocsRoutes.class.getClassLoader()
          .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
        if (in == null) {
          throw new IllegalStateException("org.webjars:swagger-ui is missing from the classpath");
        }
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

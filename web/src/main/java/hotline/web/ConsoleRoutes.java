package hotline.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console: one page ({@code webroot/index.html}) and its ES modules, styles and dictionaries, and the
 * JavaScript libraries from their WebJars on the classpath ({@code /webjars/…}). Every page answer carries a
 * Content-Security-Policy without inline script (Vue's runtime build renders without compiling templates, so without
 * {@code eval} either). The API stays under {@code /api}; nothing here answers there.
 */
final class ConsoleRoutes {

  /** Scripts, styles and data from this origin only; no inline script, no framing, no plugins. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
      + "connect-src 'self'; font-src 'self'; object-src 'none'; frame-src 'self'; frame-ancestors 'none'; "
      + "base-uri 'none'; form-action 'self'";

  private ConsoleRoutes() {
  }

  static void mount(Router router) {
    // The WebJars' files by their own paths: /webjars/vue/3.5.13/… is META-INF/resources/webjars/vue/3.5.13/…, and
    // the mvnpm jars' (ECharts) likewise: /_static/echarts/5.6.0/… is META-INF/resources/_static/echarts/5.6.0/…. The
    // version is in the path, so a file never changes under its name: a year, immutable.
    StaticHandler webjars = StaticHandler.create("META-INF/resources").setCachingEnabled(true)
        .setMaxAgeSeconds(365L * 86_400).setDirectoryListing(false);
    // The console's own files change with each release: kept, but checked each time (Last-Modified, a 304 when
    // unchanged), so a new release is picked up at the next load.
    StaticHandler console = StaticHandler.create("webroot").setCachingEnabled(true).setMaxAgeSeconds(0)
        .setDirectoryListing(false).setIndexPage("index.html");
    // No path or method on this route: it is not an API operation (OpenApiTest lists only those).
    router.route().handler(ctx -> {
      if (!isPage(ctx)) {
        ctx.next();
        return;
      }
      secure(ctx);
      if (ctx.normalizedPath().startsWith("/webjars/") || ctx.normalizedPath().startsWith("/_static/")) {
        webjars.handle(ctx);
      } else {
        // StaticHandler says "public, immutable, max-age=0"; what is meant is "check with the server before use".
        ctx.addHeadersEndHandler(v -> ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache"));
        console.handle(ctx);
      }
    });
  }

  /** A GET or HEAD outside the API and the health check: a file of the console. */
  private static boolean isPage(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    return (ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD)
        && !path.equals("/api") && !path.startsWith("/api/") && !path.equals("/health");
  }

  private static void secure(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer").putHeader("X-Frame-Options", "DENY");
  }
}

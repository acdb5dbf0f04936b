package hotline.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Which answers the server compresses ({@link WebVerticle} turns compression on for clients that accept it): text
 * (pages, scripts, styles, JSON, the console's dictionaries), not what is compressed already or meant to arrive as is
 * (record-form PDFs, attachments such as images, audio or archives): those keep their Content-Length and cost no CPU.
 * The event stream says {@code identity} itself, so that each event is flushed at once.
 */
final class Compression {

  private Compression() {
  }

  /** First on the router: decides when the headers go out, from the Content-Type the answer ended up with. */
  static void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    ctx.addHeadersEndHandler(v -> {
      String type = response.headers().get(HttpHeaders.CONTENT_TYPE);
      if (type != null && !response.headers().contains(HttpHeaders.CONTENT_ENCODING) && !compressible(type)) {
        response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
      }
    });
    ctx.next();
  }

  static boolean compressible(String contentType) {
    String t = contentType.toLowerCase(Locale.ROOT);
    int semicolon = t.indexOf(';');
    String type = (semicolon < 0 ? t : t.substring(0, semicolon)).trim();
    return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
        || type.equals("application/javascript") || type.equals("application/xml") || type.endsWith("+xml")
        || type.equals("image/svg+xml");
  }
}

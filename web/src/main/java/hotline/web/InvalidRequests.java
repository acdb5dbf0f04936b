package hotline.web;

import hotline.errors.Messages;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A request the HTTP codec could not read (a request line or headers over the limits, or no HTTP at all) never
 * reaches the router: it gets the same JSON error as every other refusal, in the caller's language where its headers
 * say it, and the connection is closed.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest req) {
    Throwable cause = req.decoderResult() == null ? null : req.decoderResult().cause();
    int status;
    String code;
    String key;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = "uri_too_long";
      key = "requestLineTooLong";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      code = "headers_too_large";
      key = "headersTooLarge";
    } else {
      status = 400;
      code = "malformed_request";
      key = "malformedRequest";
    }
    Locale locale = locale(req.getHeader("Accept-Language"));
    JsonObject body = new JsonObject().put("error", new JsonObject().put("code", code).put("message", Messages.format(locale, key)));
    req.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Content-Language", locale.getLanguage().equals("en") ? "en" : "zh-CN")
        .putHeader("Connection", "close")
        .end(body.toBuffer());
  }

  /** Simplified Chinese unless the header prefers English (by its q-values), as {@link Requests#locale} decides. */
  static Locale locale(String acceptLanguage) {
    if (acceptLanguage == null) {
      return Messages.CHINESE;
    }
    record Tag(String tag, double q) {
    }
    List<Tag> tags = new ArrayList<>();
    for (String part : acceptLanguage.split(",")) {
      String[] bits = part.trim().split(";");
      double q = 1;
      for (int i = 1; i < bits.length; i++) {
        String b = bits[i].trim();
        if (b.startsWith("q=")) {
          try {
            q = Double.parseDouble(b.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      tags.add(new Tag(bits[0].trim().toLowerCase(Locale.ROOT), q));
    }
    tags.sort(Comparator.comparingDouble(Tag::q).reversed());
    for (Tag t : tags) {
      if (t.tag().startsWith("zh")) {
        return Messages.CHINESE;
      }
      if (t.tag().startsWith("en")) {
        return Locale.ENGLISH;
      }
    }
    return Messages.CHINESE;
  }
}

package hotline.web;

import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One place that turns failures into {@code {"error":{"code","message",…}}} in the caller's language. Client errors
 * are logged without a stack trace; server errors once, with it, and the body never leaks internals.
 */
final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  private final long maxBodyBytes;

  FailureHandler(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** A lost or refused database connection, or a server shutting down: try again later, not a bug. */
  static boolean databaseUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
        return true;
      }
      if (t instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    Locale locale = Requests.locale(ctx);
    Throwable failure = ctx.failure();
    int status;
    String code;
    String message;
    JsonObject details = null;
    if (failure instanceof HotlineException e) {
      status = e.code().status();
      code = e.code().code();
      message = e.message(locale);
      details = e.details();
      LOG.debug("request refused [{} {}: {} {}]", ctx.request().method(), ctx.request().path(), status, e.getMessage());
    } else if (failure == null || ctx.statusCode() == 413 || ctx.statusCode() == 404 || ctx.statusCode() == 405) {
      status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      switch (status) {
        case 413 -> {
          code = ErrorCode.PAYLOAD_TOO_LARGE.code();
          message = Messages.format(locale, "payloadTooLarge", String.valueOf(maxBodyBytes));
        }
        case 404 -> {
          code = ErrorCode.NOT_FOUND.code();
          message = Messages.format(locale, "routeNotFound", ctx.request().path());
        }
        case 405 -> {
          code = "method_not_allowed";
          message = Messages.format(locale, "methodNotAllowed");
        }
        case 401 -> {
          code = ErrorCode.UNAUTHORIZED.code();
          message = Messages.format(locale, "unauthorized");
        }
        case 503 -> {
          code = ErrorCode.UNAVAILABLE.code();
          message = Messages.format(locale, "unavailable", new Messages.Key("timeout"));
        }
        default -> {
          code = status >= 500 ? ErrorCode.INTERNAL.code() : ErrorCode.MALFORMED_REQUEST.code();
          message = Messages.format(locale, status >= 500 ? "internal" : "notAcceptable");
        }
      }
    } else if (failure instanceof IllegalStateException && failure.getMessage() != null
        && failure.getMessage().contains("Request has already been read")) {
      status = 400;
      code = ErrorCode.MALFORMED_REQUEST.code();
      message = Messages.format(locale, "malformedJson.unreadable");
    } else if (databaseUnreachable(failure)) {
      status = 503;
      code = ErrorCode.UNAVAILABLE.code();
      message = Messages.format(locale, "unavailable", Messages.format(locale, "database"));
      LOG.warn("database unavailable [{} {}]: {}", ctx.request().method(), ctx.request().path(), failure.toString());
    } else {
      status = 500;
      code = ErrorCode.INTERNAL.code();
      message = Messages.format(locale, "internal");
      LOG.error("request failed [{} {}]", ctx.request().method(), ctx.request().path(), failure);
    }
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (details != null) {
      error.mergeIn(details);
      if (details.containsKey("retryAfterSeconds")) {
        ctx.response().putHeader("Retry-After", String.valueOf(details.getLong("retryAfterSeconds")));
      }
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Content-Language", locale.getLanguage().equals("en") ? "en" : "zh-CN")
        .end(new JsonObject().put("error", error).toBuffer());
  }
}

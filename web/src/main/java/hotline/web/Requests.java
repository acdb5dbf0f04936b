package hotline.web;

import hotline.bus.Bus;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.errors.Messages;
import hotline.users.Permission;
import hotline.users.Principal;
import io.vertx.core.Future;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Supplier;

/** What every handler needs: the caller, the JSON body, the caller's language, and one way to answer. */
final class Requests {

  static final String PRINCIPAL = "hotline.principal";

  private Requests() {
  }

  static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    if (p == null) {
      throw new HotlineException(ErrorCode.UNAUTHORIZED, "unauthorized");
    }
    return p;
  }

  /**
   * The caller, who must hold a role the permission could ever grant (the service checks the rest: ownership, the
   * unit): someone who may never do it hears 403, naming what it needs, before anything they sent is read.
   */
  static Principal principal(RoutingContext ctx, Permission permission) {
    return permission.require(principal(ctx));
  }

  /** Reads JSON as it is sent, and refuses a field that appears twice (which the decoder would take the last of). */
  private static final JsonFactory STRICT = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * The request body as a JSON object; an empty body is an empty object; anything else is a 400 saying where, in the
   * caller's language: the line and column of bad JSON, or the field that appears twice.
   */
  static JsonObject body(RoutingContext ctx) {
    Buffer b = ctx.body().buffer();
    if (b == null || b.length() == 0) {
      return new JsonObject();
    }
    checkJson(b.getBytes());
    try {
      Object v = io.vertx.core.json.Json.decodeValue(b);
      if (v instanceof JsonObject o) {
        return o;
      }
      throw new HotlineException(ErrorCode.MALFORMED_REQUEST, "malformedJson.notObject");
    } catch (DecodeException e) {
      throw new HotlineException(ErrorCode.MALFORMED_REQUEST, "malformedJson.unreadable");
    }
  }

  /** One pass over the tokens: well-formed, valid UTF-8, and no field twice in one object. */
  private static void checkJson(byte[] bytes) {
    try (JsonParser p = STRICT.createParser(bytes)) {
      try {
        while (p.nextToken() != null) {
          // Reading is the check.
        }
      } catch (StreamReadException e) {
        JsonLocation at = e.getLocation() == null ? p.currentLocation() : e.getLocation();
        long line = at == null ? 0 : at.getLineNr();
        long column = at == null ? 0 : at.getColumnNr();
        String field = p.currentName();
        if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field") && field != null) {
          throw new HotlineException(ErrorCode.MALFORMED_REQUEST, "malformedJson.duplicate", shorten(field), line, column);
        }
        throw new HotlineException(ErrorCode.MALFORMED_REQUEST, "malformedJson", line, column);
      }
    } catch (java.io.IOException e) {
      throw new HotlineException(ErrorCode.MALFORMED_REQUEST, "malformedJson.unreadable");
    }
  }

  /** A numeric path parameter such as {@code unitId}; anything else is "no such unit". */
  static long pathId(RoutingContext ctx, String name) {
    String v = ctx.pathParam(name);
    if (v == null || !v.matches("\\d{1,18}")) {
      String entity = name.replaceFirst("Id$", "");
      throw HotlineException.notFound(entity.equals("request") ? "access_request" : entity, v);
    }
    return Long.parseLong(v);
  }

  /** Simplified Chinese unless the caller prefers English. */
  static Locale locale(RoutingContext ctx) {
    for (LanguageHeader l : ctx.acceptableLanguages()) {
      String tag = l.tag() == null ? "" : l.tag().toLowerCase(Locale.ROOT);
      if (tag.startsWith("zh")) {
        return Messages.CHINESE;
      }
      if (tag.startsWith("en")) {
        return Locale.ENGLISH;
      }
    }
    return Messages.CHINESE;
  }

  /** Runs a service call (a synchronous throw counts as a failure) and answers its JSON with the status. */
  static void respond(RoutingContext ctx, int status, Supplier<Future<?>> call) {
    Future<?> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    f.onSuccess(result -> {
      if (ctx.response().ended() || ctx.response().closed()) {
        return;
      }
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8");
      if (result instanceof JsonObject o) {
        ctx.response().end(o.toBuffer());
      } else if (result instanceof JsonArray a) {
        ctx.response().end(a.toBuffer());
      } else {
        ctx.response().end(new JsonObject().put("ok", true).toBuffer());
      }
    }).onFailure(ctx::fail);
  }

  static void ok(RoutingContext ctx, Supplier<Future<?>> call) {
    respond(ctx, 200, call);
  }

  private static String shorten(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /**
   * Asks a module over the event bus ({@link Bus}): its own refusal comes back as itself, in the caller's language; no
   * answer (the module not deployed, or busy) is a 503 naming the {@code service}.
   */
  static Future<JsonObject> ask(io.vertx.core.Vertx vertx, String address, JsonObject request, String service) {
    return Bus.ask(vertx, address, request, 10_000, service);
  }
}

package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.principal;
import static hotline.web.Requests.respond;

import hotline.Core;
import hotline.validation.Input;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Sign-in, sign-out, the caller, API tokens and users. */
final class UserRoutes {

  private UserRoutes() {
  }

  static void mount(Router router, Core core, WebSettings settings) {
    router.post("/api/session").handler(ctx -> ok(ctx, () -> {
      JsonObject b = body(ctx);
      return core.users().login(b.getValue("username") instanceof String u ? u : null,
          b.getValue("password") instanceof String pw ? pw : null,
          ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress()).onSuccess(session -> ctx.response().addCookie(
          Cookie.cookie(Authentication.COOKIE, session.getString("token")).setPath("/").setHttpOnly(true)
              .setSameSite(CookieSameSite.STRICT).setSecure(settings.secureCookies())));
    }));
    router.delete("/api/session").handler(ctx -> ok(ctx, () -> {
      principal(ctx);
      // The token this request came with, cookie or bearer: read before the cookie is cleared (the jar is shared).
      String token = ctx.get(Authentication.TOKEN);
      ctx.response().addCookie(Cookie.cookie(Authentication.COOKIE, "").setPath("/").setMaxAge(0)
          .setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(settings.secureCookies()));
      return core.users().logout(token);
    }));
    router.get("/api/me").handler(ctx -> ok(ctx, () -> Future.succeededFuture(principal(ctx).toJson())));
    router.post("/api/tokens").handler(ctx -> respond(ctx, 201, () -> {
      principal(ctx);
      Input in = Input.of(body(ctx));
      Integer days = in.optionalInt("days", 1, 366);
      return core.users().createApiToken(principal(ctx), in.required("name", 100), days == null ? 90 : days);
    }));
    router.get("/api/users").handler(ctx -> ok(ctx, () -> core.users().list(principal(ctx))));
    router.post("/api/users").handler(ctx -> respond(ctx, 201, () -> core.users().create(principal(ctx), body(ctx))));
  }
}

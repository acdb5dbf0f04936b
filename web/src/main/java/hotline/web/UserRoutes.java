package hotline.web;

import static hotline.web.Requests.body;
import static hotline.web.Requests.ok;
import static hotline.web.Requests.pathId;
import static hotline.web.Requests.principal;
import static hotline.web.Requests.respond;

import hotline.Core;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import hotline.users.Authenticated;
import hotline.users.Permission;
import hotline.users.Principal;
import hotline.validation.Input;
import hotline.validation.QueryParams;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Sign-in, sign-out, the caller, their password and tokens, and users with their accounts. */
final class UserRoutes {

  private UserRoutes() {
  }

  static void mount(Router router, Core core, WebSettings settings) {
    router.post("/api/session").handler(ctx -> ok(ctx, () -> {
      JsonObject b = body(ctx);
      return core.users().login(b.getValue("username") instanceof String u ? u : null,
          b.getValue("password") instanceof String pw ? pw : null, clientAddress(ctx)).onSuccess(session -> ctx.response().addCookie(
          Cookie.cookie(Authentication.COOKIE, session.getString("token")).setPath("/").setHttpOnly(true)
              .setSameSite(CookieSameSite.STRICT).setSecure(settings.secureCookies())));
    }));
    router.delete("/api/session").handler(ctx -> ok(ctx, () -> {
      principal(ctx, Permission.SIGNED_IN);
      // The token this request came with, cookie or bearer: read before the cookie is cleared (the jar is shared).
      String token = ctx.get(Authentication.TOKEN);
      ctx.response().addCookie(Cookie.cookie(Authentication.COOKIE, "").setPath("/").setMaxAge(0)
          .setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(settings.secureCookies()));
      return core.users().logout(token);
    }));
    router.get("/api/me").handler(ctx -> ok(ctx, () -> {
      Authenticated a = authenticated(ctx);
      return Future.succeededFuture(a.principal().toJson().put("mustChangePassword", a.mustChangePassword()));
    }));
    router.put("/api/me/password").handler(ctx -> ok(ctx,
        () -> core.users().changeOwnPassword(authenticated(ctx), body(ctx), clientAddress(ctx))));
    router.post("/api/tokens").handler(ctx -> respond(ctx, 201, () -> {
      principal(ctx, Permission.OWN_ACCOUNT);
      Input in = Input.of(body(ctx));
      Integer days = in.optionalInt("days", 1, 366);
      return core.users().createApiToken(principal(ctx), in.required("name", 100), days == null ? 90 : days);
    }));
    router.get("/api/tokens").handler(ctx -> ok(ctx, () -> {
      Authenticated a = authenticated(ctx);
      return core.users().tokens(a.principal(), a.principal().id(), a.tokenId());
    }));
    router.delete("/api/tokens/:tokenId").handler(ctx -> ok(ctx, () -> {
      Principal p = principal(ctx, Permission.OWN_ACCOUNT);
      return core.users().revokeToken(p, p.id(), pathId(ctx, "tokenId"));
    }));

    router.get("/api/users").handler(ctx -> ok(ctx, () -> core.users().list(principal(ctx, Permission.USERS_LIST))));
    router.post("/api/users").handler(ctx -> respond(ctx, 201, () -> core.users().create(principal(ctx, Permission.USERS_MANAGE), body(ctx))));
    // A fixed path before the ones with a user id.
    router.get("/api/users/sensitive-changes").handler(ctx -> ok(ctx, () -> {
      QueryParams q = new QueryParams(ctx.request()::getParam);
      return core.users().sensitiveChanges(principal(ctx, Permission.SENSITIVE_CHANGES), q.page(), q.size(200));
    }));
    router.post("/api/users/:userId/deactivate").handler(ctx -> ok(ctx,
        () -> core.users().deactivate(principal(ctx, Permission.USER_ACCOUNT), pathId(ctx, "userId"))));
    router.post("/api/users/:userId/reactivate").handler(ctx -> ok(ctx,
        () -> core.users().reactivate(principal(ctx, Permission.USER_ACCOUNT), pathId(ctx, "userId"))));
    router.put("/api/users/:userId/roles").handler(ctx -> ok(ctx,
        () -> core.users().changeRoles(principal(ctx, Permission.USER_ROLES), pathId(ctx, "userId"), body(ctx))));
    router.post("/api/users/:userId/password-reset").handler(ctx -> ok(ctx,
        () -> core.users().resetPassword(principal(ctx, Permission.USER_ACCOUNT), pathId(ctx, "userId"), body(ctx))));
    router.get("/api/users/:userId/tokens").handler(ctx -> ok(ctx,
        () -> core.users().tokens(principal(ctx, Permission.USER_TOKENS), pathId(ctx, "userId"), null)));
    router.delete("/api/users/:userId/tokens/:tokenId").handler(ctx -> ok(ctx,
        () -> core.users().revokeToken(principal(ctx, Permission.USER_TOKENS), pathId(ctx, "userId"), pathId(ctx, "tokenId"))));
  }

  /** The signed-in caller with its token's id; 401 without one. */
  private static Authenticated authenticated(RoutingContext ctx) {
    principal(ctx);
    Authenticated a = ctx.get(Authentication.AUTHENTICATED);
    if (a == null) {
      throw new HotlineException(ErrorCode.UNAUTHORIZED, "unauthorized");
    }
    return a;
  }

  /** Where the request comes from, as sign-in attempts are counted (user name and this address). */
  private static String clientAddress(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
  }
}

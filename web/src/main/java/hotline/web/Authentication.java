package hotline.web;

import hotline.users.UserService;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds the caller from {@code Authorization: Bearer <token>} (API tokens and sessions alike) or the browser's session
 * cookie, and puts the principal on the context. It does not refuse anyone: routes that need a user ask for it.
 */
final class Authentication implements Handler<RoutingContext> {

  static final String COOKIE = "hotline_session";

  private final UserService users;

  Authentication(UserService users) {
    this.users = users;
  }

  static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    Cookie c = ctx.request().getCookie(COOKIE);
    return c == null ? null : c.getValue();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = token(ctx);
    if (token == null) {
      ctx.next();
      return;
    }
    users.authenticate(token).onSuccess(p -> {
      if (p != null) {
        ctx.put(Requests.PRINCIPAL, p);
      }
      ctx.next();
    }).onFailure(ctx::fail);
  }
}

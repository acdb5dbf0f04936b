package hotline.web;

import hotline.users.UserService;
import hotline.errors.ErrorCode;
import hotline.errors.HotlineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds the caller from {@code Authorization: Bearer <token>} (API tokens and sessions alike) or the browser's session
 * cookie, and puts the principal on the context. It does not refuse anyone (routes that need a user ask for it),
 * except a change that rides on the cookie from another site (cross-site request forgery).
 */
final class Authentication implements Handler<RoutingContext> {

  static final String COOKIE = "hotline_session";

  private final UserService users;

  Authentication(UserService users) {
    this.users = users;
  }

  /** The token the request authenticated with, put on the context by this handler: sign-out revokes exactly it. */
  static final String TOKEN = "hotline.token";

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String bearer = bearer(ctx);
    Cookie cookie = bearer == null ? ctx.request().getCookie(COOKIE) : null;
    String token = bearer != null ? bearer : cookie == null ? null : cookie.getValue();
    if (token == null || token.isEmpty()) {
      ctx.next();
      return;
    }
    // Signing in acts on no session: a stale cookie sent along with it is no reason to refuse it.
    boolean signIn = HttpMethod.POST.equals(ctx.request().method()) && "/api/session".equals(ctx.request().path());
    if (bearer == null && unsafe(ctx.request().method()) && !signIn && !sameOrigin(ctx)) {
      // A browser sends the cookie with any site's form or fetch: a change needs JSON from a page of our own origin.
      ctx.fail(new HotlineException(ErrorCode.FORBIDDEN, "csrf.refused"));
      return;
    }
    users.authenticate(token).onSuccess(p -> {
      if (p != null) {
        ctx.put(Requests.PRINCIPAL, p);
        ctx.put(TOKEN, token);
      }
      ctx.next();
    }).onFailure(ctx::fail);
  }

  private static boolean unsafe(HttpMethod m) {
    return !(HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m) || HttpMethod.OPTIONS.equals(m));
  }

  /**
   * A cookie-authenticated change: its body (if any) is JSON, which no cross-site form can send, and the browser says
   * it comes from our own origin ({@code Origin} naming this host, or {@code Sec-Fetch-Site: same-origin}).
   */
  static boolean sameOrigin(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    if (hasBody && (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"))) {
      return false;
    }
    String fetchSite = ctx.request().getHeader("Sec-Fetch-Site");
    if (fetchSite != null) {
      return "same-origin".equalsIgnoreCase(fetchSite);
    }
    String origin = ctx.request().getHeader("Origin");
    // The authority the request was sent to: the Host header in HTTP/1.1, :authority in HTTP/2.
    io.vertx.core.net.HostAndPort authority = ctx.request().authority();
    if (origin == null || authority == null) {
      return false;
    }
    String bare = origin.replaceFirst("^https?://", "");
    String host = authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
    return !bare.equals(origin) && bare.equalsIgnoreCase(host);
  }
}

package hotline.web;

import hotline.users.Authenticated;
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
 * except a change that rides on the cookie from another site (cross-site request forgery), and a user whose password
 * was reset: until it is changed, such a token may only show the user, change the password and sign out (403
 * otherwise, saying so).
 */
final class Authentication implements Handler<RoutingContext> {

  static final String COOKIE = "hotline_session";

  private final UserService users;

  Authentication(UserService users) {
    this.users = users;
  }

  /** The token the request authenticated with, put on the context by this handler: sign-out revokes exactly it. */
  static final String TOKEN = "hotline.token";
  /** The {@link Authenticated} caller: the token's id and whether the password must be changed. */
  static final String AUTHENTICATED = "hotline.authenticated";

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
    users.authenticateToken(token).onSuccess(a -> {
      if (a != null) {
        if (a.mustChangePassword() && !allowedBeforePasswordChange(ctx.request().method(), ctx.request().path())) {
          ctx.fail(new HotlineException(ErrorCode.FORBIDDEN, new io.vertx.core.json.JsonObject().put("mustChangePassword", true),
              "password.mustChange"));
          return;
        }
        ctx.put(Requests.PRINCIPAL, a.principal());
        ctx.put(TOKEN, token);
        ctx.put(AUTHENTICATED, a);
      }
      ctx.next();
    }).onFailure(ctx::fail);
  }

  /** What a session whose password must be changed may do: see who it is, change the password, sign in or out. */
  static boolean allowedBeforePasswordChange(HttpMethod method, String path) {
    return switch (path) {
      case "/api/me", "/api/openapi.json" -> HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
      case "/api/me/password" -> HttpMethod.PUT.equals(method);
      case "/api/session" -> HttpMethod.POST.equals(method) || HttpMethod.DELETE.equals(method);
      default -> false;
    };
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

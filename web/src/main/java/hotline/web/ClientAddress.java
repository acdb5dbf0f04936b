package hotline.web;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Who is asking, for the rate limits: the socket's address; behind a reverse proxy named in
 * {@code public-form.trusted-proxies}, the address that proxy saw, from {@code X-Forwarded-For} read right to left past
 * the trusted proxies. Nobody else's {@code X-Forwarded-For} is believed: a client writes what it likes there.
 */
final class ClientAddress {

  private ClientAddress() {
  }

  static String of(RoutingContext ctx, List<String> trustedProxies) {
    SocketAddress remote = ctx.request().remoteAddress();
    String socket = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    if (trustedProxies.isEmpty() || !trustedProxies.contains(socket)) {
      return socket;
    }
    List<String> forwarded = ctx.request().headers().getAll("X-Forwarded-For");
    String client = socket;
    // The last hop first: each trusted proxy appended the address it was called from.
    for (int h = forwarded.size() - 1; h >= 0; h--) {
      String[] hops = forwarded.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].trim();
        if (!looksLikeAddress(hop)) {
          return client;
        }
        client = hop;
        if (!trustedProxies.contains(hop)) {
          return hop;
        }
      }
    }
    return client;
  }

  /** An IPv4 or IPv6 address as written in the header (no names, no ports in brackets). */
  static boolean looksLikeAddress(String s) {
    return !s.isEmpty() && s.length() <= 45 && s.matches("[0-9A-Fa-f:.]+");
  }
}

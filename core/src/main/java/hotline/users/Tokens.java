package hotline.users;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions and API tokens: random 256-bit strings of which only the SHA-256 is stored. A valid token is
 * remembered for a few seconds so that a busy client does not cost a query per request; revoking it on this node
 * forgets it at once.
 */
final class Tokens {

  private static final String INSERT_TOKEN =
      "INSERT INTO auth_tokens (token_hash, user_id, kind, name, expires_at) VALUES ($1, $2, $3, $4, $5)";
  private static final String PRINCIPAL_BY_TOKEN =
      "SELECT u.id, u.username, u.display_name, u.roles, u.unit_id, t.expires_at FROM auth_tokens t JOIN users u ON u.id = t.user_id "
          + "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.active";
  private static final String REVOKE_TOKEN = "UPDATE auth_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL";
  private static final long CACHE_NANOS = Duration.ofSeconds(10).toNanos();
  private static final int CACHE_MAX = 10_000;

  private record Cached(Principal principal, OffsetDateTime expiresAt, long cachedAtNanos) {
  }

  private final Pool pool;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  Tokens(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** A new token of {@code kind} ({@code session}, {@code api}) for the user, valid for {@code ttl}. */
  Future<String> issue(Principal p, String kind, String name, Duration ttl) {
    String token = Passwords.randomToken();
    return pool.preparedQuery(INSERT_TOKEN).execute(Tuple.of(hash(token), p.id(), kind, name, now().plus(ttl))).map(token);
  }

  /** The active user the token belongs to, or null. */
  Future<Principal> authenticate(String token) {
    if (token == null || token.isBlank() || token.length() > 200) {
      return Future.succeededFuture(null);
    }
    long nanoNow = System.nanoTime();
    Cached cached = cache.get(token);
    if (cached != null && nanoNow - cached.cachedAtNanos() < CACHE_NANOS && cached.expiresAt().isAfter(now())) {
      return Future.succeededFuture(cached.principal());
    }
    return pool.preparedQuery(PRINCIPAL_BY_TOKEN).execute(Tuple.of(hash(token), now())).map(rows -> {
      if (rows.size() == 0) {
        cache.remove(token);
        return null;
      }
      Row row = rows.iterator().next();
      Principal p = UserService.principal(row);
      if (cache.size() >= CACHE_MAX) {
        cache.clear();
      }
      cache.put(token, new Cached(p, row.getOffsetDateTime("expires_at"), nanoNow));
      return p;
    });
  }

  Future<Void> revoke(String token) {
    cache.remove(token);
    return pool.preparedQuery(REVOKE_TOKEN).execute(Tuple.of(hash(token), now())).mapEmpty();
  }

  OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  static Buffer hash(String token) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

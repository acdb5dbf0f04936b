package hotline.users;

import hotline.time.Times;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * Browser sessions and API tokens: random 256-bit strings of which only the SHA-256 is stored, each with an id people
 * can name when they list or revoke them. Every request looks its token up (one primary-key read joined to its user):
 * nothing is remembered between requests, so a revoked token, or a deactivated user's, is refused on every node from
 * the next request on. When a token was last used is written at most once a minute.
 */
final class Tokens {

  private static final String INSERT_TOKEN =
      "INSERT INTO auth_tokens (token_hash, user_id, kind, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)";
  private static final String PRINCIPAL_BY_TOKEN =
      "SELECT u.id, u.username, u.display_name, u.roles, u.unit_id, u.must_change_password, t.id AS token_id, t.last_used_at "
          + "FROM auth_tokens t JOIN users u ON u.id = t.user_id "
          + "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.active";
  private static final String TOUCH = "UPDATE auth_tokens SET last_used_at = $2 WHERE id = $1";
  private static final String REVOKE_TOKEN = "UPDATE auth_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL";
  private static final String REVOKE_BY_ID =
      "UPDATE auth_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > $3 RETURNING kind, name";
  private static final String REVOKE_ALL =
      "UPDATE auth_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 "
          + "AND ($3::bigint IS NULL OR id <> $3)";
  private static final String LIST =
      "SELECT id, kind, name, created_at, expires_at, last_used_at FROM auth_tokens "
          + "WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY id";
  /** Last use is written when it is older than this: a busy client costs one write a minute, not one a request. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final Pool pool;
  private final Clock clock;
  private final Supplier<ZoneId> zone;

  Tokens(Pool pool, Clock clock, Supplier<ZoneId> zone) {
    this.pool = pool;
    this.clock = clock;
    this.zone = zone;
  }

  /** A new token of {@code kind} ({@code session}, {@code api}) for the user, valid for {@code ttl}. */
  Future<String> issue(Principal p, String kind, String name, Duration ttl) {
    String token = Passwords.randomToken();
    OffsetDateTime now = now();
    return pool.preparedQuery(INSERT_TOKEN).execute(Tuple.of(hash(token), p.id(), kind, name, now, now.plus(ttl))).map(token);
  }

  /** The active user the token belongs to, with the token's id and whether the user must change the password; or null. */
  Future<Authenticated> authenticate(String token) {
    if (token == null || token.isBlank() || token.length() > 200) {
      return Future.succeededFuture(null);
    }
    OffsetDateTime now = now();
    return pool.preparedQuery(PRINCIPAL_BY_TOKEN).execute(Tuple.of(hash(token), now)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(null);
      }
      Row row = rows.iterator().next();
      Authenticated a = new Authenticated(UserService.principal(row), row.getLong("token_id"), row.getBoolean("must_change_password"));
      OffsetDateTime lastUsed = row.getOffsetDateTime("last_used_at");
      if (lastUsed != null && lastUsed.isAfter(now.minus(TOUCH_EVERY))) {
        return Future.succeededFuture(a);
      }
      return pool.preparedQuery(TOUCH).execute(Tuple.of(a.tokenId(), now)).map(a);
    });
  }

  /** Revokes the token itself (sign-out). */
  Future<Void> revoke(String token) {
    return pool.preparedQuery(REVOKE_TOKEN).execute(Tuple.of(hash(token), now())).mapEmpty();
  }

  /** Revokes one live token of the user by its id; answers its kind and name, or null when the user has no such token. */
  Future<JsonObject> revoke(long userId, long tokenId) {
    return pool.preparedQuery(REVOKE_BY_ID).execute(Tuple.of(tokenId, userId, now())).map(rows -> rows.size() == 0 ? null
        : new JsonObject().put("kind", rows.iterator().next().getString("kind")).put("name", rows.iterator().next().getString("name")));
  }

  /** Revokes every live token of the user but {@code keepTokenId} (null: all), in the caller's transaction; answers how many. */
  Future<Integer> revokeAll(SqlClient client, long userId, Long keepTokenId) {
    return client.preparedQuery(REVOKE_ALL).execute(Tuple.of(userId, now(), keepTokenId)).map(rows -> rows.rowCount());
  }

  /** The user's live tokens, oldest first, without their secrets; {@code currentTokenId} is marked {@code current}. */
  Future<JsonArray> list(long userId, Long currentTokenId) {
    return pool.preparedQuery(LIST).execute(Tuple.of(userId, now())).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        long id = r.getLong("id");
        out.add(new JsonObject().put("id", id).put("kind", r.getString("kind")).put("name", r.getString("name"))
            .put("createdAt", Times.iso(r.getOffsetDateTime("created_at"), zone.get()))
            .put("expiresAt", Times.iso(r.getOffsetDateTime("expires_at"), zone.get()))
            .put("lastUsedAt", r.getOffsetDateTime("last_used_at") == null ? null : Times.iso(r.getOffsetDateTime("last_used_at"), zone.get()))
            .put("current", currentTokenId != null && currentTokenId == id));
      }
      return out;
    });
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
